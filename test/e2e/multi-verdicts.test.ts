import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

/**
 * /cancel T1-T3 重复导入: one preview, nothing changed before Confirm, then each unit group ONE message listing
 * only the tasks it had been told of (T3 came in by an import nobody announced), and a second Confirm changes nothing.
 */
const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const townD = group(-1003, '大屯镇工作群');
const officeGroup = group(-1004, '生态委办公室');
const clock = new Date('2026-11-20T10:00:00+08:00');

describe('several tasks cancelled at once, told only where they were announced', () => {
  let h: Harness;
  const texts = (chatId: number, since: number) => h.tg.sentItems().filter((s) => s.seq >= since && Number(s.chatId) === chatId).map((s) => s.text);

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUpChats(h, office, [[townA, '城关镇'], [townB, '王庄镇'], [townD, '大屯镇'], [officeGroup, 'admin']], [[liaisonA, townA], [liaisonB, townB]]);
    const p = h.app.database.prisma;
    const unit = async (name: string) => (await p.unit.findFirstOrThrow({ where: { name } })).id;
    const [cg, wz, dt] = [await unit('城关镇'), await unit('王庄镇'), await unit('大屯镇')];
    const committeeId = (await p.committee.findFirstOrThrow()).id;
    const task = (title: string, parts: [number, 'lead' | 'cooperating', boolean][]) =>
      p.task.create({
        data: {
          title, committeeId, dueDate: '2026-11-30', createdById: 1001n, createdAt: clock,
          assignments: { create: parts.map(([unitId, role, told]) => ({ unitId, role, dueDate: '2026-11-30', announcedAt: told ? clock : null })) },
        },
      });
    // T1 and T2 were announced (as /newtask does); T3 came in by an import that told no unit.
    await task('城区黑臭水体整治', [[cg, 'lead', true], [wz, 'cooperating', true]]);
    await task('秸秆禁烧巡查', [[cg, 'lead', true]]);
    await task('村庄生活污水治理工程验收', [[wz, 'lead', false], [dt, 'cooperating', false]]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('previews, cancels on Confirm, and each unit group gets one message listing only the tasks it had been told of', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, text: '/cancel T1-T3 重复导入' }));
    const preview = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    const text = String(preview.params.text);
    expect(text).toContain('请确认：取消以下 3 项任务');
    expect(text).toContain('理由：重复导入');
    expect(text).toContain('T1 城区黑臭水体整治');
    expect(text).toContain('T3 村庄生活污水治理工程验收');
    expect(await h.app.database.prisma.task.count({ where: { status: 'cancelled' } })).toBe(0);

    const [confirm] = (preview.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    const messageId = (preview.response as { result: { message_id: number } }).result.message_id;
    const pressed = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId, data: confirm!.callback_data }));
    await h.tg.waitForCall('sendMessage', { chatId: office.id, since: pressed, where: (c) => String(c.params.text).includes('已取消 3 项任务：T1、T2、T3') });
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: pressed });
    await h.tg.waitForCall('sendMessage', { chatId: townB.id, since: pressed });
    expect(await h.app.database.prisma.task.count({ where: { status: 'cancelled' } })).toBe(3);

    // 城关镇 heard of T1 and T2: one message with both. 王庄镇 heard of T1 only. 大屯镇 never heard of T3.
    const toA = texts(townA.id, pressed);
    expect(toA).toHaveLength(1);
    expect(toA[0]).toContain('以下 2 项任务已取消');
    expect(toA[0]).toContain('T1 城区黑臭水体整治');
    expect(toA[0]).toContain('T2 秸秆禁烧巡查');
    expect(toA[0]).toContain('理由：重复导入');
    const toB = texts(townB.id, pressed);
    expect(toB).toHaveLength(1);
    expect(toB[0]).toContain('T1 城区黑臭水体整治已取消。理由：重复导入');
    expect(toB[0]).not.toContain('T3');
    expect(texts(townD.id, pressed)).toEqual([]);

    // A second press finds the draft gone: nothing more is changed or sent.
    const again = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId, data: confirm!.callback_data }));
    const answer = await h.tg.waitForCall('answerCallbackQuery', { since: again });
    expect(answer.params.show_alert).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...texts(townA.id, again), ...texts(townB.id, again), ...texts(townD.id, again)]).toEqual([]);
    expect(await h.app.database.prisma.auditLog.count({ where: { action: 'task.cancel' } })).toBe(3);
  });
});
