import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, User } from 'grammy/types';
import { group, privateChat, user, type RecordedCall } from '../support/fake-telegram/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { filler, prng } from '../support/malformed-inputs.ts';

/**
 * The alert roll-call (重污染天气预警) through the chats: an orange alert to 40 township groups with the fake's
 * flood limits on, 35 acknowledge, the other 5 get their second and third copies 15 and 30 minutes on and are
 * escalated at 45; double presses and outsiders change nothing; malformed /alert lines write nothing.
 */
const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const stranger = user(3001, { first_name: '路人', username: 'passer_by', language_code: 'zh-hans' });
const officeGroup = group(-1004, '生态委办公室');
const leaders = group(-1005, '县领导群');
const GROUPS = 40;
const ACKING = 35;

/** The county's time (Asia/Shanghai): Tuesday 2026-12-01, 14:00, after every daily job's catch-up window. */
const T0 = new Date('2026-12-01T06:00:00Z');
/** The injected clock runs in real time from the moment the test last set it, so a 429's retry_after passes. */
let base = { at: T0, real: Date.now() };
const now = () => new Date(base.at.getTime() + (Date.now() - base.real));
const setClock = (at: Date) => {
  base = { at, real: Date.now() };
};
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const townChat = (i: number) => group(-1_000_000_000 - i, `测试乡镇${i + 1}工作群`);
const liaisonOf = (i: number) => user(50_000 + i, { first_name: `联络员${i + 1}`, language_code: 'zh-hans' });

describe('an alert roll-call to 40 unit groups under flood limits', () => {
  let h: Harness;
  let alertId = 0;
  /** Each town chat's first copy: its message id. */
  const firstCopy = new Map<number, number>();
  /** The office group's roll-call message. */
  let rollCallId = 0;

  const buttonOf = (call: RecordedCall) =>
    (call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard[0]?.[0];
  const sendsTo = (chat: Chat, since = 0) =>
    h.tg.calls('sendMessage').filter((c) => c.seq >= since && Number(c.params.chat_id) === chat.id && c.response?.ok);
  const press = async (from: User, chat: Chat, messageId: number, data: string) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from, chat, messageId, data }));
    const answer = await h.tg.waitForCall('answerCallbackQuery', { since });
    return { answer, since };
  };
  const targets = () => h.app.database.prisma.alertTarget.findMany({ where: { alertId }, orderBy: { chatId: 'desc' } });
  const tick = async (at: Date) => {
    setClock(at);
    const since = h.tg.mark();
    expect(await h.app.services.scheduler.runDue()).toEqual([]);
    await h.app.sender.drain(60_000);
    return since;
  };

  beforeAll(async () => {
    setClock(T0);
    h = await startHarness({ adminIds: [office.id], now, rateLimit: { globalPerSecond: 30, perChatPerMinute: 20 } });
    expect(await h.say(office, officeGroup, '/bind admin')).toContain('已绑定');
    expect(await h.say(office, leaders, '/bind leadership')).toContain('已绑定');
    // Forty townships with their groups and liaisons, straight into the database (as bench/fanout.ts does).
    const db = h.app.database.prisma;
    await db.unit.createMany({ data: Array.from({ length: GROUPS }, (_, i) => ({ name: `测试乡镇${i + 1}`, kind: 'township', sortOrder: 1000 + i })) });
    const units = await db.unit.findMany({ where: { name: { startsWith: '测试乡镇' } }, orderBy: { sortOrder: 'asc' } });
    expect(units).toHaveLength(GROUPS);
    await db.chatBinding.createMany({ data: units.map((u, i) => ({ chatId: BigInt(townChat(i).id), kind: 'unit', unitId: u.id, title: townChat(i).title })) });
    await db.member.createMany({ data: units.map((u, i) => ({ telegramId: BigInt(liaisonOf(i).id), displayName: liaisonOf(i).first_name, role: 'liaison', unitId: u.id })) });
    // A township with no bound group and no robot: nothing can reach it, and the office must be told so.
    await db.unit.create({ data: { name: '测试乡镇无群', kind: 'township', sortOrder: 2000 } });
    // A second liaison of the first township, for the double press.
    await db.member.create({ data: { telegramId: 59_999n, displayName: '联络员1乙', role: 'liaison', unitId: units[0]!.id } });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('sends one copy with the button to every group, and the roll-call to the office', async () => {
    const since = h.tg.mark();
    const reply = await h.say(office, officeGroup, '/alert 橙色 乡镇 预计明日起出现重污染天气，请立即启动橙色预警响应。\n停止露天焚烧。');
    expect(reply).toContain('已发布橙色预警');
    expect(reply).toContain('40 个单位');
    // The townships with no group (测试乡镇无群 and the seeded ones never bound) are counted and named.
    const unbound = await h.app.database.prisma.unit.count({ where: { kind: 'township', chats: { none: { active: true } }, robots: { none: { active: true } } } });
    expect(reply).toMatch(new RegExp(`另有 ${unbound} 个单位未绑定工作群，未送达：[^\\n]*测试乡镇无群`));
    expect(reply).not.toMatch(/未送达：[^\n]*测试乡镇1、/);
    await h.app.sender.drain(60_000);
    const alert = await h.app.database.prisma.alert.findFirstOrThrow();
    alertId = alert.id;
    expect(alert).toMatchObject({ level: 'orange', status: 'open' });
    expect(alert.text).toContain('\n停止露天焚烧');
    for (let i = 0; i < GROUPS; i++) {
      const copies = sendsTo(townChat(i), since);
      expect(copies, `group ${i}`).toHaveLength(1);
      expect(String(copies[0]!.params.text)).toContain('重污染天气橙色预警');
      expect(buttonOf(copies[0]!)).toEqual({ text: '收到，已启动响应', callback_data: `al:ack:${alertId}` });
      firstCopy.set(i, (copies[0]!.response as { result: { message_id: number } }).result.message_id);
    }
    const rollCall = sendsTo(officeGroup, since).find((c) => String(c.params.text).includes('· 点名'))!;
    expect(String(rollCall.params.text)).toContain('已确认 0/40');
    expect(buttonOf(rollCall)).toEqual({ text: expect.any(String), callback_data: `al:status:${alertId}` });
    rollCallId = (rollCall.response as { result: { message_id: number } }).result.message_id;
    // Outbox keys: one row per group and copy.
    const keys = (await h.app.database.prisma.outbox.findMany({ where: { key: { startsWith: `alert:${alertId}:send:` } } })).map((r) => r.key);
    expect(keys).toHaveLength(GROUPS);
    expect(keys).toContain(`alert:${alertId}:send:1:chat:${townChat(0).id}`);
    expect(await h.app.database.prisma.outbox.count({ where: { key: { startsWith: `alert:${alertId}:send:` }, status: 'sent', messageId: { not: null } } })).toBe(GROUPS);
  }, 90_000);

  it('records 35 acknowledgements, each copy showing its own tally', async () => {
    for (let i = 0; i < ACKING; i++) {
      setClock(minutes(1 + Math.floor(i / 10)));
      const chat = townChat(i);
      const { answer, since } = await press(liaisonOf(i), chat, firstCopy.get(i)!, `al:ack:${alertId}`);
      expect(answer.params.show_alert ?? false).toBe(false);
      const edit = await h.tg.waitForCall('editMessageText', { since, chatId: chat.id });
      expect(String(edit.params.text)).toContain(`已确认：联络员${i + 1} 14:0`);
      expect(edit.params.reply_markup, "the button goes once counted").toBeUndefined();
    }
    const rows = await targets();
    expect(rows.filter((r) => r.ackedAt)).toHaveLength(ACKING);
    expect(rows.find((r) => r.chatId === BigInt(townChat(0).id))).toMatchObject({ ackedByName: '联络员1', ackedByTelegramId: BigInt(liaisonOf(0).id) });
  }, 90_000);

  it('does not count a unit twice', async () => {
    const before = await targets();
    // The same person again, and another liaison of the same unit.
    for (const from of [liaisonOf(0), user(59_999, { first_name: '联络员1乙' })]) {
      const { answer } = await press(from, townChat(0), firstCopy.get(0)!, `al:ack:${alertId}`);
      expect(answer.params.show_alert).toBe(true);
      expect(String(answer.params.text)).toContain('本单位已由联络员1于 14:01 确认');
    }
    expect(await targets()).toEqual(before);
  });

  it('refuses a press from outside the unit and records nothing', async () => {
    const before = await targets();
    const unacked = townChat(ACKING);
    // A liaison of another township, and someone the task force does not know.
    for (const [from, refusal] of [
      [liaisonOf(0), '只有测试乡镇36的人员才能'],
      [stranger, '此按钮仅限相关单位联络员或办公室管理员操作'],
    ] as const) {
      const { answer } = await press(from, unacked, firstCopy.get(ACKING)!, `al:ack:${alertId}`);
      expect(answer.params.show_alert).toBe(true);
      expect(String(answer.params.text)).toContain(refusal);
    }
    expect(await targets()).toEqual(before);
    expect(await h.app.database.prisma.auditLog.count({ where: { action: 'alert.ack-refused' } })).toBe(1);
    expect(await h.app.database.prisma.auditLog.count({ where: { action: 'command.denied', entityId: 'alert', actorTelegramId: BigInt(stranger.id) } })).toBe(1);
  });

  it('shows the office who acknowledged and who not', async () => {
    const status = await h.say(office, officeGroup, '/alert status');
    expect(status).toContain('已确认 35/40');
    expect(status).toContain('未确认（5）');
    expect(status).toMatch(/<b>未送达（未绑定工作群）（\d+）<\/b>\n[^\n]*测试乡镇无群/);
    expect(status).toContain('测试乡镇36（已发送 1 次）');
    expect(status).toContain('测试乡镇1：联络员1 14:01');
  });

  it('refreshes the office roll-call in place on its button, for the office only', async () => {
    // The live tally's own edits of the roll-call go out first: they are paced under the flood limits.
    await h.app.sender.drain(60_000);
    const refused = await press(liaisonOf(0), officeGroup, rollCallId, `al:status:${alertId}`);
    expect(refused.answer.params.show_alert).toBe(true);
    expect(h.tg.calls('editMessageText').filter((c) => c.seq >= refused.since && Number(c.params.chat_id) === officeGroup.id)).toEqual([]);
    const { since } = await press(office, officeGroup, rollCallId, `al:status:${alertId}`);
    const edit = await h.tg.waitForCall('editMessageText', { since, chatId: officeGroup.id });
    expect(edit.params.message_id).toBe(rollCallId);
    expect(String(edit.params.text)).toContain('已确认 35/40');
    expect(String(edit.params.text)).toContain('测试乡镇36');
    expect(buttonOf(edit)?.callback_data).toBe(`al:status:${alertId}`);
  });

  it('re-sends to the 5 silent groups at 15 and 30 minutes, then escalates once at 45', async () => {
    const silent = Array.from({ length: GROUPS - ACKING }, (_, k) => townChat(ACKING + k));
    const acked = Array.from({ length: ACKING }, (_, k) => townChat(k));

    // Nothing is due yet, but the office's roll-call is brought up to date with the acknowledgements, once.
    let since = await tick(minutes(14));
    const live = h.tg.calls('editMessageText').filter((c) => c.seq >= since && c.response?.ok);
    expect(h.tg.sentItems().filter((s) => s.seq >= since).map((s) => `${s.method} → ${s.chatId}`)).toEqual([`editMessageText → ${officeGroup.id}`]);
    expect(live[0]!.params.message_id).toBe(rollCallId);
    expect(String(live[0]!.params.text)).toContain('已确认 35/40');
    expect(String(live[0]!.params.text)).toContain('测试乡镇36（已发送 1 次）');
    const rerun = await tick(minutes(14));
    expect(h.tg.sentItems().filter((s) => s.seq >= rerun)).toEqual([]);

    for (const [at, copy] of [
      [15, 2],
      [30, 3],
    ] as const) {
      since = await tick(minutes(at));
      for (const [k, chat] of silent.entries()) {
        const copies = sendsTo(chat, since);
        expect(copies, `${chat.title} at ${at}`).toHaveLength(1);
        expect(String(copies[0]!.params.text)).toContain(`第 ${copy} 次提醒`);
        // A re-send calls the unit's liaison by name.
        expect(String(copies[0]!.params.text)).toContain(`<a href="tg://user?id=${liaisonOf(ACKING + k).id}">联络员${ACKING + k + 1}</a>`);
        expect(buttonOf(copies[0]!)?.callback_data).toBe(`al:ack:${alertId}`);
      }
      for (const chat of acked) expect(sendsTo(chat, since), chat.title).toEqual([]);
      expect(sendsTo(leaders, since)).toEqual([]);
      const rollCall = h.tg.calls('editMessageText').filter((c) => c.seq >= since && Number(c.params.chat_id) === officeGroup.id && c.response?.ok);
      expect(rollCall.map((c) => c.params.message_id)).toEqual([rollCallId]);
      expect(String(rollCall[0]!.params.text)).toContain(`测试乡镇36（已发送 ${copy} 次）`);
      // Running the tick again in the same minute owes nothing new.
      const again = await tick(minutes(at));
      expect(h.tg.sentItems().filter((s) => s.seq >= again)).toEqual([]);
    }

    since = await tick(minutes(44));
    expect(h.tg.sentItems().filter((s) => s.seq >= since)).toEqual([]);

    since = await tick(minutes(45));
    for (const chat of [...silent, ...acked]) expect(sendsTo(chat, since), chat.title).toEqual([]);
    const escalation = sendsTo(leaders, since);
    expect(escalation).toHaveLength(1);
    const text = String(escalation[0]!.params.text);
    expect(text).toContain('5 个单位发送 3 次仍未确认');
    for (let k = ACKING; k < GROUPS; k++) expect(text).toContain(`测试乡镇${k + 1}`);
    expect(text).not.toContain('测试乡镇1、');
    expect(sendsTo(officeGroup, since).map((c) => String(c.params.text)).join('\n')).toContain('已按责任链上报');
    const escalatedRollCall = h.tg.calls('editMessageText').filter((c) => c.seq >= since && Number(c.params.chat_id) === officeGroup.id && c.response?.ok);
    expect(String(escalatedRollCall.at(-1)?.params.text)).toContain('测试乡镇36（已发送 3 次，已上报）');
    const rows = await targets();
    expect(rows.filter((r) => r.escalatedAt)).toHaveLength(GROUPS - ACKING);
    expect(rows.filter((r) => !r.ackedAt).every((r) => r.sends === 3)).toBe(true);
    expect(rows.filter((r) => r.ackedAt).every((r) => r.sends === 1)).toBe(true);

    // Nothing more, however long it stays silent.
    since = await tick(minutes(120));
    expect(h.tg.sentItems().filter((s) => s.seq >= since)).toEqual([]);

    // Every copy went out exactly once per key, under the flood limits.
    const perChat = new Map<number, number>();
    for (const call of h.tg.calls('sendMessage').filter((c) => c.response?.ok && String(c.params.text).includes('重污染天气橙色预警'))) {
      perChat.set(Number(call.params.chat_id), (perChat.get(Number(call.params.chat_id)) ?? 0) + 1);
    }
    for (const chat of acked) expect(perChat.get(chat.id), chat.title).toBe(1);
    for (const chat of silent) expect(perChat.get(chat.id), chat.title).toBe(3);

    const status = await h.say(office, officeGroup, '/alert status');
    expect(status).toContain('测试乡镇36（已发送 3 次，已上报）');
  }, 120_000);

  it('a late acknowledgement still counts; closing stops the roll-call', async () => {
    setClock(minutes(121));
    const { answer } = await press(liaisonOf(ACKING), townChat(ACKING), firstCopy.get(ACKING)!, `al:ack:${alertId}`);
    expect(answer.params.show_alert ?? false).toBe(false);
    const since = h.tg.mark();
    const closed = await h.say(office, officeGroup, '/alert close');
    expect(closed).toContain('已解除第');
    expect(closed).toContain('已确认 36/40');
    await h.app.sender.drain(60_000);
    expect(sendsTo(townChat(0), since).map((c) => String(c.params.text))).toEqual([expect.stringContaining('已解除')]);
    const finalRollCall = h.tg.calls('editMessageText').filter((c) => c.seq >= since && Number(c.params.chat_id) === officeGroup.id && c.response?.ok);
    expect(finalRollCall.map((c) => c.params.message_id)).toEqual([rollCallId]);
    expect(String(finalRollCall[0]!.params.text)).toContain('已解除');
    expect(String(finalRollCall[0]!.params.text)).toContain('已确认 36/40');
    expect(finalRollCall[0]!.params.reply_markup).toBeUndefined();
    const { answer: late } = await press(liaisonOf(GROUPS - 1), townChat(GROUPS - 1), firstCopy.get(GROUPS - 1)!, `al:ack:${alertId}`);
    expect(String(late.params.text)).toContain('已经解除');
    expect(await h.say(office, officeGroup, '/alert close')).toContain('没有未解除的预警');
  }, 60_000);

  it('refuses at least 50 malformed /alert lines, writing nothing', async () => {
    // Sixty-odd answers in one chat within seconds would exceed Telegram's 20 a minute per chat: the flood
    // limits are what the fan-out above is about, not this.
    h.tg.setRateLimit(undefined);
    const rand = prng(20261201);
    const badLevels = ['green', '绿色', '紫色', 'reds', '5', '橙色色', 'orangered', '<b>red</b>', '预警', '红色预警！', '&amp;', '🔴', 'null', '-1', 'Ⅴ级'];
    const cases: { text: string; expect: RegExp }[] = [];
    for (const level of badLevels) cases.push({ text: `/alert ${level} 请立即启动响应`, expect: /不是预警级别/ });
    for (const level of ['red', '红色', 'orange', '黄色', 'blue']) {
      cases.push({ text: `/alert ${level}`, expect: /请写明预警内容/ });
      for (const scope of ['townships', '乡镇', '部门', 'all']) cases.push({ text: `/alert ${level} ${scope}`, expect: /请写明预警内容/ });
      cases.push({ text: `/alert ${level} ${filler(1501 + Math.floor(rand() * 500), '霾污染')}`, expect: /太长/ });
      cases.push({ text: `/alert ${level} 专委: 文本`, expect: /专委会名称/ });
      cases.push({ text: `/alert ${level} 专委:不存在${Math.floor(rand() * 1000)} 文本`, expect: /没有名为/ });
    }
    for (const extra of ['now', '1', 'all', '红色']) {
      cases.push({ text: `/alert status ${extra}`, expect: /不需要/ });
      cases.push({ text: `/alert close ${extra}`, expect: /不需要/ });
    }
    // Nothing after the command: how it is written.
    cases.push({ text: '/alert', expect: /用法：\/alert 级别/ });
    cases.push({ text: '/alert close', expect: /没有未解除的预警/ });
    // Only townships are bound: departments alone reach nobody.
    cases.push({ text: '/alert red departments 全县启动一级响应', expect: /没有绑定工作群/ });
    for (let i = 0; i < 5; i++) {
      const word = filler(1 + Math.floor(rand() * 12), 'abcxyz绿紫<&>');
      cases.push({ text: `/alert ${word} ${filler(5, '文本')}`, expect: /不是预警级别/ });
    }
    expect(cases.length).toBeGreaterThanOrEqual(50);

    const db = h.app.database.prisma;
    const counts = async () => [await db.alert.count(), await db.alertTarget.count(), await db.outbox.count()];
    const before = await counts();
    for (const c of cases) {
      const reply = await h.say(office, officeGroup, c.text);
      expect(reply, c.text.slice(0, 60)).toMatch(c.expect);
    }
    // Not the office: refused politely, wherever.
    const liaison = liaisonOf(0);
    expect(await h.say(liaison, privateChat(liaison), '/alert red 全县启动一级响应')).toContain('没有使用 /alert 的权限');
    expect(await h.say(liaison, townChat(0), '/alert red 全县启动一级响应')).toMatch(/alert/);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
