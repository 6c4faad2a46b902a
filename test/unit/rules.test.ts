import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { buildDigest, type DigestTask } from '../../src/domain/digest.ts';
import { escalationLevelDue, nextEscalationStep } from '../../src/domain/escalation.ts';
import { inQuietHours, isOfficialWorkday, isoWeekday, latestDailySlot, latestWeeklySlot, weekOf } from '../../src/domain/schedule.ts';
import { rank, scoreUnit, type UnitRecord } from '../../src/domain/scoring.ts';

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
  const unit = (name: string, parts: UnitRecord['parts'], foundBy: ('county' | 'city')[] = []): UnitRecord => ({
    unitId: name.length,
    unitName: name,
    parts,
    openProblems: foundBy.map((f) => ({ foundBy: f })),
  });
  const today = '2026-12-10';
  it('gives full marks for on-time work and for nothing due yet', () => {
    expect(scoreUnit(unit('甲', [{ dueDate: '2026-11-30', finishedOn: '2026-11-30', cancelled: false }]), today, rules.scoring).score).toBe(100);
    expect(scoreUnit(unit('乙', [{ dueDate: '2026-12-30', finishedOn: null, cancelled: false }]), today, rules.scoring)).toMatchObject({ score: 100, due: 0 });
  });
  it('gives partial credit for late work and takes points per overdue day, capped', () => {
    const late = scoreUnit(unit('丙', [{ dueDate: '2026-11-30', finishedOn: '2026-12-02', cancelled: false }]), today, rules.scoring);
    expect(late).toMatchObject({ score: 50, late: 1 });
    const overdue = scoreUnit(unit('丁', [{ dueDate: '2026-11-30', finishedOn: null, cancelled: false }, { dueDate: '2026-12-01', finishedOn: '2026-12-01', cancelled: false }]), today, rules.scoring);
    // Half the due parts on time (50), minus 10 overdue days.
    expect(overdue).toMatchObject({ score: 40, overdue: 1, overdueDays: 10 });
    const long = scoreUnit(unit('戊', [{ dueDate: '2026-01-01', finishedOn: null, cancelled: false }]), today, rules.scoring);
    expect(long.score).toBe(0);
    expect(scoreUnit(unit('己', [{ dueDate: '2026-12-01', finishedOn: '2026-12-01', cancelled: false }, { dueDate: '2026-12-01', finishedOn: null, cancelled: true }]), today, rules.scoring).score).toBe(100);
  });
  it('deducts open problems by who found them', () => {
    expect(scoreUnit(unit('庚', [], ['city', 'county']), today, rules.scoring).score).toBe(93);
  });
  it('ranks best first, ties sharing a rank', () => {
    const ranked = rank([
      { unitId: 1, unitName: '乙', score: 90, due: 1, onTime: 1, late: 0, overdue: 0, overdueDays: 0, openProblems: 0 },
      { unitId: 2, unitName: '甲', score: 95, due: 1, onTime: 1, late: 0, overdue: 0, overdueDays: 0, openProblems: 0 },
      { unitId: 3, unitName: '丙', score: 90, due: 1, onTime: 1, late: 0, overdue: 0, overdueDays: 0, openProblems: 0 },
      { unitId: 4, unitName: '丁', score: 10, due: 1, onTime: 0, late: 0, overdue: 1, overdueDays: 40, openProblems: 0 },
    ]);
    expect(ranked.map((r) => [r.unitName, r.rank])).toEqual([
      ['甲', 1],
      ['丙', 2],
      ['乙', 2],
      ['丁', 4],
    ]);
  });
});

describe('the digest', () => {
  /** Parts on the task's deadline unless they name their own. */
  type PartOver = { unitId: number; finishedOn: string | null; dueDate?: string };
  const task = (id: number, over: Partial<Omit<DigestTask, 'parts'>> & { parts?: PartOver[] }): DigestTask => {
    const dueDate = over.dueDate ?? '2026-12-20';
    return {
      id,
      title: `任务${id}`,
      committee: '大气',
      status: 'in_progress',
      finishedOn: null,
      ...over,
      dueDate,
      parts: (over.parts ?? [{ unitId: 1, finishedOn: null }]).map((p) => ({ dueDate, ...p })),
    };
  };
  const units = [
    { id: 1, name: '城关镇', kind: 'township' },
    { id: 2, name: '王庄镇', kind: 'township' },
    { id: 3, name: '发改局', kind: 'department' },
  ];
  it('sums up rates, lights, rankings, changes and laggards', () => {
    const digest = buildDigest(
      {
        today: '2026-12-10',
        units,
        openProblems: [],
        closedSince: [{ id: 4, title: '任务4' }],
        tasks: [
          task(1, { dueDate: '2026-12-09' }),
          task(2, { dueDate: '2026-12-01', parts: [{ unitId: 2, finishedOn: null }], committee: '水' }),
          task(3, { dueDate: '2026-12-12', parts: [{ unitId: 3, finishedOn: null }] }),
          task(4, { status: 'closed', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 3, finishedOn: '2026-12-04' }] }),
          task(5, { status: 'cancelled', dueDate: '2026-11-01' }),
        ],
      },
      rules,
    );
    // On time over the parts whose deadline has come: T1 and T2 open past theirs, T4 finished a day early.
    expect(digest.totals).toEqual({ tasks: 4, finished: 1, open: 3, red: 2, yellow: 1, completionRate: 0.25, onTimeRate: 1 / 3, onTimeDue: 3, onTime: 1 });
    expect(digest.newlyOverdue).toEqual([{ code: 'T1', title: '任务1' }]);
    expect(digest.newlyClosed).toEqual([{ code: 'T4', title: '任务4' }]);
    expect(digest.townships.map((u) => [u.unitName, u.rank, u.score])).toEqual([
      ['城关镇', 1, 0],
      ['王庄镇', 1, 0],
    ]);
    expect(digest.departments.map((u) => u.unitName)).toEqual(['发改局']);
    expect(digest.committees[0]).toMatchObject({ name: '大气', red: 1 });
    expect(digest.laggards.map((u) => u.unitName)).toEqual(['王庄镇', '城关镇']);
  });

  it("one unit's extension leaves the others red on the original deadline, in lights, scores and rates", () => {
    const digest = buildDigest(
      {
        today: '2026-12-02',
        units,
        openProblems: [],
        closedSince: [],
        tasks: [
          task(1, {
            dueDate: '2026-11-30',
            parts: [
              { unitId: 1, finishedOn: null },
              { unitId: 2, finishedOn: null, dueDate: '2026-12-04' },
            ],
          }),
        ],
      },
      rules,
    );
    expect(digest.totals).toMatchObject({ red: 1, yellow: 0, onTimeDue: 1, onTime: 0, onTimeRate: 0 });
    expect(digest.townships.map((u) => [u.unitName, u.overdue, u.overdueDays])).toEqual([
      ['王庄镇', 0, 0],
      ['城关镇', 1, 2],
    ]);
  });

  it('the on-time rate counts a part still open past its deadline against, and leaves out parts not yet due', () => {
    const digest = buildDigest(
      {
        today: '2026-12-10',
        units,
        openProblems: [],
        closedSince: [],
        tasks: [
          task(1, { status: 'done', dueDate: '2026-12-05', finishedOn: '2026-12-04', parts: [{ unitId: 1, finishedOn: '2026-12-04' }] }),
          task(2, { dueDate: '2026-12-05' }),
          task(3, { dueDate: '2026-12-05', parts: [{ unitId: 2, finishedOn: '2026-12-08' }] }),
          task(4, { dueDate: '2026-12-30', parts: [{ unitId: 3, finishedOn: '2026-12-09' }] }),
        ],
      },
      rules,
    );
    expect(digest.totals).toMatchObject({ onTimeDue: 3, onTime: 1, onTimeRate: 1 / 3 });
  });
});
