// summaries() at a big county's size: every job that lists work (reminders, escalation, /missing, the bulletin)
// reads it. It used to pass every task id as bound parameters and failed on SQLite at about 1,500 overdue tasks;
// now the tasks are picked in SQL and each part's figures are worked out there, the same on both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulletinBroadcast } from '../../src/broadcasts/bulletin.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { dryRun } from '../../src/db/dry-run.ts';
import { TaskQueries } from '../../src/services/task-queries.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const TASKS = 3000;
const clock = new Date('2026-12-07T01:40:00Z'); // 09:40 on 2026-12-07 in Shanghai
const at = (iso: string) => new Date(iso);

for (const backend of await backends('summaries at scale on PostgreSQL (test/services/summaries-scale.test.ts)')) {
  describe.skipIf(backend.skipped !== undefined)(`summaries at scale on ${backend.name}`, () => {
    let database: Database;
    let close: () => Promise<void>;
    let services: Services;
    let taskIds: number[];
    let unitIds: number[];

    beforeAll(async () => {
      ({ database, close } = await backend.open());
      services = testServices(database.prisma, config, () => clock);
      const db = database.prisma;
      unitIds = (await db.unit.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((u) => u.id);
      const committee = await db.committee.findFirstOrThrow({ select: { id: true } });
      await db.task.createMany({
        data: Array.from({ length: TASKS }, (_, i) => ({ title: `整治任务${i}`, committeeId: committee.id, dueDate: '2026-11-30', status: 'in_progress', createdAt: at('2026-11-01T00:00:00Z') })),
      });
      taskIds = (await db.task.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((t) => t.id);
      const lead = (i: number) => unitIds[i % unitIds.length]!;
      const cooperating = (i: number) => unitIds[(i + 3) % unitIds.length]!;
      await db.taskAssignment.createMany({
        data: taskIds.flatMap((taskId, i) => [
          // Every tenth lead part was marked done by the office with its quota unmet.
          { taskId, unitId: lead(i), role: 'lead', quota: 10, dueDate: '2026-11-30', ...(i % 10 === 0 ? { doneAt: at('2026-12-03T02:00:00Z'), doneOverride: '已完成整改' } : {}) },
          // Every hundredth cooperating part has its own later deadline (an extension for that unit alone).
          { taskId, unitId: cooperating(i), role: 'cooperating', quota: null, dueDate: i % 100 === 0 ? '2026-12-20' : '2026-11-28' },
        ]),
      });
      const report = (taskId: number, unitId: number, createdAt: string, figures: { amount?: number; percent?: number }, withdrawn = false) => ({
        taskId,
        unitId,
        reporterTelegramId: 700n,
        reporterName: '联络员',
        amount: figures.amount ?? null,
        percent: figures.percent ?? null,
        createdAt: at(createdAt),
        ...(withdrawn ? { withdrawnAt: at('2026-12-05T03:00:00Z'), changeReason: '填错' } : {}),
      });
      await db.progressReport.createMany({
        data: taskIds.flatMap((taskId, i) => [
          report(taskId, lead(i), '2026-11-10T02:00:00Z', { amount: 2 }),
          report(taskId, lead(i), '2026-11-20T02:00:00Z', { amount: 3 }),
          // Withdrawn: counts for nothing, and is not the last report.
          report(taskId, lead(i), '2026-12-04T02:00:00Z', { amount: 4 }, true),
          report(taskId, cooperating(i), '2026-11-12T02:00:00Z', { percent: 20 }),
          report(taskId, cooperating(i), '2026-11-25T02:00:00Z', { percent: 60 }),
          // Two percents at the same instant: the later row is the latest.
          ...(i % 50 === 1 ? [report(taskId, cooperating(i), '2026-11-25T02:00:00Z', { percent: 75 })] : []),
          // The latest standing report gives no percent (a note alone): the percent is the latest one that did.
          ...(i % 50 === 3 ? [report(taskId, cooperating(i), '2026-11-26T02:00:00Z', {})] : []),
          report(taskId, cooperating(i), '2026-12-05T02:00:00Z', { percent: 90 }, true),
        ]),
      });
    }, 300_000);
    afterAll(async () => {
      await close?.();
    });

    it('summaries of 3,000 overdue tasks work on both databases', async () => {
      const overdue = await services.tasks.queries.summaries({ overdueOnly: true });
      // Every task but the thirty whose only unfinished part has a later deadline of its own.
      expect(overdue).toHaveLength(TASKS - TASKS / 100);
      const all = new Map((await services.tasks.queries.summaries()).map((t) => [t.id, t]));
      expect(all.size).toBe(TASKS);

      const plain = all.get(taskIds[7]!)!;
      expect({ light: plain.light, overdueDays: plain.overdueDays }).toEqual({ light: 'red', overdueDays: 9 });
      expect(plain.progress).toBeCloseTo(0.55, 10);
      expect(plain.parts.map((p) => ({ unitId: p.unitId, role: p.role, done: p.done, ratio: p.ratio, light: p.light, overdueDays: p.overdueDays, lastReportAt: p.lastReportAt?.toISOString() }))).toEqual([
        { unitId: unitIds[7 % unitIds.length], role: 'lead', done: 5, ratio: 0.5, light: 'red', overdueDays: 7, lastReportAt: '2026-11-20T02:00:00.000Z' },
        { unitId: unitIds[10 % unitIds.length], role: 'cooperating', done: 60, ratio: 0.6, light: 'red', overdueDays: 9, lastReportAt: '2026-11-25T02:00:00.000Z' },
      ]);

      // The same instant twice: the later row's percent.
      const tie = all.get(taskIds[51]!)!;
      expect(tie.parts[1]).toMatchObject({ done: 75, ratio: 0.75 });
      expect(tie.progress).toBeCloseTo((0.5 + 0.75) / 2, 10);

      // Done by the office's override: the lead part is done, the task still red by its cooperating part.
      const overridden = all.get(taskIds[30]!)!;
      expect(overridden.parts[0]).toMatchObject({ role: 'lead', done: 5, ratio: 1, light: 'done', doneOverride: '已完成整改', finishedOn: '2026-12-03', overdueDays: 3 });
      expect({ light: overridden.light, overdueDays: overridden.overdueDays }).toEqual({ light: 'red', overdueDays: 9 });
      expect(overridden.progress).toBeCloseTo(0.8, 10);

      // Lead part done, the cooperating part on its own later deadline: not overdue, left out of the overdue list.
      const extended = all.get(taskIds[0]!)!;
      expect(extended.parts[1]).toMatchObject({ role: 'cooperating', dueDate: '2026-12-20', daysLeft: 13, overdueDays: 0 });
      expect(extended.overdueDays).toBe(0);
      expect(overdue.some((t) => t.id === extended.id)).toBe(false);
    }, 120_000);

    it("a percent part's latest percent is its latest standing report's, or the latest before it that gave one; the same read inside a transaction", async () => {
      const all = await services.tasks.queries.summaries();
      const byId = new Map(all.map((t) => [t.id, t]));
      const noted = byId.get(taskIds[3]!)!;
      expect(noted.parts[1]).toMatchObject({ done: 60, ratio: 0.6, lastReportAt: at('2026-11-26T02:00:00Z') });
      expect(byId.get(taskIds[4]!)!.parts[1]).toMatchObject({ done: 60, ratio: 0.6, lastReportAt: at('2026-11-25T02:00:00Z') });
      // A dry run (the preview) reads through its transaction, not the connection under it: the same summaries.
      const inside = await dryRun(database.prisma, (db) => new TaskQueries(db, database.provider, config.rules, config.timeZone, () => clock).summaries());
      expect(inside).toEqual(all);
    }, 120_000);

    it("lists a task once it has a part, each part with its unit's name; a closed task's parts are finished with its lead", async () => {
      const db = database.prisma;
      const committee = await db.committee.findFirstOrThrow({ select: { id: true, shortName: true } });
      const [lead, cooperating] = await db.unit.findMany({ where: { id: { in: [unitIds[1]!, unitIds[2]!] } }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
      const partless = await db.task.create({ data: { title: '尚未分工', committeeId: committee.id, dueDate: '2026-11-30', status: 'open', createdAt: at('2026-11-01T00:00:00Z') } });
      const closed = await db.task.create({
        data: {
          title: '已销号',
          committeeId: committee.id,
          dueDate: '2026-11-30',
          status: 'closed',
          createdAt: at('2026-11-01T00:00:00Z'),
          assignments: {
            create: [
              { unitId: cooperating!.id, role: 'cooperating', dueDate: '2026-11-30' },
              { unitId: lead!.id, role: 'lead', quota: 10, dueDate: '2026-11-30', doneAt: at('2026-12-02T02:00:00Z') },
            ],
          },
          reports: {
            create: [
              { unitId: lead!.id, reporterTelegramId: 700n, reporterName: '联络员', amount: 6, createdAt: at('2026-11-20T02:00:00Z') },
              // A percent after an amount on a quota part: its progress is its amounts.
              { unitId: lead!.id, reporterTelegramId: 700n, reporterName: '联络员', percent: 80, createdAt: at('2026-11-21T02:00:00Z') },
              // An amount after a percent on a percent part: its progress is its percent.
              { unitId: cooperating!.id, reporterTelegramId: 700n, reporterName: '联络员', percent: 40, createdAt: at('2026-11-22T02:00:00Z') },
              { unitId: cooperating!.id, reporterTelegramId: 700n, reporterName: '联络员', amount: 3, createdAt: at('2026-11-23T02:00:00Z') },
            ],
          },
        },
      });
      try {
        expect((await services.tasks.queries.summaries()).some((t) => t.id === partless.id || t.id === closed.id)).toBe(false);
        const finished = new Map((await services.tasks.queries.summaries({ includeFinished: true })).map((t) => [t.id, t]));
        expect(finished.has(partless.id)).toBe(false);
        const task = finished.get(closed.id)!;
        expect({ committee: task.committee, light: task.light, progress: task.progress }).toEqual({ committee: committee.shortName, light: 'done', progress: (1 + 0.4) / 2 });
        expect(task.parts.map((p) => ({ unitName: p.unitName, role: p.role, done: p.done, ratio: p.ratio, finishedOn: p.finishedOn, light: p.light, lastReportAt: p.lastReportAt?.toISOString() }))).toEqual([
          { unitName: lead!.name, role: 'lead', done: 6, ratio: 1, finishedOn: '2026-12-02', light: 'done', lastReportAt: '2026-11-21T02:00:00.000Z' },
          { unitName: cooperating!.name, role: 'cooperating', done: 40, ratio: 0.4, finishedOn: '2026-12-02', light: 'done', lastReportAt: '2026-11-23T02:00:00.000Z' },
        ]);
      } finally {
        await db.task.deleteMany({ where: { id: { in: [partless.id, closed.id] } } });
      }
    }, 120_000);

    it('writes the bulletin for them (it threw on SQLite at this size)', async () => {
      const text = await new BulletinBroadcast(services as unknown as ConstructorParameters<typeof BulletinBroadcast>[0]).text();
      expect(text).toContain('2,970 项任务逾期未完成');
    }, 120_000);
  });
}
