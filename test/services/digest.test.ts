import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

/**
 * The digest on both databases: the previous digest's figures are read from the stored snapshot (the first
 * digest has none), today's replace any kept earlier today, and the progress of the parts it names is read
 * from their standing reports (a withdrawn one counts for nothing).
 */
const all = await backends('the digest on PostgreSQL (test/services/digest.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();
/** A local (Asia/Shanghai) date at 09:00. */
const morning = (date: string) => new Date(`${date}T09:00:00+08:00`);

describe.each(all)('the digest on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let clock = morning('2026-11-30');

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(backend.skipped)('compares with the last stored digest before today, names the laggards’ parts with their progress, and keeps one snapshot a day', async () => {
    const db = database.prisma;
    const committee = await db.committee.findFirstOrThrow();
    const unit = (name: string) => db.unit.findUniqueOrThrow({ where: { name } });
    const [cg, wz] = [await unit('城关镇'), await unit('王庄镇')];
    const task = await db.task.create({
      data: {
        title: '村庄生活污水治理验收',
        committeeId: committee.id,
        dueDate: '2026-12-01',
        measure: '村',
        status: 'in_progress',
        assignments: { create: [{ unitId: cg.id, role: 'lead', quota: 5, dueDate: '2026-12-01' }, { unitId: wz.id, role: 'cooperating', quota: 4, dueDate: '2026-12-01' }] },
      },
    });
    const report = (unitId: number, amount: number, withdrawn = false) =>
      db.progressReport.create({ data: { taskId: task.id, unitId, reporterTelegramId: 1n, reporterName: '联络员', amount, withdrawnAt: withdrawn ? clock : null } });
    await report(cg.id, 2);
    await report(cg.id, 1);
    await report(wz.id, 4, true);
    const compute = () => services.digests.compute(clock, new Date(clock.getTime() - 86_400_000));

    const first = await compute();
    expect(first.previousDate).toBeNull();
    expect(first.changes).toBeNull();
    expect(first.headlineTasks.map((t) => [t.code, t.done, t.quota, t.units.map((u) => [u.unitName, u.done, u.quota])])).toEqual([
      [`T${task.id}`, 3, 9, [['王庄镇', 0, 4], ['城关镇', 3, 5]]],
    ]);

    // Wednesday: both parts fell overdue on Tuesday; compared with Monday's figures.
    clock = morning('2026-12-02');
    const later = await compute();
    expect(later.previousDate).toBe('2026-11-30');
    expect(later.changes).toMatchObject({ red: 1, yellow: -1 });
    expect(later.laggards.map((u) => [u.unitName, u.overdue, u.overdueDays, u.change, u.parts.map((p) => [p.daysOverdue, p.progress?.done, p.quota])])).toEqual([
      ['城关镇', 1, 1, 1, [[1, 3, 5]]],
      ['王庄镇', 1, 1, 1, [[1, 0, 4]]],
    ]);
    expect(later.newlyOverdue).toEqual([{ code: `T${task.id}`, title: '村庄生活污水治理验收', units: ['城关镇', '王庄镇'] }]);

    // Computed again the same day (a /digest later on): still against Monday, and today's figures replaced.
    await db.taskAssignment.update({ where: { taskId_unitId: { taskId: task.id, unitId: wz.id } }, data: { doneAt: clock } });
    clock = new Date(clock.getTime() + 6 * 3_600_000);
    const again = await compute();
    expect(again.previousDate).toBe('2026-11-30');
    expect(again.laggards.map((u) => u.unitName)).toEqual(['城关镇']);
    const kept = await db.digestSnapshot.findMany({ orderBy: { date: 'asc' } });
    expect(kept.map((k) => k.date)).toEqual(['2026-11-30', '2026-12-02']);
    expect(JSON.parse(kept[1]!.figures)).toMatchObject({ date: '2026-12-02', red: 1, overdueByUnit: { [String(cg.id)]: 1 } });
  });
});
