import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { privateChat, startFakeTelegram, user, type FakeTelegram } from '../support/fake-telegram/index.ts';
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

describe('/alert killed mid-way', () => {
  const ADMIN = user(5001, { first_name: '生态委办公室', language_code: 'zh-hans' });
  const GROUPS = 20;
  const alertCommand = (tg: FakeTelegram) => tg.message({ from: ADMIN, chat: privateChat(ADMIN), text: '/alert 橙色 启动重污染天气橙色预警，各单位立即落实减排措施' });

  async function settled(tg: FakeTelegram, chats: bigint[]): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (chats.some((chat) => !sendsPerChat(tg).has(chat.toString()))) {
      if (Date.now() > deadline) throw new Error('not every group got the alert');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Anything still on its way would show up by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  async function stop(child: ChildProcess): Promise<void> {
    child.kill('SIGTERM');
    expect((await child.exited).code, child.output()).toBe(0);
  }

  it('before anything was recorded: the update is handled again after the restart, the alert sent once', async () => {
    const { tg, env, dir, chats, databaseUrl } = await county(GROUPS);
    const withAdmin = { ...env, ADMIN_IDS: String(ADMIN.id) };

    const first = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve', 'alert-create'], withAdmin, dir);
    await first.event('started');
    tg.pushUpdate(alertCommand(tg));
    await first.event('hanging');
    first.kill('SIGKILL');
    await first.exited;
    const db = await openDatabase(databaseUrl);
    expect(await db.prisma.alert.count()).toBe(0);
    expect(await db.prisma.processedUpdate.count({ where: { handledAt: null, payload: { not: null } } })).toBe(1);
    await db.close();

    const since = tg.mark();
    const second = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], withAdmin, dir);
    const answer = await tg.waitForCall('sendMessage', { chatId: ADMIN.id, since, timeoutMs: 60_000 });
    expect(String(answer.params.text)).toContain('已发布橙色预警第 1 号');
    await settled(tg, chats);
    await stop(second);
    expect(second.output()).toContain('handling again the updates a stopped process did not finish');

    const counts = sendsPerChat(tg);
    expect(chats.filter((chat) => counts.get(chat.toString()) !== 1)).toEqual([]);
    const check = await openDatabase(databaseUrl);
    expect(await check.prisma.alert.count()).toBe(1);
    expect(await check.prisma.processedUpdate.count({ where: { handledAt: null } })).toBe(0);
    await check.close();
  }, 120_000);

  it('after its transaction committed, before the answer: nothing is handled twice, the alert sent once', async () => {
    const { tg, env, dir, chats, databaseUrl } = await county(GROUPS);
    const withAdmin = { ...env, ADMIN_IDS: String(ADMIN.id) };
    // While the first process lives, the groups' copies are refused with a 502 (so none is delivered in
    // flight) and the answer to the office never comes back: the process is killed while it waits for it.
    let answering = false;
    tg.onRequest = ({ method, params }) => {
      if (method !== 'sendMessage') return undefined;
      if (Number(params.chat_id) < 0) return { reply: { ok: false, error_code: 502, description: 'Bad Gateway' } };
      if (Number(params.chat_id) === ADMIN.id && String(params.text).includes('已发布')) {
        answering = true;
        return { delayMs: 120_000 };
      }
      return undefined;
    };

    const first = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], withAdmin, dir);
    await first.event('started');
    tg.pushUpdate(alertCommand(tg));
    for (let i = 0; i < 600 && !answering; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answering, first.output()).toBe(true);
    first.kill('SIGKILL');
    await first.exited;
    tg.onRequest = undefined;
    expect(sendsPerChat(tg).size).toBe(0);

    const second = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], withAdmin, dir);
    await second.event('started');
    await settled(tg, chats);
    await stop(second);
    expect(second.output()).not.toContain('handling again');

    const counts = sendsPerChat(tg);
    expect(chats.filter((chat) => counts.get(chat.toString()) !== 1)).toEqual([]);
    const check = await openDatabase(databaseUrl);
    expect(await check.prisma.alert.count()).toBe(1);
    await check.close();
  }, 120_000);
});

describe('a chat’s updates killed while an answer is on its way', () => {
  const STRANGER = user(5002, { first_name: '李四', language_code: 'zh-hans' });
  const chat = privateChat(STRANGER);

  it('the update answered and the one handled after it are both handled again after the restart, their answers in order', async () => {
    const { tg, env, dir, databaseUrl } = await county(1);
    // The first answer never comes back while the first process lives: it is killed while the answer is on its way.
    let answering = false;
    tg.onRequest = ({ method, params }) => {
      if (method !== 'sendMessage' || Number(params.chat_id) !== STRANGER.id || answering) return undefined;
      answering = true;
      return { delayMs: 120_000 };
    };
    const first = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], env, dir);
    await first.event('started');
    tg.pushUpdate(tg.message({ from: STRANGER, chat, text: '/whoami' }));
    tg.pushUpdate(tg.message({ from: STRANGER, chat, text: '/revoke 1' }));
    const db = await openDatabase(databaseUrl, { migrate: false });
    try {
      const denied = () => db.prisma.auditLog.count({ where: { action: 'command.denied', actorTelegramId: BigInt(STRANGER.id) } });
      await expect.poll(() => answering, { timeout: 30_000 }).toBe(true);
      // The chat moved on: the second update was handled while the first's answer was held.
      await expect.poll(denied, { timeout: 30_000 }).toBe(1);
      expect(await db.prisma.processedUpdate.count({ where: { handledAt: null } })).toBe(2);
    } finally {
      await db.close();
    }
    first.kill('SIGKILL');
    await first.exited;
    tg.onRequest = undefined;

    const since = tg.mark();
    const second = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], env, dir);
    await tg.waitForCall('sendMessage', { chatId: STRANGER.id, since, where: (c) => String(c.params.text).includes('/revoke'), timeoutMs: 60_000 });
    const answers = tg.calls('sendMessage').filter((c) => c.seq >= since && Number(c.params.chat_id) === STRANGER.id).map((c) => String(c.params.text));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain('身份：未授权人员');
    expect(answers[1]).toContain('/revoke');
    await second.event('started');
    second.kill('SIGTERM');
    expect((await second.exited).code, second.output()).toBe(0);
    expect(second.output()).toContain('handling again the updates a stopped process did not finish');
    const check = await openDatabase(databaseUrl, { migrate: false });
    expect(await check.prisma.processedUpdate.count({ where: { handledAt: null } })).toBe(0);
    await check.close();
  }, 120_000);
});

describe('updates fetched and killed before they are recorded', () => {
  const STRANGER = user(5003, { first_name: '王五', language_code: 'zh-hans' });
  const chat = privateChat(STRANGER);

  it('are fetched again after the restart and answered once: the next getUpdates waited for their record', async () => {
    const { tg, env, dir, databaseUrl } = await county(1);
    const first = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve', 'receive'], env, dir);
    await first.event('started');
    const pushed = tg.pushUpdate(tg.message({ from: STRANGER, chat, text: '/whoami' }));
    await first.event('hanging');
    // Time for the runner to ask for more: had it asked, its offset would have told Telegram the update was taken.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    first.kill('SIGKILL');
    await first.exited;
    const db = await openDatabase(databaseUrl, { migrate: false });
    expect(await db.prisma.processedUpdate.count({ where: { updateId: BigInt(pushed.update_id) } })).toBe(0);
    await db.close();

    const since = tg.mark();
    const second = spawnChild(children, 'test/support/bot-process.ts', [AT_0831, 'serve'], env, dir);
    await second.event('started');
    await tg.waitForCall('sendMessage', { chatId: STRANGER.id, since, timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answers = tg.calls('sendMessage').filter((c) => c.seq >= since && Number(c.params.chat_id) === STRANGER.id);
    expect(answers.map((c) => String(c.params.text))).toHaveLength(1);
    expect(String(answers[0]!.params.text)).toContain('身份：未授权人员');
    second.kill('SIGTERM');
    expect((await second.exited).code, second.output()).toBe(0);
    const check = await openDatabase(databaseUrl, { migrate: false });
    expect((await check.prisma.processedUpdate.findUnique({ where: { updateId: BigInt(pushed.update_id) } }))?.handledAt).not.toBeNull();
    await check.close();
  }, 120_000);
});
