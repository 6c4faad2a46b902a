import { daysBetween } from '../domain/calendar.ts';
import { Html, type Translate } from './html.ts';
import { problemCode } from '../domain/problems.ts';
import type { ProblemDetail, ProblemRow } from '../services/problems.ts';
import { formatDateTime } from './format.ts';

export const KIND_ICONS: Record<string, string> = { fire: '🔥', dust: '🌫️', complaint: '📮', inspection: '🔍', other: '📌' };

/** "时限 2026-12-03（逾期 2 天）", or "还有 n 天", or "今天到期"; a closed problem shows only its date. */
function problemDeadline(t: Translate, p: Pick<ProblemRow, 'dueDate' | 'status'>, today: string): string {
  if (p.status === 'closed') return t('problem-due', { due: p.dueDate });
  const left = daysBetween(today, p.dueDate);
  if (left < 0) return t('problem-due-overdue', { due: p.dueDate, days: -left });
  if (left === 0) return t('problem-due-today', { due: p.dueDate });
  return t('problem-due-left', { due: p.dueDate, days: left });
}

/** Where a problem is: the place as typed, else the coordinates of the location sent. */
export const problemPlace = (t: Translate, p: Pick<ProblemRow, 'location' | 'latitude' | 'longitude'>) =>
  p.location ?? (p.latitude !== null && p.longitude !== null ? t('problem-coordinates', { lat: p.latitude.toFixed(5), lon: p.longitude.toFixed(5) }) : '-');

/** One line of /problems. */
export function problemLine(t: Translate, p: ProblemRow, today: string): string {
  return t('problem-line', {
    icon: KIND_ICONS[p.kind] ?? '📌',
    code: problemCode(p.id),
    kind: new Html(t(`problem-kind-${p.kind}`)),
    unit: p.unit.name,
    where: problemPlace(t, p),
    found: new Html(t(`problem-found-${p.foundBy}`)),
    deadline: new Html(problemDeadline(t, p, today)),
    status: new Html(t(`problem-status-${p.status}`)),
  });
}

/** The head of a problem: what, where, who found it, whose, by when. For the notices and /problem P7. */
export function problemSummary(t: Translate, p: ProblemRow, today: string): string {
  const lines = [
    t('problem-summary-title', { icon: KIND_ICONS[p.kind] ?? '📌', code: problemCode(p.id), kind: new Html(t(`problem-kind-${p.kind}`)), unit: p.unit.name }),
    t('problem-summary-where', { where: problemPlace(t, p) }),
    t('problem-summary-found', { found: new Html(t(`problem-found-${p.foundBy}`)), deadline: new Html(problemDeadline(t, p, today)) }),
  ];
  if (p.description) lines.push(t('problem-summary-note', { text: p.description }));
  return lines.join('\n');
}

/** The whole trace of one problem, as /problem P7 shows it. */
export function renderProblemDetail(t: Translate, detail: ProblemDetail, today: string, timeZone: string): string {
  const { problem } = detail;
  const lines = [
    problemSummary(t, problem, today),
    t('problem-detail-status', { status: new Html(t(`problem-status-${problem.status}`)) }),
    t('problem-detail-evidence', { before: detail.before, after: detail.after }),
    '',
    t('problem-detail-trail'),
  ];
  for (const entry of detail.trail) {
    const text = entry.after.reason ?? entry.after.note;
    lines.push(
      t('problem-trail-line', {
        at: formatDateTime(entry.at, timeZone),
        who: entry.actorName ?? t('actor-system'),
        action: new Html(t(`problem-audit-${entry.action.replace('problem.', '')}`, { level: String(entry.after.level ?? ''), to: String(entry.after.to ?? '') })),
        text: new Html(typeof text === 'string' && text !== '' ? t('problem-trail-text', { text }) : ''),
        photos: typeof entry.after.photos === 'number' && entry.after.photos > 0 ? ` 📷×${entry.after.photos}` : '',
      }),
    );
  }
  return lines.join('\n');
}

/** The lines a unit's morning reminder gets for its open problems, or none. */
export function problemReminderLines(t: Translate, problems: ProblemRow[], today: string): string[] {
  if (problems.length === 0) return [];
  return [
    '',
    t('reminder-problems', { count: problems.length }),
    ...problems.map((p) =>
      t('reminder-problem-line', {
        light: daysBetween(today, p.dueDate) < 0 ? '🔴' : '🟡',
        code: problemCode(p.id),
        kind: new Html(t(`problem-kind-${p.kind}`)),
        where: problemPlace(t, p),
        deadline: new Html(problemDeadline(t, p, today)),
      }),
    ),
    t('reminder-problems-footer'),
  ];
}

/** The bulletin's section on problems not yet rectified, overdue ones named first; none: nothing. */
export function problemBulletinLines(t: Translate, problems: ProblemRow[], today: string): string[] {
  if (problems.length === 0) return [];
  const overdue = problems.filter((p) => daysBetween(today, p.dueDate) < 0).length;
  const sorted = [...problems].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  return [
    '',
    t('bulletin-problems', { count: problems.length, overdue }),
    ...sorted.map((p) =>
      t('bulletin-problem-line', {
        unit: p.unit.name,
        code: problemCode(p.id),
        kind: new Html(t(`problem-kind-${p.kind}`)),
        where: problemPlace(t, p),
        found: new Html(t(`problem-found-${p.foundBy}`)),
        deadline: new Html(problemDeadline(t, p, today)),
      }),
    ),
  ];
}
