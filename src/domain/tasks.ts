import { parseCode } from './codes.ts';
import { daysBetween, localDate } from './calendar.ts';

/**
 * The longest title, note (a report's or a task's description: an inspector's finding, 督察反馈, is long) and any
 * other field a task takes (in characters), and the largest amount a report or quota may be.
 */
export const TASK_LIMITS = { title: 200, note: 2000, field: 500, amount: 1_000_000_000 } as const;

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'closed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskAction = 'report' | 'done' | 'close' | 'reject' | 'reopen' | 'cancel' | 'edit' | 'extend';

/** Locale keys of the reasons nextStatus refuses an action. */
export type TaskRefusal = 'task-is-closed' | 'task-is-cancelled' | 'task-not-done' | 'task-not-reopenable' | 'task-already-done';

/**
 * Where an action takes a task, or the locale key of why it cannot.
 *
 *   open ──report──▶ in_progress ──report──▶ in_progress        done ──report──▶ done (a late addition)
 *   open | in_progress ──done──▶ done ──close──▶ closed (销号)   done ──reject──▶ in_progress (驳回)
 *   open | in_progress | done ──cancel──▶ cancelled              closed | cancelled ──reopen──▶ in_progress
 *   edit and extend keep the status of an open, in-progress or done task.
 *
 * A closed task refuses everything but reopen (task-is-closed), a cancelled one likewise (task-is-cancelled).
 */
export function nextStatus(status: TaskStatus, action: TaskAction): { ok: true; status: TaskStatus } | { ok: false; reason: TaskRefusal } {
  const to = (next: TaskStatus) => ({ ok: true as const, status: next });
  const no = (reason: TaskRefusal) => ({ ok: false as const, reason });
  if (!TASK_STATUSES.includes(status)) throw new RangeError(`unknown task status: ${String(status)}`);
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
    default:
      throw new RangeError(`unknown task action: ${String(action satisfies never)}`);
  }
}

/** A task as the office enters it, names already resolved to ids. */
export interface NewTaskInput {
  title: string;
  committeeId: number;
  description: string | null;
  dueDate: string;
  measure: string | null;
  assignments: { unitId: number; role: 'lead' | 'cooperating'; quota: number | null }[];
}

export interface AssignmentProgress {
  unitId: number;
  role: 'lead' | 'cooperating';
  quota: number | null;
  reports: { amount: number | null; percent: number | null; at: Date }[];
  doneAt: Date | null;
}

/** A finite number, or null: a NaN or an Infinity from a bad row counts as nothing reported. */
const finite = (n: number | null): number | null => (n !== null && Number.isFinite(n) ? n : null);
const clamp01 = (r: number) => Math.min(1, Math.max(0, r));

/**
 * A unit's progress.
 * - With a quota: done = the sum of its amounts; ratio = done / quota, within 0..1 (0 before any report).
 * - Without: done = its latest percent (latest by `at`; of equal times, the later in the list); ratio =
 *   that percent / 100, within 0..1; both unknown (ratio null, done 0) before any percent.
 * - A unit whose part is done (doneAt) has ratio 1. With a quota, done keeps what it counted (the office
 *   may mark a part done with its quota unmet, with a reason); a done percent part is 100%.
 * A quota of 0 or less asks for nothing: ratio 1.
 */
export function unitProgress(a: AssignmentProgress): { done: number; quota: number | null; ratio: number | null; lastReportAt: Date | null } {
  let lastReportAt: Date | null = null;
  let latestPercent: { percent: number; at: Date } | null = null;
  let sum = 0;
  for (const r of a.reports) {
    if (lastReportAt === null || r.at > lastReportAt) lastReportAt = r.at;
    sum += finite(r.amount) ?? 0;
    const percent = finite(r.percent);
    if (percent !== null && (latestPercent === null || r.at >= latestPercent.at)) latestPercent = { percent, at: r.at };
  }
  if (a.quota !== null) {
    const ratio = a.doneAt !== null || !(a.quota > 0) ? 1 : clamp01(sum / a.quota);
    return { done: sum, quota: a.quota, ratio, lastReportAt };
  }
  const percent = latestPercent?.percent ?? null;
  if (a.doneAt !== null) return { done: 100, quota: null, ratio: 1, lastReportAt };
  return { done: percent ?? 0, quota: null, ratio: percent === null ? null : clamp01(percent / 100), lastReportAt };
}

/**
 * The whole task, 0..1: the mean of all its parts' ratios, each unit weighing the same and a unit that never
 * reported counting 0 (a task is not 100% while one of five units is silent). Null when nothing is known at all
 * (no parts, or percent parts none of which reported).
 */
export function taskProgress(assignments: AssignmentProgress[]): number | null {
  return progressOfRatios(assignments.map((a) => unitProgress(a).ratio));
}

/** taskProgress from its parts' ratios (unitProgress), for a caller that has them already. */
export function progressOfRatios(ratios: readonly (number | null)[]): number | null {
  // Only percent parts can be unknown: when all are, the task is "not reported yet", not 0%.
  if (ratios.every((r) => r === null)) return null;
  return ratios.reduce<number>((sum, r) => sum + (r ?? 0), 0) / ratios.length;
}

/** What a unit has still to count toward its quota (never below 0); null without a quota. */
export function remainingQuota(a: AssignmentProgress): number | null {
  if (a.quota === null) return null;
  return Math.max(0, a.quota - unitProgress(a).done);
}

/** Cooperating units that have not said their part is done: the lead's "done" waits for them. */
export function leadDoneBlockers(assignments: AssignmentProgress[]): number[] {
  return assignments.filter((a) => a.role === 'cooperating' && a.doneAt === null).map((a) => a.unitId);
}

export type Light = 'green' | 'yellow' | 'red' | 'done';

/**
 * A task's traffic light on `today` (the county's local date). Finished tasks (done, closed, cancelled)
 * are 'done'. Otherwise red once the due day has passed; yellow from `yellowDays` days before it through
 * the due day itself (the due day is yellow, not red); green before that. The light follows dueDate, so a
 * task whose deadline an extension moved on turns back from red.
 */
export function lightOf(task: { status: TaskStatus; dueDate: string }, today: string, yellowDays = 3): Light {
  if (task.status === 'done' || task.status === 'closed' || task.status === 'cancelled') return 'done';
  const left = daysBetween(today, task.dueDate);
  if (left < 0) return 'red';
  return left <= yellowDays ? 'yellow' : 'green';
}

/** Whole days past the due date: 0 up to and on the due day, 1 the day after. */
export function overdueDays(dueDate: string, today: string): number {
  return Math.max(0, daysBetween(dueDate, today));
}

/** A unit's part as its deadline sees it: its own due date, and the local date it was finished, if it was. */
interface PartTiming {
  dueDate: string;
  finishedOn: string | null;
}

/** A part's light: a finished part is done, never red, whatever its deadline; otherwise by its own deadline. */
export function partLight(part: PartTiming, today: string, yellowDays = 3): Light {
  return lightOf({ status: part.finishedOn === null ? 'open' : 'done', dueDate: part.dueDate }, today, yellowDays);
}

/** Days late: a part finished late keeps the days it was late when finished; an unfinished one counts to today. */
export function partDaysLate(part: PartTiming, today: string): number {
  return overdueDays(part.dueDate, part.finishedOn ?? today);
}

/**
 * Silent for `staleDays` local calendar days or more: counted from the local date of the last activity
 * (the last report, or the task's creation when there is none) to the local date of `now`, so 23:30 one
 * evening to 00:10 the next morning is a day.
 */
export function isStale(lastActivity: Date, now: Date, staleDays: number, timeZone: string): boolean {
  return isStaleOn(localDate(lastActivity, timeZone), localDate(now, timeZone), staleDays);
}

/** isStale from the local dates of the last activity and of today, for a caller that converts many (localDates). */
export function isStaleOn(lastActivityDate: string, today: string, staleDays: number): boolean {
  return daysBetween(lastActivityDate, today) >= staleDays;
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2, done: 3 };

/** Most urgent first: red (the longest overdue first), yellow, green, then finished; ties by due date, id. */
export function byUrgency(a: { light: Light; dueDate: string; id: number }, b: { light: Light; dueDate: string; id: number }): number {
  return LIGHT_ORDER[a.light] - LIGHT_ORDER[b.light] || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.id - b.id;
}

/** The short id people type and read: 12 → 'T12'. */
export const taskCode = (id: number): string => `T${id}`;

/** A task id as people type it: T12, t12, #12, 12, full-width too (see parseCode). */
export const parseTaskCode = (s: string): number | null => parseCode(s, 'T');
