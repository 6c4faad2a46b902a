import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportWithoutSlash } from '../../src/domain/hints.ts';
import { group, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

// A word where one is needed: a report typed without the slash, a task list sent without a caption.

describe('reportWithoutSlash', () => {
  it.each([
    ['T13 完成1个村', { code: 'T13', amount: '1', note: '完成1个村' }],
    ['T13 3', { code: 'T13', amount: '3', note: '' }],
    ['t13 60% 已排查', { code: 'T13', amount: '60%', note: '60% 已排查' }],
    ['Ｔ１３ ５', { code: 'T13', amount: '5', note: '' }],
    ['T13：2.5', { code: 'T13', amount: '2.5', note: '' }],
  ])('%j → %j', (text, guess) => {
    expect(reportWithoutSlash(text)).toEqual(guess);
  });
  it.each(['你好，请问怎么汇报？', 'T13 已完成', 'T13', '/report T13 3', 'PT13 3', 'T0 3', '3 T13'])('leaves %j alone', (text) => {
    expect(reportWithoutSlash(text)).toBeNull();
  });
});

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const liaison = user(2001, { first_name: '城关张', username: 'zhang_cg', language_code: 'zh-hans' });
const other = user(2002, { first_name: '路人', username: 'passer', language_code: 'zh-hans' });
const townGroup = group(-100111, '城关镇工作群');
const officeGroup = group(-100333, '生态委办');

describe('hints', () => {
  let h: Harness;
  const now = new Date('2026-12-02T02:00:00Z');
  const press = async (from: typeof office, chat: typeof townGroup, data: string, messageId: number) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from, chat, messageId, data }));
    return h.tg.waitForCall('answerCallbackQuery', { since });
  };
  const buttonsOf = (call: { params: Record<string, unknown> }) => (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
  const idOf = (call: { response?: unknown }) => (call.response as { result: { message_id: number } }).result.message_id;

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => now });
    await setUpChats(h, office, [[townGroup, '城关镇'], [officeGroup, 'admin']], [[liaison, townGroup]]);
    h.tg.pushUpdate(h.tg.message({ from: other, chat: townGroup, text: '大家好' }));
    const unit = await h.app.database.prisma.unit.findFirstOrThrow({ where: { name: '城关镇' } });
    const created = await h.app.services.tasks.create(
      { actor: { telegramId: BigInt(office.id), memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null }, chatId: BigInt(office.id) },
      { title: '村庄生活污水治理', committeeId: (await h.app.services.org.committees())[0]!.id, description: null, dueDate: '2026-12-20', measure: '村', assignments: [{ unitId: unit.id, role: 'lead', quota: 5 }] },
    );
    expect(created.ok).toBe(true);
    await h.app.sender.drain(10_000);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks a liaison who left out the slash, and reports with the photo at a press', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaison, chat: townGroup, caption: 'T1 完成1个村', photo: true }));
    const asked = await h.tg.waitForCall('sendMessage', { chatId: townGroup.id, since });
    expect(asked.params.text).toBe('是否要发送 <code>/report T1 1 完成1个村</code>？');
    const [report] = buttonsOf(asked);
    // Someone else's press does nothing.
    expect((await press(other, townGroup, report!.callback_data, idOf(asked))).params.show_alert).toBe(true);
    expect(await h.app.database.prisma.progressReport.count()).toBe(0);
    await press(liaison, townGroup, report!.callback_data, idOf(asked));
    const done = await h.tg.waitForCall('sendMessage', { chatId: townGroup.id, since, where: (c) => String(c.params.text).includes('已记录') });
    expect(done.params.text).toContain('已记录：T1 城关镇 +1 村');
    expect(done.params.text).toContain('已留存 1 份佐证材料');
    expect(await h.app.database.prisma.progressReport.count()).toBe(1);
  });

  it('takes a note of 2,000 characters (an inspector’s finding) and shows it whole in /task', async () => {
    const finding = `督察反馈：${'河道两岸垃圾已清运，排污口已封堵。'.repeat(200)}`.slice(0, 2000);
    expect(await h.say(liaison, townGroup, `/report T1 1 ${finding}`)).toContain('已记录：T1 城关镇 +1 村');
    expect(await h.say(liaison, townGroup, `/report T1 1 ${finding}多`)).toContain('最多 2,000 个字');
    const detail = (await h.app.services.tasks.queries.detail(1))!;
    expect(detail.reports.some((r) => r.note === finding)).toBe(true);
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaison, chat: townGroup, text: '/task T1' }));
    await h.tg.waitForCall('sendMessage', { chatId: townGroup.id, since });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.tg.sentItems(townGroup.id).filter((s) => s.seq >= since).map((s) => s.text).join('')).toContain(finding);
  });

  it('says nothing to chatter, and nothing to a member who is no liaison', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaison, chat: townGroup, text: '你好，请问怎么汇报？' }));
    h.tg.pushUpdate(h.tg.message({ from: other, chat: townGroup, text: 'T1 3' }));
    await h.say(liaison, townGroup, '/whoami');
    expect(h.tg.sentItems(townGroup.id).filter((s) => s.seq >= since && s.text.includes('是否要发送'))).toEqual([]);
  });

  it('offers the office Import or Ignore for a task list sent without a caption', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, document: { bytes: Buffer.from('任务名称,专委会\n'), fileName: '重点工作清单.csv' } }));
    const asked = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since });
    expect(asked.params.text).toBe('收到文件「重点工作清单.csv」。要作为重点工作清单导入吗？');
    const [importButton, ignore] = buttonsOf(asked);
    expect(importButton!.callback_data).toBe('hi:import');
    await press(office, officeGroup, ignore!.callback_data, idOf(asked));
    await h.tg.waitForCall('editMessageReplyMarkup', { since });
    // Import runs /import on the file it answers.
    const again = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, document: { bytes: Buffer.from('任务名称,专委会\n'), fileName: '清单2.csv' } }));
    const second = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: again });
    await press(office, officeGroup, buttonsOf(second)[0]!.callback_data, idOf(second));
    const result = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: again, where: (c) => c.seq > second.seq });
    expect(String(result.params.text)).not.toContain('请把清单文件和命令一起发送');
  });
});
