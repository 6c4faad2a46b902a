import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, User } from 'grammy/types';
import { addDays } from '../../src/domain/calendar.ts';
import { plainText } from '../../src/render/html.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';

/**
 * A fortnight of a small county, 2026-11-30 (Monday) to 2026-12-13, with the clock moved by the test and
 * the scheduler run at each job's time: which chat got which reminder, escalation, digest and bulletin on
 * which day.
 */
const office = user(1001, { first_name: '王主任', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li' });
const liaisonE = user(2003, { first_name: '环境局赵', username: 'hj_zhao' });
const leader = user(3001, { first_name: '包片刘县长', username: 'liu_xz' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const townC = group(-1003, '东城街道工作群');
const bureau = group(-1004, '生态环境局工作群');
const leaders = group(-1005, '县领导群');
const officeGroup = group(-1006, '生态委办公室');

/** Local (Asia/Shanghai) date and time → the instant. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
let clock = at('2026-11-27', '10:00');

const WORKDAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'];

describe('a simulated fortnight', () => {
  let h: Harness;
  /** What each chat was sent, by local day: [kind-ish first line]. */
  const log = new Map<string, { chat: number; text: string; method: string }[]>();

  const runDay = async (date: string, actions: Record<string, () => Promise<void>> = {}) => {
    for (const time of ['08:31', '08:46', '09:01', '09:31', '10:00']) {
      clock = at(date, time);
      const since = h.tg.mark();
      if (actions[time]) await actions[time]();
      await h.app.services.scheduler.runDue();
      await h.app.sender.drain(20_000);
      const sent = h.tg.sentItems().filter((s) => s.seq >= since && !s.method.startsWith('edit'));
      log.set(date, [...(log.get(date) ?? []), ...sent.map((s) => ({ chat: Number(s.chatId), text: s.text, method: s.method }))]);
    }
  };
  const sentOn = (date: string, chat: Chat | User, contains?: string) =>
    (log.get(date) ?? []).filter((m) => m.chat === chat.id && (contains === undefined || m.text.includes(contains)));

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    for (const [chat, target] of [
      [townA, '城关镇'],
      [townB, '王庄镇'],
      [townC, '东城街道'],
      [bureau, '生态环境局'],
      [leaders, 'leadership'],
      [officeGroup, 'admin'],
    ] as const) {
      await h.say(office, chat, `/bind ${target}`);
    }
    for (const [liaison, chat] of [
      [liaisonA, townA],
      [liaisonB, townB],
      [liaisonE, bureau],
    ] as const) {
      h.tg.pushUpdate(h.tg.message({ from: liaison, chat, text: '到' }));
      await h.say(office, chat, `/grant @${liaison.username} liaison`);
    }
    // The county leader responsible for 城关镇's area: the first link above the township.
    const town = await h.app.database.prisma.unit.findUniqueOrThrow({ where: { name: '城关镇' }, include: { parent: true } });
    await h.say(leader, privateChat(leader), '/start');
    expect(await h.say(office, privateChat(office), `/grant @liu_xz leader ${town.parent!.name}`)).toContain('领导');

    const actor = { actor: await h.app.services.members.actorFor(office), chatId: BigInt(office.id) };
    const names = await h.app.services.org.resolver();
    const id = (name: string) => (names.unit(name) as { ok: true; value: { id: number } }).value.id;
    const committee = (name: string) => (names.committee(name) as { ok: true; value: { id: number } }).value.id;
    for (const input of [
      { title: '村庄生活污水治理验收', committeeId: committee('水'), dueDate: '2026-12-02', measure: '村', assignments: [{ unitId: id('城关镇'), role: 'lead' as const, quota: 5 }] },
      { title: '散煤清零排查', committeeId: committee('大气'), dueDate: '2026-12-04', measure: null, assignments: [{ unitId: id('王庄镇'), role: 'lead' as const, quota: null }] },
      { title: '锅炉窑炉整治台账', committeeId: committee('大气'), dueDate: '2026-12-20', measure: null, assignments: [{ unitId: id('生态环境局'), role: 'lead' as const, quota: null }] },
    ]) {
      expect((await h.app.services.tasks.create(actor, { description: null, ...input })).ok).toBe(true);
    }
    // The bureau finished three earlier tasks at once (T4–T6): from 12-03, with three parts due, it is ranked.
    for (const [title, dueDate] of [['加油站油气回收检查', '2026-11-30'], ['散煤替代气源保障', '2026-12-01'], ['工业企业错峰生产核查', '2026-12-02']] as const) {
      const created = await h.app.services.tasks.create(actor, { description: null, title, committeeId: committee('大气'), dueDate, measure: null, assignments: [{ unitId: id('生态环境局'), role: 'lead', quota: null }] });
      if (!created.ok) throw new Error(created.error.key);
      expect(await h.say(liaisonE, bureau, `/done T${created.value.id} 已完成`)).toContain('T');
    }

    let date = '2026-11-30';
    while (date <= '2026-12-13') {
      const today = date;
      await runDay(today, {
        // 王庄镇 reports and asks for more time on Thursday; the office approves at once.
        ...(today === '2026-12-03'
          ? {
              '10:00': async () => {
                await h.say(liaisonB, townB, '/report T2 40% 已排查两个村');
                const since = h.tg.mark();
                await h.say(liaisonB, townB, '/extend T2 12月11日 排查范围扩大');
                await h.app.sender.drain(10_000);
                const request = h.tg.sentItems().find((s) => s.seq >= since && Number(s.chatId) === officeGroup.id)!;
                const call = h.tg.calls('sendMessage').find((c) => c.seq === request.seq)!;
                const button = (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!;
                const mark = h.tg.mark();
                h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: officeGroup, messageId: (call.response as { result: { message_id: number } }).result.message_id, data: button.callback_data }));
                await h.tg.waitForCall('answerCallbackQuery', { since: mark });
              },
            }
          : {}),
        // The bureau reports on its stale task on the second Tuesday.
        ...(today === '2026-12-08' ? { '10:00': async () => void (await h.say(liaisonE, bureau, '/report T3 30%')) } : {}),
        // 城关镇's liaison is away on the 9th and 10th.
        ...(today === '2026-12-04' ? { '10:00': async () => void (await h.say(liaisonA, townA, '/away 12月10日')) } : {}),
        // 王庄镇 finishes on the 10th; the office closes it.
        ...(today === '2026-12-10'
          ? {
              '10:00': async () => {
                await h.say(liaisonB, townB, '/done T2 全部完成');
                await h.say(office, officeGroup, '/close T2');
              },
            }
          : {}),
      });
      date = addDays(date, 1);
    }
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('sends nothing at weekends', () => {
    for (const date of ['2026-12-05', '2026-12-06', '2026-12-12', '2026-12-13']) {
      expect(log.get(date)?.filter((m) => m.chat < 0 || m.chat === leader.id) ?? [], date).toEqual([]);
    }
  });

  it('reminds 城关镇 every working day, naming its liaison except while away', () => {
    for (const date of WORKDAYS) {
      const reminders = sentOn(date, townA, '今日督办提醒');
      expect(reminders, date).toHaveLength(1);
      expect(reminders[0]!.text).toContain('T1');
      expect(reminders[0]!.text.includes('tg://user?id=2001'), date).toBe(!['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'].includes(date));
    }
  });

  it('reminds 王庄镇 only while its task is due soon, and not after the extension moved it', () => {
    const days = WORKDAYS.filter((date) => sentOn(date, townB, '今日督办提醒').length > 0);
    expect(days).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-08', '2026-12-09', '2026-12-10']);
  });

  it('reminds the bureau of its silent task until it reports, and never a unit with nothing to say', () => {
    const days = WORKDAYS.filter((date) => sentOn(date, bureau, '今日督办提醒').length > 0);
    expect(days).toEqual(['2026-12-04', '2026-12-07', '2026-12-08']);
    expect(sentOn('2026-12-04', bureau, '天以上未汇报')).toHaveLength(1);
    for (const date of WORKDAYS) expect(sentOn(date, townC), date).toEqual([]);
  });

  it('escalates the overdue task one level at a time: the area leader, then the leadership group', () => {
    const toLeader = WORKDAYS.filter((date) => sentOn(date, leader, '督办升级').length > 0);
    const toLeadership = WORKDAYS.filter((date) => sentOn(date, leaders, '督办升级').length > 0);
    expect(toLeader).toEqual(['2026-12-07']);
    expect(toLeadership).toEqual(['2026-12-08']);
    expect(sentOn('2026-12-07', townA, '已按责任链上报')).toHaveLength(1);
    expect(sentOn('2026-12-08', townA, '已按责任链上报')).toHaveLength(1);
  });

  it('sends the digest every working day, with the ranking chart once a unit has enough parts due', () => {
    for (const date of WORKDAYS) {
      const digest = sentOn(date, leaders).filter((m) => m.text.includes('督办日报') || m.method === 'sendPhoto' || m.method === 'sendMediaGroup');
      // Only the bureau is ranked (three parts due from 12-03); the townships have one each: no chart for them.
      expect(digest.map((m) => m.method), date).toEqual(date < '2026-12-03' ? ['sendMessage'] : ['sendMessage', 'sendPhoto']);
      // A morning in the leadership group is at most the escalations, the digest's text and its charts.
      expect(sentOn(date, leaders).length, date).toBeLessThanOrEqual(3);
    }
  });

  it('the digest says what changed since the previous one, who is furthest behind and with what, and who is not ranked yet', () => {
    const digestOn = (date: string) => plainText(sentOn(date, leaders, '督办日报')[0]!.text).split('\n');
    expect(digestOn('2026-11-30')).toContain('首份日报，暂无对比。');
    // Wednesday 12-03: T1 fell overdue yesterday, named with its unit.
    const wednesday = digestOn('2026-12-03');
    expect(wednesday).toContain('🆕 新增逾期：T1 村庄生活污水治理验收（城关镇）');
    expect(wednesday).toContain('🔴 逾期 1 项（较昨日 +1） · 🟡 临期 1 项（较昨日 -1）');
    // Monday 12-07, compared with Friday's digest.
    const monday = digestOn('2026-12-07');
    expect(monday).toEqual(
      expect.arrayContaining([
        '完成率 50%，与12月4日持平（任务 6 项，已完成 3 项）',
        '按时完成率 75%，与12月4日持平（到期的单位任务 4 个，按时完成 3 个）',
        '🔴 逾期 1 项（与12月4日持平） · 🟡 临期 0 项（与12月4日持平）',
        '1. 城关镇：逾期 1 项，累计 5 天（与12月4日持平）',
        '· T1 村庄生活污水治理验收：逾期 5 天，已完成 0/5村（0%）',
        '1. 生态环境局 100 分（按时 3/3）',
        '暂不排名（到期任务不足 3 项）：城关镇、王庄镇',
      ]),
    );
    expect(monday.some((line) => line.startsWith('🆕'))).toBe(false);
    expect(monday.some((line) => line.includes('城关镇 0 分'))).toBe(false);
  });

  it('drafts the Monday bulletin for the office when there is something to report: the week’s completed work, then the overdue', () => {
    const first = sentOn('2026-11-30', officeGroup, '督办通报');
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain('本期完成单位任务 3 项，销号 0 项。');
    expect(first[0]!.text).toContain('目前没有逾期未完成的任务。');
    expect(first[0]!.text).toContain('乡镇（街道、开发区）：暂不排名（到期任务不足 3 项）：城关镇、王庄镇');
    const draft = sentOn('2026-12-07', officeGroup, '督办通报');
    expect(draft).toHaveLength(1);
    expect(draft[0]!.text).toContain('城关镇');
    expect(sentOn('2026-12-07', leaders, '督办通报')).toEqual([]);
  });

  it('shows the escalation steps in the task’s history', async () => {
    clock = at('2026-12-14', '10:00');
    const detail = await h.say(office, officeGroup, '/task T1');
    expect(detail.match(/逾期升级督办/g)).toHaveLength(2);
  });

  it('runs each slot once: running the scheduler again sends nothing more', async () => {
    clock = at('2026-12-11', '09:05');
    const since = h.tg.mark();
    expect(await h.app.services.scheduler.runDue()).toEqual([]);
    await h.app.sender.drain(5_000);
    expect(h.tg.sentItems().filter((s) => s.seq >= since)).toEqual([]);
  });
});
