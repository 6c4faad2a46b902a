/**
 * A child process for the robots' crash test and bench: records the given robots, owes one message to each
 * (deterministic keys, so a second run owes nothing new), sends them through the real Outbox and RobotSender,
 * and exits 0 when no robot row is left pending or sending.
 *
 *   node --import tsx test/support/robot-fanout-process.ts <databaseUrl> <robots.json> [perRobot=1]
 *
 * robots.json: [{ "kind": "wecom", "url": "http://127.0.0.1:…", "secretEnv": "X_SECRET" | null }]; the secrets
 * come from the environment. stdout: {"event":"enqueued","added":N}, then {"event":"done",…counts}.
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/client.ts';
import type { Db } from '../../src/db/types.ts';
import { Outbox, ROBOT_CHAT, type OwedMessage } from '../../src/delivery/outbox.ts';
import { RobotSender } from '../../src/delivery/robots/sender.ts';
import type { RobotKind } from '../../src/domain/robots.ts';

export interface FanoutRobot {
  kind: RobotKind;
  url: string;
  secretEnv: string | null;
}

/** A small message in each platform's format. */
export const fanoutBody = (kind: RobotKind, text: string): Record<string, unknown> =>
  kind === 'feishu' ? { msg_type: 'text', content: { text } } : { msgtype: 'markdown', markdown: kind === 'wecom' ? { content: text } : { title: text, text } };

/** Records the robots (as units' robots would be) and owes `perRobot` messages to each; returns how many rows were new. */
export async function oweFanout(db: Db, robots: readonly FanoutRobot[], perRobot: number): Promise<number> {
  const messages: OwedMessage[] = [];
  for (const [i, r] of robots.entries()) {
    const row = await db.robot.upsert({ where: { url: r.url }, create: { url: r.url, kind: r.kind, owner: 'office', secretEnv: r.secretEnv, sortOrder: i }, update: {} });
    for (let n = 0; n < perRobot; n++) {
      messages.push({ key: `robot-fanout:${row.id}:${n}`, chatId: ROBOT_CHAT, robotId: row.id, kind: 'notice', method: 'robot', params: fanoutBody(r.kind, `fan-out ${i}.${n}`) });
    }
  }
  return new Outbox(db, () => new Date()).enqueue(messages);
}

/** Resolves when no robot row is pending or sending. */
export async function robotsDrained(db: Db, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await db.outbox.count({ where: { robotId: { not: null }, status: { in: ['pending', 'sending'] } } })) > 0) {
    if (Date.now() > deadline) throw new Error(`robot rows not drained after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const [databaseUrl, robotsFile, perRobotArg] = process.argv.slice(2);
if (process.argv[1]?.endsWith('robot-fanout-process.ts')) {
  if (!databaseUrl || !robotsFile) {
    process.stderr.write('usage: robot-fanout-process.ts <databaseUrl> <robots.json> [perRobot]\n');
    process.exit(2);
  }
  const database = await openDatabase(databaseUrl);
  const robots = JSON.parse(readFileSync(robotsFile, 'utf8')) as FanoutRobot[];
  const added = await oweFanout(database.prisma, robots, Number(perRobotArg ?? 1));
  process.stdout.write(`${JSON.stringify({ event: 'enqueued', added })}\n`);
  const sender = new RobotSender({
    db: database.prisma,
    provider: database.provider,
    logger: pino({ level: 'warn', base: { pid: process.pid } }, pino.destination(2)),
    now: () => new Date(),
    instanceId: `robot-fanout:${process.pid}`,
    secret: (name) => process.env[name],
    busyMinuteHoldMs: 0,
  });
  sender.start();
  await robotsDrained(database.prisma, 300_000);
  await sender.stop();
  process.stdout.write(`${JSON.stringify({ event: 'done', ...sender.counts })}\n`);
  await database.close();
}
