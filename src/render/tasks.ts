import { Html, type Translate } from './html.ts';
import type { Light } from '../domain/tasks.ts';
import type { TaskSummary, UnitPart } from '../services/task-queries.ts';
import { formatAmount, formatPercent } from './format.ts';

export const LIGHT_ICONS: Record<Light, string> = { red: '🔴', yellow: '🟡', green: '🟢', done: '✅' };

/** How late or how close: "逾期 2 天", "今天到期", "还有 5 天", or the status when finished. */
export function deadlineText(t: Translate, task: Pick<TaskSummary, 'light' | 'overdueDays' | 'dueDate' | 'status'>, daysLeft: number): string {
  if (task.light === 'done') return t(`task-status-${task.status}`);
  if (task.overdueDays > 0) return t('task-overdue', { days: task.overdueDays });
  if (daysLeft === 0) return t('task-due-today');
  return t('task-days-left', { days: daysLeft });
}

export function progressText(t: Translate, part: Pick<UnitPart, 'quota' | 'done' | 'ratio'>, measure: string | null): string {
  if (part.quota !== null) {
    return t('task-progress-quota', { done: formatAmount(part.done), quota: formatAmount(part.quota), measure: measure ?? '', ratio: formatPercent(part.ratio ?? 0) });
  }
  return part.ratio === null ? t('task-progress-none') : t('task-progress-percent', { ratio: formatPercent(part.ratio) });
}

/** One line of a task list; for a unit's own list, its own part's progress. */
export function taskLine(t: Translate, task: TaskSummary, daysLeft: number, unitId?: number): string {
  const part = unitId === undefined ? undefined : task.parts.find((p) => p.unitId === unitId);
  const progress = part
    ? progressText(t, part, task.measure)
    : task.progress === null
      ? t('task-progress-none')
      : t('task-progress-percent', { ratio: formatPercent(task.progress) });
  return t('task-line', {
    light: LIGHT_ICONS[task.light],
    code: task.code,
    title: task.title,
    committee: task.committee,
    due: task.dueDate,
    deadline: new Html(deadlineText(t, task, daysLeft)),
    progress: new Html(progress),
  });
}
