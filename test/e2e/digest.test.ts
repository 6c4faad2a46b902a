import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../../src/render/html.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

// /digest as leaders and the office use it: once, not twice by accident; a preview only to the asker.

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const leader = user(3001, { first_name: '赵', last_name: '书记', username: 'zhao_sj', language_code: 'zh-hans' });
const leaders = group(-100222, '县领导群');
const officeGroup = group(-100333, '生态委办');

describe('/digest', () => {
  let h: Harness;
  let clock = new Date('2026-12-02T02:00:00Z');
  const digestsTo = (chatId: number, since: number) =>
    h.tg.sentItems(chatId).filter((s) => s.seq >= since && (s.text.includes('督办日报') || s.method === 'sendMediaGroup'));

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUpChats(h, office, [[leaders, 'leadership'], [officeGroup, 'admin']]);
    h.tg.pushUpdate(h.tg.message({ from: leader, chat: leaders, text: '收到' }));
    expect(await h.say(office, leaders, '/grant @zhao_sj leader')).toContain('领导');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends once; asked again within 30 minutes it asks first, and sends again only when told', async () => {
    const since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    expect(digestsTo(leaders.id, since).length).toBeGreaterThanOrEqual(1);
    const sent = digestsTo(leaders.id, since).length;

    clock = new Date(clock.getTime() + 10 * 60_000);
    const ask = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('10 分钟前刚发过日报。确定再发一次吗？');
    const question = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: ask });
    const [again, skip] = (question.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    const messageId = (question.response as { result: { message_id: number } }).result.message_id;
    await h.app.sender.drain(10_000);
    expect(digestsTo(leaders.id, since)).toHaveLength(sent);

    // A leader asking in the leadership group is asked too; "不发了" sends nothing.
    const leaderAsk = h.tg.mark();
    expect(await h.say(leader, leaders, '/digest')).toContain('确定再发一次吗');
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: officeGroup, messageId, data: skip!.callback_data }));
    await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: leaderAsk, where: (c) => String(c.params.text).includes('本次不再发送') });
    await h.app.sender.drain(10_000);
    expect(digestsTo(leaders.id, since)).toHaveLength(sent);

    // "再发一次" sends it.
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: officeGroup, messageId, data: again!.callback_data }));
    await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: leaderAsk, where: (c) => String(c.params.text).includes('日报已发送到') });
    await h.app.sender.drain(10_000);
    expect(digestsTo(leaders.id, since).length).toBeGreaterThan(sent);

    // Half an hour later it sends without asking.
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
  });

  it('sends a preview asked for in a group to the asker privately, never to the group', async () => {
    await h.app.sender.drain(10_000);
    clock = new Date(clock.getTime() + 60 * 60_000);
    const since = h.tg.mark();
    expect(await h.say(leader, leaders, '/digest preview')).toContain('预览已私聊发给您');
    await h.app.sender.drain(10_000);
    expect(digestsTo(leaders.id, since)).toEqual([]);
    expect(digestsTo(privateChat(leader).id, since).length).toBeGreaterThanOrEqual(1);
    // A preview is no digest: /digest right after it does not ask.
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
  });

  it('shows the unit furthest behind with its overdue part, days and progress, and the headline quota task by unit', async () => {
    const db = h.app.database.prisma;
    const committee = await db.committee.findFirstOrThrow();
    const [cg, wz] = [await db.unit.findUniqueOrThrow({ where: { name: '城关镇' } }), await db.unit.findUniqueOrThrow({ where: { name: '王庄镇' } })];
    const task = await db.task.create({
      data: {
        title: '村庄生活污水治理验收',
        committeeId: committee.id,
        dueDate: '2026-11-28',
        measure: '村',
        status: 'in_progress',
        assignments: { create: [{ unitId: cg.id, role: 'lead', quota: 5, dueDate: '2026-11-28' }, { unitId: wz.id, role: 'cooperating', quota: 4, dueDate: '2026-11-28', doneAt: new Date('2026-11-27T02:00:00Z') }] },
      },
    });
    await db.progressReport.createMany({ data: [{ taskId: task.id, unitId: cg.id, reporterTelegramId: 1n, reporterName: '城关张', amount: 2 }, { taskId: task.id, unitId: wz.id, reporterTelegramId: 2n, reporterName: '王庄李', amount: 4 }] });
    await h.app.sender.drain(10_000);
    clock = new Date(clock.getTime() + 31 * 60_000);
    const since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    const text = plainText(digestsTo(leaders.id, since).find((s) => s.method === 'sendMessage')!.text).split('\n');
    const code = `T${task.id}`;
    expect(text).toEqual(
      expect.arrayContaining([
        // The earlier digests were today's: nothing before today to compare with.
        '1. 城关镇：逾期 1 项，累计 4 天',
        '首份日报，暂无对比。',
        `· ${code} 村庄生活污水治理验收：逾期 4 天，已完成 2/5村（40%）`,
        `${code} 村庄生活污水治理验收：合计 6/9村`,
        '🔴城关镇 2/5、✅王庄镇 4/4',
        '暂不排名（到期任务不足 3 项）：城关镇、王庄镇',
      ]),
    );
  });

  it('names what was closed since the last digest of an earlier day: on Monday, since Friday\'s', async () => {
    const db = h.app.database.prisma;
    const committee = await db.committee.findFirstOrThrow();
    const unit = await db.unit.findUniqueOrThrow({ where: { name: '城关镇' } });
    const closed = async (title: string, at: string) => {
      const task = await db.task.create({
        data: { title, committeeId: committee.id, dueDate: '2026-12-04', status: 'closed', assignments: { create: [{ unitId: unit.id, role: 'lead', dueDate: '2026-12-04', doneAt: new Date(at) }] } },
      });
      await db.auditLog.create({ data: { at: new Date(at), action: 'task.close', entity: 'task', entityId: String(task.id) } });
      return `T${task.id} ${title}`;
    };
    const closedLine = (since: number) =>
      plainText(digestsTo(leaders.id, since).find((s) => s.method === 'sendMessage')!.text)
        .split('\n')
        .find((l) => l.includes('销号：'));
    await h.app.sender.drain(10_000);

    // Friday 09:30: the digest; a task closed at 08:00 is in it.
    const beforeFriday = await closed('散煤清零复查', '2026-12-04T00:00:00Z');
    clock = new Date('2026-12-04T01:30:00Z');
    let since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    expect(closedLine(since)).toContain(beforeFriday);

    // Closed on Friday afternoon and on Saturday: Monday's digest names both, and not Friday morning's again.
    const fridayAfternoon = await closed('餐饮油烟整治', '2026-12-04T07:00:00Z');
    const saturday = await closed('河道垃圾清理', '2026-12-05T02:00:00Z');
    clock = new Date('2026-12-07T01:30:00Z');
    since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    const monday = closedLine(since)!;
    expect(monday).toMatch(/^✅ 12月4日以来销号：/);
    expect(monday).toContain(fridayAfternoon);
    expect(monday).toContain(saturday);
    expect(monday).not.toContain(beforeFriday);

    // Sent again on Monday, it names the same: the day's digests count from the same one.
    clock = new Date(clock.getTime() + 31 * 60_000);
    since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    expect(closedLine(since)).toBe(monday);

    // Tuesday: nothing closed since Monday's digest, so no line.
    clock = new Date('2026-12-08T01:30:00Z');
    since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/digest')).toContain('日报已发送到 1 个领导群');
    await h.app.sender.drain(10_000);
    expect(closedLine(since)).toBeUndefined();
  });
});
