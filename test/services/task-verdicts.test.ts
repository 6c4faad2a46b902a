import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import type { ActionContext, Actor } from '../../src/domain/actor.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import type { UserError } from '../../src/domain/result.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const all = await backends('multi-task verdicts on PostgreSQL (test/services/task-verdicts.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();
const clock = new Date('2026-11-20T10:00:00+08:00');

function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: UserError }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe.each(all)('verdicts on several tasks on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let office: Actor;
  let cg: number;
  let wz: number;
  let water: number;
  const as = (actor: Actor): ActionContext => ({ actor, chatId: -1004n });

  const create = async (title: string) => {
    const input: NewTaskInput = {
      title,
      committeeId: water,
      description: null,
      dueDate: '2026-11-30',
      measure: null,
      assignments: [
        { unitId: cg, role: 'lead', quota: null },
        { unitId: wz, role: 'cooperating', quota: null },
      ],
    };
    return valueOf(await services.tasks.create(as(office), input)).id;
  };
  const statuses = async (ids: number[]) => (await database.prisma.task.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).map((t) => t.status);
  const verdictAudits = (ids: number[]) =>
    database.prisma.auditLog.findMany({ where: { entity: 'task', entityId: { in: ids.map(String) }, action: { in: ['task.cancel', 'task.close', 'task.reopen'] } }, orderBy: { id: 'asc' } });
  const snapshot = async () => ({
    tasks: await database.prisma.task.findMany({ orderBy: { id: 'asc' } }),
    parts: await database.prisma.taskAssignment.findMany({ orderBy: { id: 'asc' } }),
    audit: await database.prisma.auditLog.count({ where: { action: { not: 'access.denied' } } }),
  });
  const skips = (steps: { task: { id: number }; skip: string | null }[]) => steps.filter((s) => s.skip !== null).map((s) => [s.task.id, s.skip]);

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
    office = await services.members.actorFor({ id: 900, first_name: '办公室' });
    cg = valueOf(await services.org.resolveUnit('城关镇')).id;
    wz = valueOf(await services.org.resolveUnit('王庄镇')).id;
    water = valueOf(await services.org.resolveCommittee('水')).id;
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(!!backend.skipped)('cancels every task that may be cancelled, skips the cancelled one with its reason, one audit row per task; a second confirm changes nothing', async () => {
    const [a, b, c] = [await create('甲'), await create('乙'), await create('丙')];
    valueOf(await services.tasks.decide(as(office), c, 'cancel', '已合并'));
    const before = await snapshot();
    // The preview writes nothing and says what Confirm will do.
    const plan = valueOf(await services.tasks.planVerdicts(as(office), [a, b, c], 'cancel'));
    expect(plan.map((s) => [s.task.id, s.to])).toEqual([[a, 'cancelled'], [b, 'cancelled'], [c, null]]);
    expect(skips(plan)).toEqual([[c, 'task-is-cancelled']]);
    expect(await snapshot()).toEqual(before);

    const done = valueOf(await services.tasks.decideMany(as(office), [a, b, c], 'cancel', '重复导入'));
    expect(done.decided.map((d) => [d.task.id, d.before, d.task.status])).toEqual([[a, 'open', 'cancelled'], [b, 'open', 'cancelled']]);
    expect(skips(done.skipped)).toEqual([[c, 'task-is-cancelled']]);
    expect(await statuses([a, b, c])).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const audits = await verdictAudits([a, b]);
    expect(audits.map((r) => [Number(r.entityId), r.action, JSON.parse(r.before!), JSON.parse(r.after!), r.actorTelegramId])).toEqual([
      [a, 'task.cancel', { status: 'open' }, { status: 'cancelled', reason: '重复导入' }, 900n],
      [b, 'task.cancel', { status: 'open' }, { status: 'cancelled', reason: '重复导入' }, 900n],
    ]);

    const again = await snapshot();
    const second = valueOf(await services.tasks.decideMany(as(office), [a, b, c], 'cancel', '重复导入'));
    expect(second.decided).toEqual([]);
    expect(skips(second.skipped)).toEqual([[a, 'task-is-cancelled'], [b, 'task-is-cancelled'], [c, 'task-is-cancelled']]);
    expect(await snapshot()).toEqual(again);
  });

  it.skipIf(!!backend.skipped)('closes the done tasks of a range and skips those not reported done; reopens closed and cancelled ones and skips open ones', async () => {
    const [done, open] = [await create('已完成'), await create('未完成')];
    for (const unitId of [wz, cg]) valueOf(await services.tasks.markDone(as(office), { taskId: done, unitId, note: null, overrideReason: null }));
    const closed = valueOf(await services.tasks.decideMany(as(office), [done, open], 'close', null));
    expect(closed.decided.map((d) => [d.task.id, d.task.status])).toEqual([[done, 'closed']]);
    expect(skips(closed.skipped)).toEqual([[open, 'task-not-done']]);

    const cancelled = await create('已取消');
    valueOf(await services.tasks.decide(as(office), cancelled, 'cancel', '重复'));
    const reopened = valueOf(await services.tasks.decideMany(as(office), [done, open, cancelled], 'reopen', '继续推进'));
    expect(reopened.decided.map((d) => [d.task.id, d.before, d.task.status])).toEqual([[done, 'closed', 'in_progress'], [cancelled, 'cancelled', 'in_progress']]);
    expect(skips(reopened.skipped)).toEqual([[open, 'task-not-reopenable']]);
    // Reopened, the lead has to say "done" again.
    expect((await database.prisma.taskAssignment.findFirstOrThrow({ where: { taskId: done, unitId: cg } })).doneAt).toBeNull();
    expect((await verdictAudits([done])).map((r) => r.action)).toEqual(['task.close', 'task.reopen']);
  });

  it.skipIf(!!backend.skipped)('a code that names no task refuses the whole, writing nothing; so does anyone but the office', async () => {
    const a = await create('甲');
    const before = await snapshot();
    const unknown = { ok: false, error: { key: 'tasks-unknown', vars: { codes: 'T987654、T987655' } } };
    expect(await services.tasks.planVerdicts(as(office), [a, 987_654, 987_655], 'cancel')).toEqual(unknown);
    expect(await services.tasks.decideMany(as(office), [a, 987_654, 987_655], 'cancel', '重复')).toEqual(unknown);
    const liaison: Actor = { ...office, telegramId: 3001n, role: 'liaison', unitId: cg, unitName: '城关镇' };
    expect(await services.tasks.decideMany(as(liaison), [a], 'cancel', '重复')).toEqual({ ok: false, error: { key: 'errors-not-allowed-action' } });
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(!!backend.skipped)('a verdict names as told only the units the task was announced to', async () => {
    const [announced, silent] = [await create('已通知'), await create('未通知')];
    await services.tasks.markAnnounced(new Map([[announced, [cg, wz]]]));
    const done = valueOf(await services.tasks.decideMany(as(office), [announced, silent], 'cancel', '重复导入'));
    expect(done.decided.map((d) => [d.task.id, d.told])).toEqual([[announced, [cg, wz]], [silent, []]]);
    const single = await create('单个');
    await services.tasks.markAnnounced(new Map([[single, [wz]]]));
    expect(valueOf(await services.tasks.decide(as(office), single, 'cancel', '重复')).told).toEqual([wz]);
  });
});
