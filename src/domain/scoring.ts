import type { ScoringRules } from './rules.ts';
import { daysBetween } from './calendar.ts';

/** A unit's part in one task, as the scores see it. */
interface PartOutcome {
  dueDate: string;
  /** Local date the part was finished (the unit said done, or the task was verified), or null. */
  finishedOn: string | null;
  cancelled: boolean;
}

export interface UnitRecord {
  unitId: number;
  unitName: string;
  parts: PartOutcome[];
  openProblems: { foundBy: keyof ScoringRules['problemPenalty'] }[];
}

interface UnitScore {
  unitId: number;
  unitName: string;
  score: number;
  /** Parts whose deadline has come, and how many of them were finished on time. */
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  overdueDays: number;
  openProblems: number;
}

/**
 * The outcome score, 0–100: of the parts whose deadline has come, the share finished on time (late ones
 * earn partial credit), minus points for days still overdue and for open problems. Reports, messages and
 * other activity do not count: only what was done and when.
 */
export function scoreUnit(record: UnitRecord, today: string, rules: ScoringRules): UnitScore {
  let due = 0;
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  let overdueDays = 0;
  for (const part of record.parts) {
    if (part.cancelled) continue;
    const finished = part.finishedOn !== null;
    if (!finished && daysBetween(part.dueDate, today) <= 0) continue; // not due yet, not done: nothing to judge
    due++;
    if (finished && part.finishedOn! <= part.dueDate) onTime++;
    else if (finished) late++;
    else {
      overdue++;
      overdueDays += daysBetween(part.dueDate, today);
    }
  }
  const base = due === 0 ? 100 : (100 * (onTime + rules.lateCredit * late)) / due;
  const overduePenalty = Math.min(rules.maxOverduePenalty, overdueDays * rules.overduePenaltyPerDay);
  const problemPenalty = record.openProblems.reduce((sum, p) => sum + rules.problemPenalty[p.foundBy], 0);
  const score = Math.max(0, Math.min(100, base - overduePenalty - problemPenalty));
  return {
    unitId: record.unitId,
    unitName: record.unitName,
    score: Math.round(score * 10) / 10,
    due,
    onTime,
    late,
    overdue,
    overdueDays,
    openProblems: record.openProblems.length,
  };
}

/** Names in the order Chinese readers expect (pinyin); one collator, since creating one per comparison is slow. */
export const byChineseName = new Intl.Collator('zh').compare;

export interface RankedUnit extends UnitScore {
  /** 1 is best; equal scores share a rank (1, 2, 2, 4). */
  rank: number;
}

/** Best first; ties share a rank and are listed by fewer overdue days, then by name. */
export function rank(scores: UnitScore[]): RankedUnit[] {
  const sorted = [...scores].sort((a, b) => b.score - a.score || a.overdueDays - b.overdueDays || byChineseName(a.unitName, b.unitName));
  let rankOfScore = 0;
  return sorted.map((s, i) => {
    if (i === 0 || sorted[i - 1]!.score !== s.score) rankOfScore = i + 1;
    return { ...s, rank: rankOfScore };
  });
}
