import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Database } from '../../src/db/client.ts';
import type { Services } from '../../src/container.ts';
import { testServices } from '../support/services.ts';
import { backends } from '../support/databases.ts';

const all = await backends('member, chat and organisation services on PostgreSQL (test/services/access.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

describe.each(all)('services on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let office: Actor;

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => new Date('2026-11-28T01:00:00Z'));
    office = await services.members.actorFor({ id: 900, first_name: '办公室' });
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(!!backend.skipped)('records a person once and again only when their name changes', async () => {
    const first = await services.members.actorFor({ id: 501, first_name: 'Li', username: 'Li_Si' });
    expect(first).toMatchObject({ role: 'member', username: 'li_si', unitId: null, locale: null });
    const updatedAt = (await database.prisma.member.findUniqueOrThrow({ where: { telegramId: 501n } })).updatedAt;
    await services.members.actorFor({ id: 501, first_name: 'Li', username: 'Li_Si' });
    expect((await database.prisma.member.findUniqueOrThrow({ where: { telegramId: 501n } })).updatedAt).toEqual(updatedAt);
    const renamed = await services.members.actorFor({ id: 501, first_name: 'Li', last_name: 'Si', username: 'lisi_new' });
    expect(renamed).toMatchObject({ displayName: 'Li Si', username: 'lisi_new' });
    expect(await services.members.find({ username: '@LISI_NEW' })).toMatchObject({ telegramId: 501n });
    expect(await services.members.find({ username: 'li_si' })).toBeNull();
  });

  it.skipIf(!!backend.skipped)('treats configured admins as admins from the first message', () => {
    expect(office.role).toBe('admin');
  });

  it.skipIf(!!backend.skipped)('grants and revokes roles in a transaction with an audit row', async () => {
    const town = await services.org.resolveUnit('城关');
    expect(town.ok).toBe(true);
    if (!town.ok) return;
    const target = (await services.members.find({ telegramId: 501n }))!;
    expect(await services.members.grant(office, target, 'liaison', null, -1n)).toEqual({
      ok: false,
      error: { key: 'grant-liaison-needs-unit' },
    });
    const granted = await services.members.grant(office, target, 'liaison', town.value.id, -1n);
    expect(granted.ok && granted.value.unit?.name).toBe('城关镇');
    expect(await services.members.actorFor({ id: 501, first_name: 'Li', last_name: 'Si', username: 'lisi_new' })).toMatchObject({
      role: 'liaison',
      unitName: '城关镇',
    });
    const revoked = await services.members.revoke(office, (await services.members.find({ telegramId: 501n }))!, -1n);
    expect(revoked.ok && revoked.value.role).toBe('member');
    const audit = await database.prisma.auditLog.findMany({ where: { entity: 'member' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, JSON.parse(a.before!), JSON.parse(a.after!)])).toEqual([
      ['member.grant', { role: 'member', unit: null }, { role: 'liaison', unit: '城关镇' }],
      ['member.revoke', { role: 'liaison', unit: '城关镇' }, { role: 'member', unit: null }],
    ]);
  });

  it.skipIf(!!backend.skipped)('refuses to demote a configured admin', async () => {
    const self = (await services.members.find({ telegramId: 900n }))!;
    expect(await services.members.revoke(office, self, -1n)).toMatchObject({ ok: false, error: { key: 'grant-configured-admin' } });
  });

  it.skipIf(!!backend.skipped)('binds, moves and unbinds a group, auditing each step', async () => {
    const chat = { id: -1009001, type: 'supergroup', title: '王庄镇群' };
    expect((await services.chats.viewOf(chat)).place).toBe('unbound');
    const wangzhuang = await services.org.resolveUnit('王庄镇');
    if (!wangzhuang.ok) throw new Error('seed lacks 王庄镇');
    const bound = await services.chats.bind(office, chat, { kind: 'unit', unitId: wangzhuang.value.id });
    expect(bound.ok && bound.value.before).toBeNull();
    expect(await services.chats.viewOf(chat)).toMatchObject({ place: 'unit', unitName: '王庄镇' });
    const moved = await services.chats.bind(office, chat, { kind: 'leadership' });
    expect(moved.ok && moved.value.before?.unit?.name).toBe('王庄镇');
    expect(await services.chats.viewOf(chat)).toMatchObject({ place: 'leadership', unitId: null });
    expect((await services.chats.unbind(office, BigInt(chat.id))).ok).toBe(true);
    expect(await services.chats.unbind(office, BigInt(chat.id))).toEqual({ ok: false, error: { key: 'unbind-not-bound' } });
    expect((await services.chats.viewOf(chat)).place).toBe('unbound');
    const actions = await database.prisma.auditLog.findMany({ where: { entity: 'chat' }, orderBy: { id: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['chat.bind', 'chat.bind', 'chat.unbind']);
    expect(await services.chats.bind(office, { id: 5, type: 'private' }, { kind: 'admin' })).toEqual({
      ok: false,
      error: { key: 'bind-not-in-group' },
    });
  });

  it.skipIf(!!backend.skipped)('resolves unit and committee names by name, alias and unique prefix', async () => {
    expect(await services.org.resolveCommittee('大气')).toMatchObject({ ok: true, value: { code: 'air' } });
    expect(await services.org.resolveCommittee('air')).toMatchObject({ ok: true, value: { code: 'air' } });
    expect(await services.org.resolveUnit('生态环境局')).toMatchObject({ ok: true, value: { name: '生态环境局' } });
    expect(await services.org.resolveUnit('不存在的单位')).toEqual({ ok: false, error: { key: 'unit-unknown', vars: { name: '不存在的单位' } } });
    // 生态环境局 and 县生态委办公室 (a leading 县 is not part of what people type).
    const ambiguous = await services.org.resolveUnit('生态');
    expect(ambiguous.ok || ambiguous.error.key).toBe('unit-ambiguous');
    expect((await services.org.committees()).length).toBe(14);
  });

  it.skipIf(!!backend.skipped)('a member needs a unit: one of no unit is a stranger', async () => {
    const target = (await services.members.find({ telegramId: 501n }))!;
    expect(await services.members.grant(office, target, 'member', null, -1n)).toEqual({ ok: false, error: { key: 'grant-member-needs-unit' } });
  });

  it.skipIf(!!backend.skipped)('a stranger cannot read any task; a liaison reads their unit\'s, and nothing of another unit\'s, each refusal audited', async () => {
    const [town, other, water] = [await services.org.resolveUnit('城关镇'), await services.org.resolveUnit('王庄镇'), await services.org.resolveCommittee('水')];
    if (!town.ok || !other.ok || !water.ok) throw new Error('seed lacks 城关镇, 王庄镇 or 水');
    const at = { actor: office, chatId: -1n };
    const created = await services.tasks.create(at, {
      title: '城关镇污水治理', committeeId: water.value.id, description: null, dueDate: '2026-12-31', measure: null,
      assignments: [{ unitId: town.value.id, role: 'lead', quota: null }],
    });
    if (!created.ok) throw new Error(created.error.key);
    const taskId = created.value.id;
    const privately = (actor: Actor) => ({ actor, where: { chatId: actor.telegramId, place: 'private' as const, unitId: null, unitName: null, title: null } });
    const stranger = await services.members.actorFor({ id: 777, first_name: '路人' });
    const liaison = (unitId: number): Actor => ({ ...stranger, telegramId: 778n, role: 'liaison', unitId });
    const denied = () => database.prisma.auditLog.count({ where: { action: 'access.denied' } });
    const before = await denied();

    expect(await services.access.task(privately(stranger), taskId)).toMatchObject({ ok: false, error: { key: 'access-hidden' } });
    expect(await services.access.taskSummaries(privately(stranger), {})).toMatchObject({ ok: false });
    expect(await services.access.task(privately(liaison(other.value.id)), taskId)).toMatchObject({ ok: false, error: { key: 'access-task-hidden' } });
    expect(await services.access.taskSummaries(privately(liaison(other.value.id)), { unitId: town.value.id })).toMatchObject({ ok: false });
    expect(await services.access.whole(privately(liaison(town.value.id)), 'digest')).toMatchObject({ ok: false });
    expect(await denied()).toBe(before + 5);

    expect(await services.access.task(privately(liaison(town.value.id)), taskId)).toMatchObject({ ok: true });
    const own = await services.access.taskSummaries(privately(liaison(other.value.id)), {});
    expect(own.ok && own.value.map((t) => t.id)).toEqual([]);
    expect(await services.access.task(privately(office), taskId)).toMatchObject({ ok: true });
    // In 王庄镇's group even the office reads 王庄镇's work only.
    const inOtherGroup = { actor: office, where: { chatId: -5n, place: 'unit' as const, unitId: other.value.id, unitName: '王庄镇', title: null } };
    expect(await services.access.task(inOtherGroup, taskId)).toMatchObject({ ok: false, error: { key: 'access-task-hidden' } });
  });

  it.skipIf(!!backend.skipped)('handles an update id once', async () => {
    await database.prisma.processedUpdate.create({ data: { updateId: 77n } });
    await expect(database.prisma.processedUpdate.create({ data: { updateId: 77n } })).rejects.toMatchObject({ code: 'P2002' });
  });
});
