/**
 * Robots fan-out bench: 200 group robots of mixed kinds (70 WeCom, 70 DingTalk signed, 60 Feishu signed), each
 * owed as many messages as its platform allows in a minute's burst (`--per-robot`, default 20: WeCom's and
 * DingTalk's 20 a minute; Feishu's 5 a second stretches its 20 over 4 s), through the real Outbox and
 * RobotSender against the fake platforms (test/support/fake-robots), which refuse whatever is over a limit.
 *
 *   npx tsx bench/robots-fanout.ts [--robots 200] [--per-robot 20]
 *
 * Baseline, in the same process: the same bodies posted straight to the fakes (8 at a time, signed, no outbox,
 * no pacing). Prints each run's time, deliveries a second and refusals, and the ratios outbox / baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.ts';
import { robotRequest } from '../src/delivery/robots/platforms.ts';
import { RobotSender } from '../src/delivery/robots/sender.ts';
import { startFakeRobots, type FakeRobots } from '../test/support/fake-robots/index.ts';
import { fanoutBody, oweFanout, robotsDrained, type FanoutRobot } from '../test/support/robot-fanout-process.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? fallback) || fallback;
const ROBOTS = args.includes('--robots') ? option('--robots', 200) : 200;
const PER_ROBOT = args.includes('--per-robot') ? option('--per-robot', 20) : 20;

/** A fresh set of fakes and robots (a fake's minute windows must not carry over from one run to the next). */
async function county(tag: string): Promise<{ fakes: FakeRobots[]; robots: FanoutRobot[]; secrets: Map<string, string> }> {
  const fakes = await Promise.all((['wecom', 'dingtalk', 'feishu'] as const).map((kind) => startFakeRobots(kind)));
  const robots: FanoutRobot[] = [];
  const secrets = new Map<string, string>();
  for (let i = 0; i < ROBOTS; i++) {
    const fake = i < ROBOTS * 0.35 ? fakes[0]! : i < ROBOTS * 0.7 ? fakes[1]! : fakes[2]!;
    const id = `${tag}${String(i).padStart(8, '0')}`;
    const secretEnv = fake.kind === 'wecom' ? null : `${tag.toUpperCase()}${i}_SECRET`;
    if (secretEnv) {
      secrets.set(secretEnv, `SEC-${id}`);
      fake.sign(id, `SEC-${id}`);
    }
    robots.push({ kind: fake.kind, url: fake.url(id), secretEnv });
  }
  return { fakes, robots, secrets };
}

const total = (fakes: FakeRobots[], pick: (f: FakeRobots) => unknown[]) => fakes.reduce((n, f) => n + pick(f).length, 0);

// Baseline: straight posts, 8 at a time.
const base = await county('base');
const jobs = base.robots.flatMap((r) => Array.from({ length: PER_ROBOT }, (_, n) => ({ r, n })));
let started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      const request = robotRequest(job.r.kind, job.r.url, fanoutBody(job.r.kind, `fan-out ${job.n}`), job.r.secretEnv ? base.secrets.get(job.r.secretEnv) : undefined, Date.now());
      await (await fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) })).text();
    }
  }),
);
const baseline = { ms: performance.now() - started, accepted: total(base.fakes, (f) => f.accepted()), refused: total(base.fakes, (f) => f.refused()) };
await Promise.all(base.fakes.map((f) => f.close()));

// The outbox: recorded first, then sent by the robot sender under each platform's limits.
const run = await county('box');
const dir = mkdtempSync(join(tmpdir(), 'duban-robots-bench-'));
const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
const owed = await oweFanout(database.prisma, run.robots, PER_ROBOT);
started = performance.now();
const sender = new RobotSender({
  db: database.prisma,
  provider: database.provider,
  logger: pino({ level: 'silent' }),
  now: () => new Date(),
  instanceId: 'bench',
  secret: (name) => run.secrets.get(name),
  busyMinuteHoldMs: 0,
});
sender.start();
await robotsDrained(database.prisma, 600_000);
const outbox = { ms: performance.now() - started, accepted: total(run.fakes, (f) => f.accepted()), refused: total(run.fakes, (f) => f.refused()) };
await sender.stop();
await database.close();
await Promise.all(run.fakes.map((f) => f.close()));
rmSync(dir, { recursive: true, force: true });

const line = (name: string, r: typeof baseline) =>
  `${name.padEnd(9)} ${String(r.accepted).padStart(5)} delivered in ${(r.ms / 1000).toFixed(2)} s (${((r.accepted / r.ms) * 1000).toFixed(0)}/s), ${r.refused} refused`;
console.log(`robots fan-out: ${ROBOTS} robots (WeCom, DingTalk signed, Feishu signed) × ${PER_ROBOT} messages = ${owed} owed`);
console.log(line('baseline', baseline));
console.log(line('outbox', outbox));
console.log(`ratio outbox/baseline: time ${(outbox.ms / baseline.ms).toFixed(2)}, delivered ${(outbox.accepted / Math.max(1, baseline.accepted)).toFixed(2)}, refusals ${outbox.refused} vs ${baseline.refused}`);
