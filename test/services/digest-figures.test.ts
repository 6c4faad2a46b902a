import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { addDays } from '../../src/domain/calendar.ts';
import type { Digest, DigestSnapshot } from '../../src/domain/digest.ts';
import type { TaskStatus } from '../../src/domain/tasks.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';
import { DigestService } from '../../src/services/digest.ts';

/**
 * The figures leaders see in the digest — scores, rankings, rates, lights, laggards, headline quotas, changes —
 * computed by DigestService.compute from rows on both databases, whatever the computation is made of (Node or
 * SQL). Each case writes its own organisation, tasks, parts, reports, problems, closures and snapshot on an
 * emptied database, from the same compact descriptions as the domain's unit tests had.
 */
const all = await backends('the digest figures on PostgreSQL (test/services/digest-figures.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();
/** A local (Asia/Shanghai) date at 10:00: the instant a part finished that day, or the digest ran. */
const at10 = (date: string) => new Date(`${date}T10:00:00+08:00`);

type Kind = 'township' | 'department';
type Found = 'county' | 'city';
/** A unit's part: on the task's deadline unless it names its own; finished at 10:00 local on finishedOn. */
type PartOver = { unitId: number; finishedOn: string | null; dueDate?: string; quota?: number };
interface TaskOver {
  dueDate?: string;
  status?: TaskStatus;
  /** The lead part's date, stated to check the description agrees with it (the task's date is its lead's doneAt). */
  finishedOn?: string | null;
  committee?: '大气' | '水';
  measure?: string | null;
  /** The first is the lead's, the others cooperating. */
  parts?: PartOver[];
}
interface TaskDescription extends TaskOver {
  id: number;
}
const task = (id: number, over: TaskOver = {}): TaskDescription => ({ id, ...over });

interface Report {
  taskId: number;
  unitId: number;
  amount?: number;
  percent?: number;
  withdrawn?: boolean;
  /** When it was made (the latest standing percent is the part's). */
  at?: Date;
}
interface World {
  units: { id: number; name: string; kind: Kind }[];
  tasks: TaskDescription[];
  reports?: Report[];
  /** Open problems, by unit. */
  problems?: { unitId: number; foundBy: Found }[];
  /** Tasks closed (销号) since the last digest: a 'task.close' audit row each. */
  closedSince?: number[];
  /** The last digest's stored figures. */
  previous?: DigestSnapshot;
}

const digestUnits: World['units'] = [
  { id: 1, name: '城关镇', kind: 'township' },
  { id: 2, name: '王庄镇', kind: 'township' },
  { id: 3, name: '发改局', kind: 'department' },
];
const committees = [
  { id: 1, code: 'dq', name: '大气污染防治专业委员会', shortName: '大气' },
  { id: 2, code: 'water', name: '水污染防治专业委员会', shortName: '水' },
];

describe.each(all)('the digest figures on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open({ seeded: false }));
    services = testServices(database.prisma, config, () => new Date());
  });
  afterAll(async () => {
    await close?.();
  });

  /** Empties what a case writes, then writes the world: ids as given, so task codes and unit ids are the description's. */
  async function given(world: World): Promise<void> {
    const db = database.prisma;
    await db.progressReport.deleteMany();
    await db.taskAssignment.deleteMany();
    await db.auditLog.deleteMany();
    await db.problem.deleteMany();
    await db.digestSnapshot.deleteMany();
    await db.task.deleteMany();
    await db.committee.deleteMany();
    await db.unit.deleteMany();
    await db.unit.createMany({ data: world.units });
    await db.committee.createMany({ data: committees });
    for (const t of world.tasks) {
      const dueDate = t.dueDate ?? '2026-12-20';
      const parts = t.parts ?? [{ unitId: 1, finishedOn: null }];
      if (t.finishedOn !== undefined && t.finishedOn !== parts[0]!.finishedOn) throw new Error(`T${t.id}: a task finishes on its lead part's date`);
      await db.task.create({
        data: {
          id: t.id,
          title: `任务${t.id}`,
          committeeId: committees.find((c) => c.shortName === (t.committee ?? '大气'))!.id,
          status: t.status ?? 'in_progress',
          dueDate,
          measure: t.measure ?? null,
          assignments: {
            create: parts.map((p, i) => ({
              unitId: p.unitId,
              role: i === 0 ? 'lead' : 'cooperating',
              dueDate: p.dueDate ?? dueDate,
              quota: p.quota ?? null,
              doneAt: p.finishedOn === null ? null : at10(p.finishedOn),
            })),
          },
        },
      });
    }
    for (const r of world.reports ?? []) {
      const at = r.at ?? new Date('2026-11-20T10:00:00+08:00');
      await db.progressReport.create({
        data: { taskId: r.taskId, unitId: r.unitId, reporterTelegramId: 1n, reporterName: '联络员', amount: r.amount ?? null, percent: r.percent ?? null, createdAt: at, withdrawnAt: r.withdrawn ? at : null },
      });
    }
    for (const [i, p] of (world.problems ?? []).entries()) {
      await db.problem.create({ data: { kind: 'dust', description: `问题${i + 1}`, foundBy: p.foundBy, unitId: p.unitId, dueDate: '2026-12-31', status: 'open', reportedByTelegramId: 1n } });
    }
    for (const id of world.closedSince ?? []) {
      await db.auditLog.create({ data: { at: new Date('2026-12-09T15:00:00+08:00'), action: 'task.close', entity: 'task', entityId: String(id), before: '{"status":"done"}', after: '{"status":"closed"}' } });
    }
    if (world.previous) {
      await db.digestSnapshot.create({ data: { date: world.previous.date, figures: JSON.stringify(world.previous), updatedAt: at10(world.previous.date) } });
    }
  }

  /** The digest of `today` at 10:00, with closures since yesterday's at 10:00. */
  const digestOn = (today: string): Promise<Digest> => services.digests.compute(at10(today), at10(addDays(today, -1)));

  describe('outcome scores and rankings', () => {
    type Part = { dueDate: string; finishedOn: string | null; cancelled: boolean };
    const onTime = (dueDate = '2026-11-30'): Part => ({ dueDate, finishedOn: dueDate, cancelled: false });
    const today = '2026-12-10';
    const scoringUnits = [...'甲乙丙丁戊己庚'].map((name, i) => ({ id: i + 1, name, kind: 'township' as const }));
    const idOf = (name: string) => scoringUnits.find((u) => u.name === name)!.id;
    /** Each part its own task: cancelled with it, done when it finished, else in progress. */
    const worldOf = (units: { name: string; parts: Part[]; foundBy?: Found[] }[]): World => {
      let id = 0;
      return {
        units: scoringUnits,
        tasks: units.flatMap((u) =>
          u.parts.map((p) =>
            task(++id, {
              dueDate: p.dueDate,
              status: p.cancelled ? 'cancelled' : p.finishedOn !== null ? 'done' : 'in_progress',
              parts: [{ unitId: idOf(u.name), finishedOn: p.finishedOn }],
            }),
          ),
        ),
        problems: units.flatMap((u) => (u.foundBy ?? []).map((foundBy) => ({ unitId: idOf(u.name), foundBy }))),
      };
    };
    /** 甲's score in the townships' ranking, ranked or not. */
    const score = async (parts: Part[], foundBy: Found[] = []) => {
      await given(worldOf([{ name: '甲', parts, foundBy }]));
      const { townships } = await digestOn(today);
      const found = [...townships.ranked, ...townships.notRanked].filter((s) => s.unitName === '甲');
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    it.skipIf(backend.skipped)('gives full marks for on-time work and judges nothing before its deadline has come', async () => {
      expect(await score([onTime(), onTime(), onTime()])).toMatchObject({ score: 100, due: 3, onTime: 3 });
      // Open and due later, or finished early but not yet due: not judged yet, as in the on-time rate.
      expect(await score([{ dueDate: '2026-12-30', finishedOn: null, cancelled: false }, { dueDate: '2026-12-30', finishedOn: '2026-12-01', cancelled: false }])).toMatchObject({ score: null, due: 0 });
      expect((await score([onTime(), { dueDate: '2026-12-01', finishedOn: null, cancelled: true }])).due).toBe(1);
    });

    it.skipIf(backend.skipped)('one part a day late costs a tenth of that part, not the unit its score', async () => {
      expect(await score([onTime(), onTime(), { dueDate: '2026-12-09', finishedOn: null, cancelled: false }])).toMatchObject({ score: 97, overdue: 1, overdueDays: 1 });
      expect((await score([{ dueDate: '2026-12-09', finishedOn: null, cancelled: false }])).score).toBe(90);
    });

    it.skipIf(backend.skipped)('weighs lateness by days: an open part loses a tenth a day down to 0, a part finished late keeps at least half', async () => {
      const open = (days: number): Part => ({ dueDate: addDays(today, -days), finishedOn: null, cancelled: false });
      const lateBy = (days: number): Part => ({ dueDate: '2026-11-01', finishedOn: addDays('2026-11-01', days), cancelled: false });
      const scores = async (parts: Part[]) => {
        const out: (number | null)[] = [];
        for (const p of parts) out.push((await score([p])).score);
        return out;
      };
      expect(await scores([1, 3, 10, 40].map(open))).toEqual([90, 70, 0, 0]);
      expect(await scores([1, 3, 10, 40].map(lateBy))).toEqual([90, 70, 50, 50]);
      expect(await score([onTime(), lateBy(2), open(5)])).toMatchObject({ score: 77, onTime: 1, late: 1, overdue: 1, overdueDays: 5 });
    });

    it.skipIf(backend.skipped)('deducts open problems by who found them', async () => {
      expect((await score([onTime(), onTime(), onTime()], ['city', 'county'])).score).toBe(93);
    });

    it.skipIf(backend.skipped)('ranks only units with at least minDueParts parts due, best first, ties sharing a rank; the rest apart', async () => {
      expect(config.rules.scoring.minDueParts).toBe(3);
      const three = [onTime(), onTime(), onTime()];
      await given(
        worldOf([
          { name: '乙', parts: [onTime(), onTime(), { dueDate: '2026-12-08', finishedOn: null, cancelled: false }] },
          { name: '甲', parts: three },
          { name: '丙', parts: [onTime(), onTime(), { dueDate: '2026-12-08', finishedOn: null, cancelled: false }] },
          { name: '丁', parts: [...three, { dueDate: '2026-11-01', finishedOn: null, cancelled: false }] },
          // One part a day late, and nothing due at all: neither is ranked, first or last.
          { name: '戊', parts: [{ dueDate: '2026-12-09', finishedOn: null, cancelled: false }] },
          { name: '己', parts: [{ dueDate: '2026-12-30', finishedOn: null, cancelled: false }] },
          { name: '庚', parts: [] },
        ]),
      );
      const { ranked, notRanked } = (await digestOn(today)).townships;
      expect(ranked.map((r) => [r.unitName, r.rank, r.score])).toEqual([
        ['甲', 1, 100],
        ['丙', 2, 93],
        ['乙', 2, 93],
        ['丁', 4, 75],
      ]);
      expect(notRanked.map((r) => [r.unitName, r.due])).toEqual([
        ['己', 0],
        ['戊', 1],
      ]);
    });

    it.skipIf(backend.skipped)('rounds a score as the exact figure rounds: 0.9 and 0.6 over two parts is 75', async () => {
      // A day late (0.9) and four days late (0.6), both finished: 1.5 of 2.
      expect(await score([{ dueDate: '2026-11-01', finishedOn: '2026-11-02', cancelled: false }, { dueDate: '2026-11-01', finishedOn: '2026-11-05', cancelled: false }])).toMatchObject({ score: 75, due: 2, late: 2 });
    });

    it.skipIf(backend.skipped)('rounds a score at an exact half up, as the exact figure rounds: 1 + 1 + 0.9 + 0.2 over four parts is 77.5, shown 78', async () => {
      // Summed in floating point the tenths give 77.49999999999999: the exact figure is what is shown.
      const open = (days: number): Part => ({ dueDate: addDays(today, -days), finishedOn: null, cancelled: false });
      expect(await score([onTime(), onTime(), open(1), open(8)])).toMatchObject({ score: 78, due: 4, onTime: 2, overdue: 2, overdueDays: 9 });
    });
  });

  describe('the digest', () => {
    it.skipIf(backend.skipped)('sums up rates, lights, rankings, changes and laggards', async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, { dueDate: '2026-12-09' }),
          task(2, { dueDate: '2026-12-01', parts: [{ unitId: 2, finishedOn: null }], committee: '水' }),
          task(3, { dueDate: '2026-12-12', parts: [{ unitId: 3, finishedOn: null }] }),
          task(4, { status: 'closed', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 3, finishedOn: '2026-12-04' }] }),
          task(5, { status: 'cancelled', dueDate: '2026-11-01' }),
        ],
        closedSince: [4],
      });
      const digest = await digestOn('2026-12-10');
      // On time over the parts whose deadline has come: T1 and T2 open past theirs, T4 finished a day early.
      expect(digest.totals).toEqual({ tasks: 4, finished: 1, open: 3, red: 2, yellow: 1, completionRate: 0.25, onTimeRate: 1 / 3, onTimeDue: 3, onTime: 1 });
      expect(digest.newlyOverdue).toEqual([{ code: 'T1', title: '任务1', units: ['城关镇'] }]);
      expect(digest.newlyClosed).toEqual([{ code: 'T4', title: '任务4' }]);
      expect(digest.newlyClosedSince).toBe('2026-12-09');
      // Nobody has three parts due: nobody is ranked, none is first with 100.
      expect(digest.townships.ranked).toEqual([]);
      expect(digest.townships.notRanked.map((u) => [u.unitName, u.due])).toEqual([
        ['城关镇', 1],
        ['王庄镇', 1],
      ]);
      expect(digest.committees[0]).toMatchObject({ name: '大气', red: 1 });
      expect(digest.laggards.map((u) => [u.unitName, u.overdue, u.overdueDays, u.parts.map((p) => [p.code, p.daysOverdue])])).toEqual([
        ['王庄镇', 1, 9, [['T2', 9]]],
        ['城关镇', 1, 1, [['T1', 1]]],
      ]);
      expect(digest.changes).toBeNull();
      expect(digest.snapshot).toEqual({ date: '2026-12-10', tasks: 4, finished: 1, red: 2, yellow: 1, onTimeDue: 3, onTime: 1, overdueByUnit: { '1': 1, '2': 1 } });
    });

    it.skipIf(backend.skipped)('says what changed since the previous digest: rates in points as shown, counts, overdue per unit, and what fell overdue since', async () => {
      const tasks = [
        task(1, { dueDate: '2026-12-04', parts: [{ unitId: 1, finishedOn: null }, { unitId: 2, finishedOn: '2026-12-03' }] }),
        task(2, { dueDate: '2026-12-05', parts: [{ unitId: 1, finishedOn: null }] }),
        task(3, { dueDate: '2026-12-06', status: 'done', finishedOn: '2026-12-06', parts: [{ unitId: 2, finishedOn: '2026-12-06' }] }),
      ];
      // Monday, against Friday's digest: one task then, 城关镇 none overdue yet.
      const previous = { date: '2026-12-04', tasks: 2, finished: 0, red: 0, yellow: 2, onTimeDue: 0, onTime: 0, overdueByUnit: {} };
      await given({ units: digestUnits, tasks, previous });
      const digest = await digestOn('2026-12-07');
      expect(digest.previousDate).toBe('2026-12-04');
      // Completion 33% against 0%; on time 2 of 4 against nothing due (no figure: no change); red 2 against 0.
      expect(digest.changes).toEqual({ completionPoints: 33, onTimePoints: null, red: 2, yellow: -2 });
      expect(digest.laggards.map((u) => [u.unitName, u.overdue, u.change])).toEqual([['城关镇', 2, 2]]);
      // Fell due Friday and Saturday: both new since Friday's digest, not only Sunday's.
      expect(digest.newlyOverdue).toEqual([
        { code: 'T1', title: '任务1', units: ['城关镇'] },
        { code: 'T2', title: '任务2', units: ['城关镇'] },
      ]);
      // Without a previous digest, "new" means fell due yesterday.
      await given({ units: digestUnits, tasks });
      expect((await digestOn('2026-12-07')).newlyOverdue).toEqual([]);
    });

    it.skipIf(backend.skipped)('names the laggards’ overdue parts with progress, and the headline quota tasks by unit, furthest behind first', async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, {
            dueDate: '2026-12-01',
            measure: '村',
            parts: [
              { unitId: 1, finishedOn: null, quota: 5 },
              { unitId: 2, finishedOn: '2026-11-30', quota: 4 },
            ],
          }),
          task(2, { dueDate: '2026-12-30', measure: '户', parts: [{ unitId: 1, finishedOn: null, quota: 10 }] }),
        ],
        // 城关镇 counted 3 of 5 (done 3, ratio 0.6); 王庄镇 4 of 4 and finished (done 4, ratio 1).
        reports: [
          { taskId: 1, unitId: 1, amount: 2 },
          { taskId: 1, unitId: 1, amount: 1 },
          { taskId: 1, unitId: 2, amount: 4 },
        ],
      });
      const digest = await digestOn('2026-12-03');
      expect(digest.laggards[0]!.parts).toEqual([{ code: 'T1', title: '任务1', measure: '村', daysOverdue: 2, quota: 5, progress: { done: 3, ratio: 0.6 } }]);
      // T2 has a quota for one unit only: not a headline task.
      expect(digest.headlineTasks).toEqual([
        {
          code: 'T1',
          title: '任务1',
          measure: '村',
          done: 7,
          quota: 9,
          units: [
            { unitName: '城关镇', done: 3, quota: 5, finished: false, overdue: true },
            { unitName: '王庄镇', done: 4, quota: 4, finished: true, overdue: false },
          ],
        },
      ]);
    });

    it.skipIf(backend.skipped)("one unit's extension leaves the others red on the original deadline, in lights, scores and rates", async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, {
            dueDate: '2026-11-30',
            parts: [
              { unitId: 1, finishedOn: null },
              { unitId: 2, finishedOn: null, dueDate: '2026-12-04' },
            ],
          }),
        ],
      });
      const digest = await digestOn('2026-12-02');
      expect(digest.totals).toMatchObject({ red: 1, yellow: 0, onTimeDue: 1, onTime: 0, onTimeRate: 0 });
      expect(digest.townships.notRanked.map((u) => [u.unitName, u.overdue, u.overdueDays])).toEqual([
        ['城关镇', 1, 2],
        ['王庄镇', 0, 0],
      ]);
    });

    it.skipIf(backend.skipped)('the on-time rate counts a part still open past its deadline against, and leaves out parts not yet due', async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, { status: 'done', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 1, finishedOn: '2026-12-04' }] }),
          task(2, { dueDate: '2026-12-05' }),
          task(3, { dueDate: '2026-12-05', parts: [{ unitId: 2, finishedOn: '2026-12-08' }] }),
          task(4, { dueDate: '2026-12-30', parts: [{ unitId: 3, finishedOn: '2026-12-09' }] }),
        ],
      });
      const digest = await digestOn('2026-12-10');
      expect(digest.totals).toMatchObject({ onTimeDue: 3, onTime: 1, onTimeRate: 1 / 3 });
    });

    it.skipIf(backend.skipped)('a part due today is not judged yet, nor one finished early whose deadline has not come', async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, { dueDate: '2026-11-30', parts: [{ unitId: 1, finishedOn: '2026-11-29' }] }),
          task(2, { dueDate: '2026-11-30' }),
          task(3, { dueDate: '2026-11-28', parts: [{ unitId: 2, finishedOn: '2026-11-30' }] }),
          task(4, { dueDate: '2026-12-01' }),
          task(5, { dueDate: '2026-12-04', parts: [{ unitId: 3, finishedOn: '2026-11-30' }] }),
        ],
      });
      expect((await digestOn('2026-12-01')).totals).toMatchObject({ onTimeDue: 3, onTime: 1, onTimeRate: 1 / 3 });
    });

    it.skipIf(backend.skipped)('a part of a finished task the unit never said done is finished on its lead’s date, in scores and the on-time rate', async () => {
      await given({
        units: digestUnits,
        tasks: [
          // 城关镇 led it a day early: 王庄镇's part is on time with it.
          task(1, { status: 'done', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 1, finishedOn: '2026-12-04' }, { unitId: 2, finishedOn: null }] }),
          // 发改局 led it three days late: 王庄镇's part is three days late with it, not open.
          task(2, { status: 'closed', dueDate: '2026-12-05', finishedOn: '2026-12-08', parts: [{ unitId: 3, finishedOn: '2026-12-08' }, { unitId: 2, finishedOn: null }] }),
        ],
      });
      const digest = await digestOn('2026-12-10');
      expect(digest.totals).toEqual({ tasks: 2, finished: 2, open: 0, red: 0, yellow: 0, completionRate: 1, onTimeRate: 0.5, onTimeDue: 4, onTime: 2 });
      expect(digest.townships.notRanked.map((u) => [u.unitName, u.score, u.due, u.onTime, u.late, u.overdue, u.overdueDays])).toEqual([
        ['城关镇', 100, 1, 1, 0, 0, 0],
        ['王庄镇', 85, 2, 1, 1, 0, 0],
      ]);
      expect(digest.departments.notRanked.map((u) => [u.unitName, u.score, u.due, u.late])).toEqual([['发改局', 70, 1, 1]]);
      expect(digest.laggards).toEqual([]);
      expect(digest.snapshot.overdueByUnit).toEqual({});
    });

    it.skipIf(backend.skipped)('a withdrawn report counts for nothing in the progress the digest names', async () => {
      await given({
        units: digestUnits,
        tasks: [
          task(1, {
            dueDate: '2026-12-01',
            measure: '村',
            parts: [
              { unitId: 1, finishedOn: null, quota: 5 },
              { unitId: 2, finishedOn: '2026-11-30', quota: 4 },
            ],
          }),
          task(2, { dueDate: '2026-12-02', parts: [{ unitId: 2, finishedOn: null }] }),
        ],
        reports: [
          { taskId: 1, unitId: 1, amount: 2 },
          { taskId: 1, unitId: 1, amount: 1 },
          { taskId: 1, unitId: 1, amount: 2, withdrawn: true },
          { taskId: 1, unitId: 2, amount: 4 },
          { taskId: 1, unitId: 2, amount: 3, withdrawn: true },
          // The latest percent was withdrawn: the one before stands.
          { taskId: 2, unitId: 2, percent: 40, at: new Date('2026-11-25T10:00:00+08:00') },
          { taskId: 2, unitId: 2, percent: 80, withdrawn: true, at: new Date('2026-11-28T10:00:00+08:00') },
        ],
      });
      const digest = await digestOn('2026-12-03');
      expect(digest.laggards.map((u) => [u.unitName, u.parts.map((p) => [p.code, p.daysOverdue, p.quota, p.progress])])).toEqual([
        ['城关镇', [['T1', 2, 5, { done: 3, ratio: 0.6 }]]],
        ['王庄镇', [['T2', 1, null, { done: 40, ratio: 0.4 }]]],
      ]);
      expect(digest.headlineTasks.map((t) => [t.code, t.done, t.quota, t.units.map((u) => [u.unitName, u.done, u.quota])])).toEqual([
        ['T1', 7, 9, [['城关镇', 3, 5], ['王庄镇', 4, 4]]],
      ]);
    });

    it.skipIf(backend.skipped)('takes a part’s finishing day in the county’s zone as it was then, summer time or not', async () => {
      // New York: 04:30 UTC is 00:30 the next day in summer (UTC−4) and 23:30 the same day in winter (UTC−5).
      await given({
        units: digestUnits,
        tasks: [task(1, { dueDate: '2026-07-09', parts: [{ unitId: 1, finishedOn: '2026-07-09' }] }), task(2, { dueDate: '2026-01-09', parts: [{ unitId: 1, finishedOn: '2026-01-09' }] })],
      });
      await database.prisma.taskAssignment.update({ where: { taskId_unitId: { taskId: 1, unitId: 1 } }, data: { doneAt: new Date('2026-07-10T04:30:00Z') } });
      await database.prisma.taskAssignment.update({ where: { taskId_unitId: { taskId: 2, unitId: 1 } }, data: { doneAt: new Date('2026-01-10T04:30:00Z') } });
      const newYork = new DigestService(database.prisma, backend.name === 'SQLite' ? 'sqlite' : 'postgresql', config.rules, 'America/New_York');
      const digest = await newYork.compute(new Date('2026-12-01T15:00:00Z'), new Date('2026-11-30T15:00:00Z'));
      // The summer part was a day late (credit 0.9), the winter one on time.
      expect(digest.townships.notRanked.map((u) => [u.unitName, u.due, u.onTime, u.late, u.score])).toEqual([['城关镇', 2, 1, 1, 95]]);
    });
  });
});
