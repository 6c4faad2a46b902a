import { Html, type Translate } from './html.ts';
import type { Light } from '../domain/tasks.ts';
import type { TaskSummary, UnitPart } from '../services/task-queries.ts';
import { formatAmount, formatPercent } from './format.ts';

export const LIGHT_ICONS: Record<Light, string> = { red: '🔴', yellow: '🟡', green: '🟢', done: '✅' };

/**
 * How late or how close: "逾期 2 天", "今天到期", "还有 5 天", or `finished` (the status word) when finished.
 * Given a task it speaks of its most urgent unfinished part; given a part, of that part's own deadline.
 */
export function deadlineText(t: Translate, timing: { light: Light; overdueDays: number; daysLeft: number }, finished: string): string {
  if (timing.light === 'done') return finished;
  if (timing.overdueDays > 0) return t('task-overdue', { days: timing.overdueDays });
  if (timing.daysLeft === 0) return t('task-due-today');
  return t('task-days-left', { days: timing.daysLeft });
}

/** A finished part in words: done, and how late it was when it was finished. */
export function partFinishedText(t: Translate, part: Pick<UnitPart, 'overdueDays'>): string {
  return part.overdueDays > 0 ? t('task-part-done-late', { days: part.overdueDays }) : t('task-part-done');
}

export function progressText(t: Translate, part: Pick<UnitPart, 'quota' | 'done' | 'ratio'>, measure: string | null): string {
  if (part.quota !== null) {
    return t('task-progress-quota', { done: formatAmount(part.done), quota: formatAmount(part.quota), measure: measure ?? '', ratio: formatPercent(part.ratio ?? 0) });
  }
  return part.ratio === null ? t('task-progress-none') : t('task-progress-percent', { ratio: formatPercent(part.ratio) });
}

/** One line of a task list; for a unit's own list, its own part: its light, its deadline, its progress. */
export function taskLine(t: Translate, task: TaskSummary, unitId?: number): string {
  const part = unitId === undefined ? undefined : task.parts.find((p) => p.unitId === unitId);
  const progress = part
    ? progressText(t, part, task.measure)
    : task.progress === null
      ? t('task-progress-none')
      : t('task-progress-percent', { ratio: formatPercent(task.progress) });
  const status = t(`task-status-${task.status}`);
  const timing = part && task.light !== 'done' ? part : task;
  const finished = part && part.light === 'done' && task.light !== 'done' ? partFinishedText(t, part) : status;
  return t('task-line', {
    light: LIGHT_ICONS[timing.light],
    code: task.code,
    title: task.title,
    committee: task.committee,
    due: part ? part.dueDate : task.dueDate,
    deadline: new Html(deadlineText(t, timing, finished)),
    progress: new Html(progress),
  });
}
