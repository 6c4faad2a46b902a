import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Database } from '../../src/db/client.ts';
import type { Services } from '../../src/container.ts';
import type { NewProblemInput } from '../../src/services/problems.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

/**
 * Problems and alerts on both databases: the lifecycle's checks, races between two presses at once (the
 * conditional updates must let exactly one win on PostgreSQL too), problem escalation, and the alert tick
 * run by two instances at once.
 */
const all = await backends('problem and alert services on PostgreSQL (test/services/problems.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900', PROBLEM_DEADLINE_DAYS: 'dust:4', ALERT_RESEND_MINUTES: '10', ALERT_MAX_SENDS: '2' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const local = (date: string, time = '10:00:00') => new Date(`${date}T${time}+08:00`);
const photo = (n: number) => ({ kind: 'photo' as const, fileId: `file-${n}`, fileUniqueId: `unique-${n}`, fileName: null });

describe.each(all)('problem and alert services on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let clock = local('2026-11-20');
  let office: Actor;
  let cg: { id: number; name: string };
  let wz: { id: number; name: string };
  const liaison = (unit: { id: number; name: string }, telegramId: bigint): Actor => ({
    telegramId,
    memberId: null,
    displayName: `${unit.name}联络员`,
    username: null,
    role: 'liaison',
    unitId: unit.id,
    unitName: unit.name,
    locale: null,
  });
  const at = (actor: Actor) => ({ actor, chatId: -1004n });
  const input = (over: Partial<NewProblemInput> = {}): NewProblemInput => ({
    kind: 'fire',
    description: null,
    location: '李村北地',
    latitude: null,
    longitude: null,
    foundBy: 'city',
    unitId: cg.id,
    dueDate: '2026-11-21',
    evidence: [photo(1)],
    ...over,
  });

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
    office = await services.members.actorFor({ id: 900, first_name: '办公室' });
    const unit = async (name: string) => {
      const found = await services.org.resolveUnit(name);
      if (!found.ok) throw new Error(name);
      return { id: found.value.id, name: found.value.name };
    };
    cg = await unit('城关镇');
    wz = await unit('王庄镇');
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(backend.skipped)('checks who may report what, and the deadline by kind from the configuration', async () => {
    expect(services.problems.defaultDueDate('dust')).toBe('2026-11-24');
    expect(services.problems.defaultDueDate('fire')).toBe('2026-11-21');
    const before = await database.prisma.problem.count();
    expect(await services.problems.create(at(liaison(cg, 31n)), input({ unitId: wz.id }))).toEqual({ ok: false, error: { key: 'problem-not-your-unit' } });
    expect(await services.problems.create(at(office), input({ dueDate: '2026-11-19' }))).toMatchObject({ ok: false, error: { key: 'problem-due-in-past' } });
    const county = await services.org.resolveUnit('县委县政府主要负责人');
    if (county.ok) expect(await services.problems.create(at(office), input({ unitId: county.value.id }))).toMatchObject({ ok: false, error: { key: 'problem-unit-kind' } });
    expect(await database.prisma.problem.count()).toBe(before);
    const created = await services.problems.create(at(liaison(cg, 31n)), input());
    expect(created.ok && created.value).toMatchObject({ kind: 'fire', status: 'open', unitId: cg.id, evidenceIds: [expect.any(Number)] });
  });

  it.skipIf(backend.skipped)('of two verifications at once, exactly one closes the problem', async () => {
    const created = await services.problems.create(at(office), input());
    if (!created.ok) throw new Error('not created');
    const id = created.value.id;
    expect(await services.problems.fix(at(liaison(cg, 31n)), { problemId: id, note: null, evidence: [] })).toMatchObject({ ok: false, error: { key: 'problem-fixed-needs-photo' } });
    expect((await services.problems.fix(at(liaison(cg, 31n)), { problemId: id, note: '已扑灭', evidence: [photo(2)] })).ok).toBe(true);
    const results = await Promise.all([services.problems.verify(at(office), id, null), services.problems.verify(at(office), id, null), services.problems.reject(at(office), id, '不行')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const row = await database.prisma.problem.findUniqueOrThrow({ where: { id } });
    const audits = await database.prisma.auditLog.count({ where: { entity: 'problem', entityId: String(id), action: { in: ['problem.verify', 'problem.reject'] } } });
    expect(audits).toBe(1);
    expect(['closed', 'open']).toContain(row.status);
  });

  it.skipIf(backend.skipped)('escalates an overdue open problem one level a run, and lifts it once fixed', async () => {
    clock = local('2026-11-20');
    const created = await services.problems.create(at(office), input({ unitId: wz.id, dueDate: '2026-11-21' }));
    if (!created.ok) throw new Error('not created');
    const id = created.value.id;
    const levelOf = async () => (await database.prisma.problem.findUniqueOrThrow({ where: { id } })).escalationLevel;
    const run = async (date: string) => {
      clock = local(date, '08:45:00');
      await services.broadcasts.escalations.run(date);
      return levelOf();
    };
    expect(await run('2026-11-23')).toBe(0);
    expect(await run('2026-11-24')).toBe(1);
    expect(await run('2026-11-26')).toBe(1);
    expect(await run('2026-11-27')).toBe(2);
    expect(await run('2026-11-30')).toBe(2);
    // Both steps were owed to someone (no leader known for the area here: the leadership group, if bound).
    expect(await database.prisma.auditLog.count({ where: { entity: 'problem', entityId: String(id), action: 'problem.escalate' } })).toBe(2);
    clock = local('2026-11-30', '11:00:00');
    expect((await services.problems.fix(at(liaison(wz, 32n)), { problemId: id, note: null, evidence: [photo(3)] })).ok).toBe(true);
    expect(await run('2026-12-01')).toBe(0);
    expect(await database.prisma.auditLog.count({ where: { entity: 'problem', entityId: String(id), action: 'problem.escalation-reset' } })).toBe(1);
  });

  it.skipIf(backend.skipped)('an alert: one acknowledgement per unit when two press at once; two ticks at once send each copy once', async () => {
    clock = local('2026-12-01', '14:00:00');
    const db = database.prisma;
    for (const [i, unit] of [cg, wz].entries()) await db.chatBinding.create({ data: { chatId: BigInt(-2000 - i), kind: 'unit', unitId: unit.id, title: unit.name } });
    const alerts = services.alerts;
    const recipients = await alerts.recipients({ kind: 'townships' });
    if (!recipients.ok) throw new Error('no recipients');
    const alert = await alerts.create({ telegramId: 900n, chatId: -1004n }, { level: 'orange', text: '启动橙色预警响应', scope: { kind: 'townships' }, recipients: recipients.value.reached }, (tx, created) =>
      services.broadcasts.alerts.owe(tx, created),
    );
    const cgChat = alert.targets.find((t) => t.unitId === cg.id)!.chatId!;
    const pressers = [31n, 33n].map((telegramId) => ({ telegramId, displayName: `联络员${telegramId}`, role: 'liaison', unitId: cg.id }));
    const acks = await Promise.all(pressers.map((actor) => alerts.acknowledge(alert.id, cgChat, actor)));
    expect(acks.map((a) => a.kind).sort()).toEqual(['acked', 'already']);

    // 10 minutes (ALERT_RESEND_MINUTES=10) on, two instances tick at once: 王庄镇 gets its second copy once.
    clock = local('2026-12-01', '14:10:00');
    await Promise.all([services.broadcasts.alerts.tick(), services.broadcasts.alerts.tick()]);
    const copies = async () => (await db.outbox.findMany({ where: { key: { startsWith: `alert:${alert.id}:send:` } } })).map((r) => r.key).sort();
    const wzChat = alert.targets.find((t) => t.unitId === wz.id)!.chatId;
    expect(await copies()).toEqual([`alert:${alert.id}:send:1:chat:${cgChat}`, `alert:${alert.id}:send:1:chat:${wzChat}`, `alert:${alert.id}:send:2:chat:${wzChat}`].sort());
    // ALERT_MAX_SENDS=2: ten minutes after the second copy it is escalated, once, however many tick.
    clock = local('2026-12-01', '14:20:00');
    await Promise.all([services.broadcasts.alerts.tick(), services.broadcasts.alerts.tick()]);
    expect((await copies()).length).toBe(3);
    const targets = await db.alertTarget.findMany({ where: { alertId: alert.id } });
    expect(targets.find((t) => t.unitId === wz.id)).toMatchObject({ sends: 2, escalatedAt: expect.any(Date) });
    expect(await db.auditLog.count({ where: { action: 'alert.escalate', entityId: String(alert.id) } })).toBe(1);
  });

  it.skipIf(backend.skipped)('an alert names the units it could not reach (no bound group, no robot), in the record and the roll-call', async () => {
    clock = local('2026-12-02', '09:00:00');
    const db = database.prisma;
    const alerts = services.alerts;
    // 城关镇 and 王庄镇 have groups (bound above); every other township has neither a group nor a robot.
    const townships = await db.unit.findMany({ where: { kind: 'township' }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { robots: { where: { active: true } } } });
    const silent = townships.filter((u) => u.id !== cg.id && u.id !== wz.id && u.robots.length === 0).map((u) => u.name);
    expect(silent.length).toBeGreaterThan(0);
    const recipients = await alerts.recipients({ kind: 'townships' });
    if (!recipients.ok) throw new Error('no recipients');
    expect(recipients.value.reached.map((r) => r.unitId)).toEqual(expect.arrayContaining([cg.id, wz.id]));
    expect(recipients.value.unreached.map((u) => u.unitName)).toEqual(silent);
    // A department is out of a townships alert's scope: neither reached nor listed.
    expect(recipients.value.unreached.some((u) => u.unitName === '生态环境局')).toBe(false);
    const { reached, unreached } = recipients.value;
    const alert = await alerts.create({ telegramId: 900n, chatId: -1004n }, { level: 'orange', text: '启动橙色预警响应', scope: { kind: 'townships' }, recipients: reached, unreached }, (tx, created) =>
      services.broadcasts.alerts.owe(tx, created),
    );
    expect(alert.unreached.split('\n')).toEqual(silent);
    // No copy is owed to a unit not reached, and the tick neither re-sends to nor escalates it.
    expect(alert.targets.every((t) => !silent.includes(t.unit.name))).toBe(true);
    const rollCall = services.broadcasts.alerts.rollCall(alert);
    expect(rollCall).toContain(`未送达（未绑定工作群）（${silent.length}）`);
    expect(rollCall).toContain(silent.join('、'));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'alert.create', entityId: String(alert.id) } });
    expect(JSON.parse(audit.after!)).toMatchObject({ unreached: silent });
  });
});
