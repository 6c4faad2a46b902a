import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { buildDigest } from '../../src/domain/digest.ts';
import { escalationLevelDue, nextEscalationStep } from '../../src/domain/escalation.ts';
import { inQuietHours, isOfficialWorkday, isoWeekday, latestDailySlot, latestWeeklySlot, weekOf } from '../../src/domain/schedule.ts';
import { rankUnits, scoreUnit, type UnitOutcome, type UnitRecord } from '../../src/domain/scoring.ts';

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

// How each part earns its credit, and the digest's figures over rows, are tested on both databases in
// test/services/digest-figures.test.ts: they are summed in SQL. Here: what the domain makes of the sums.
describe('outcome scores and rankings from the summed outcomes', () => {
  const outcome = (due: number, earnedMilli: number, more: Partial<UnitOutcome> = {}): UnitOutcome => ({
    unitId: 0, parts: due, due, onTime: 0, late: 0, overdue: 0, overdueDays: 0, earnedMilli, ...more,
  });
  const unit = (name: string, o: UnitOutcome | null, foundBy: ('county' | 'city')[] = []): UnitRecord => ({
    unitId: name.charCodeAt(0),
    unitName: name,
    outcome: o && { ...o, unitId: name.charCodeAt(0) },
    openProblems: foundBy.map((f) => ({ foundBy: f })),
  });

  it('scores what the due parts earned over what they could, rounding the exact figure, minus problems', () => {
    expect(scoreUnit(unit('甲', outcome(4, 3100)), rules.scoring).score).toBe(78);
    expect(scoreUnit(unit('甲', outcome(3, 3000), ['city', 'county']), rules.scoring).score).toBe(93);
    expect(scoreUnit(unit('甲', outcome(1, 0), ['city']), rules.scoring).score).toBe(0);
    expect(scoreUnit(unit('甲', outcome(0, 0, { parts: 2 })), rules.scoring)).toMatchObject({ score: null, due: 0 });
  });

  it('ranks only units with at least minDueParts parts due, best first, ties sharing a rank; the rest apart', () => {
    expect(rules.scoring.minDueParts).toBe(3);
    const { ranked, notRanked } = rankUnits(
      [
        unit('乙', outcome(3, 2800, { overdue: 1, overdueDays: 2 })),
        unit('甲', outcome(3, 3000)),
        unit('丙', outcome(3, 2800, { overdue: 1, overdueDays: 2 })),
        unit('丁', outcome(4, 3000, { overdue: 1, overdueDays: 39 })),
        unit('戊', outcome(1, 900, { overdue: 1, overdueDays: 1 })),
        unit('己', outcome(0, 0, { parts: 1 })),
        unit('庚', null),
      ],
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

describe('the digest from its figures', () => {
  it("lights a task by its most urgent unfinished part's deadline, and counts rates from the units' sums", () => {
    const digest = buildDigest(
      {
        today: '2026-12-10',
        units: [{ id: 1, name: '城关镇', kind: 'township' }],
        outcomes: [{ unitId: 1, parts: 4, due: 3, onTime: 1, late: 0, overdue: 2, overdueDays: 10, earnedMilli: 1000 }],
        overdue: [{ unitId: 1, parts: 2, days: 10 }],
        taskGroups: [
          { committee: '大气', finished: false, openDue: '2026-12-09', tasks: 2 },
          { committee: '大气', finished: false, openDue: '2026-12-13', tasks: 1 },
          { committee: '水', finished: false, openDue: '2026-12-14', tasks: 1 },
          { committee: '水', finished: false, openDue: null, tasks: 1 },
          { committee: '水', finished: true, openDue: '2026-12-01', tasks: 3 },
        ],
        openProblems: [],
        laggardParts: [],
        headlineTasks: [],
        named: new Map(),
        newlyOverdue: [],
        closedSince: [],
        closedSinceDate: '2026-12-09',
        previous: null,
        progress: new Map(),
      },
      rules,
    );
    expect(digest.totals).toEqual({ tasks: 8, finished: 3, open: 5, red: 2, yellow: 1, completionRate: 3 / 8, onTimeRate: 1 / 3, onTimeDue: 3, onTime: 1 });
    expect(digest.committees).toEqual([
      { name: '大气', tasks: 3, finished: 0, red: 2, yellow: 1 },
      { name: '水', tasks: 5, finished: 3, red: 0, yellow: 0 },
    ]);
    expect(digest.snapshot.overdueByUnit).toEqual({ '1': 2 });
  });
});
