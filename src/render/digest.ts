import type { Translate } from './html.ts';
import type { Digest } from '../domain/digest.ts';
import type { RankedUnit } from '../domain/scoring.ts';
import { formatPercent } from './format.ts';

const rate = (t: Translate, value: number | null) => (value === null ? t('digest-none') : formatPercent(value));

const rankingLines = (t: Translate, units: RankedUnit[]) =>
  units.map((u) =>
    t('digest-rank-line', { rank: u.rank, unit: u.unitName, score: u.score, onTime: u.onTime, due: u.due, overdue: u.overdue }),
  );

/** The daily digest as the leadership group reads it; `extra` lines (the open problems) go before the footer. */
export function renderDigest(t: Translate, digest: Digest, extra: string[] = []): string {
  const { totals } = digest;
  const lines = [
    t('digest-title', { date: digest.today }),
    t('digest-totals', {
      tasks: totals.tasks,
      finished: totals.finished,
      completion: rate(t, totals.completionRate),
      onTime: rate(t, totals.onTimeRate),
      onTimeCount: totals.onTime,
      due: totals.onTimeDue,
      red: totals.red,
      yellow: totals.yellow,
    }),
  ];
  if (digest.newlyOverdue.length > 0) lines.push(t('digest-newly-overdue', { tasks: digest.newlyOverdue.map((x) => `${x.code} ${x.title}`).join('；') }));
  if (digest.newlyClosed.length > 0) lines.push(t('digest-newly-closed', { tasks: digest.newlyClosed.map((x) => `${x.code} ${x.title}`).join('；') }));
  if (digest.departments.length > 0) lines.push('', t('digest-departments'), ...rankingLines(t, digest.departments));
  if (digest.townships.length > 0) lines.push('', t('digest-townships'), ...rankingLines(t, digest.townships));
  if (digest.committees.length > 0) {
    lines.push('', t('digest-committees'));
    for (const c of digest.committees) lines.push(t('digest-committee-line', { committee: c.name, tasks: c.tasks, finished: c.finished, red: c.red, yellow: c.yellow }));
  }
  if (digest.laggards.length > 0) {
    lines.push('', t('digest-laggards'));
    for (const u of digest.laggards) lines.push(t('digest-laggard-line', { unit: u.unitName, overdue: u.overdue, days: u.overdueDays, score: u.score }));
  }
  lines.push(...extra, '', t('digest-footer'));
  return lines.join('\n');
}
