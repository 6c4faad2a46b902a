import { Html, type Translate } from './html.ts';
import type { TaskDetail } from '../services/task-queries.ts';
import { formatAmount, formatDateTime } from './format.ts';
import { deadlineText, LIGHT_ICONS, partFinishedText, progressText } from './tasks.ts';

/** The whole story of one task, as /task shows it. */
export function renderTaskDetail(t: Translate, detail: TaskDetail, today: string, timeZone: string): string {
  const { summary: task } = detail;
  const lines = [
    t('detail-title', { code: task.code, title: task.title }),
    t('detail-meta', {
      committee: task.committee,
      status: new Html(t(`task-status-${task.status}`)),
      light: LIGHT_ICONS[task.light],
      deadline: new Html(deadlineText(t, task, t(`task-status-${task.status}`))),
      due: task.dueDate,
    }),
  ];
  if (detail.description) lines.push(t('detail-description', { text: detail.description }));
  lines.push('', t('detail-units'));
  for (const part of task.parts) {
    // Each part by its own deadline: the line names it when it is not the task's (an extension, an edit).
    const state = part.light === 'done' ? partFinishedText(t, part) : deadlineText(t, part, '');
    lines.push(
      t('detail-unit-line', {
        unit: part.unitName,
        role: new Html(t(`task-role-${part.role}`)),
        light: LIGHT_ICONS[part.light],
        due: part.dueDate === task.dueDate ? '' : t('detail-unit-due', { due: part.dueDate }),
        state: new Html(task.status === 'cancelled' ? '' : state),
        progress: new Html(progressText(t, part, task.measure)),
        done: new Html(part.doneAt ? t('detail-unit-done', { at: formatDateTime(part.doneAt, timeZone) }) : ''),
        override: new Html(part.doneOverride ? t('detail-unit-override', { reason: part.doneOverride }) : ''),
      }),
    );
  }
  lines.push('', t('detail-reports', { count: detail.reports.length }));
  if (detail.reports.length === 0) lines.push(t('detail-none'));
  for (const report of detail.reports) {
    const photos = report.evidence.filter((e) => e.kind === 'photo').length;
    const documents = report.evidence.length - photos;
    const reason = report.changeReason ? t('detail-report-reason', { reason: report.changeReason }) : '';
    const change = report.withdrawnAt
      ? t('detail-report-withdrawn', { reason: new Html(reason) })
      : report.correctedAt
        ? t('detail-report-corrected', { reason: new Html(reason) })
        : '';
    lines.push(
      t('detail-report-line', {
        id: report.id,
        change: new Html(change),
        at: formatDateTime(report.createdAt, timeZone),
        unit: report.unit.name,
        who: report.reporterName,
        value: reportValueText(report, task.measure),
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
    lines.push(
      t('detail-trail-line', {
        at: formatDateTime(entry.at, timeZone),
        who: entry.actorName ?? t('actor-system'),
        action: new Html(t(`audit-${entry.action.replace('.', '-')}`)),
        detail: new Html(trailDetail(t, entry)),
      }),
    );
  }
  return lines.join('\n');
}

const DEADLINE_ACTIONS = new Set(['task.extend-approved', 'task.edit', 'task.import-update']);

/** What a step of the history changed, where it matters for the numbers: a deadline, a done the office accepted. */
function trailDetail(t: Translate, entry: { action: string; before: string | null; after: string | null }): string {
  const before = parseJson(entry.before);
  const after = parseJson(entry.after);
  const reason = typeof after.reason === 'string' && after.reason !== '' ? t('detail-trail-reason', { reason: after.reason }) : '';
  if (DEADLINE_ACTIONS.has(entry.action) && typeof after.dueDate === 'string' && typeof before.dueDate === 'string') {
    if (Array.isArray(after.units)) {
      return t('detail-trail-due-task', { from: before.dueDate, to: after.dueDate, units: after.units.join('、') || '-', reason: new Html(reason) });
    }
    return t('detail-trail-due', { unit: typeof after.unit === 'string' ? after.unit : '', from: before.dueDate, to: after.dueDate, reason: new Html(reason) });
  }
  if (entry.action === 'task.report-corrected' || entry.action === 'task.report-withdrawn') {
    const vars = {
      id: typeof after.report === 'number' ? after.report : 0,
      unit: typeof after.unit === 'string' ? after.unit : '',
      from: reportValueText(numbers(before), null),
      to: reportValueText(numbers(after), null),
      reason: new Html(reason),
    };
    return t(entry.action === 'task.report-corrected' ? 'detail-trail-report-corrected' : 'detail-trail-report-withdrawn', vars);
  }
  if (typeof after.override === 'string') return t('detail-trail-override', { unit: typeof after.unit === 'string' ? after.unit : '', reason: after.override });
  return '';
}

/** A report's value as people read it: +3村 for an amount, 60% for a percent. */
export function reportValueText(value: { amount: number | null; percent: number | null }, measure: string | null): string {
  return value.amount !== null ? `+${formatAmount(value.amount)}${measure ?? ''}` : `${formatAmount(value.percent ?? 0)}%`;
}

const numbers = (o: Record<string, unknown>) => ({
  amount: typeof o.amount === 'number' ? o.amount : null,
  percent: typeof o.percent === 'number' ? o.percent : null,
});

function parseJson(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {}; // a damaged audit row must not stop /task
  }
}
