import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from 'grammy/types';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

/**
 * A week in which one unit's extension leaves the others red on the original deadline (11月底前): 王庄镇's
 * extension of T1 to 12-04 is approved, 大屯镇's is denied; on Tuesday 12-01 the morning reminders, the digest
 * and the exported ledger all read each unit's own deadline.
 */
const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const liaisonD = user(2004, { first_name: '大屯孙', username: 'dt_sun', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const townD = group(-1003, '大屯镇工作群');
const officeGroup = group(-1004, '生态委办公室');
const leaders = group(-1005, '县领导群');

const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
let clock = at('2026-11-26', '10:00');

describe("one unit's extension leaves the others red on the original deadline", () => {
  let h: Harness;
  const sentTo = (chat: Chat, since: number, contains: string) =>
    h.tg.sentItems().filter((s) => s.seq >= since && Number(s.chatId) === chat.id && s.text.includes(contains));

  /** Sends /extend from a unit group and has the office press Approve or Deny on the request. */
  const extend = async (from: typeof liaisonB, chat: Chat, text: string, verdict: 'approve' | 'deny') => {
    const since = h.tg.mark();
    expect(await h.say(from, chat, text)).toContain('等待办公室审批');
    const request = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since });
    const buttons = (request.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    const button = buttons.find((b) => b.callback_data.startsWith(`ext:${verdict}`))!;
    const mark = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: officeGroup, messageId: (request.response as { result: { message_id: number } }).result.message_id, data: button.callback_data }));
    await h.tg.waitForCall('answerCallbackQuery', { since: mark });
    if (verdict === 'deny') {
      // A denial needs a reason: the office answers the bot's prompt with one.
      const prompt = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: mark, where: (c) => String(c.params.text).startsWith('📝 /extend deny') });
      const promptMessage = h.tg.getMessage(officeGroup.id, (prompt.response as { result: { message_id: number } }).result.message_id)!;
      await h.say(office, officeGroup, '其他单位已按期推进，请加快进度', { replyTo: promptMessage });
    }
    return h.tg.waitForCall('sendMessage', { chatId: chat.id, since: mark, where: (c) => String(c.params.text).includes('延期申请') });
  };

  let morning = 0;

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUpChats(
      h,
      office,
      [[townA, '城关镇'], [townB, '王庄镇'], [townD, '大屯镇'], [officeGroup, 'admin'], [leaders, 'leadership']],
      [[liaisonA, townA], [liaisonB, townB], [liaisonD, townD]],
    );
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, text: '/newtask 村庄生活污水治理验收 | committee: 水 | lead: 城关镇 | with: 王庄镇, 大屯镇 | due: 2026-11-30 | quota: 城关镇=8, 王庄镇=8, 大屯镇=8 村' }));
    const preview = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    const save = (preview.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat()[0]!;
    const mark = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId: (preview.response as { result: { message_id: number } }).result.message_id, data: save.callback_data }));
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: mark });
    expect(await h.say(liaisonA, townA, '/report T1 3 三个村已验收')).toContain('累计 3/8村');
  });
  afterAll(async () => {
    await h?.close();
  });

  it("approves one unit's extension for that unit only, and a denial states the unit's own deadline", async () => {
    clock = at('2026-11-27', '10:00');
    const approved = await extend(liaisonB, townB, '/extend T1 12月4日 雨雪天气影响施工', 'approve');
    expect(approved.params.text).toContain('王庄镇的完成时限改为 2026-12-04');
    const denied = await extend(liaisonD, townD, '/extend T1 12月10日 资金未到位', 'deny');
    // Not 王庄镇's new date: 大屯镇 is still due on 11-30.
    expect(denied.params.text).toContain('完成时限仍为 2026-11-30');
    const detail = await h.say(office, officeGroup, '/task T1');
    expect(detail).toContain('王庄镇（配合）时限 2026-12-04');
    expect(detail).toContain('王庄镇完成时限 2026-11-30 → 2026-12-04，理由：雨雪天气影响施工');
    // Done means done: 3 of 8 villages is not done.
    expect(await h.say(liaisonA, townA, '/done T1')).toContain('还差 5村');
  });

  it('on 12-01 the morning reminders show 城关镇 and 大屯镇 red, 王庄镇 yellow on its own deadline', async () => {
    clock = at('2026-12-01', '08:31');
    morning = h.tg.mark();
    await h.app.services.scheduler.runDue();
    await h.app.sender.drain(20_000);
    const a = sentTo(townA, morning, '今日督办提醒');
    const b = sentTo(townB, morning, '今日督办提醒');
    const d = sentTo(townD, morning, '今日督办提醒');
    expect([a.length, b.length, d.length]).toEqual([1, 1, 1]);
    expect(a[0]!.text).toMatch(/🔴 <b>T1<\/b> 村庄生活污水治理验收 · 逾期 1 天 · 已完成 3\/8村/u);
    expect(d[0]!.text).toMatch(/🔴 <b>T1<\/b> 村庄生活污水治理验收 · 逾期 1 天 · 已完成 0\/8村/u);
    expect(b[0]!.text).toMatch(/🟡 <b>T1<\/b> 村庄生活污水治理验收 · 还有 3 天/u);
  });

  it('the digest counts the task red and judges the two parts due: none on time', async () => {
    clock = at('2026-12-01', '09:01');
    const since = h.tg.mark();
    await h.app.services.scheduler.runDue();
    await h.app.sender.drain(20_000);
    const digest = sentTo(leaders, since, '督办日报');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain('按时完成率 0%（到期的单位任务 2 个，按时完成 0 个）');
    expect(digest[0]!.text).toContain('🔴 逾期 1');
  });

  it('the exported ledger reads back each part by its own deadline, cell by cell', async () => {
    clock = at('2026-12-01', '10:00');
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, text: '/export' }), 'sendDocument');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(call.files![0]!.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => Object.fromEntries(header.map((name, i) => [name, r[i + 1] ?? null])));
    const date = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);
    const cells = (unit: string) => {
      const row = rows.find((r) => r['任务编号'] === 'T1' && r['责任单位'] === unit)!;
      return [row['灯号'], date(row['完成时限']), date(row['原完成时限']), row['逾期天数'], row['已完成'], row['目标数量'], row['延期记录'], row['配合单位']];
    };
    expect(cells('城关镇')).toEqual(['红', '2026-11-30', null, 1, 3, 8, null, '王庄镇、大屯镇']);
    expect(cells('王庄镇')).toEqual(['黄', '2026-12-04', '2026-11-30', 0, 0, 8, '2026-11-30→2026-12-04 已批准', '王庄镇、大屯镇']);
    expect(cells('大屯镇')).toEqual(['红', '2026-11-30', null, 1, 0, 8, '2026-11-30→2026-12-10 未批准', '王庄镇、大屯镇']);
  });
});
