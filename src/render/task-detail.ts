import { Html, type Translate } from './html.ts';
import { daysBetween } from '../domain/calendar.ts';
import type { TaskDetail } from '../services/task-queries.ts';
import { formatAmount, formatDateTime } from './format.ts';
import { deadlineText, LIGHT_ICONS, progressText } from './tasks.ts';

/** The whole story of one task, as /task shows it. */
export function renderTaskDetail(t: Translate, detail: TaskDetail, today: string, timeZone: string): string {
  const { summary: task } = detail;
  const lines = [
    t('detail-title', { code: task.code, title: task.title }),
    t('detail-meta', {
      committee: task.committee,
      status: new Html(t(`task-status-${task.status}`)),
      light: LIGHT_ICONS[task.light],
      deadline: new Html(deadlineText(t, task, daysBetween(today, task.dueDate))),
      due: task.dueDate,
    }),
  ];
  if (detail.description) lines.push(t('detail-description', { text: detail.description }));
  lines.push('', t('detail-units'));
  for (const part of task.parts) {
    lines.push(
      t('detail-unit-line', {
        unit: part.unitName,
        role: new Html(t(`task-role-${part.role}`)),
        progress: new Html(progressText(t, part, task.measure)),
        done: new Html(part.doneAt ? t('detail-unit-done', { at: formatDateTime(part.doneAt, timeZone) }) : ''),
      }),
    );
  }
  lines.push('', t('detail-reports', { count: detail.reports.length }));
  if (detail.reports.length === 0) lines.push(t('detail-none'));
  for (const report of detail.reports) {
    const photos = report.evidence.filter((e) => e.kind === 'photo').length;
    const documents = report.evidence.length - photos;
    lines.push(
      t('detail-report-line', {
        at: formatDateTime(report.createdAt, timeZone),
        unit: report.unit.name,
        who: report.reporterName,
        value: report.amount !== null ? `+${formatAmount(report.amount)}${task.measure ?? ''}` : `${formatAmount(report.percent ?? 0)}%`,
        note: report.note ?? '',
        evidence: [photos > 0 ? `📷×${photos}` : '', documents > 0 ? `📎×${documents}` : ''].join(' ').trim(),
      }),
    );
  }
  if (detail.extensions.length > 0) {
    lines.push('', t('detail-extensions'));
    for (const ext of detail.extensions) {
      lines.push(
        t('detail-extension-line', {
          unit: ext.unit?.name ?? '-',
          from: ext.fromDate,
          to: ext.toDate,
          status: new Html(t(`extension-status-${ext.status}`)),
          reason: ext.reason,
        }),
      );
    }
  }
  lines.push('', t('detail-trail'));
  for (const entry of detail.trail) {
    lines.push(t('detail-trail-line', { at: formatDateTime(entry.at, timeZone), who: entry.actorName ?? t('actor-system'), action: new Html(t(`audit-${entry.action.replace('.', '-')}`)) }));
  }
  return lines.join('\n');
}
