import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

// The bulletin (通报) as the office uses it: /bulletin drafts it, a reply to the draft replaces its text, Publish
// sends the edited text once — numbered 第 N 期, with its 落款 — to the leadership group and every unit group.

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const townGroup = group(-100111, '城关镇工作群');
const leaders = group(-100222, '领导群');
const officeGroup = group(-100333, '生态委办');

describe('the bulletin, edited and published once', () => {
  let h: Harness;
  // 2026-12-02 10:00 in the county.
  const now = new Date('2026-12-02T02:00:00Z');
  const press = async (data: string, messageId: number) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: officeGroup, messageId, data }));
    return h.tg.waitForCall('answerCallbackQuery', { since });
  };
  const buttonsOf = (call: { params: Record<string, unknown> }) => (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
  const idOf = (call: { response?: unknown }) => (call.response as { result: { message_id: number } }).result.message_id;
  const draftFrom = (since: number) => h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since, where: (c) => c.params.reply_markup !== undefined });

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => now, env: { QUIET_HOURS: 'off' } });
    await setUpChats(h, office, [[townGroup, '城关镇'], [leaders, 'leadership'], [officeGroup, 'admin']]);
    const unit = await h.app.database.prisma.unit.findFirstOrThrow({ where: { name: '城关镇' } });
    const created = await h.app.services.tasks.create(
      { actor: { telegramId: BigInt(office.id), memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null }, chatId: BigInt(office.id) },
      { title: '黑臭水体排查', committeeId: (await h.app.services.org.committees())[0]!.id, description: null, dueDate: '2026-12-20', measure: null, assignments: [{ unitId: unit.id, role: 'lead', quota: null }] },
    );
    expect(created.ok).toBe(true);
    // Its deadline passed on 11-28: four days overdue today.
    await h.app.database.prisma.task.updateMany({ data: { dueDate: '2026-11-28' } });
    await h.app.database.prisma.taskAssignment.updateMany({ data: { dueDate: '2026-11-28' } });
    await h.app.sender.drain(10_000);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('drafts, takes a reply as the new text, publishes it once with 第 1 期 and the 落款; a second press sends nothing', async () => {
    let since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, text: '/bulletin' }));
    const draft = await draftFrom(since);
    const text = String(draft.params.text);
    expect(text).toMatch(/^📝 \/bulletin edit \d+\n📢 <b>生态环境保护督办通报<\/b>\n2026年第 __ 期（发布时编号）/);
    expect(text).toContain('<b>二、逾期未完成情况</b>');
    expect(text).toContain('T1 黑臭水体排查（逾期 4 天）');
    expect(text).toContain('县生态委办公室\n2026年12月2日');
    expect(buttonsOf(draft).map((b) => b.callback_data.split(':')[1])).toEqual(['publish', 'discard']);

    // Too long an edit is refused and changes nothing.
    since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, replyTo: idOf(draft), text: '<'.repeat(3000) }));
    const refused = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since });
    expect(refused.params.text).toContain('超过 10,000 字的上限，草稿未修改');

    // The office replies with its own wording, copying the title and the 落款 along: they are not doubled.
    since = h.tg.mark();
    const edited = '📢 生态环境保护督办通报\n一、城关镇黑臭水体排查逾期 4 天，予以通报。\n二、请于12月5日前整改到位。\n县生态委办公室';
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, replyTo: idOf(draft), text: edited }));
    const redraft = await draftFrom(since);
    expect(redraft.params.text).toContain('2026年第 __ 期（发布时编号）\n\n一、城关镇黑臭水体排查逾期 4 天，予以通报。\n二、请于12月5日前整改到位。\n\n县生态委办公室\n2026年12月2日');
    // The old draft's buttons are gone: only the shown draft can be published.
    expect(h.tg.calls('editMessageReplyMarkup').some((c) => c.params.message_id === idOf(draft))).toBe(true);

    const [publish] = buttonsOf(redraft);
    since = h.tg.mark();
    await press(publish!.callback_data, idOf(redraft));
    const said = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since });
    expect(said.params.text).toBe('✅ 王主任已发布2026年第 1 期通报，发送到 2 个群。');
    await h.app.sender.drain(10_000);
    const published = '📢 <b>生态环境保护督办通报</b>\n2026年第 1 期\n\n一、城关镇黑臭水体排查逾期 4 天，予以通报。\n二、请于12月5日前整改到位。\n\n县生态委办公室\n2026年12月2日';
    for (const chat of [townGroup, leaders]) expect(h.tg.sent(chat.id).filter((t) => t.includes('督办通报'))).toEqual([published]);

    // Publish again (the same button): answered, nothing sent again, no second number.
    const again = await press(publish!.callback_data, idOf(redraft));
    expect(again.params).toMatchObject({ show_alert: true, text: '这份通报已发布（2026年第 1 期），不再重复发送。' });
    await h.app.sender.drain(10_000);
    for (const chat of [townGroup, leaders]) expect(h.tg.sent(chat.id).filter((t) => t.includes('督办通报'))).toHaveLength(1);
    expect(await h.app.database.prisma.bulletin.count()).toBe(1);

    // The next bulletin is 第 2 期, and its period starts at the first one's publication.
    since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, chat: officeGroup, text: '/bulletin' }));
    const next = await draftFrom(since);
    expect(next.params.text).toContain('（12月2日至12月2日）');
  });

  it('explains how to edit when /bulletin edit is typed instead of replied', async () => {
    expect(await h.say(office, officeGroup, '/bulletin edit 1 新的正文')).toBe('修改通报草稿：请直接回复草稿消息，回复的内容即为新的正文。');
  });
});
