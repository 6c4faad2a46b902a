import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { buildDigest, digestFocus, partKey, type DigestInput, type DigestTask } from '../../src/domain/digest.ts';
import { escalationLevelDue, nextEscalationStep } from '../../src/domain/escalation.ts';
import { inQuietHours, isOfficialWorkday, isoWeekday, latestDailySlot, latestWeeklySlot, weekOf } from '../../src/domain/schedule.ts';
import { rankUnits, scoreUnit, type UnitRecord } from '../../src/domain/scoring.ts';

const rules = DEFAULT_RULES;

describe('the workday calendar', () => {
  it('knows weekdays, weekends, holidays and 调休 make-up days', () => {
    expect(isOfficialWorkday('2026-11-30')).toBe(true); // a Monday
    expect(isOfficialWorkday('2026-11-28')).toBe(false); // a Saturday
    expect(isOfficialWorkday('2026-10-01')).toBe(false); // National Day
    expect(isOfficialWorkday('2026-10-10')).toBe(true); // a Saturday worked in lieu of the National Day holiday
    expect(isOfficialWorkday('2026-02-14')).toBe(true); // a Saturday worked for the Spring Festival
  });
  it('numbers weekdays from Monday and finds the week of a date', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(weekOf('2026-12-03')).toBe('2026-11-30');
  });
});

describe('quiet hours', () => {
  const quiet = { from: '22:00', to: '07:30' };
  it.each([
    ['21:59', false],
    ['22:00', true],
    ['03:00', true],
    ['07:29', true],
    ['07:30', false],
    ['08:30', false],
  ])('%s is quiet: %s', (time, expected) => {
    expect(inQuietHours(time, quiet)).toBe(expected);
  });
  it('handles a window inside one day, and none', () => {
    expect(inQuietHours('12:30', { from: '12:00', to: '14:00' })).toBe(true);
    expect(inQuietHours('14:00', { from: '12:00', to: '14:00' })).toBe(false);
    expect(inQuietHours('03:00', null)).toBe(false);
  });
});

describe('slots', () => {
  it('finds the daily slot most recently reached and how late it is', () => {
    expect(latestDailySlot('2026-11-30', '08:29', '08:30')).toEqual({ slot: '2026-11-29', minutesLate: 23 * 60 + 59 });
    expect(latestDailySlot('2026-11-30', '08:30', '08:30')).toEqual({ slot: '2026-11-30', minutesLate: 0 });
    expect(latestDailySlot('2026-11-30', '10:00', '08:30')).toEqual({ slot: '2026-11-30', minutesLate: 90 });
  });
  it('finds the weekly slot', () => {
    expect(latestWeeklySlot('2026-11-30', '09:30', 1, '09:30')).toEqual({ slot: '2026-11-30', minutesLate: 0 });
    expect(latestWeeklySlot('2026-11-30', '09:00', 1, '09:30')).toEqual({ slot: '2026-11-23', minutesLate: 7 * 24 * 60 - 30 });
    expect(latestWeeklySlot('2026-12-02', '09:00', 1, '09:30').slot).toBe('2026-11-30');
  });
});

describe('escalation', () => {
  const grace = [2, 5];
  const task = (dueDate: string, lastReportDate: string | null = null, finished = false) => ({ dueDate, lastReportDate, finished });
  it('climbs one grace at a time after the deadline', () => {
    expect(escalationLevelDue(task('2026-11-30'), '2026-11-30', grace)).toBe(0);
    expect(escalationLevelDue(task('2026-11-30'), '2026-12-02', grace)).toBe(0);
    expect(escalationLevelDue(task('2026-11-30'), '2026-12-03', grace)).toBe(1);
    expect(escalationLevelDue(task('2026-11-30'), '2026-12-05', grace)).toBe(1);
    expect(escalationLevelDue(task('2026-11-30'), '2026-12-06', grace)).toBe(2);
    expect(escalationLevelDue(task('2026-11-30'), '2027-01-30', grace)).toBe(2);
  });
  it('restarts the clock at a report after the deadline, and stops for finished work or a moved deadline', () => {
    expect(escalationLevelDue(task('2026-11-30', '2026-12-02'), '2026-12-04', grace)).toBe(0);
    expect(escalationLevelDue(task('2026-11-30', '2026-12-02'), '2026-12-05', grace)).toBe(1);
    expect(escalationLevelDue(task('2026-11-30', '2026-11-10'), '2026-12-03', grace)).toBe(1);
    expect(escalationLevelDue(task('2026-11-30', null, true), '2026-12-20', grace)).toBe(0);
    expect(escalationLevelDue(task('2026-12-10'), '2026-12-06', grace)).toBe(0);
    // The office unit's own part never goes up, however late.
    expect(escalationLevelDue({ ...task('2026-11-30'), heldByOffice: true }, '2027-01-30', grace)).toBe(0);
  });
  it('takes one step per run', () => {
    expect(nextEscalationStep(0, 2)).toBe(1);
    expect(nextEscalationStep(1, 2)).toBe(2);
    expect(nextEscalationStep(2, 2)).toBeNull();
    expect(nextEscalationStep(1, 0)).toBeNull();
  });
});

describe('outcome scores and rankings', () => {
  type Part = UnitRecord['parts'][number];
  const unit = (name: string, parts: Part[], foundBy: ('county' | 'city')[] = []): UnitRecord => ({
    unitId: name.charCodeAt(0),
    unitName: name,
    parts,
    openProblems: foundBy.map((f) => ({ foundBy: f })),
  });
  const onTime = (dueDate = '2026-11-30'): Part => ({ dueDate, finishedOn: dueDate, cancelled: false });
  const today = '2026-12-10';
  const score = (parts: Part[], foundBy: ('county' | 'city')[] = []) => scoreUnit(unit('甲', parts, foundBy), today, rules.scoring);

  it('gives full marks for on-time work and judges nothing before its deadline has come', () => {
    expect(score([onTime(), onTime(), onTime()])).toMatchObject({ score: 100, due: 3, onTime: 3 });
    // Open and due later, or finished early but not yet due: not judged yet, as in the on-time rate.
    expect(score([{ dueDate: '2026-12-30', finishedOn: null, cancelled: false }, { dueDate: '2026-12-30', finishedOn: '2026-12-01', cancelled: false }])).toMatchObject({ score: null, due: 0 });
    expect(score([onTime(), { dueDate: '2026-12-01', finishedOn: null, cancelled: true }]).due).toBe(1);
  });

  it('one part a day late costs a tenth of that part, not the unit its score', () => {
    expect(score([onTime(), onTime(), { dueDate: '2026-12-09', finishedOn: null, cancelled: false }])).toMatchObject({ score: 97, overdue: 1, overdueDays: 1 });
    expect(score([{ dueDate: '2026-12-09', finishedOn: null, cancelled: false }]).score).toBe(90);
  });

  it('weighs lateness by days: an open part loses a tenth a day down to 0, a part finished late keeps at least half', () => {
    const open = (days: number): Part => ({ dueDate: addDays(today, -days), finishedOn: null, cancelled: false });
    const lateBy = (days: number): Part => ({ dueDate: '2026-11-01', finishedOn: addDays('2026-11-01', days), cancelled: false });
    expect([1, 3, 10, 40].map((d) => score([open(d)]).score)).toEqual([90, 70, 0, 0]);
    expect([1, 3, 10, 40].map((d) => score([lateBy(d)]).score)).toEqual([90, 70, 50, 50]);
    expect(score([onTime(), lateBy(2), open(5)])).toMatchObject({ score: 77, onTime: 1, late: 1, overdue: 1, overdueDays: 5 });
  });

  it('deducts open problems by who found them', () => {
    expect(score([onTime(), onTime(), onTime()], ['city', 'county']).score).toBe(93);
  });

  it('ranks only units with at least minDueParts parts due, best first, ties sharing a rank; the rest apart', () => {
    expect(rules.scoring.minDueParts).toBe(3);
    const three = [onTime(), onTime(), onTime()];
    const { ranked, notRanked } = rankUnits(
      [
        unit('乙', [onTime(), onTime(), { dueDate: '2026-12-08', finishedOn: null, cancelled: false }]),
        unit('甲', three),
        unit('丙', [onTime(), onTime(), { dueDate: '2026-12-08', finishedOn: null, cancelled: false }]),
        unit('丁', [...three, { dueDate: '2026-11-01', finishedOn: null, cancelled: false }]),
        // One part a day late, and nothing due at all: neither is ranked, first or last.
        unit('戊', [{ dueDate: '2026-12-09', finishedOn: null, cancelled: false }]),
        unit('己', [{ dueDate: '2026-12-30', finishedOn: null, cancelled: false }]),
        unit('庚', []),
      ],
      today,
      rules.scoring,
    );
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
});

describe('the digest', () => {
  /** Parts on the task's deadline unless they name their own. */
  type PartOver = { unitId: number; finishedOn: string | null; dueDate?: string; quota?: number };
  const task = (id: number, over: Partial<Omit<DigestTask, 'parts'>> & { parts?: PartOver[] }): DigestTask => {
    const dueDate = over.dueDate ?? '2026-12-20';
    return {
      id,
      title: `任务${id}`,
      committee: '大气',
      status: 'in_progress',
      finishedOn: null,
      measure: null,
      ...over,
      dueDate,
      parts: (over.parts ?? [{ unitId: 1, finishedOn: null }]).map((p) => ({ dueDate, quota: null, ...p })),
    };
  };
  const units = [
    { id: 1, name: '城关镇', kind: 'township' },
    { id: 2, name: '王庄镇', kind: 'township' },
    { id: 3, name: '发改局', kind: 'department' },
  ];
  const input = (today: string, tasks: DigestTask[], over: Partial<DigestInput> = {}): DigestInput => ({
    today,
    units,
    tasks,
    openProblems: [],
    closedSince: [],
    closedSinceDate: '2026-12-09',
    previous: null,
    progress: new Map(),
    ...over,
  });

  it('sums up rates, lights, rankings, changes and laggards', () => {
    const digest = buildDigest(
      input(
        '2026-12-10',
        [
          task(1, { dueDate: '2026-12-09' }),
          task(2, { dueDate: '2026-12-01', parts: [{ unitId: 2, finishedOn: null }], committee: '水' }),
          task(3, { dueDate: '2026-12-12', parts: [{ unitId: 3, finishedOn: null }] }),
          task(4, { status: 'closed', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 3, finishedOn: '2026-12-04' }] }),
          task(5, { status: 'cancelled', dueDate: '2026-11-01' }),
        ],
        { closedSince: [{ id: 4, title: '任务4' }] },
      ),
      rules,
    );
    // On time over the parts whose deadline has come: T1 and T2 open past theirs, T4 finished a day early.
    expect(digest.totals).toEqual({ tasks: 4, finished: 1, open: 3, red: 2, yellow: 1, completionRate: 0.25, onTimeRate: 1 / 3, onTimeDue: 3, onTime: 1 });
    expect(digest.newlyOverdue).toEqual([{ code: 'T1', title: '任务1', units: ['城关镇'] }]);
    expect(digest.newlyClosed).toEqual([{ code: 'T4', title: '任务4' }]);
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

  it('says what changed since the previous digest: rates in points as shown, counts, overdue per unit, and what fell overdue since', () => {
    const tasks = [
      task(1, { dueDate: '2026-12-04', parts: [{ unitId: 1, finishedOn: null }, { unitId: 2, finishedOn: '2026-12-03' }] }),
      task(2, { dueDate: '2026-12-05', parts: [{ unitId: 1, finishedOn: null }] }),
      task(3, { dueDate: '2026-12-06', status: 'done', finishedOn: '2026-12-06', parts: [{ unitId: 2, finishedOn: '2026-12-06' }] }),
    ];
    // Monday, against Friday's digest: one task then, 城关镇 none overdue yet.
    const previous = { date: '2026-12-04', tasks: 2, finished: 0, red: 0, yellow: 2, onTimeDue: 0, onTime: 0, overdueByUnit: {} };
    const digest = buildDigest(input('2026-12-07', tasks, { previous }), rules);
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
    expect(buildDigest(input('2026-12-07', tasks), rules).newlyOverdue).toEqual([]);
  });

  it('names the laggards’ overdue parts with progress, and the headline quota tasks by unit, furthest behind first', () => {
    const tasks = [
      task(1, {
        dueDate: '2026-12-01',
        measure: '村',
        parts: [
          { unitId: 1, finishedOn: null, quota: 5 },
          { unitId: 2, finishedOn: '2026-11-30', quota: 4 },
        ],
      }),
      task(2, { dueDate: '2026-12-30', measure: '户', parts: [{ unitId: 1, finishedOn: null, quota: 10 }] }),
    ];
    const focusInput = input('2026-12-03', tasks);
    // Only the tasks the digest names have their reports read.
    expect(digestFocus(focusInput, rules)).toEqual([1]);
    const progress = new Map([
      [partKey(1, 1), { done: 3, ratio: 0.6 }],
      [partKey(1, 2), { done: 4, ratio: 1 }],
    ]);
    const digest = buildDigest({ ...focusInput, progress }, rules);
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

  it("one unit's extension leaves the others red on the original deadline, in lights, scores and rates", () => {
    const digest = buildDigest(
      input('2026-12-02', [
        task(1, {
          dueDate: '2026-11-30',
          parts: [
            { unitId: 1, finishedOn: null },
            { unitId: 2, finishedOn: null, dueDate: '2026-12-04' },
          ],
        }),
      ]),
      rules,
    );
    expect(digest.totals).toMatchObject({ red: 1, yellow: 0, onTimeDue: 1, onTime: 0, onTimeRate: 0 });
    expect(digest.townships.notRanked.map((u) => [u.unitName, u.overdue, u.overdueDays])).toEqual([
      ['城关镇', 1, 2],
      ['王庄镇', 0, 0],
    ]);
  });

  it('the on-time rate counts a part still open past its deadline against, and leaves out parts not yet due', () => {
    const digest = buildDigest(
      input('2026-12-10', [
        task(1, { status: 'done', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 1, finishedOn: '2026-12-04' }] }),
        task(2, { dueDate: '2026-12-05' }),
        task(3, { dueDate: '2026-12-05', parts: [{ unitId: 2, finishedOn: '2026-12-08' }] }),
        task(4, { dueDate: '2026-12-30', parts: [{ unitId: 3, finishedOn: '2026-12-09' }] }),
      ]),
      rules,
    );
    expect(digest.totals).toMatchObject({ onTimeDue: 3, onTime: 1, onTimeRate: 1 / 3 });
  });
});
