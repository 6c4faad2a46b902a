import { Html, type Translate } from './html.ts';
import { addDays } from '../domain/calendar.ts';
import type { Digest } from '../domain/digest.ts';
import type { ScoringRules } from '../domain/rules.ts';
import type { UnitRanking } from '../domain/scoring.ts';
import { formatAmount, formatPercent } from './format.ts';
import { progressText } from './tasks.ts';

const rate = (t: Translate, value: number | null) => (value === null ? t('digest-none') : formatPercent(value));
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** "（较昨日 +2）", "，较12月4日 -3 个百分点", "（与昨日持平）"; nothing without a previous digest or a figure. */
function changeText(t: Translate, digest: Digest, delta: number | null, unit: 'count' | 'points'): Html {
  if (digest.previousDate === null || delta === null) return new Html('');
  const [, month, day] = digest.previousDate.split('-').map(Number);
  const yesterday = digest.today === addDays(digest.previousDate, 1);
  const since = new Html(yesterday ? t('digest-since-yesterday') : t('digest-since-date', { month: month!, day: day! }));
  if (delta === 0) return new Html(t(unit === 'points' ? 'digest-change-points-none' : 'digest-change-count-none', { since }));
  return new Html(t(unit === 'points' ? 'digest-change-points' : 'digest-change-count', { since, delta: signed(delta) }));
}

function rankingLines(t: Translate, heading: string, ranking: UnitRanking, rules: ScoringRules): string[] {
  if (ranking.ranked.length === 0 && ranking.notRanked.length === 0) return [];
  const lines = ['', t(heading)];
  for (const u of ranking.ranked) lines.push(t('digest-rank-line', { rank: u.rank, unit: u.unitName, score: u.score, onTime: u.onTime, due: u.due }));
  if (ranking.notRanked.length > 0) lines.push(t('digest-not-ranked', { min: rules.minDueParts, units: ranking.notRanked.map((u) => u.unitName).join('、') }));
  return lines;
}

/**
 * The daily digest as the leadership group reads it, most pressing first: the headline figures with their change
 * since the previous digest, what fell overdue, the units furthest behind and their overdue work, the headline
 * quota tasks by unit, the committees, then the rankings and how they are scored. `extra` lines (the open
 * problems) go before that last line.
 */
export function renderDigest(t: Translate, digest: Digest, rules: ScoringRules, extra: string[] = []): string {
  const { totals, changes } = digest;
  const lines = [
    t('digest-title', { date: digest.today }),
    t('digest-completion', {
      completion: rate(t, totals.completionRate),
      tasks: totals.tasks,
      finished: totals.finished,
      change: changeText(t, digest, changes?.completionPoints ?? null, 'points'),
    }),
    t('digest-on-time', {
      onTime: rate(t, totals.onTimeRate),
      due: totals.onTimeDue,
      onTimeCount: totals.onTime,
      change: changeText(t, digest, changes?.onTimePoints ?? null, 'points'),
    }),
    t('digest-lights', {
      red: totals.red,
      yellow: totals.yellow,
      redChange: changeText(t, digest, changes?.red ?? null, 'count'),
      yellowChange: changeText(t, digest, changes?.yellow ?? null, 'count'),
    }),
  ];
  if (digest.previousDate === null) lines.push(t('digest-no-previous'));
  if (digest.newlyOverdue.length > 0) {
    const tasks = digest.newlyOverdue.map((x) => t('digest-newly-overdue-task', { code: x.code, title: x.title, units: x.units.join('、') }));
    lines.push(t('digest-newly-overdue', { tasks: new Html(tasks.join('；')) }));
  }
  if (digest.newlyClosed.length > 0) {
    const tasks = digest.newlyClosed.map((x) => `${x.code} ${x.title}`).join('；');
    const [, month, day] = digest.newlyClosedSince.split('-').map(Number);
    lines.push(
      digest.newlyClosedSince === addDays(digest.today, -1)
        ? t('digest-newly-closed', { tasks })
        : t('digest-newly-closed-since', { tasks, month: month!, day: day! }),
    );
  }
  if (digest.laggards.length > 0) {
    lines.push('', t('digest-laggards'));
    for (const [i, u] of digest.laggards.entries()) {
      lines.push(t('digest-laggard-line', { rank: i + 1, unit: u.unitName, overdue: u.overdue, days: u.overdueDays, change: changeText(t, digest, u.change, 'count') }));
      for (const p of u.parts) {
        const progress = p.progress === null ? t('task-progress-none') : progressText(t, { quota: p.quota, done: p.progress.done, ratio: p.progress.ratio }, p.measure);
        lines.push(t('digest-laggard-part', { code: p.code, title: p.title, days: p.daysOverdue, progress: new Html(progress) }));
      }
      if (u.overdue > u.parts.length) lines.push(t('digest-laggard-more', { count: u.overdue - u.parts.length }));
    }
  }
  if (digest.headlineTasks.length > 0) {
    lines.push('', t('digest-headline-tasks'));
    for (const task of digest.headlineTasks) {
      lines.push(t('digest-headline-task', { code: task.code, title: task.title, done: formatAmount(task.done), quota: formatAmount(task.quota), measure: task.measure ?? '' }));
      const units = task.units.map((u) =>
        t(u.finished ? 'digest-headline-unit-finished' : u.overdue ? 'digest-headline-unit-overdue' : 'digest-headline-unit', {
          unit: u.unitName,
          done: formatAmount(u.done),
          quota: formatAmount(u.quota),
        }),
      );
      lines.push(units.join('、'));
    }
  }
  if (digest.committees.length > 0) {
    lines.push('', t('digest-committees'));
    for (const c of digest.committees) lines.push(t('digest-committee-line', { committee: c.name, tasks: c.tasks, finished: c.finished, red: c.red, yellow: c.yellow }));
  }
  lines.push(...rankingLines(t, 'digest-departments', digest.departments, rules), ...rankingLines(t, 'digest-townships', digest.townships, rules));
  lines.push(...extra, '', t('digest-footer', { min: rules.minDueParts, perDay: formatPercent(rules.lateCreditPerDay), floor: formatPercent(rules.minFinishedLateCredit) }));
  return lines.join('\n');
}
