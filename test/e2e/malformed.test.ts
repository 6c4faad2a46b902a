import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, User } from 'grammy/types';
import { group, privateChat, user, type RecordedCall } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';
import { newtaskCases, reportCases, type MalformedCase, type TaskFixture } from '../support/malformed-inputs.ts';

/**
 * Hundreds of malformed /report and /newtask lines through the real bot: each must be answered with one
 * error message that Telegram accepts, and must change nothing in the database.
 */

const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const officeGroup = group(-1004, '生态委办公室');
const officePrivate = privateChat(office);

/** 2026-11-20 10:00 in Asia/Shanghai, for the whole file. */
const fixedClock = new Date('2026-11-20T02:00:00Z');

/** Created in this order by beforeAll on a fresh database. */
const TASKS: TaskFixture = { quota: 'T1', percent: 'T2', foreign: 'T3', closed: 'T4' };
const REPORT_CASES = reportCases(TASKS);
const NEWTASK_CASES = newtaskCases();

// ── what the replies may say ──

/** zh-CN messages by key, continuation lines joined. */
function loadMessages(): Map<string, string> {
  const messages = new Map<string, string>();
  let last: string | undefined;
  for (const raw of readFileSync(new URL('../../src/i18n/locales/zh-CN.ftl', import.meta.url), 'utf8').split('\n')) {
    const entry = /^([a-z][a-z0-9_-]*)\s*=\s?(.*)$/i.exec(raw);
    if (entry) {
      last = entry[1]!;
      messages.set(last, entry[2]!);
    } else if (last && /^\s+\S/.test(raw)) messages.set(last, `${messages.get(last)}\n${raw.trim()}`);
    else last = undefined;
  }
  return messages;
}
const MESSAGES = loadMessages();

/** The longest literal piece of a message (between its placeables): what any rendering of it contains. */
function fragmentOf(key: string): string {
  const message = MESSAGES.get(key);
  if (message === undefined) throw new Error(`no message ${key} in zh-CN.ftl`);
  const pieces = message.split(/\{[^}]*\}/).map((s) => s.trim());
  return pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
}

const APOLOGY = fragmentOf('errors-internal');
/** Any explanation of a refused command: an argument error, a name, task or report error, or a usage line. */
const ERROR_FRAGMENTS = [...MESSAGES.keys()]
  .filter((k) => /^(args-|errors-bad-args$|task-(unknown|not-|is-|unit-twice|due-in-past|bad-quota|needs-one-lead)|report-(needs|over)|unit-(unknown|ambiguous)$|committee-(unknown|ambiguous)$|newtask-quota-unassigned$)/.test(k))
  .map(fragmentOf)
  .concat('用法');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText', 'editMessageReplyMarkup', 'copyMessage', 'forwardMessage']);

describe('malformed /report and /newtask', () => {
  let h: Harness;

  const messageId = (call: RecordedCall) => (call.response as { result: { message_id: number } }).result.message_id;
  const press = async (from: User, chat: Chat, data: string, id: number) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from, chat, messageId: id, data }));
    return h.tg.waitForCall('answerCallbackQuery', { since });
  };

  /** /newtask + Save, as the office does it; waits for the notices to the bound units; returns the task code. */
  async function createTask(line: string, notified: Chat[]): Promise<string> {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, text: line }));
    const preview = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    expect(preview.params.text).toContain('请确认要保存的任务');
    const keyboard = (preview.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    const save = keyboard.find((b) => b.callback_data.startsWith('nt:save'))!;
    await press(office, officePrivate, save.callback_data, messageId(preview));
    const saved = await h.tg.waitForCall('editMessageText', { since, where: (c) => String(c.params.text).includes('已保存为') });
    const code = /已保存为 <b>(T\d+)<\/b>/.exec(String(saved.params.text))![1]!;
    // Notices go out through the paced outbox: allow for its per-chat spacing on a busy machine.
    for (const chat of notified) {
      await h.tg.waitForCall('sendMessage', { chatId: chat.id, since, timeoutMs: 15_000, where: (c) => String(c.params.text).includes(`新任务 ${code}`) });
    }
    return code;
  }

  /** Row counts of every table a /report or /newtask could write. */
  const counts = async () => {
    const db = h.app.database.prisma;
    const [task, taskAssignment, progressReport, evidence, extension, draft, auditLog, outbox] = await Promise.all([
      db.task.count(),
      db.taskAssignment.count(),
      db.progressReport.count(),
      db.evidence.count(),
      db.extension.count(),
      db.draft.count(),
      db.auditLog.count(),
      db.outbox.count(),
    ]);
    return { task, taskAssignment, progressReport, evidence, extension, draft, auditLog, outbox };
  };

  /** Waits until everything the bot queued for delivery (new-task notices and so on) has gone out. */
  async function drainOutbox(): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if ((await h.app.database.prisma.outbox.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) return;
      (h.app as { sender?: { nudge(): void } }).sender?.nudge();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('outbox not drained');
  }

  /**
   * Sends one case, then /whoami in the same chat: updates of one chat are handled in order, so once /whoami
   * is answered the case is finished, and everything between is what the case caused.
   */
  async function check(from: User, chat: Chat, c: MalformedCase): Promise<void> {
    const before = await counts();
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from, chat, ...(c.photo ? { caption: c.text, photo: true as const } : { text: c.text }) }));
    await h.tg.waitForCall('sendMessage', { chatId: chat.id, since });
    const sentinelSince = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from, chat, text: '/whoami' }));
    const sentinel = await h.tg.waitForCall('sendMessage', { chatId: chat.id, since: sentinelSince, where: (call) => String(call.params.text).includes(fragmentOf('whoami-role')) });
    const after = await counts();

    const window = h.tg.calls().filter((call) => call.seq >= since && call.seq < sentinel.seq && SENDS.has(call.method));
    const here = window.filter((call) => String(call.params.chat_id) === String(chat.id));
    const elsewhere = window.filter((call) => String(call.params.chat_id) !== String(chat.id));
    const texts = here.map((call) => String(call.params.text ?? call.params.caption ?? ''));

    expect.soft(after, 'nothing written').toEqual(before);
    expect.soft(elsewhere.map((call) => `${call.method} → ${String(call.params.chat_id)}`), 'nothing sent to other chats').toEqual([]);
    expect.soft(here.map((call) => call.method), 'exactly one reply').toEqual(['sendMessage']);
    for (const call of here) {
      const text = String(call.params.text ?? '');
      expect.soft(call.response?.ok, `accepted by Telegram: ${JSON.stringify(call.response)}`).toBe(true);
      expect.soft(call.params.reply_markup, 'no buttons (no preview, no task picker)').toBeUndefined();
      expect.soft(text, 'not the internal-error apology').not.toContain(APOLOGY);
      expect.soft(text.length, 'under the message limit').toBeLessThanOrEqual(4096);
      expect.soft(LONE_SURROGATE.test(text), 'well-formed UTF-16 (no half of an emoji)').toBe(false);
    }
    const reply = texts[0] ?? '';
    expect.soft(ERROR_FRAGMENTS.some((f) => reply.includes(f)), `an error or usage text: ${reply.slice(0, 300)}`).toBe(true);
    expect.soft(c.expect.some((key) => reply.includes(fragmentOf(key))), `one of ${c.expect.join(', ')}: ${reply.slice(0, 300)}`).toBe(true);
  }

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => fixedClock });
    await setUpChats(
      h,
      office,
      [[townA, '城关镇'], [townB, '王庄镇'], [officeGroup, 'admin'],],
      [[liaisonA, townA], [liaisonB, townB],],
    );

    expect(await createTask('/newtask 村庄生活污水治理验收 | committee: 水 | lead: 生态环境局 | with: 城关镇, 王庄镇 | due: 2026-11-30 | quota: 城关镇=5, 王庄镇=7 村', [townA, townB])).toBe(TASKS.quota);
    expect(await createTask('/newtask 散煤清零 | committee: 大气 | lead: 发改局 | with: 城关镇 | due: 2026-12-15', [townA])).toBe(TASKS.percent);
    expect(await createTask('/newtask 河道垃圾清理 | committee: 水 | lead: 生态环境局 | with: 王庄镇 | due: 2026-12-20', [townB])).toBe(TASKS.foreign);
    expect(await createTask('/newtask 城区扬尘整治 | committee: 扬尘 | lead: 城关镇 | due: 2026-12-01', [townA])).toBe(TASKS.closed);

    expect(await h.say(liaisonA, townA, `/report ${TASKS.quota} 2 首批验收`)).toContain('累计 2/5村');
    expect(await h.say(liaisonA, townA, `/report ${TASKS.percent} 40%`)).toContain('当前进度 40%');
    // The lead says done, the office hears of it and closes; the unit hears of that.
    const sinceDone = h.tg.mark();
    expect(await h.say(liaisonA, townA, `/done ${TASKS.closed} 全部完成`)).toContain('已报告完成');
    await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: sinceDone, timeoutMs: 15_000, where: (c) => String(c.params.text).includes(`/close ${TASKS.closed}`) });
    const sinceClose = h.tg.mark();
    expect(await h.say(office, officeGroup, `/close ${TASKS.closed}`)).toContain(`已销号：${TASKS.closed}`);
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: sinceClose, timeoutMs: 15_000, where: (c) => String(c.params.text).includes('已核验销号') });
    await drainOutbox();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has at least 100 cases of each kind, and some of 4,000+ characters', () => {
    expect(REPORT_CASES.length).toBeGreaterThanOrEqual(100);
    expect(NEWTASK_CASES.length).toBeGreaterThanOrEqual(100);
    expect(REPORT_CASES.filter((c) => c.text.length >= 4000).length).toBeGreaterThanOrEqual(3);
    expect(NEWTASK_CASES.filter((c) => c.text.length >= 4000).length).toBeGreaterThanOrEqual(3);
  });

  describe('/report from the 城关镇 liaison in its group', () => {
    it.each(REPORT_CASES)('$label', (c) => check(liaisonA, townA, c));
  });

  describe('/newtask from the office in private', () => {
    it.each(NEWTASK_CASES)('$label', (c) => check(office, officePrivate, c));
  });

  it('left the fixture as it was, and never apologised or had a message refused', async () => {
    const db = h.app.database.prisma;
    expect(await db.task.count()).toBe(4);
    expect(await db.draft.count()).toBe(0);
    expect(await db.progressReport.count()).toBe(2);
    const failed = h.tg.calls().filter((c) => SENDS.has(c.method) && c.response && !c.response.ok);
    expect(failed.map((c) => `${c.method}: ${JSON.stringify(c.response)}`)).toEqual([]);
    const apologies = h.tg.calls('sendMessage').filter((c) => String(c.params.text).includes(APOLOGY));
    expect(apologies.map((c) => String(c.params.chat_id))).toEqual([]);
  });
});
