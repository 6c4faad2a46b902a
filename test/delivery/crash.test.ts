import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { DEFAULT_MAX_IN_FLIGHT } from '../../src/delivery/sender.ts';
import { startFakeTelegram } from '../support/fake-telegram/index.ts';
import { childArgs } from '../support/children.ts';
import { fanoutChatId } from '../support/fanout-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHATS = 300;

interface Child {
  kill(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  events(): Array<Record<string, unknown>>;
  stderr(): string;
}

const children: Child[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fanout(databaseUrl: string, apiRoot: string): Child {
  const child = spawn(process.execPath, childArgs('test/support/fanout-process.ts', databaseUrl, apiRoot, String(CHATS)), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const handle: Child = {
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    exited,
    events: () => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: () => stderr,
  };
  children.push(handle);
  return handle;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a fan-out killed with SIGKILL and started again', () => {
  it('loses nothing, owes nothing twice, and repeats at most the sends that were in flight', async () => {
    // Each send takes 150 ms at the fake, so that several are in flight when the process dies.
    const tg = await startFakeTelegram({
      rateLimit: { globalPerSecond: 30, perChatPerMinute: 20 },
      onRequest: ({ method }) => (method === 'sendMessage' ? { delayMs: 150 } : undefined),
    });
    const dir = mkdtempSync(join(tmpdir(), 'duban-crash-'));
    cleanups.push(() => tg.close(), () => rmSync(dir, { recursive: true, force: true }));
    const databaseUrl = `file:${join(dir, 'crash.db')}`;

    const first = fanout(databaseUrl, tg.apiRoot);
    let exitedEarly = false;
    void first.exited.then(() => (exitedEarly = true));
    await until(() => tg.calls('sendMessage').length >= 100 || exitedEarly, 30_000, 'the first 100 sends');
    expect(exitedEarly, first.stderr()).toBe(false);
    first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    const unansweredAtKill = tg.calls('sendMessage').filter((c) => c.response === undefined && !c.dropped).length;
    const sendsBeforeKill = tg.calls('sendMessage').length;
    // The requests the fake already had go on to be accepted, as Telegram would.
    await until(() => tg.calls('sendMessage').every((c) => c.response !== undefined || c.dropped === true), 5000, 'the fake to settle');
    expect(first.events()).toEqual([{ event: 'enqueued', added: CHATS }]);

    const db = await openDatabase(databaseUrl);
    const claimedAtKill = await db.prisma.outbox.count({ where: { status: 'sending' } });
    const sentAtKill = await db.prisma.outbox.count({ where: { status: 'sent' } });
    await db.close();

    const second = fanout(databaseUrl, tg.apiRoot);
    const { code } = await Promise.race([
      second.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`second run did not finish: ${second.stderr()}`)), 60_000)),
    ]);
    expect(code, second.stderr()).toBe(0);
    const events = second.events();
    expect(events[0]).toEqual({ event: 'enqueued', added: 0 }); // the same keys: nothing owed twice
    expect(events[1]).toMatchObject({ event: 'done', failed: 0 });

    const accepted = new Map<string, number>();
    for (const item of tg.sentItems()) accepted.set(item.chatId, (accepted.get(item.chatId) ?? 0) + 1);
    const expected = Array.from({ length: CHATS }, (_, i) => fanoutChatId(i).toString());
    const lost = expected.filter((id) => !accepted.has(id));
    const repeated = [...accepted.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(
      `[delivery] crash: killed after ${sendsBeforeKill} sends (${unansweredAtKill} unanswered at the fake, ${claimedAtKill} rows claimed, ${sentAtKill} marked sent); ` +
        `after the restart: ${accepted.size}/${CHATS} chats reached, ${lost.length} lost, ${repeated} repeated (bound: rows claimed at the kill ≤ ${DEFAULT_MAX_IN_FLIGHT} in flight)`,
    );
    expect(lost).toEqual([]);
    expect(accepted.size).toBe(CHATS);
    expect(claimedAtKill).toBeLessThanOrEqual(DEFAULT_MAX_IN_FLIGHT);
    expect(repeated).toBeLessThanOrEqual(claimedAtKill);

    const check = await openDatabase(databaseUrl);
    expect(await check.prisma.outbox.count()).toBe(CHATS);
    expect(await check.prisma.outbox.count({ where: { status: 'sent' } })).toBe(CHATS);
    await check.close();
  }, 120_000);
});
