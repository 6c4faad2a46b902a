import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message, User } from 'grammy/types';
import type { Actor } from '../../src/domain/actor.ts';
import { group, privateChat, user, type RecordedCall } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';
import { filler, prng } from '../support/malformed-inputs.ts';

const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const stranger = user(3001, { first_name: '路人', username: 'passer_by', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const officeGroup = group(-1004, '生态委办公室');
const leaders = group(-1005, '县领导群');

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText', 'editMessageReplyMarkup', 'copyMessage', 'forwardMessage']);

/** zh-CN messages by key (first line), for checking which message a reply is. */
const MESSAGES = new Map<string, string>();
for (const raw of readFileSync(new URL('../../src/i18n/locales/zh-CN.ftl', import.meta.url), 'utf8').split('\n')) {
  const entry = /^([a-z][a-z0-9_-]*)\s*=\s?(.*)$/i.exec(raw);
  if (entry) MESSAGES.set(entry[1]!, entry[2]!);
}
/** The longest literal piece of a message (between its placeables): what any rendering of it contains. */
function fragmentOf(key: string): string {
  const message = MESSAGES.get(key);
  if (message === undefined) throw new Error(`no message ${key} in zh-CN.ftl`);
  return message
    .split(/\{[^}]*\}/)
    .map((s) => s.trim())
    .reduce((a, b) => (b.length > a.length ? b : a), '');
}

async function setUp(h: Harness): Promise<void> {
  await setUpChats(
    h,
    office,
    [[townA, '城关镇'], [townB, '王庄镇'], [officeGroup, 'admin'], [leaders, 'leadership'],],
    [[liaisonA, townA], [liaisonB, townB],],
  );
}

describe('a fire point from report to 销号, through the chats', () => {
  let h: Harness;
  /** 2026-11-20 10:00 in Asia/Shanghai; tests move it on. */
  let clock = new Date('2026-11-20T02:00:00Z');
  const digestNow = async () => {
    const s = h.app.services;
    return s.digests.compute(s.now(), new Date(0));
  };
  const township = async (name: string) => (await digestNow()).townships.ranked.find((u) => u.unitName === name);
  const waitFor = (chat: Chat, since: number, text: string) =>
    h.tg.waitForCall('sendMessage', { chatId: chat.id, since, timeoutMs: 15_000, where: (c) => String(c.params.text).includes(text) });

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUp(h);
    // Both townships finished three tasks on time before (enough due parts to be ranked, at 100), and share one due later.
    const s = h.app.services;
    const committee = await s.org.resolveCommittee('水');
    const [a, b] = [await s.org.resolveUnit('城关镇'), await s.org.resolveUnit('王庄镇')];
    if (!committee.ok || !a.ok || !b.ok) throw new Error('organisation not loaded');
    const actor: Actor = { telegramId: BigInt(office.id), memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null };
    const created = await s.tasks.create(
      { actor, chatId: BigInt(officeGroup.id) },
      {
        title: '村庄生活污水治理',
        committeeId: committee.value.id,
        description: null,
        dueDate: '2026-12-31',
        measure: null,
        assignments: [
          { unitId: a.value.id, role: 'lead', quota: null },
          { unitId: b.value.id, role: 'cooperating', quota: null },
        ],
      },
    );
    expect(created.ok).toBe(true);
    for (const n of [1, 2, 3]) {
      await h.app.database.prisma.task.create({
        data: {
          title: `已完成任务${n}`,
          committeeId: committee.value.id,
          status: 'closed',
          dueDate: `2026-11-0${n}`,
          assignments: {
            create: [a.value.id, b.value.id].map((unitId, i) => ({ unitId, role: i === 0 ? 'lead' : 'cooperating', dueDate: `2026-11-0${n}`, doneAt: new Date(`2026-11-0${n}T02:00:00Z`) })),
          },
        },
      });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reports, fixes, rejects, fixes again, verifies; scores, reminders and the trace follow', async () => {
    expect((await township('城关镇'))?.score).toBe(100);

    // The office reports a city-level fire point with a photo; the township's group hears of it at once.
    const since = h.tg.mark();
    const created = await h.say(office, officeGroup, '', {
      caption: '/problem 着火点 | unit: 城关镇 | where: 王庄村东 | found: 市级 | due: 2026-11-21 | note: 玉米秸秆焚烧',
      photo: true,
    });
    expect(created).toContain('已登记环境问题 <b>P1</b>');
    expect(created).toContain('市级发现');
    expect(created).toContain('已留存 1 份照片');
    expect(created).toContain('已通知城关镇工作群');
    const notice = await waitFor(townA, since, '新的环境问题 P1');
    expect(notice.params.text).toContain('王庄村东');
    expect(notice.params.text).toContain('/fixed P1');
    await h.app.sender.drain();
    expect(h.tg.sent(townB.id).some((text) => text.includes('P1'))).toBe(false);
    const problem = await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } });
    expect(problem).toMatchObject({ kind: 'fire', foundBy: 'city', status: 'open', dueDate: '2026-11-21', location: '王庄村东', description: '玉米秸秆焚烧' });
    // The copy of the photo is fetched after the answer: wait for it.
    await expect.poll(() => h.app.database.prisma.problemEvidence.count({ where: { problemId: 1, storedPath: null } }), { timeout: 20_000 }).toBe(0);
    const before = await h.app.database.prisma.problemEvidence.findMany({ where: { problemId: 1 } });
    expect(before.map((e) => e.stage)).toEqual(['before']);
    expect(readFileSync(before[0]!.storedPath!).toString()).toBe('fake-jpeg');

    // The leadership's digest names it while it is open.
    const digestText = String((await h.app.services.broadcasts.digest.messages({ slot: 'test' }, [1n]))[0]!.params.text);
    expect(digestText).toContain('未整改的环境问题');
    expect(digestText).toContain('P1');

    // While open it costs 城关镇 5 points (a city-level find) and puts it below 王庄镇.
    const open = await digestNow();
    const cgOpen = open.townships.ranked.find((u) => u.unitName === '城关镇')!;
    const wzOpen = open.townships.ranked.find((u) => u.unitName === '王庄镇')!;
    expect(cgOpen.score).toBe(95);
    expect(cgOpen.openProblems).toBe(1);
    expect(wzOpen.score).toBe(100);
    expect(cgOpen.rank).toBeGreaterThan(wzOpen.rank);

    // It is in the unit's morning reminder, and in the bulletin.
    clock = new Date('2026-11-23T00:30:00Z');
    const sinceReminder = h.tg.mark();
    await h.app.services.broadcasts.reminders.run('2026-11-23');
    await h.app.sender.drain();
    const reminder = await waitFor(townA, sinceReminder, '今日督办提醒');
    expect(reminder.params.text).toContain('待整改的环境问题');
    expect(reminder.params.text).toMatch(/🔴 <b>P1<\/b> 着火点 · 王庄村东 · 时限 2026-11-21（逾期 2 天）/);
    expect((await h.app.services.broadcasts.bulletin.text()) ?? '').toContain('城关镇</b>：P1 着火点');
    clock = new Date('2026-11-23T02:00:00Z');

    // Mistakes change nothing: no after photo, the wrong unit's liaison, verifying what is not fixed.
    expect(await h.say(liaisonA, townA, '/fixed P1 已扑灭')).toContain('必须附整改后的照片');
    expect(await h.say(liaisonB, townB, '', { caption: '/fixed P1 已扑灭', photo: true })).toContain('只能处理本单位');
    expect(await h.say(office, officeGroup, '/verify P1')).toContain('还没有报告整改，不能销号');
    expect(await h.say(office, officeGroup, '/reject P1 不行')).toContain('还没有报告整改，无需驳回');
    expect((await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } })).status).toBe('open');

    // The township fixes it with an after photo; the office is told, with the commands to answer.
    const sinceFix = h.tg.mark();
    expect(await h.say(liaisonA, townA, '', { caption: '/fixed P1 已扑灭', photo: true })).toContain('已报告 P1 整改完成');
    const toOffice = await waitFor(officeGroup, sinceFix, '报告 P1 已整改');
    expect(toOffice.params.text).toContain('/verify P1');
    expect(toOffice.params.text).toContain('/reject P1');
    expect(toOffice.params.text).toContain('整改情况：已扑灭');
    expect(await h.say(liaisonA, townA, '', { caption: '/fixed P1 再报一次', photo: true })).toContain('正在等待办公室核验');

    // The office rejects it once; the unit hears why.
    const sinceReject = h.tg.mark();
    expect(await h.say(office, officeGroup, '/reject P1 过火面未清理干净')).toContain('已驳回 P1，退回城关镇继续整改');
    const back = await waitFor(townA, sinceReject, '整改未通过核验');
    expect(back.params.text).toContain('过火面未清理干净');
    expect((await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } })).status).toBe('open');

    // Fixed again, this time replying to a photo sent before.
    const photo = h.tg.message({ from: liaisonA, chat: townA, photo: true });
    h.tg.pushUpdate(photo);
    const sinceFix2 = h.tg.mark();
    expect(await h.say(liaisonA, townA, '/fixed P1 过火面已清理，秸秆已离田', { replyTo: photo.message.message_id })).toContain('已报告 P1 整改完成');
    await waitFor(officeGroup, sinceFix2, '过火面已清理');

    // Verified and closed (销号); the unit is told.
    const sinceVerify = h.tg.mark();
    expect(await h.say(office, officeGroup, '/verify P1')).toContain('已销号：P1（城关镇）');
    await waitFor(townA, sinceVerify, '已核验销号');
    const closed = await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt?.toISOString()).toBe(clock.toISOString());
    expect(await h.say(office, officeGroup, '/verify P1')).toContain('已经销号了');

    // The whole trace.
    const trace = await h.say(office, officeGroup, '/problem P1');
    expect(trace).toContain('<b>P1 着火点</b> · 责任单位：城关镇');
    expect(trace).toContain('状态：已销号');
    expect(trace).toContain('整改前 1 份，整改后 2 份');
    const steps = trace.split('\n').filter((line) => line.startsWith('• '));
    expect(steps).toHaveLength(5);
    expect(steps[0]).toMatch(/11-20 10:00 王主任：登记问题 📷×1/);
    expect(steps[1]).toMatch(/11-23 10:00 城关张：报告已整改（已扑灭） 📷×1/);
    expect(steps[2]).toMatch(/王主任：驳回，退回整改（过火面未清理干净）/);
    expect(steps[3]).toMatch(/城关张：报告已整改（过火面已清理，秸秆已离田） 📷×1/);
    expect(steps[4]).toMatch(/王主任：核验销号/);
    expect(await h.say(liaisonA, townA, '/problem P1')).toContain('整改前 1 份，整改后 2 份');

    // Closed, it no longer costs points, and drops out of the morning reminder.
    const cgClosed = (await township('城关镇'))!;
    expect(cgClosed.score).toBe(100);
    expect(cgClosed.openProblems).toBe(0);
    expect(cgClosed.score - cgOpen.score).toBe(5);
    clock = new Date('2026-11-24T00:30:00Z');
    const sinceReminder2 = h.tg.mark();
    await h.app.services.broadcasts.reminders.run('2026-11-24');
    await h.app.sender.drain();
    const later = h.tg.calls('sendMessage').filter((c) => c.seq >= sinceReminder2 && String(c.params.chat_id) === String(townA.id));
    expect(later.filter((c) => String(c.params.text).includes('P1'))).toEqual([]);
    expect(await h.app.database.prisma.outbox.count({ where: { key: { startsWith: 'reminder:2026-11-24:unit:' } } })).toBe(0);
    expect(await h.app.services.broadcasts.bulletin.text()).toBeNull();
  });

  it('lists problems with filters; a unit group sees its own', async () => {
    clock = new Date('2026-11-24T02:00:00Z');
    // A liaison reports for their own unit, replying to a Telegram location, with the default deadline.
    const location = { message_id: 900, date: 0, chat: townB, from: liaisonB, location: { latitude: 34.7123, longitude: 114.2987 } } as unknown as Message;
    const reported = await h.say(liaisonB, townB, '', { caption: '/problem 扬尘 工地未苫盖', photo: true, replyTo: location });
    expect(reported).toContain('已登记环境问题 <b>P2</b>');
    expect(reported).toContain('时限 2026-11-27（还有 3 天）');
    expect(reported).toContain('县级发现');
    const p2 = await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 2 } });
    const wz = await h.app.services.org.resolveUnit('王庄镇');
    expect(p2).toMatchObject({ unitId: wz.ok ? wz.value.id : -1, latitude: 34.7123, longitude: 114.2987, location: null, kind: 'dust' });
    await h.app.sender.drain();
    // Registered in its own group: the confirmation is the notice, one message and not two.
    expect(reported).toContain('/fixed P2');
    expect(h.tg.sent(townB.id).filter((text) => text.includes('新的环境问题 P2'))).toEqual([]);
    expect(await h.say(liaisonB, townB, '/problem P2')).toContain('地点：坐标 34.71230, 114.29870');

    const all = await h.say(office, officeGroup, '/problems all');
    expect(all).toContain('<b>P1</b>');
    expect(all).toContain('<b>P2</b>');
    const openOnes = await h.say(office, officeGroup, '/problems');
    expect(openOnes).not.toContain('<b>P1</b>');
    expect(openOnes).toContain('<b>P2</b>');
    expect(await h.say(office, officeGroup, '/problems closed')).toContain('<b>P1</b>');
    expect(await h.say(office, leaders, '/problems 着火点 all')).not.toContain('<b>P2</b>');
    expect(await h.say(office, leaders, '/problems 王庄镇')).toContain('<b>P2</b>');
    const inTownA = await h.say(liaisonA, townA, '/problems all');
    expect(inTownA).toContain('<b>P1</b>');
    expect(inTownA).not.toContain('<b>P2</b>');
    expect(await h.say(office, officeGroup, '/problems 火星')).toContain('既不是状态');

    // /reject still sends tasks back.
    expect(await h.say(office, officeGroup, '/reject T1 理由')).toContain('T1');
    expect(await h.say(office, officeGroup, '/reject P2')).toContain('驳回必须写明理由');
  });
});

describe('the guided /problem: buttons, then the place as a reply', () => {
  let h: Harness;
  const clock = new Date('2026-11-20T02:00:00Z');
  const messageId = (call: RecordedCall) => (call.response as { result: { message_id: number } }).result.message_id;
  const buttons = (chat: Chat, id: number) => ((h.tg.getMessage(chat.id, id)?.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[]);
  /** Presses the button whose label starts with `label` (turning pages to find it) and returns the answer to the press. */
  const press = async (from: User, chat: Chat, id: number, label: string) => {
    for (let page = 0; page < 5; page++) {
      const button = buttons(chat, id).find((b) => b.text.startsWith(label)) ?? buttons(chat, id).find((b) => b.text === '下一页 ▶');
      if (!button) throw new Error(`no button ${label} in ${buttons(chat, id).map((b) => b.text).join(' ')}`);
      const since = h.tg.mark();
      h.tg.pushUpdate(h.tg.callbackQuery({ from, chat, messageId: id, data: button.callback_data }));
      const answered = await h.tg.waitForCall('answerCallbackQuery', { since });
      // A refused press shows an alert and changes nothing; any other is followed by the edited screen.
      if (!answered.params.text) await h.tg.waitForCall('editMessageText', { since });
      if (button.text.startsWith(label)) return answered;
    }
    throw new Error(`${label} not found on any page`);
  };
  const screen = (chat: Chat, id: number) => h.tg.getMessage(chat.id, id)?.text ?? '';
  /** Starts /problem and returns the id of the message with the buttons. */
  const start = async (from: User, chat: Chat) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from, chat, text: '/problem' }));
    return messageId(await h.tg.waitForCall('sendMessage', { chatId: chat.id, since }));
  };
  const promptAfter = (chat: Chat, since: number) =>
    h.tg.waitForCall('sendMessage', { chatId: chat.id, since, where: (c) => String(c.params.text).startsWith('📝 /problem G') });

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUp(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the office picks kind, level, unit and deadline, then replies with the place and a photo', async () => {
    const id = await start(office, officeGroup);
    expect(screen(officeGroup, id)).toContain('请选择问题类型');
    await press(office, officeGroup, id, '🔥 着火点');
    expect(screen(officeGroup, id)).toContain('类型：🔥 着火点');
    // Someone else cannot move the office's draft.
    const refused = await press(liaisonA, officeGroup, id, '市级发现');
    expect(refused.params.text).toContain('只有发起人');
    expect(screen(officeGroup, id)).toContain('由哪一级发现');
    await press(office, officeGroup, id, '市级发现');
    expect(screen(officeGroup, id)).toContain('请选择责任单位');
    await press(office, officeGroup, id, '城关');
    expect(screen(officeGroup, id)).toContain('责任单位：城关镇');
    const since = h.tg.mark();
    await press(office, officeGroup, id, '2026-11-21（默认）');
    const prompt = await promptAfter(officeGroup, since);
    expect(prompt.params.reply_markup).toMatchObject({ force_reply: true });
    expect(screen(officeGroup, id)).toContain('整改时限：2026-11-21');
    expect(await h.app.database.prisma.problem.count()).toBe(0);

    const promptMessage = h.tg.getMessage(officeGroup.id, messageId(prompt))!;
    const sinceReply = h.tg.mark();
    const created = await h.say(office, officeGroup, '', { caption: '王庄村东 玉米秸秆焚烧', photo: true, replyTo: promptMessage });
    expect(created).toContain('已登记环境问题 <b>P1</b>');
    expect(created).toContain('已留存 1 份照片');
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: sinceReply, timeoutMs: 15_000, where: (c) => String(c.params.text).includes('新的环境问题 P1') });
    const problem = await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 }, include: { evidence: true } });
    expect(problem).toMatchObject({ kind: 'fire', foundBy: 'city', location: '王庄村东', description: '玉米秸秆焚烧', dueDate: '2026-11-21', status: 'open' });
    expect(problem.evidence.map((e) => e.stage)).toEqual(['before']);
    // The same prompt answered twice reports nothing twice.
    expect(await h.say(office, officeGroup, '王庄村东', { replyTo: promptMessage })).toContain(fragmentOf('draft-gone'));
    expect(await h.app.database.prisma.problem.count()).toBe(1);
  });

  it('a liaison in the unit group skips the unit, and replies with a location', async () => {
    const id = await start(liaisonB, townB);
    await press(liaisonB, townB, id, '🌫️ 扬尘');
    await press(liaisonB, townB, id, '县级发现');
    expect(screen(townB, id)).toContain('责任单位：王庄镇');
    expect(screen(townB, id)).toContain('请选择整改时限');
    const since = h.tg.mark();
    await press(liaisonB, townB, id, '2026-11-27');
    const prompt = await promptAfter(townB, since);
    const promptMessage = h.tg.getMessage(townB.id, messageId(prompt))!;
    // A photo with no caption and no location: asked again, and the draft waits.
    expect(await h.say(liaisonB, townB, '', { photo: true, replyTo: promptMessage })).toContain(fragmentOf('problem-guided-where-missing'));
    const location = { message_id: 7001, date: Math.floor(clock.getTime() / 1000), chat: townB, from: liaisonB, location: { latitude: 34.5, longitude: 114.25 }, reply_to_message: promptMessage };
    const reply = await h.tg.pushAndWait({ message: location } as unknown as Parameters<Harness['tg']['pushAndWait']>[0]);
    expect(String(reply.params.text)).toContain('已登记环境问题 <b>P2</b>');
    const p2 = await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 2 }, include: { unit: true } });
    expect(p2).toMatchObject({ kind: 'dust', foundBy: 'county', location: null, latitude: 34.5, longitude: 114.25, dueDate: '2026-11-27' });
    expect(p2.unit.name).toBe('王庄镇');
  });

  it('cancel, a stale button, or someone not allowed: nothing is written', async () => {
    const before = await h.app.database.prisma.problem.count();
    const id = await start(office, privateChat(office));
    const kindButton = buttons(privateChat(office), id).find((b) => b.text.includes('信访'))!;
    await press(office, privateChat(office), id, '📮 信访');
    // The kind button again, from the screen before: a stale press.
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId: id, data: kindButton.callback_data }));
    expect((await h.tg.waitForCall('answerCallbackQuery', { since })).params.text).toContain(fragmentOf('draft-gone'));
    // Forged data for the current step: refused the same way, the screen as it was.
    const draft = kindButton.callback_data.split(':')[1];
    for (const data of [`pb:${draft}:f:village`, `pb:${draft}:u:abc`, `pb:${draft}:d:2026-13`, `pb:${draft}:zz`]) {
      const sinceForged = h.tg.mark();
      h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId: id, data }));
      expect((await h.tg.waitForCall('answerCallbackQuery', { since: sinceForged })).params.text, data).toContain(fragmentOf('draft-gone'));
    }
    expect(screen(privateChat(office), id)).toContain('由哪一级发现');
    await press(office, privateChat(office), id, '✖ 取消');
    expect(screen(privateChat(office), id)).toContain('已取消登记');
    expect(await h.say(stranger, privateChat(stranger), '/problem')).toContain(fragmentOf('access-how-to'));
    expect(await h.say(liaisonA, townB, '/problem')).toContain(fragmentOf('problem-not-your-unit'));
    expect(await h.app.database.prisma.problem.count()).toBe(before);
    expect(await h.app.database.prisma.draft.count({ where: { kind: 'problem-guided' } })).toBe(0);
  });
});

describe('an overdue problem goes up the chain like a red task', () => {
  let h: Harness;
  let clock = new Date('2026-11-20T02:00:00Z');
  const areaLeader = user(4001, { first_name: '包片刘县长', username: 'liu_xz', language_code: 'zh-hans' });
  /** Runs the 08:45 escalation of `date` and returns what each chat was sent by it. */
  const escalateOn = async (date: string) => {
    clock = new Date(`${date}T00:45:00Z`);
    const since = h.tg.mark();
    const steps = await h.app.services.broadcasts.escalations.run(date);
    await h.app.sender.drain();
    const sent = h.tg.calls('sendMessage').filter((c) => c.seq >= since);
    const to = (chatId: number) => sent.filter((c) => String(c.params.chat_id) === String(chatId)).map((c) => String(c.params.text));
    return { steps, leader: to(areaLeader.id), leadership: to(leaders.id), town: to(townA.id), all: sent.length };
  };
  /** The township reports P1 fixed, with the after photo; waits for the office's notice. */
  const fixed = async (note: string) => {
    const since = h.tg.mark();
    expect(await h.say(liaisonA, townA, '', { caption: `/fixed P1 ${note}`, photo: true })).toContain('已报告 P1 整改完成');
    await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since, timeoutMs: 15_000, where: (c) => String(c.params.text).includes(note) });
  };

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUp(h);
    const town = await h.app.database.prisma.unit.findUniqueOrThrow({ where: { name: '城关镇' }, include: { parent: true } });
    await h.say(areaLeader, privateChat(areaLeader), '/start');
    expect(await h.say(office, privateChat(office), `/grant @liu_xz leader ${town.parent!.name}`)).toContain('领导');
    const since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/problem 着火点 | unit: 城关镇 | where: 李村北地 | found: 市级')).toContain('时限 2026-11-21');
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since, timeoutMs: 15_000, where: (c) => String(c.params.text).includes('新的环境问题 P1') });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the area leader privately, then the leadership group; a fix resets it, a rejected fix restarts the clock', async () => {
    // Due 11-21; the grace is 2 days, then 5 (ESCALATION_GRACE_DAYS).
    for (const date of ['2026-11-21', '2026-11-22', '2026-11-23']) expect((await escalateOn(date)).all, date).toBe(0);
    const first = await escalateOn('2026-11-24');
    expect(first.steps).toBe(1);
    expect(first.leader).toHaveLength(1);
    expect(first.leader[0]).toContain('督办升级（第 1 级）');
    expect(first.leader[0]).toContain('城关镇的环境问题 <b>P1</b>（着火点，李村北地）整改已逾期 3 天');
    expect(first.leadership).toEqual([]);
    expect(first.town).toHaveLength(1);
    expect(first.town[0]).toContain('/fixed P1');
    // One level per run: nothing more until the second grace has passed; a rerun of a slot owes nothing.
    expect((await escalateOn('2026-11-25')).all).toBe(0);
    expect((await escalateOn('2026-11-24')).all).toBe(0);
    const second = await escalateOn('2026-11-27');
    expect(second.leadership).toHaveLength(1);
    expect(second.leadership[0]).toContain('督办升级（第 2 级）');
    expect(second.leadership[0]).toContain('逾期 6 天');
    expect(second.leader).toEqual([]);
    expect((await escalateOn('2026-11-27')).all).toBe(0);
    expect((await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } })).escalationLevel).toBe(2);

    // Fixed (with the after photo) on 11-27: the next run lifts the escalation, quietly.
    clock = new Date('2026-11-27T03:00:00Z');
    await fixed('已扑灭清理');
    expect((await escalateOn('2026-11-30')).all).toBe(0);
    expect((await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } })).escalationLevel).toBe(0);

    // Rejected on 11-30: open again and still past its deadline, its clock counts from the rejection.
    clock = new Date('2026-11-30T03:00:00Z');
    expect(await h.say(office, officeGroup, '/reject P1 仍有烟点')).toContain('已驳回 P1');
    await h.app.sender.drain();
    for (const date of ['2026-11-30', '2026-12-01', '2026-12-02']) expect((await escalateOn(date)).all, date).toBe(0);
    const again = await escalateOn('2026-12-03');
    expect(again.leader).toHaveLength(1);
    expect(again.leader[0]).toContain('督办升级（第 1 级）');

    // The trace shows each step; verified, it leaves the chain for good.
    const trace = (await h.say(office, officeGroup, '/problem P1')).split('\n').filter((line) => line.startsWith('• '));
    expect(trace.filter((line) => line.includes('升级督办（第 1 级，报')).length).toBe(2);
    expect(trace.filter((line) => line.includes('升级督办（第 2 级，报县领导班子）')).length).toBe(1);
    expect(trace.filter((line) => line.includes('升级督办解除')).length).toBe(1);
    clock = new Date('2026-12-03T03:00:00Z');
    await fixed('烟点已处理');
    expect(await h.say(office, officeGroup, '/verify P1')).toContain('已销号');
    await h.app.sender.drain();
    for (const date of ['2026-12-04', '2026-12-08', '2026-12-14']) expect((await escalateOn(date)).all, date).toBe(0);
    expect((await h.app.database.prisma.problem.findUniqueOrThrow({ where: { id: 1 } })).escalationLevel).toBe(0);
  });
});

// ───────────────────────────── bad input writes nothing ─────────────────────────────

interface Case {
  label: string;
  from: User;
  chat: Chat;
  text: string;
  photo?: boolean;
  /** locale keys, one of which the reply must contain */
  expect: string[];
}

/** Fixtures, in the order they are created: P1 城关镇 open, P2 城关镇 fixed, P3 城关镇 closed, P4 王庄镇 open. */
function badCases(): Case[] {
  const cases: Case[] = [];
  const seen = new Set<string>();
  const add = (from: User, chat: Chat, text: string, expect: string | string[], photo = false) => {
    const key = `${from.id}:${chat.id}:${photo}:${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    const preview = [...text].length > 50 ? `${[...text].slice(0, 44).join('')}… (${text.length})` : text;
    cases.push({ label: `#${cases.length + 1} ${photo ? '📷 ' : ''}${preview}`, from, chat, text, photo, expect: Array.isArray(expect) ? expect : [expect] });
  };
  const good = { unit: 'unit: 城关镇', where: 'where: 王庄村东', found: 'found: city', due: 'due: 2026-12-03' };
  const line = (kind: string, fields: Partial<Record<keyof typeof good, string | null>> & { extra?: string[] } = {}) =>
    ['/problem ' + kind, ...(['unit', 'where', 'found', 'due'] as const).map((f) => (f in fields ? fields[f] : good[f])).filter((v): v is string => !!v), ...(fields.extra ?? [])].join(' | ');

  // The kind.
  add(office, officeGroup, '/problem | unit: 城关镇 | where: 王庄村东', 'args-problem-kind-missing');
  // A guided draft that is not there (the place prompt's `/problem G<draft>` typed by hand).
  for (const token of ['G999 王庄村东', 'G0', 'G123456789 东关 说明', 'G1']) add(office, officeGroup, `/problem ${token}`, 'draft-gone', true);
  for (const kind of ['火灾', 'fires', '垃圾', 'smoke', '污水', '<b>x</b>', '🔥', 'Pfire', '着火', 'dust!', '1', filler(40, '着火点')]) {
    add(office, officeGroup, line(kind), 'args-problem-kind', true);
    add(liaisonA, townA, `/problem ${kind} | where: 东关`, 'args-problem-kind');
  }
  // The fields.
  for (const field of ['color: red', 'who: 张三', 'nonsense', '时间 12-03', 'unit 城关镇', ': 城关镇']) add(office, officeGroup, line('着火点', { extra: [field] }), 'args-problem-field');
  for (const found of ['村级', 'town', '乡', 'city-level', '市级级', 'global']) add(office, officeGroup, line('着火点', { found: `found: ${found}` }), 'args-problem-found', true);
  add(office, officeGroup, line('着火点', { extra: ['单位: 王庄镇'] }), 'args-problem-repeated');
  add(office, officeGroup, line('扬尘', { extra: ['时限: 2026-12-05'] }), 'args-problem-repeated');
  for (const empty of ['where:', 'unit：', 'due: ', 'note:', 'found:']) add(office, officeGroup, line('信访', { extra: [empty] }), ['args-problem-empty-field', 'args-problem-repeated']);
  add(office, officeGroup, line('着火点', { where: `where: ${filler(201, '王庄村东')}` }), 'args-text-too-long');
  add(office, officeGroup, line('着火点', { unit: `unit: ${filler(61, '城关镇')}` }), 'args-text-too-long');
  add(office, officeGroup, line('着火点', { extra: [`note: ${filler(2001, '秸秆焚烧')}`] }), 'args-text-too-long', true);
  add(office, officeGroup, `/problem 着火点 ${filler(4000, '玉米秸秆焚烧')} | unit: 城关镇 | where: 东`, 'args-text-too-long');
  // Names, dates, places.
  for (const unit of ['火星镇', '上海市', 'xyz', '<i>城关</i>', '县委县政府主要负责人', '城关镇第一管区']) {
    add(office, officeGroup, line('着火点', { unit: `unit: ${unit}` }), ['unit-unknown', 'unit-unknown-closest', 'unit-ambiguous', 'problem-unit-kind']);
  }
  for (const due of ['2026-13-01', '2026-02-30', 'the day after', '明天下午', '32号', '11-31', '2026/11-30', '2026-11-3x', '0000-01-01']) {
    add(office, officeGroup, line('扬尘', { due: `due: ${due}` }), 'args-bad-date', true);
  }
  for (const due of ['2026-11-01', '2026-11-19', '2025-12-03']) add(office, officeGroup, line('扬尘', { due: `due: ${due}` }), 'problem-due-in-past');
  add(office, officeGroup, line('着火点', { unit: null }), 'problem-which-unit', true);
  add(office, privateChat(office), line('督察反馈', { unit: null }), 'problem-which-unit');
  add(office, officeGroup, line('着火点', { where: null }), 'problem-where-missing', true);
  add(liaisonA, townA, '/problem 着火点', 'problem-where-missing');
  // Who.
  add(liaisonA, townA, line('着火点', { unit: 'unit: 王庄镇' }), 'problem-not-your-unit', true);
  add(liaisonA, privateChat(liaisonA), line('扬尘', { unit: 'unit: 王庄镇' }), 'problem-not-your-unit');
  add(liaisonB, townA, '/problem 着火点 | where: 东关', 'problem-not-your-unit');
  add(stranger, privateChat(stranger), line('着火点'), 'access-how-to', true);

  // /fixed.
  add(liaisonA, townA, '/fixed', 'cmd-fixed-usage', true);
  for (const token of ['X1', 'T1', 'P0', 'P99999999999', 'abc', 'P-1', 'P1.5', '第1个', '<b>1</b>', 'PP1']) {
    add(liaisonA, townA, `/fixed ${token}`.trim(), 'args-problem-code', true);
  }
  add(liaisonA, townA, `/fixed P1 ${filler(2001, '已扑灭')}`, 'args-text-too-long', true);
  for (const id of ['P999', 'P12345', '#77']) add(liaisonA, townA, `/fixed ${id} 已整改`, 'problem-unknown', true);
  for (const note of ['', '已扑灭', '已清理 过火面', '<b>完成</b>']) add(liaisonA, townA, `/fixed P1 ${note}`.trim(), 'problem-fixed-needs-photo');
  add(liaisonA, privateChat(liaisonA), '/fixed P1', 'problem-fixed-needs-photo');
  add(liaisonA, townA, '/fixed P2 再报一次', 'problem-cannot-fix-fixed', true);
  add(liaisonA, townA, '/fixed P3 再报一次', 'problem-cannot-fix-closed', true);
  add(liaisonA, townA, '/fixed P4 代报', 'problem-not-your-unit', true);
  add(liaisonB, townB, '/fixed P1', 'problem-not-your-unit', true);
  add(office, officeGroup, '/fixed P3', 'problem-cannot-fix-closed', true);
  // /verify and /reject of problems.
  add(office, officeGroup, '/verify P1', 'problem-cannot-verify-open');
  add(office, officeGroup, '/verify P3', 'problem-cannot-verify-closed');
  add(office, officeGroup, '/verify Q3', 'args-problem-code');
  add(office, officeGroup, '/reject P1 不行', 'problem-cannot-reject-open');
  add(office, officeGroup, '/reject P2', 'args-reject-reason');
  add(office, officeGroup, '/reject P999 理由', 'problem-unknown');
  add(office, officeGroup, '/reject P3 理由', 'problem-cannot-reject-closed');

  // Seeded noise: random junk after the command, which must never pass as a problem.
  const rand = prng(5);
  const junk = ['|', '：', ':', ' ', '着', '火', 'x', '🔥', '\u200b', '｜', 'P', '1', '<', '&'];
  for (let i = 0; i < 12; i++) {
    let text = '';
    const length = 1 + Math.floor(rand() * 12);
    for (let j = 0; j < length; j++) text += junk[Math.floor(rand() * junk.length)]!;
    if (/^\s*[Pp#]?\d+\s*$/.test(text)) continue;
    add(office, officeGroup, `/problem x${text}`, ['args-problem-kind', 'args-problem-field', 'args-problem-empty-field']);
  }
  return cases;
}

const BAD = badCases();

describe('bad /problem, /fixed, /verify and /reject input', () => {
  let h: Harness;
  const clock = new Date('2026-11-20T02:00:00Z');

  const counts = async () => {
    const db = h.app.database.prisma;
    const [problem, problemEvidence, auditLog, outbox, statuses] = await Promise.all([
      db.problem.count(),
      db.problemEvidence.count(),
      // A refusal is audited (every refusal is); nothing else may be written.
      db.auditLog.count({ where: { action: { notIn: ['access.denied', 'command.denied'] } } }),
      db.outbox.count(),
      db.problem.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    ]);
    return { problem, problemEvidence, auditLog, outbox, statuses };
  };

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUp(h);
    h.tg.pushUpdate(h.tg.message({ from: stranger, text: 'hello' }));
    /** Sends a fixture command with a photo and waits for the notice it causes, so no notice arrives later. */
    const fixture = async (from: User, chat: Chat, caption: string, expected: string, notified: Chat, code: string) => {
      const since = h.tg.mark();
      expect(await h.say(from, chat, '', { caption, photo: true })).toContain(expected);
      await h.tg.waitForCall('sendMessage', { chatId: notified.id, since, timeoutMs: 15_000, where: (c) => String(c.params.text).includes(code) });
      await h.app.sender.drain();
    };
    await fixture(office, officeGroup, '/problem 着火点 | unit: 城关镇 | where: 东关 | found: city', 'P1', townA, 'P1');
    await fixture(office, officeGroup, '/problem 扬尘 | unit: 城关镇 | where: 南关', 'P2', townA, 'P2');
    await fixture(office, officeGroup, '/problem 信访 | unit: 城关镇 | where: 西关', 'P3', townA, 'P3');
    await fixture(office, officeGroup, '/problem 其他 | unit: 王庄镇 | where: 北关', 'P4', townB, 'P4');
    await fixture(liaisonA, townA, '/fixed P2 已苫盖', '已报告 P2 整改完成', officeGroup, 'P2');
    await fixture(liaisonA, townA, '/fixed P3 已答复', '已报告 P3 整改完成', officeGroup, 'P3');
    expect(await h.say(office, officeGroup, '/verify P3')).toContain('已销号');
    await h.app.sender.drain();
    expect((await h.app.database.prisma.problem.findMany({ orderBy: { id: 'asc' } })).map((p) => p.status)).toEqual(['open', 'fixed', 'closed', 'open']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has at least 50 cases for /problem and /fixed', () => {
    expect(BAD.filter((c) => /^\/(problem|fixed)/.test(c.text)).length).toBeGreaterThanOrEqual(50);
  });

  it.each(BAD)('$label', async (c) => {
    const before = await counts();
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: c.from, chat: c.chat, ...(c.photo ? { caption: c.text, photo: true as const } : { text: c.text }) }));
    await h.tg.waitForCall('sendMessage', { chatId: c.chat.id, since });
    // Updates of one chat are handled in order: once /whoami is answered, the case is finished.
    const sentinelSince = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: c.from, chat: c.chat, text: '/whoami' }));
    const sentinel = await h.tg.waitForCall('sendMessage', { chatId: c.chat.id, since: sentinelSince, where: (call) => String(call.params.text).includes(fragmentOf('whoami-role')) });
    const after = await counts();
    const window = h.tg.calls().filter((call: RecordedCall) => call.seq >= since && call.seq < sentinel.seq && SENDS.has(call.method));
    const here = window.filter((call) => String(call.params.chat_id) === String(c.chat.id));
    const elsewhere = window.filter((call) => String(call.params.chat_id) !== String(c.chat.id));
    expect.soft(after, 'nothing written').toEqual(before);
    expect.soft(elsewhere.map((call) => `${call.method} → ${String(call.params.chat_id)}`), 'nothing sent elsewhere').toEqual([]);
    expect.soft(here.map((call) => call.method), 'exactly one reply').toEqual(['sendMessage']);
    const reply = String(here[0]?.params.text ?? '');
    expect.soft(here[0]?.response?.ok, 'accepted by Telegram').toBe(true);
    expect.soft(reply, 'not the internal-error apology').not.toContain(fragmentOf('errors-internal'));
    expect.soft(c.expect.some((key) => reply.includes(fragmentOf(key))), `one of ${c.expect.join(', ')}: ${reply.slice(0, 300)}`).toBe(true);
  });
});
