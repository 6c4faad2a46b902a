import type { ScoringRules } from './rules.ts';

/**
 * A unit's parts summed as the scores judge them. The sums are taken in SQL over every part the unit has
 * (services/digest-figures.ts, where each part's credit under ScoringRules is worked out), so a province's
 * 100,000 parts never reach Node one by one.
 */
export interface UnitOutcome {
  unitId: number;
  /** Every part it has, whatever its state: a unit with none (and no open problem) is neither ranked nor listed. */
  parts: number;
  /** Parts of live tasks whose deadline has come (the day after their due date), and of them: on time, finished late, still open. */
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  /** Days the still-open parts are past their deadlines, summed. */
  overdueDays: number;
  /** What the due parts earned under ScoringRules, in thousandths of a part: whole numbers, so the sum is exact. */
  earnedMilli: number;
}

export interface UnitRecord {
  unitId: number;
  unitName: string;
  /** Its parts summed; none when it has no part. */
  outcome: UnitOutcome | null;
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
 * A unit's outcome score: what its due parts earned over what they could earn, as 0–100, minus points per open
 * problem by who found it. Reports, messages and other activity count for nothing: only what was done and when.
 */
export function scoreUnit(record: UnitRecord, rules: ScoringRules): UnitScore {
  const { due = 0, onTime = 0, late = 0, overdue = 0, overdueDays = 0, earnedMilli = 0 } = record.outcome ?? {};
  const problemPenalty = record.openProblems.reduce((sum, p) => sum + rules.problemPenalty[p.foundBy], 0);
  return {
    unitId: record.unitId,
    unitName: record.unitName,
    score: due === 0 ? null : Math.round(Math.max(0, Math.min(100, earnedMilli / (10 * due) - problemPenalty))),
    due,
    onTime,
    late,
    overdue,
    overdueDays,
    openProblems: record.openProblems.length,
  };
}

let chineseCollator: Intl.Collator | undefined;

/**
 * Names in the order Chinese readers expect (pinyin); one collator, since creating one per comparison is slow, and
 * made at the first comparison (the digest's), not at start: its collation data is ~4 MB resident.
 */
export const byChineseName = (a: string, b: string): number => (chineseCollator ??= new Intl.Collator('zh')).compare(a, b);

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
export function rankUnits(records: readonly UnitRecord[], rules: ScoringRules): UnitRanking {
  const scores = records.filter((r) => (r.outcome?.parts ?? 0) > 0 || r.openProblems.length > 0).map((r) => scoreUnit(r, rules));
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
