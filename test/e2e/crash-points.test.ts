import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { killAll, prepareCounty, spawnChild, type ChildProcess } from '../support/bot-processes.ts';

/**
 * Invariant: nothing owed to a chat is lost, whatever crashes where. The real app runs as a child process and
 * is killed with SIGKILL at a chosen point of its work; a second process on the same database finishes it.
 */
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  killAll(children);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Tuesday 1 December 2026, 08:31 in the county: the morning reminders (08:30) are due.
const AT_0831 = '2026-12-01T00:31:00.000Z';

async function county(groups: number): Promise<{ tg: FakeTelegram; env: Record<string, string>; dir: string; chats: bigint[]; databaseUrl: string }> {
  const tg = await startFakeTelegram({ rateLimit: { globalPerSecond: 30, perChatPerMinute: 20 } });
  const dir = mkdtempSync(join(tmpdir(), 'duban-crashpoint-'));
  cleanups.push(() => tg.close(), () => rmSync(dir, { recursive: true, force: true }));
  const databaseUrl = `file:${join(dir, 'county.db')}`;
  const chats = await prepareCounty(databaseUrl, groups);
  const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: databaseUrl, PORT: '0', EVIDENCE_DIR: join(dir, 'evidence') };
  return { tg, env, dir, chats, databaseUrl };
}

/** How many messages each chat was sent (accepted by the fake). */
function sendsPerChat(tg: FakeTelegram): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of tg.sentItems()) counts.set(item.chatId, (counts.get(item.chatId) ?? 0) + 1);
  return counts;
}

describe('a scheduled job killed while it computes', () => {
  it('runs again after the restart: every one of 300 reminders sent once', async () => {
    const { tg, env, dir, chats, databaseUrl } = await county(300);

    // Killed between claiming the slot and recording what it owes.
    const first = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'tick', 'enqueue'], env, dir);
    await first.event('hanging');
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const db = await openDatabase(databaseUrl);
    const run = await db.prisma.jobRun.findUniqueOrThrow({ where: { job_slot: { job: 'reminders', slot: '2026-12-01' } } });
    const owedAtKill = await db.prisma.outbox.count();
    await db.close();
    expect(run.finishedAt).toBeNull();
    expect(owedAtKill).toBe(0);
    expect(tg.sentItems()).toHaveLength(0);

    const second = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'tick'], env, dir);
    expect((await second.exited).code, second.output()).toBe(0);
    expect(second.events().find((e) => e.event === 'ran')?.jobs).toContain('reminders:2026-12-01');
    expect(second.output()).toContain('job claimed by a process that did not finish it');

    const counts = sendsPerChat(tg);
    expect(chats.filter((chat) => counts.get(chat.toString()) !== 1)).toEqual([]);
    expect(tg.sentItems()).toHaveLength(300);
    expect(tg.sentItems().every((item) => item.text.includes('农村生活污水治理验收'))).toBe(true);
  }, 120_000);
});
