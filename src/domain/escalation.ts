import { daysBetween } from './calendar.ts';

/**
 * How far up the responsibility chain a unit's red task should have gone by today: level 1 is the unit's
 * supervising leader, level 2 the principal leaders. The clock starts at the deadline, or at the unit's
 * last report if that is later (a unit that reports is working), so a report or an extension resets it.
 * A problem ticket uses the same rule, its last rejection standing for the last report: from then on the
 * problem is the unit's again. A part held by the office unit (生态委办公室) never goes up: the office chases the work,
 * and its own part (a task led by it before that was refused, or one it cooperates on) is not the leaders' to chase.
 */
export function escalationLevelDue(
  task: { dueDate: string; lastReportDate: string | null; finished: boolean; heldByOffice?: boolean },
  today: string,
  graceDays: number[],
): number {
  if (task.finished || task.heldByOffice || daysBetween(task.dueDate, today) <= 0) return 0;
  const since = task.lastReportDate && task.lastReportDate > task.dueDate ? task.lastReportDate : task.dueDate;
  const red = daysBetween(since, today);
  return graceDays.filter((grace) => red > grace).length;
}

/** One level at a time: the next step from what was reached, or null when nothing is owed today. */
export function nextEscalationStep(reached: number, due: number): number | null {
  return due > reached ? reached + 1 : null;
}
