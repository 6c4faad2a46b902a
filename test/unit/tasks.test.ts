import { describe, expect, it } from 'vitest';
import {
  byUrgency,
  isStale,
  leadDoneBlockers,
  lightOf,
  nextStatus,
  overdueDays,
  parseTaskCode,
  remainingQuota,
  taskCode,
  taskProgress,
  unitProgress,
  type AssignmentProgress,
  type TaskAction,
  type TaskStatus,
} from '../../src/domain/tasks.ts';

describe('task lifecycle', () => {
  const table: [TaskStatus, TaskAction, TaskStatus | string][] = [
    ['open', 'report', 'in_progress'],
    ['in_progress', 'report', 'in_progress'],
    ['done', 'report', 'done'],
    ['closed', 'report', 'task-is-closed'],
    ['cancelled', 'report', 'task-is-cancelled'],
    ['open', 'done', 'done'],
    ['in_progress', 'done', 'done'],
    ['done', 'done', 'task-already-done'],
    ['open', 'close', 'task-not-done'],
    ['in_progress', 'close', 'task-not-done'],
    ['done', 'close', 'closed'],
    ['done', 'reject', 'in_progress'],
    ['in_progress', 'reject', 'task-not-done'],
    ['closed', 'reopen', 'in_progress'],
    ['cancelled', 'reopen', 'in_progress'],
    ['open', 'reopen', 'task-not-reopenable'],
    ['done', 'reopen', 'task-not-reopenable'],
    ['open', 'cancel', 'cancelled'],
    ['done', 'cancel', 'cancelled'],
    ['closed', 'cancel', 'task-is-closed'],
    ['in_progress', 'edit', 'in_progress'],
    ['closed', 'edit', 'task-is-closed'],
    ['done', 'extend', 'done'],
    ['cancelled', 'extend', 'task-is-cancelled'],
  ];
  it.each(table)('%s --%s--> %s', (status, action, expected) => {
    const result = nextStatus(status, action);
    expect(result.ok ? result.status : result.reason).toBe(expected);
  });
});

const at = (iso: string) => new Date(iso);
const part = (overrides: Partial<AssignmentProgress>): AssignmentProgress => ({
  unitId: 1,
  role: 'cooperating',
  quota: null,
  reports: [],
  doneAt: null,
  ...overrides,
});

describe('progress', () => {
  it('sums amounts against a quota, capped at the whole', () => {
    const p = part({ quota: 5, reports: [{ amount: 2, percent: null, at: at('2026-11-20T01:00:00Z') }, { amount: 1.5, percent: null, at: at('2026-11-22T01:00:00Z') }] });
    expect(unitProgress(p)).toEqual({ done: 3.5, quota: 5, ratio: 0.7, lastReportAt: at('2026-11-22T01:00:00Z') });
    expect(remainingQuota(p)).toBe(1.5);
    expect(unitProgress(part({ quota: 5, reports: [{ amount: 9, percent: null, at: at('2026-11-20T01:00:00Z') }] })).ratio).toBe(1);
  });

  it('takes the latest percent where there is no quota, whatever the order of the list', () => {
    const p = part({
      reports: [
        { amount: null, percent: 60, at: at('2026-11-22T01:00:00Z') },
        { amount: null, percent: 80, at: at('2026-11-21T01:00:00Z') },
      ],
    });
    expect(unitProgress(p)).toMatchObject({ done: 60, ratio: 0.6 });
    expect(remainingQuota(p)).toBeNull();
  });

  it('knows nothing before a report, and everything once a unit says done', () => {
    expect(unitProgress(part({})).ratio).toBeNull();
    expect(unitProgress(part({ quota: 4 })).ratio).toBe(0);
    expect(unitProgress(part({ doneAt: at('2026-11-25T01:00:00Z') })).ratio).toBe(1);
    expect(unitProgress(part({ quota: 4, doneAt: at('2026-11-25T01:00:00Z') })).ratio).toBe(1);
  });

  it('weighs a task by quotas, else averages what is known', () => {
    const a = part({ unitId: 1, quota: 5, reports: [{ amount: 5, percent: null, at: at('2026-11-20T01:00:00Z') }] });
    const b = part({ unitId: 2, quota: 15, reports: [{ amount: 5, percent: null, at: at('2026-11-20T01:00:00Z') }] });
    expect(taskProgress([a, b])).toBe(0.5);
    const c = part({ unitId: 3, reports: [{ amount: null, percent: 40, at: at('2026-11-20T01:00:00Z') }] });
    const d = part({ unitId: 4, reports: [{ amount: null, percent: 80, at: at('2026-11-20T01:00:00Z') }] });
    expect(taskProgress([c, d, part({ unitId: 5 })])).toBeCloseTo(0.6);
    expect(taskProgress([part({})])).toBeNull();
  });

  it('lets the lead finish only after the cooperating units', () => {
    const lead = part({ unitId: 1, role: 'lead' });
    expect(leadDoneBlockers([lead, part({ unitId: 2 }), part({ unitId: 3, doneAt: at('2026-11-20T01:00:00Z') })])).toEqual([2]);
    expect(leadDoneBlockers([lead])).toEqual([]);
  });
});

describe('lights and lateness', () => {
  const task = (dueDate: string, status: TaskStatus = 'in_progress') => ({ status, dueDate });
  it.each([
    ['2026-11-20', 'green'],
    ['2026-11-26', 'green'],
    ['2026-11-27', 'yellow'],
    ['2026-11-30', 'yellow'],
    ['2026-12-01', 'red'],
    ['2027-01-02', 'red'],
  ])('a task due 2026-11-30 is %s… on %s', (today, light) => {
    expect(lightOf(task('2026-11-30'), today)).toBe(light);
  });

  it('shows finished tasks as done, late or not', () => {
    for (const status of ['done', 'closed', 'cancelled'] as const) expect(lightOf(task('2026-11-01', status), '2026-12-01')).toBe('done');
  });

  it('respects the configured yellow window', () => {
    expect(lightOf(task('2026-11-30'), '2026-11-25', 5)).toBe('yellow');
    expect(lightOf(task('2026-11-30'), '2026-11-29', 0)).toBe('green');
    expect(lightOf(task('2026-11-30'), '2026-11-30', 0)).toBe('yellow');
  });

  it('turns back from red when an extension moves the deadline', () => {
    expect(lightOf(task('2026-11-30'), '2026-12-02')).toBe('red');
    expect(lightOf(task('2026-12-10'), '2026-12-02')).toBe('green');
    expect(lightOf(task('2026-12-04'), '2026-12-02')).toBe('yellow');
  });

  it('counts overdue days from the day after the deadline, across month and year ends', () => {
    expect(overdueDays('2026-11-30', '2026-11-30')).toBe(0);
    expect(overdueDays('2026-11-30', '2026-12-01')).toBe(1);
    expect(overdueDays('2026-02-28', '2026-03-01')).toBe(1);
    expect(overdueDays('2026-12-31', '2027-01-02')).toBe(2);
    expect(overdueDays('2026-11-30', '2026-11-01')).toBe(0);
  });

  it('calls a unit stale after staleDays local days of silence', () => {
    const tz = 'Asia/Shanghai';
    // 2026-11-20 23:30 local; a week later on 11-27 at 00:10 local is 7 calendar days.
    const last = at('2026-11-20T15:30:00Z');
    expect(isStale(last, at('2026-11-26T15:00:00Z'), 7, tz)).toBe(false);
    expect(isStale(last, at('2026-11-26T16:10:00Z'), 7, tz)).toBe(true);
    expect(isStale(last, at('2026-11-20T16:30:00Z'), 1, tz)).toBe(true);
  });

  it('orders by urgency: most overdue first, then yellow, green, finished', () => {
    const items = [
      { id: 5, light: 'green' as const, dueDate: '2026-12-20' },
      { id: 4, light: 'done' as const, dueDate: '2026-11-01' },
      { id: 3, light: 'red' as const, dueDate: '2026-11-25' },
      { id: 2, light: 'yellow' as const, dueDate: '2026-12-01' },
      { id: 1, light: 'red' as const, dueDate: '2026-11-10' },
      { id: 6, light: 'red' as const, dueDate: '2026-11-10' },
    ];
    expect(items.sort(byUrgency).map((i) => i.id)).toEqual([1, 6, 3, 2, 5, 4]);
  });
});

describe('task codes', () => {
  it('writes and reads them', () => {
    expect(taskCode(12)).toBe('T12');
    for (const s of ['T12', 't12', '#12', '12', 'Ｔ１２', ' T12 ']) expect(parseTaskCode(s), s).toBe(12);
  });
  it.each(['', 'T', 'T0', '0', 'T-1', '-1', 'T99999999999', 'T2147483648', 'T1.5', 'T12a', '🎉', '<b>T1</b>', 'TT1'])('rejects %j', (s) => {
    expect(parseTaskCode(s)).toBeNull();
  });
});
