import { daysBetween, localDate } from './calendar.ts';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'closed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskAction = 'report' | 'done' | 'close' | 'reject' | 'reopen' | 'cancel' | 'edit' | 'extend';

/** Where an action takes a task, or the locale key of why it cannot. */
export function nextStatus(status: TaskStatus, action: TaskAction): { ok: true; status: TaskStatus } | { ok: false; reason: string } {
  const to = (next: TaskStatus) => ({ ok: true as const, status: next });
  const no = (reason: string) => ({ ok: false as const, reason });
  if (action === 'reopen') return status === 'closed' || status === 'cancelled' ? to('in_progress') : no('task-not-reopenable');
  if (status === 'closed') return no('task-is-closed');
  if (status === 'cancelled') return no('task-is-cancelled');
  switch (action) {
    case 'report':
      // A unit may still add to the record after the lead said done; the task waits for verification.
      return to(status === 'open' ? 'in_progress' : status);
    case 'done':
      return status === 'done' ? no('task-already-done') : to('done');
    case 'close':
      return status === 'done' ? to('closed') : no('task-not-done');
    case 'reject':
      return status === 'done' ? to('in_progress') : no('task-not-done');
    case 'cancel':
      return to('cancelled');
    case 'edit':
    case 'extend':
      return to(status);
  }
}

export interface AssignmentProgress {
  unitId: number;
  role: 'lead' | 'cooperating';
  quota: number | null;
  reports: { amount: number | null; percent: number | null; at: Date }[];
  doneAt: Date | null;
}

/**
 * A unit's progress: with a quota, the sum of its amounts against it; without, its latest percent.
 * A unit that said its part is done is complete whatever it counted.
 */
export function unitProgress(a: AssignmentProgress): { done: number; quota: number | null; ratio: number | null; lastReportAt: Date | null } {
  const lastReportAt = a.reports.reduce<Date | null>((last, r) => (last === null || r.at > last ? r.at : last), null);
  if (a.quota !== null) {
    const done = a.reports.reduce((sum, r) => sum + (r.amount ?? 0), 0);
    return { done, quota: a.quota, ratio: a.doneAt ? 1 : Math.min(1, done / a.quota), lastReportAt };
  }
  const latest = [...a.reports].filter((r) => r.percent !== null).sort((x, y) => y.at.getTime() - x.at.getTime())[0];
  const percent = latest?.percent ?? null;
  if (a.doneAt) return { done: percent ?? 100, quota: null, ratio: 1, lastReportAt };
  return { done: percent ?? 0, quota: null, ratio: percent === null ? null : Math.min(1, percent / 100), lastReportAt };
}

/** The whole task: summed quotas where there are quotas, else the mean of the units' known ratios. */
export function taskProgress(assignments: AssignmentProgress[]): number | null {
  const withQuota = assignments.filter((a) => a.quota !== null);
  if (withQuota.length > 0) {
    const quota = withQuota.reduce((sum, a) => sum + a.quota!, 0);
    const done = withQuota.reduce((sum, a) => sum + (unitProgress(a).ratio ?? 0) * a.quota!, 0);
    return quota > 0 ? done / quota : null;
  }
  const ratios = assignments.map((a) => unitProgress(a).ratio).filter((r): r is number => r !== null);
  return ratios.length === 0 ? null : ratios.reduce((s, r) => s + r, 0) / ratios.length;
}

export function remainingQuota(a: AssignmentProgress): number | null {
  if (a.quota === null) return null;
  return Math.max(0, a.quota - unitProgress(a).done);
}

/** Cooperating units that have not said their part is done: the lead's "done" waits for them. */
export function leadDoneBlockers(assignments: AssignmentProgress[]): number[] {
  return assignments.filter((a) => a.role === 'cooperating' && a.doneAt === null).map((a) => a.unitId);
}

export type Light = 'green' | 'yellow' | 'red' | 'done';

/** Red once the due day has passed; yellow from `yellowDays` before it through the due day itself. */
export function lightOf(task: { status: TaskStatus; dueDate: string }, today: string, yellowDays = 3): Light {
  if (task.status === 'done' || task.status === 'closed' || task.status === 'cancelled') return 'done';
  const left = daysBetween(today, task.dueDate);
  if (left < 0) return 'red';
  return left <= yellowDays ? 'yellow' : 'green';
}

export function overdueDays(dueDate: string, today: string): number {
  return Math.max(0, daysBetween(dueDate, today));
}

/** Silent for `staleDays` local calendar days or more since the last report (or since the task began). */
export function isStale(lastActivity: Date, now: Date, staleDays: number, timeZone: string): boolean {
  return daysBetween(localDate(lastActivity, timeZone), localDate(now, timeZone)) >= staleDays;
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2, done: 3 };

/** Most urgent first: red (the longest overdue first), yellow, green, then finished; ties by due date, id. */
export function byUrgency(a: { light: Light; dueDate: string; id: number }, b: { light: Light; dueDate: string; id: number }): number {
  return LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] || a.dueDate.localeCompare(b.dueDate) || a.id - b.id;
}

export const taskCode = (id: number): string => `T${id}`;

const MAX_ID = 2 ** 31 - 1;

/** T12, t12, #12, 12, Ｔ１２ → 12; anything else → null. */
export function parseTaskCode(s: string): number | null {
  const match = /^[Tt#]?(\d{1,10})$/.exec(s.normalize('NFKC').trim());
  if (!match) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_ID ? id : null;
}
