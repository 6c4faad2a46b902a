import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.ts';
import {
  TASK_STATUSES,
  byUrgency,
  isStale,
  leadDoneBlockers,
  lightOf,
  nextStatus,
  overdueDays,
  partDaysLate,
  partLight,
  parseTaskCode,
  remainingQuota,
  taskCode,
  taskProgress,
  unitProgress,
  type AssignmentProgress,
  type Light,
  type TaskAction,
  type TaskStatus,
} from '../../src/domain/tasks.ts';

const ACTIONS: TaskAction[] = ['report', 'done', 'close', 'reject', 'reopen', 'cancel', 'edit', 'extend'];

describe('task lifecycle', () => {
  // Every status × every action: the status it leads to, or the locale key of the refusal.
  const expected: Record<TaskStatus, Record<TaskAction, string>> = {
    open: {
      report: 'in_progress',
      done: 'done',
      close: 'task-not-done',
      reject: 'task-not-done',
      reopen: 'task-not-reopenable',
      cancel: 'cancelled',
      edit: 'open',
      extend: 'open',
    },
    in_progress: {
      report: 'in_progress',
      done: 'done',
      close: 'task-not-done',
      reject: 'task-not-done',
      reopen: 'task-not-reopenable',
      cancel: 'cancelled',
      edit: 'in_progress',
      extend: 'in_progress',
    },
    done: {
      report: 'done', // a unit may still add a report after the lead said done
      done: 'task-already-done',
      close: 'closed', // 销号
      reject: 'in_progress', // 驳回: sent back
      reopen: 'task-not-reopenable',
      cancel: 'cancelled',
      edit: 'done',
      extend: 'done',
    },
    closed: {
      report: 'task-is-closed',
      done: 'task-is-closed',
      close: 'task-is-closed',
      reject: 'task-is-closed',
      reopen: 'in_progress',
      cancel: 'task-is-closed',
      edit: 'task-is-closed',
      extend: 'task-is-closed',
    },
    cancelled: {
      report: 'task-is-cancelled',
      done: 'task-is-cancelled',
      close: 'task-is-cancelled',
      reject: 'task-is-cancelled',
      reopen: 'in_progress',
      cancel: 'task-is-cancelled',
      edit: 'task-is-cancelled',
      extend: 'task-is-cancelled',
    },
  };
  const table = TASK_STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action, expected[status][action]] as const));

  it('covers every status and every action', () => {
    expect(TASK_STATUSES).toEqual(['open', 'in_progress', 'done', 'closed', 'cancelled']);
    expect(table).toHaveLength(5 * 8);
  });

  it.each(table)('%s --%s--> %s', (status, action, outcome) => {
    const result = nextStatus(status, action);
    if (TASK_STATUSES.includes(outcome as TaskStatus)) expect(result).toEqual({ ok: true, status: outcome });
    else expect(result).toEqual({ ok: false, reason: outcome });
  });

  it('refuses only with the fixed locale keys', () => {
    const keys = new Set(['task-is-closed', 'task-is-cancelled', 'task-not-done', 'task-not-reopenable', 'task-already-done']);
    for (const [status, action] of table) {
      const result = nextStatus(status, action);
      if (!result.ok) expect(keys.has(result.reason), `${status} ${action}`).toBe(true);
    }
  });

  it('walks a task through its life', () => {
    let status: TaskStatus = 'open';
    const step = (action: TaskAction) => {
      const result = nextStatus(status, action);
      if (!result.ok) throw new Error(`${status} --${action}--> ${result.reason}`);
      status = result.status;
      return status;
    };
    expect([step('report'), step('extend'), step('done'), step('report'), step('reject'), step('report'), step('done'), step('close')]).toEqual([
      'in_progress',
      'in_progress',
      'done',
      'done',
      'in_progress',
      'in_progress',
      'done',
      'closed',
    ]);
    expect(nextStatus(status, 'report')).toEqual({ ok: false, reason: 'task-is-closed' });
    expect([step('reopen'), step('cancel'), step('reopen')]).toEqual(['in_progress', 'cancelled', 'in_progress']);
  });

  it('throws on a status or action it does not know (a bad database row)', () => {
    expect(() => nextStatus('archived' as TaskStatus, 'edit')).toThrow(RangeError);
    expect(() => nextStatus('open', 'archive' as TaskAction)).toThrow(RangeError);
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
const amount = (n: number, when: string) => ({ amount: n, percent: null, at: at(when) });
const percent = (p: number, when: string) => ({ amount: null, percent: p, at: at(when) });

describe('unit progress with a quota', () => {
  it('sums the amounts against the quota', () => {
    const p = part({ quota: 5, reports: [amount(2, '2026-11-20T01:00:00Z'), amount(1.5, '2026-11-22T01:00:00Z')] });
    expect(unitProgress(p)).toEqual({ done: 3.5, quota: 5, ratio: 0.7, lastReportAt: at('2026-11-22T01:00:00Z') });
    expect(remainingQuota(p)).toBe(1.5);
  });

  it('caps the ratio at the whole, and the remainder at nothing', () => {
    const p = part({ quota: 5, reports: [amount(4, '2026-11-20T01:00:00Z'), amount(5, '2026-11-21T01:00:00Z')] });
    expect(unitProgress(p)).toMatchObject({ done: 9, ratio: 1 });
    expect(remainingQuota(p)).toBe(0);
    expect(remainingQuota(part({ quota: 5, reports: [amount(5, '2026-11-20T01:00:00Z')] }))).toBe(0);
  });

  it('is 0 before any report, with the whole quota to go', () => {
    const p = part({ quota: 4 });
    expect(unitProgress(p)).toEqual({ done: 0, quota: 4, ratio: 0, lastReportAt: null });
    expect(remainingQuota(p)).toBe(4);
  });

  it('takes a negative amount as a correction, never below 0', () => {
    const p = part({ quota: 10, reports: [amount(6, '2026-11-20T01:00:00Z'), amount(-2, '2026-11-21T01:00:00Z')] });
    expect(unitProgress(p)).toMatchObject({ done: 4, ratio: 0.4 });
    expect(unitProgress(part({ quota: 10, reports: [amount(-3, '2026-11-20T01:00:00Z')] })).ratio).toBe(0);
  });

  it('ignores percents and amounts that are not finite numbers', () => {
    const p = part({
      quota: 10,
      reports: [amount(3, '2026-11-20T01:00:00Z'), percent(90, '2026-11-21T01:00:00Z'), amount(Number.NaN, '2026-11-22T01:00:00Z'), amount(Infinity, '2026-11-22T02:00:00Z')],
    });
    expect(unitProgress(p)).toEqual({ done: 3, quota: 10, ratio: 0.3, lastReportAt: at('2026-11-22T02:00:00Z') });
  });

  it('counts a unit that said done as complete, short or not', () => {
    const p = part({ quota: 4, reports: [amount(3, '2026-11-20T01:00:00Z')], doneAt: at('2026-11-25T01:00:00Z') });
    expect(unitProgress(p)).toMatchObject({ done: 3, ratio: 1 });
    expect(unitProgress(part({ quota: 4, doneAt: at('2026-11-25T01:00:00Z') })).ratio).toBe(1);
  });

  it('asks nothing of a quota of 0', () => {
    expect(unitProgress(part({ quota: 0 })).ratio).toBe(1);
    expect(remainingQuota(part({ quota: 0 }))).toBe(0);
  });
});

describe('unit progress without a quota', () => {
  it('takes the latest percent, whatever the order of the list', () => {
    const p = part({ reports: [percent(60, '2026-11-22T01:00:00Z'), percent(80, '2026-11-21T01:00:00Z'), percent(30, '2026-11-19T01:00:00Z')] });
    expect(unitProgress(p)).toEqual({ done: 60, quota: null, ratio: 0.6, lastReportAt: at('2026-11-22T01:00:00Z') });
    expect(remainingQuota(p)).toBeNull();
  });

  it('lets a later percent go down as well as up', () => {
    expect(unitProgress(part({ reports: [percent(80, '2026-11-21T01:00:00Z'), percent(50, '2026-11-22T01:00:00Z')] })).ratio).toBe(0.5);
  });

  it('of two percents at the same time, takes the later in the list', () => {
    expect(unitProgress(part({ reports: [percent(40, '2026-11-22T01:00:00Z'), percent(45, '2026-11-22T01:00:00Z')] })).done).toBe(45);
  });

  it('keeps the latest percent, not the latest report, when a later one has none', () => {
    const p = part({ reports: [percent(70, '2026-11-21T01:00:00Z'), { amount: null, percent: null, at: at('2026-11-23T01:00:00Z') }] });
    expect(unitProgress(p)).toEqual({ done: 70, quota: null, ratio: 0.7, lastReportAt: at('2026-11-23T01:00:00Z') });
  });

  it('knows nothing before a percent', () => {
    expect(unitProgress(part({}))).toEqual({ done: 0, quota: null, ratio: null, lastReportAt: null });
    expect(unitProgress(part({ reports: [amount(3, '2026-11-21T01:00:00Z')] })).ratio).toBeNull();
  });

  it('keeps the ratio within 0..1', () => {
    expect(unitProgress(part({ reports: [percent(120, '2026-11-21T01:00:00Z')] })).ratio).toBe(1);
    expect(unitProgress(part({ reports: [percent(0, '2026-11-21T01:00:00Z')] })).ratio).toBe(0);
  });

  it('a done percent part is 100%', () => {
    expect(unitProgress(part({ doneAt: at('2026-11-25T01:00:00Z') }))).toEqual({ done: 100, quota: null, ratio: 1, lastReportAt: null });
    expect(unitProgress(part({ reports: [percent(90, '2026-11-21T01:00:00Z')], doneAt: at('2026-11-25T01:00:00Z') }))).toMatchObject({ done: 100, ratio: 1 });
  });
});

describe('task progress', () => {
  const r = (n: number) => amount(n, '2026-11-20T01:00:00Z');

  it('a silent unit counts as zero in a task\'s progress', () => {
    // One of five units reported 100%: the task is at 20%, not 100%.
    const reported = part({ unitId: 1, reports: [percent(100, '2026-11-20T01:00:00Z')] });
    const silent = [2, 3, 4, 5].map((unitId) => part({ unitId }));
    expect(taskProgress([reported, ...silent])).toBeCloseTo(0.2, 10);
    // A unit with a quota and no report counts 0 too.
    expect(taskProgress([part({ unitId: 1, quota: 5, reports: [r(5)] }), part({ unitId: 2, quota: 15 })])).toBe(0.5);
  });

  it('averages all parts, each unit weighing the same, each capped at its quota', () => {
    const a = part({ unitId: 1, quota: 5, reports: [r(5)] });
    const b = part({ unitId: 2, quota: 15, reports: [r(5)] });
    expect(taskProgress([a, b])).toBeCloseTo((1 + 1 / 3) / 2, 10);
    const over = part({ unitId: 1, quota: 10, reports: [r(20)] });
    expect(taskProgress([over, part({ unitId: 2, quota: 10 })])).toBe(0.5);
    expect(taskProgress([part({ unitId: 1, quota: 5 }), part({ unitId: 2, quota: 15 })])).toBe(0);
  });

  it('counts a unit that said done with its whole part', () => {
    const a = part({ unitId: 1, quota: 10, reports: [r(6)], doneAt: at('2026-11-25T01:00:00Z') });
    const b = part({ unitId: 2, quota: 10, reports: [r(5)] });
    expect(taskProgress([a, b])).toBe(0.75);
  });

  it('counts units without a quota next to those with one', () => {
    const lead = part({ unitId: 1, role: 'lead', reports: [percent(100, '2026-11-20T01:00:00Z')] });
    const township = part({ unitId: 2, quota: 8, reports: [r(2)] });
    expect(taskProgress([lead, township])).toBe(0.625);
  });

  it('knows nothing when no unit has reported and none has a quota', () => {
    expect(taskProgress([part({}), part({ unitId: 2 })])).toBeNull();
    expect(taskProgress([])).toBeNull();
  });
});

describe('lead done blockers', () => {
  const lead = part({ unitId: 1, role: 'lead' });
  const doneAt = at('2026-11-20T01:00:00Z');

  it('names the cooperating units that have not said done, in order', () => {
    expect(leadDoneBlockers([lead, part({ unitId: 4 }), part({ unitId: 3, doneAt }), part({ unitId: 2 })])).toEqual([4, 2]);
  });

  it('is empty once every cooperating unit is done, or when there are none', () => {
    expect(leadDoneBlockers([lead, part({ unitId: 2, doneAt }), part({ unitId: 3, doneAt })])).toEqual([]);
    expect(leadDoneBlockers([lead])).toEqual([]);
    expect(leadDoneBlockers([])).toEqual([]);
  });

  it('does not wait for the lead itself, nor count reports as done', () => {
    const busy = part({ unitId: 2, quota: 3, reports: [amount(3, '2026-11-20T01:00:00Z')] });
    expect(leadDoneBlockers([lead, busy])).toEqual([2]);
    expect(leadDoneBlockers([part({ unitId: 1, role: 'lead', doneAt: null }), part({ unitId: 2, role: 'lead' })])).toEqual([]);
  });
});

describe('lights', () => {
  const task = (dueDate: string, status: TaskStatus = 'in_progress') => ({ status, dueDate });

  it.each([
    ['2026-11-01', 'green'],
    ['2026-11-26', 'green'], // 4 days left
    ['2026-11-27', 'yellow'], // 3 days left
    ['2026-11-29', 'yellow'],
    ['2026-11-30', 'yellow'], // the due day itself: not yet late
    ['2026-12-01', 'red'], // the day after
    ['2027-01-02', 'red'],
  ])('a task due 2026-11-30 is, on %s, %s', (today, light) => {
    expect(lightOf(task('2026-11-30'), today)).toBe(light);
    expect(lightOf(task('2026-11-30', 'open'), today)).toBe(light);
  });

  it.each([
    ['2026-01-31', '2026-01-28', 'yellow'],
    ['2026-01-31', '2026-02-01', 'red'],
    ['2026-02-28', '2026-03-01', 'red'],
    ['2028-02-28', '2028-02-29', 'red'],
    ['2026-12-31', '2027-01-01', 'red'],
    ['2027-01-01', '2026-12-29', 'yellow'],
    ['2027-01-01', '2026-12-28', 'green'],
    ['2026-03-02', '2026-02-27', 'yellow'], // 3 days: February has 28
    ['2028-03-02', '2028-02-27', 'green'], // 4 days: February has 29
  ])('across a month end: due %s, on %s, is %s', (due, today, light) => {
    expect(lightOf(task(due), today)).toBe(light);
  });

  it('shows finished tasks as done, late or not', () => {
    for (const status of ['done', 'closed', 'cancelled'] as const) {
      expect(lightOf(task('2026-11-01', status), '2026-12-01')).toBe('done');
      expect(lightOf(task('2026-12-31', status), '2026-12-01')).toBe('done');
    }
  });

  it('respects the configured yellow window', () => {
    expect(lightOf(task('2026-11-30'), '2026-11-25', 5)).toBe('yellow');
    expect(lightOf(task('2026-11-30'), '2026-11-24', 5)).toBe('green');
    expect(lightOf(task('2026-11-30'), '2026-11-29', 0)).toBe('green');
    expect(lightOf(task('2026-11-30'), '2026-11-30', 0)).toBe('yellow');
    expect(lightOf(task('2026-11-30'), '2026-12-01', 0)).toBe('red');
  });

  it('turns back from red when an extension moves the deadline', () => {
    const yesterday = '2026-12-01';
    const today = '2026-12-02';
    expect(lightOf(task('2026-11-30'), yesterday)).toBe('red');
    expect(lightOf(task('2026-11-30'), today)).toBe('red');
    // Extended today: the light follows the new due date.
    expect(lightOf(task('2026-12-04'), today)).toBe('yellow');
    expect(lightOf(task('2026-12-10'), today)).toBe('green');
    expect(lightOf(task(today), today)).toBe('yellow');
    expect(overdueDays('2026-11-30', today)).toBe(2);
    expect(overdueDays('2026-12-10', today)).toBe(0);
  });
});

describe('overdueDays', () => {
  it.each([
    ['2026-11-30', '2026-11-01', 0],
    ['2026-11-30', '2026-11-29', 0],
    ['2026-11-30', '2026-11-30', 0], // the due day itself
    ['2026-11-30', '2026-12-01', 1], // the day after
    ['2026-11-30', '2026-12-07', 7],
    ['2026-01-31', '2026-02-01', 1],
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-12-31', '2027-01-02', 2],
  ])('due %s, on %s: %i', (due, today, n) => {
    expect(overdueDays(due, today)).toBe(n);
  });

  it('agrees with the light: red exactly when overdue', () => {
    for (let today = '2026-11-20'; today <= '2026-12-10'; today = addDays(today, 1)) {
      expect(lightOf({ status: 'open', dueDate: '2026-11-30' }, today) === 'red', today).toBe(overdueDays('2026-11-30', today) > 0);
    }
  });
});

describe('isStale', () => {
  const SHANGHAI = 'Asia/Shanghai';

  it.each([
    // last activity (Shanghai 2026-11-20 23:30), now, staleDays, stale?
    ['2026-11-27T15:59:59Z', 7, true], // 11-27 23:59 local: 7 days after 11-20
    ['2026-11-26T15:59:59Z', 7, false], // 11-26 23:59 local: 6 days
    ['2026-11-26T16:10:00Z', 7, true], // 11-27 00:10 local: 7 days, only 6 days 0h40m after
    ['2026-11-20T16:30:00Z', 1, true], // 11-21 00:30 local: an hour later, but a day
    ['2026-11-20T15:59:59Z', 1, false], // still 11-20
    ['2026-11-20T15:30:00Z', 0, true], // 0: stale at once
  ] as const)('last 2026-11-20T15:30Z, now %s, staleDays %i: %s', (now, staleDays, stale) => {
    expect(isStale(at('2026-11-20T15:30:00Z'), at(now), staleDays, SHANGHAI)).toBe(stale);
  });

  it('reads the days in the zone it is given', () => {
    const last = at('2026-11-20T15:30:00Z'); // Shanghai 11-20 23:30; UTC 11-20 15:30
    const now = at('2026-11-20T16:30:00Z'); // Shanghai 11-21 00:30; UTC 11-20 16:30
    expect(isStale(last, now, 1, SHANGHAI)).toBe(true);
    expect(isStale(last, now, 1, 'UTC')).toBe(false);
  });

  it('crosses month ends and DST changes by calendar days', () => {
    expect(isStale(at('2026-01-31T02:00:00Z'), at('2026-02-07T01:00:00Z'), 7, SHANGHAI)).toBe(true);
    // From 02-22 to 03-01 is 7 days: February has 28.
    expect(isStale(at('2026-02-22T02:00:00Z'), at('2026-02-28T15:59:59Z'), 7, SHANGHAI)).toBe(false); // 02-28 23:59 local
    expect(isStale(at('2026-02-22T02:00:00Z'), at('2026-02-28T16:00:00Z'), 7, SHANGHAI)).toBe(true); // 03-01 00:00 local
    expect(isStale(at('2028-02-22T02:00:00Z'), at('2028-02-29T16:00:00Z'), 7, SHANGHAI)).toBe(true); // 2028-03-01: 8 days
    expect(isStale(at('2028-02-22T02:00:00Z'), at('2028-02-28T16:00:00Z'), 7, SHANGHAI)).toBe(true); // 2028-02-29: 7 days
    expect(isStale(at('2028-02-22T02:00:00Z'), at('2028-02-28T15:59:59Z'), 7, SHANGHAI)).toBe(false);
    // New York springs forward on 03-08: from 03-05 23:00 EST to 03-12 00:30 EDT is 7 days.
    expect(isStale(at('2026-03-06T04:00:00Z'), at('2026-03-12T04:30:00Z'), 7, 'America/New_York')).toBe(true);
    expect(isStale(at('2026-03-06T04:00:00Z'), at('2026-03-12T03:30:00Z'), 7, 'America/New_York')).toBe(false);
  });

  it('is never stale when now is before the last activity (a clock skew)', () => {
    expect(isStale(at('2026-11-22T01:00:00Z'), at('2026-11-20T01:00:00Z'), 1, SHANGHAI)).toBe(false);
  });
});

describe('byUrgency', () => {
  const item = (id: number, light: Light, dueDate: string) => ({ id, light, dueDate });

  it('puts red first (the longest overdue first), then yellow, green, and finished', () => {
    const items = [
      item(5, 'green', '2026-12-20'),
      item(4, 'done', '2026-11-01'),
      item(3, 'red', '2026-11-25'),
      item(2, 'yellow', '2026-12-01'),
      item(1, 'red', '2026-11-10'),
      item(7, 'yellow', '2026-11-30'),
      item(8, 'green', '2026-12-10'),
      item(9, 'done', '2026-10-01'),
    ];
    expect(items.sort(byUrgency).map((i) => i.id)).toEqual([1, 3, 7, 2, 8, 5, 9, 4]);
  });

  it('breaks ties by due date, then id', () => {
    const items = [item(9, 'red', '2026-11-10'), item(6, 'red', '2026-11-10'), item(2, 'red', '2026-11-11'), item(1, 'red', '2026-11-10')];
    expect(items.sort(byUrgency).map((i) => i.id)).toEqual([1, 6, 9, 2]);
    expect(byUrgency(item(1, 'green', '2026-11-10'), item(1, 'green', '2026-11-10'))).toBe(0);
  });

  it('orders across a year end by date, not by text of the month', () => {
    const items = [item(1, 'green', '2027-01-05'), item(2, 'green', '2026-12-31')];
    expect(items.sort(byUrgency).map((i) => i.id)).toEqual([2, 1]);
  });

  it('puts the light before the date: a red task due later comes before an earlier yellow one', () => {
    expect(byUrgency(item(1, 'red', '2026-12-01'), item(2, 'yellow', '2026-11-01'))).toBeLessThan(0);
    expect(byUrgency(item(2, 'yellow', '2026-11-01'), item(1, 'red', '2026-12-01'))).toBeGreaterThan(0);
  });
});

describe('task codes', () => {
  it('writes T and the id', () => {
    expect(taskCode(1)).toBe('T1');
    expect(taskCode(12)).toBe('T12');
    expect(taskCode(2 ** 31 - 1)).toBe('T2147483647');
  });

  it.each(['T12', 't12', '#12', '12', 'Ｔ１２', 'ｔ１２', '＃１２', '１２', 'T１２', ' T12 ', '\tT12\n', 'T012'])('reads %j as 12', (s) => {
    expect(parseTaskCode(s)).toBe(12);
  });

  it('reads back what it writes, up to 2^31 − 1', () => {
    for (const id of [1, 9, 10, 99, 1000, 123456, 2 ** 31 - 1]) expect(parseTaskCode(taskCode(id))).toBe(id);
  });

  it.each([
    '',
    ' ',
    'T',
    't',
    '#',
    'T0',
    '0',
    '#0',
    '00',
    'T-1',
    '-1',
    '#-1',
    'T+1',
    'T99999999999',
    '99999999999',
    'T2147483648',
    '2147483648',
    '4294967296',
    'T1.5',
    '1.0',
    '1e3',
    '0x1F',
    'T12a',
    '12T',
    'T 12',
    'T1 2',
    'TT1',
    '#T12',
    'T#12',
    'T-',
    'Task12',
    '🎉',
    'T12🎉',
    '🎉12',
    '<b>T1</b>',
    '<script>alert(1)</script>',
    'T1; DROP TABLE tasks',
    'T1\nT2',
    'Infinity',
    'NaN',
    'null',
    '١٢', // Arabic-Indic digits
    '十二',
  ])('refuses %j', (s) => {
    expect(parseTaskCode(s)).toBeNull();
  });

  it('refuses long input', () => {
    expect(parseTaskCode(`T${'1'.repeat(1000)}`)).toBeNull();
    expect(parseTaskCode(`${' '.repeat(100)}T12`)).toBeNull();
  });
});

describe("a part's own deadline", () => {
  it('a finished part is never red', () => {
    expect(partLight({ dueDate: '2026-11-30', finishedOn: '2026-11-25' }, '2026-12-05')).toBe('done');
    expect(partLight({ dueDate: '2026-11-30', finishedOn: '2026-12-03' }, '2026-12-05')).toBe('done');
    expect(partLight({ dueDate: '2026-11-30', finishedOn: null }, '2026-12-05')).toBe('red');
  });

  it('a part finished late keeps its days late', () => {
    expect(partDaysLate({ dueDate: '2026-11-30', finishedOn: '2026-12-06' }, '2026-12-20')).toBe(6);
    expect(partDaysLate({ dueDate: '2026-11-30', finishedOn: '2026-11-25' }, '2026-12-20')).toBe(0);
    expect(partDaysLate({ dueDate: '2026-11-30', finishedOn: null }, '2026-12-05')).toBe(5);
  });
});
