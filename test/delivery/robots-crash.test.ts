// SIGKILL in the middle of a fan-out to 60 robots of the three kinds, then a restart: every robot gets its
// message, nothing is owed twice, and at most the requests in flight at the kill (8) arrive twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { childArgs } from '../support/children.ts';
import { startFakeRobots, type FakeRobots } from '../support/fake-robots/index.ts';
import type { FanoutRobot } from '../support/robot-fanout-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IN_FLIGHT = 8;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fanout(databaseUrl: string, robotsFile: string, env: Record<string, string>) {
  const child = spawn(process.execPath, childArgs('test/support/robot-fanout-process.ts', databaseUrl, robotsFile), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  cleanups.push(kill);
  return { kill, exited, stdout: () => stdout, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a fan-out to robots killed with SIGKILL and started again', () => {
  it('loses nothing and repeats at most the requests that were in flight', { timeout: 120_000 }, async () => {
    // Each answer takes 150 ms, so that several requests are in flight when the process dies.
    const fakes: FakeRobots[] = await Promise.all((['wecom', 'dingtalk', 'feishu'] as const).map((kind) => startFakeRobots(kind, { delayMs: 150 })));
    const dir = mkdtempSync(join(tmpdir(), 'duban-robots-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), ...fakes.map((f) => () => f.close()));
    const robots: FanoutRobot[] = [];
    const env: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const fake = fakes[i % 3]!;
      const id = `robot${String(i).padStart(8, '0')}`;
      const secretEnv = fake.kind === 'wecom' ? null : `R${i}_SECRET`;
      if (secretEnv) {
        env[secretEnv] = `SEC-${id}`;
        fake.sign(id, `SEC-${id}`);
      }
      robots.push({ kind: fake.kind, url: fake.url(id), secretEnv });
    }
    const robotsFile = join(dir, 'robots.json');
    writeFileSync(robotsFile, JSON.stringify(robots));
    const databaseUrl = `file:${join(dir, 'crash.db')}`;
    const accepted = () => fakes.flatMap((f) => f.accepted());

    const first = fanout(databaseUrl, robotsFile, env);
    await until(() => accepted().length >= 20, 60_000, 'the first 20 deliveries');
    first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    const beforeKill = fakes.reduce((n, f) => n + f.requests.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(beforeKill).toBeLessThan(60);

    const second = fanout(databaseUrl, robotsFile, env);
    expect((await second.exited).code, second.stderr()).toBe(0);
    expect(second.stdout()).toContain('"added":0');

    const perRobot = new Map<string, number>();
    for (const r of accepted()) perRobot.set(r.robot, (perRobot.get(r.robot) ?? 0) + 1);
    expect(perRobot.size).toBe(60);
    const twice = [...perRobot.values()].reduce((n, c) => n + (c - 1), 0);
    expect(twice).toBeLessThanOrEqual(IN_FLIGHT);
    expect(fakes.flatMap((f) => f.refused())).toEqual([]);
    const database = await openDatabase(databaseUrl);
    try {
      expect(await database.prisma.outbox.count({ where: { status: 'sent' } })).toBe(60);
    } finally {
      await database.close();
    }
  });
});
