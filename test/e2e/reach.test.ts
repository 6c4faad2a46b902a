import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

// Issue 11, failure 9: who a message reaches, and when.
const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const leader = user(4001, { first_name: '刘县长', username: 'liu_xz', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const officeGroup = group(-1004, '生态委办公室');
const leaders = group(-1005, '县领导群');

const mentionOf = (id: number, name: string) => `<a href="tg://user?id=${id}">${name}</a>`;

describe('the reach of a message: quiet hours, liaisons mentioned, a leader’s own units', () => {
  let h: Harness;
  /** Wednesday 2026-11-18 10:00 in Asia/Shanghai; tests move it on. */
  let clock = new Date('2026-11-18T02:00:00Z');
  /** The notice owed to a chat: the command answers first and owes it just after. */
  const owedNotice = async (chatId: number, problemId: number) => {
    for (let tries = 0; tries < 200; tries++) {
      const row = await h.app.database.prisma.outbox.findFirst({ where: { chatId: BigInt(chatId), kind: 'notice', key: { contains: `problem:${problemId}:created` } } });
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no notice owed to ${chatId}`);
  };
  const titles = { own: '城关镇污水管网排查', other: '县外单位台账整理' };

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUpChats(h, office, [[townA, '城关镇'], [townB, '王庄镇'], [officeGroup, 'admin'], [leaders, 'leadership']], [[liaisonA, townA], [liaisonB, townB]]);
    const s = h.app.services;
    const units = await h.app.database.prisma.unit.findMany();
    const town = units.find((u) => u.name === '城关镇')!;
    // A unit the same post does not oversee.
    const other = units.find((u) => u.parentId !== null && u.parentId !== town.parentId && u.id !== town.parentId)!;
    const committee = await s.org.resolveCommittee('水');
    if (!committee.ok) throw new Error('organisation not loaded');
    const actor: Actor = { telegramId: BigInt(office.id), memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null };
    for (const [title, unitIds] of [
      [titles.own, [town.id, units.find((u) => u.name === '王庄镇')!.id]],
      [titles.other, [other.id]],
    ] as const) {
      const created = await s.tasks.create(
        { actor, chatId: BigInt(officeGroup.id) },
        { title, committeeId: committee.value.id, description: null, dueDate: '2026-11-19', measure: null, assignments: unitIds.map((unitId, i) => ({ unitId, role: i === 0 ? ('lead' as const) : ('cooperating' as const), quota: null })) },
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
    }
    await h.say(leader, privateChat(leader), '/start');
    const post = units.find((u) => u.id === town.parentId)!;
    expect(await h.say(office, privateChat(office), `/grant @liu_xz leader ${post.name}`)).toContain('领导');
    // 王庄镇's liaison is away: notices do not call them.
    expect(await h.say(liaisonB, townB, '/away 2026-12-31')).toContain('2026-12-31');
    await h.app.sender.drain();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('holds a problem notice registered at 23:10 until quiet hours end, then sends it calling the liaison', async () => {
    clock = new Date('2026-11-18T15:10:00Z'); // 23:10 local
    const since = h.tg.mark();
    const created = await h.say(office, officeGroup, '', { caption: '/problem 着火点 | unit: 城关镇 | where: 王庄村东 | found: 县级 | due: 2026-11-21', photo: true });
    expect(created).toContain('P1');
    expect(created).toContain('将于 07:30 通知城关镇工作群');
    const notice = await owedNotice(townA.id, 1);
    await h.app.sender.drain();
    // Owed at 07:30 local, the end of quiet hours.
    expect(await h.app.database.prisma.outbox.findUnique({ where: { key: notice.key } })).toMatchObject({ status: 'pending', notBefore: new Date('2026-11-18T23:30:00Z') });
    expect(h.tg.calls("sendMessage").filter((c) => c.seq > since && String(c.params.chat_id) === String(townA.id))).toHaveLength(0);

    clock = new Date('2026-11-18T23:31:00Z'); // 07:31 local
    await h.app.sender.drain();
    const sent = h.tg.sent(townA.id).filter((text) => text.includes('新的环境问题 P1'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(mentionOf(liaisonA.id, '城关张'));
  });

  it('does not call a liaison who is away', async () => {
    clock = new Date('2026-11-19T02:00:00Z');
    expect(await h.say(office, officeGroup, '', { caption: '/problem 着火点 | unit: 王庄镇 | where: 李庄村北 | found: 县级 | due: 2026-11-21', photo: true })).toContain('P2');
    await owedNotice(townB.id, 2);
    await h.app.sender.drain();
    const sent = h.tg.sent(townB.id).filter((text) => text.includes('新的环境问题 P2'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toContain('tg://user');
  });

  it('mentions the liaisons in the escalation notice to a unit’s group, not those away', async () => {
    clock = new Date('2026-11-25T02:00:00Z');
    expect(await h.app.services.broadcasts.escalations.run('2026-11-25')).toBeGreaterThan(0);
    await h.app.sender.drain();
    const toA = h.tg.sent(townA.id).filter((text) => text.includes('已按责任链上报'));
    expect(toA).toHaveLength(1);
    expect(toA[0]!.startsWith(mentionOf(liaisonA.id, '城关张'))).toBe(true);
    const toB = h.tg.sent(townB.id).filter((text) => text.includes('已按责任链上报'));
    expect(toB).toHaveLength(1);
    expect(toB[0]).not.toContain('tg://user');
  });

  it('limits a leader’s /tasks overdue mine to the units their post oversees', async () => {
    const all = await h.say(leader, privateChat(leader), '/tasks overdue');
    expect(all).toContain(titles.own);
    expect(all).toContain(titles.other);
    const mine = await h.say(leader, privateChat(leader), '/tasks overdue mine');
    expect(mine).toContain(titles.own);
    expect(mine).not.toContain(titles.other);
    expect(await h.say(leader, privateChat(leader), '/tasks mine')).toContain(titles.own);
    // Someone without a post to oversee is told what mine means.
    expect(await h.say(office, privateChat(office), '/tasks overdue mine')).toContain('分管');
  });
});
