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
  /** 0–100, whole points; null while none of its parts has come due (there is nothing to judge). */
  score: number | null;
  /** Parts whose deadline has come (as in the on-time rate), and of them: on time, finished late, still open. */
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  /** Days the still-open parts are past their deadlines, summed. */
  overdueDays: number;
  openProblems: number;
}

/**
 * What one part whose deadline has come earns, 0–1 (see ScoringRules): 1 on time, less per day late. Null for
 * a part not yet due (the day after its deadline it is), whether finished early or not: it is judged with the
 * others once its deadline comes, as the on-time rate judges it.
 */
function partCredit(part: PartOutcome, today: string, rules: ScoringRules): number | null {
  if (part.cancelled || daysBetween(part.dueDate, today) <= 0) return null;
  if (part.finishedOn === null) return Math.max(0, 1 - rules.lateCreditPerDay * daysBetween(part.dueDate, today));
  const daysLate = daysBetween(part.dueDate, part.finishedOn);
  return daysLate <= 0 ? 1 : Math.max(rules.minFinishedLateCredit, 1 - rules.lateCreditPerDay * daysLate);
}

/**
 * A unit's outcome score: what its due parts earned over what they could earn, as 0–100, minus points per open
 * problem by who found it. Reports, messages and other activity count for nothing: only what was done and when.
 */
export function scoreUnit(record: UnitRecord, today: string, rules: ScoringRules): UnitScore {
  let due = 0;
  let earned = 0;
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  let overdueDays = 0;
  for (const part of record.parts) {
    const credit = partCredit(part, today, rules);
    if (credit === null) continue;
    due++;
    earned += credit;
    if (part.finishedOn === null) {
      overdue++;
      overdueDays += daysBetween(part.dueDate, today);
    } else if (part.finishedOn <= part.dueDate) onTime++;
    else late++;
  }
  const problemPenalty = record.openProblems.reduce((sum, p) => sum + rules.problemPenalty[p.foundBy], 0);
  return {
    unitId: record.unitId,
    unitName: record.unitName,
    score: due === 0 ? null : Math.round(Math.max(0, Math.min(100, (100 * earned) / due - problemPenalty))),
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

interface RankedUnit extends UnitScore {
  score: number;
  /** 1 is best; equal scores share a rank (1, 2, 2, 4). */
  rank: number;
}

export interface UnitRanking {
  /** Best first; ties share a rank and are listed by fewer overdue days, then by name. */
  ranked: RankedUnit[];
  /** Units with work but fewer than `minDueParts` parts due yet, by name: listed apart, never ranked. */
  notRanked: UnitScore[];
}

/**
 * The one ranking of units, on outcomes only: the digest's rankings, its charts and the bulletin all come from
 * here, so they never disagree. A unit is ranked once `minDueParts` of its parts have come due; a unit with
 * nothing assigned and no open problem is in neither list.
 */
export function rankUnits(records: readonly UnitRecord[], today: string, rules: ScoringRules): UnitRanking {
  const scores = records.filter((r) => r.parts.length > 0 || r.openProblems.length > 0).map((r) => scoreUnit(r, today, rules));
  const minimum = Math.max(1, rules.minDueParts);
  const rankable = scores.filter((s): s is UnitScore & { score: number } => s.due >= minimum && s.score !== null);
  const sorted = rankable.sort((a, b) => b.score - a.score || a.overdueDays - b.overdueDays || byChineseName(a.unitName, b.unitName));
  let rankOfScore = 0;
  const ranked = sorted.map((s, i) => {
    if (i === 0 || sorted[i - 1]!.score !== s.score) rankOfScore = i + 1;
    return { ...s, rank: rankOfScore };
  });
  const notRanked = scores.filter((s) => s.due < minimum).sort((a, b) => byChineseName(a.unitName, b.unitName));
  return { ranked, notRanked };
}
