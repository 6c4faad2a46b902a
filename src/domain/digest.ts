import type { Rules } from './rules.ts';
import { addDays, daysBetween } from './calendar.ts';
import { byChineseName, rankUnits, type UnitOutcome, type UnitRanking, type UnitRecord } from './scoring.ts';
import { lightOf, taskCode, type TaskStatus } from './tasks.ts';

/** A task the digest names (a laggard's overdue part, a headline quota task), with its parts. */
export interface DigestTask {
  id: number;
  title: string;
  status: TaskStatus;
  dueDate: string;
  /** What a quota counts (村, 户), or null. */
  measure: string | null;
  /** Each unit's part with its own deadline, the local date it was finished (its lead's, for a finished task), and its quota if it has one. */
  parts: { unitId: number; dueDate: string; finishedOn: string | null; quota: number | null }[];
}

/** A part's progress as its standing reports give it: the amount counted (or the latest percent) and the ratio. */
export interface PartProgress {
  done: number;
  ratio: number | null;
}

/** The key of a part in DigestInput.progress. */
export const partKey = (taskId: number, unitId: number): string => `${taskId}:${unitId}`;

/**
 * The figures a digest showed, kept so the next one can say what changed. Stored, not recomputed as of
 * yesterday: the ledger keeps no history of a deadline moved by /edit, of a part reopened (its doneAt is
 * cleared) or of a task created or cancelled since, so a recomputation would compare today with a yesterday
 * that never was; one small row a day is exact and costs nothing to read.
 */
export interface DigestSnapshot {
  /** The local date the figures are of. */
  date: string;
  tasks: number;
  finished: number;
  red: number;
  yellow: number;
  onTimeDue: number;
  onTime: number;
  /** Overdue parts per unit id (units with none left out). */
  overdueByUnit: Record<string, number>;
}

/** Live tasks counted together: one committee, finished or not, one earliest deadline among their unfinished parts. */
interface TaskGroup {
  committee: string;
  finished: boolean;
  /** The earliest due date of their parts not yet finished; null when every part is. */
  openDue: string | null;
  tasks: number;
}

/** A unit's parts still open past their deadlines in live, unfinished tasks: how many, and their days late summed. */
interface UnitOverdue {
  unitId: number;
  parts: number;
  days: number;
}

/** One of those parts: the laggards' lists are made of them. */
interface OverduePart {
  unitId: number;
  taskId: number;
  dueDate: string;
}

/**
 * What a digest is made of, as the service reads it: sums and counts worked out in SQL over all the tasks, and
 * the few tasks the digest names in full. Rankings and rates judge outcomes only, never activity.
 */
interface DigestInput {
  today: string;
  units: { id: number; name: string; kind: string }[];
  /** Each unit's parts summed for its score (units without a part left out). */
  outcomes: UnitOutcome[];
  /** Each unit's overdue parts (units with none may be left out). */
  overdue: UnitOverdue[];
  /** Every live task, counted in groups. */
  taskGroups: TaskGroup[];
  openProblems: { unitId: number; foundBy: 'county' | 'city' | 'province' | 'central' }[];
  /** The overdue parts of the units furthestBehind picks (at least the first `laggardParts` of each). */
  laggardParts: OverduePart[];
  /** The headline quota tasks, in the order DigestRules gives them. */
  headlineTasks: DigestTask[];
  /** The tasks the laggards' parts belong to, by id. */
  named: ReadonlyMap<number, DigestTask>;
  /** Live unfinished tasks with a part that fell due since overdueSince() and is still open, by task, with those units' names. */
  newlyOverdue: { id: number; title: string; units: string[] }[];
  /** Tasks closed (销号) since the last digest of an earlier day. */
  closedSince: { id: number; title: string }[];
  /** The local date of that digest (yesterday, without one). */
  closedSinceDate: string;
  /** The figures of the last digest before today, or null: then nothing is compared. */
  previous: DigestSnapshot | null;
  /** Progress of the parts the digest names, by partKey; a part missing shows none. */
  progress: ReadonlyMap<string, PartProgress>;
}

/** A laggard's overdue part as the digest shows it. */
interface LaggardPart {
  code: string;
  title: string;
  measure: string | null;
  daysOverdue: number;
  quota: number | null;
  progress: PartProgress | null;
}

/** A unit furthest behind: its overdue parts, the most overdue first. */
interface Laggard {
  unitId: number;
  unitName: string;
  overdue: number;
  overdueDays: number;
  /** Overdue parts now against the previous digest's; null without one. */
  change: number | null;
  /** The most overdue of them, at most DigestRules.laggardParts; the rest are counted in `overdue`. */
  parts: LaggardPart[];
}

/** A headline quota task: each unit's count against its quota, the furthest behind first. */
interface HeadlineTask {
  code: string;
  title: string;
  measure: string | null;
  done: number;
  quota: number;
  units: { unitName: string; done: number; quota: number; finished: boolean; overdue: boolean }[];
}

export interface Digest {
  today: string;
  /** The date of the figures compared against, or null (the first digest): "较昨日" or "较12月4日". */
  previousDate: string | null;
  totals: {
    tasks: number;
    finished: number;
    open: number;
    red: number;
    yellow: number;
    /** Finished tasks over live ones. */
    completionRate: number | null;
    /** Over the parts whose deadline has come (onTimeDue of them), those finished on time (onTime). */
    onTimeRate: number | null;
    onTimeDue: number;
    onTime: number;
  };
  /**
   * Against the previous digest: rates in percentage points as shown (the rounded percents' difference, so the
   * change always matches the two figures a reader compares), counts in tasks; null without a previous digest.
   */
  changes: { completionPoints: number | null; onTimePoints: number | null; red: number; yellow: number } | null;
  departments: UnitRanking;
  townships: UnitRanking;
  committees: { name: string; tasks: number; finished: number; red: number; yellow: number }[];
  /** Tasks with a part that fell overdue since the previous digest (yesterday, without one), with those units. */
  newlyOverdue: { code: string; title: string; units: string[] }[];
  newlyClosed: { code: string; title: string }[];
  /** The local date newlyClosed counts from. */
  newlyClosedSince: string;
  laggards: Laggard[];
  headlineTasks: HeadlineTask[];
  /** This digest's figures, for the next one to compare against. */
  snapshot: DigestSnapshot;
}

/** The units furthest behind: most overdue days in all first, then most overdue parts, then by name. */
export function furthestBehind(overdue: readonly UnitOverdue[], units: DigestInput['units'], rules: Rules): UnitOverdue[] {
  const names = new Map(units.map((u) => [u.id, u.name]));
  return overdue
    .filter((o) => o.parts > 0 && names.has(o.unitId))
    .sort((a, b) => b.days - a.days || b.parts - a.parts || byChineseName(names.get(a.unitId)!, names.get(b.unitId)!))
    .slice(0, rules.digest.laggardUnits);
}

/** A laggard's parts the digest names: its most overdue first (the earliest deadline), at most `laggardParts`. */
export function namedParts(parts: readonly OverduePart[], unitId: number, rules: Rules): OverduePart[] {
  return parts
    .filter((p) => p.unitId === unitId)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.taskId - b.taskId)
    .slice(0, rules.digest.laggardParts);
}

/** What "fell overdue" counts from: the previous digest's date (Friday's, on a Monday), or yesterday without one. */
export const overdueSince = (previous: DigestSnapshot | null, today: string): string => previous?.date ?? addDays(today, -1);

/** Percent as shown (a whole number), so a change is the difference of the two figures a reader sees. */
const shownPercent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 100));
const pointsBetween = (now: number | null, before: number | null) => (now === null || before === null ? null : now - before);

/** The leadership's daily picture, from tasks and outcomes only. */
export function buildDigest(input: DigestInput, rules: Rules): Digest {
  const { today, previous } = input;
  // A task's light is its most urgent unfinished part's: the one with the earliest deadline.
  const lightOfGroup = (g: TaskGroup) => lightOf({ status: g.finished || g.openDue === null ? 'done' : 'open', dueDate: g.openDue ?? today }, today, rules.yellowDays);
  const sum = (groups: readonly TaskGroup[], keep: (g: TaskGroup) => boolean) => groups.reduce((n, g) => n + (keep(g) ? g.tasks : 0), 0);
  const figuresOf = (groups: readonly TaskGroup[]) => ({
    tasks: sum(groups, () => true),
    finished: sum(groups, (g) => g.finished),
    red: sum(groups, (g) => lightOfGroup(g) === 'red'),
    yellow: sum(groups, (g) => lightOfGroup(g) === 'yellow'),
  });

  const outcomes = new Map(input.outcomes.map((o) => [o.unitId, o]));
  const records = new Map<number, UnitRecord>(input.units.map((u) => [u.id, { unitId: u.id, unitName: u.name, outcome: outcomes.get(u.id) ?? null, openProblems: [] }]));
  for (const problem of input.openProblems) records.get(problem.unitId)?.openProblems.push({ foundBy: problem.foundBy });
  const kindOf = new Map(input.units.map((u) => [u.id, u.kind]));
  const ranking = (kind: string) => rankUnits([...records.values()].filter((r) => kindOf.get(r.unitId) === kind), rules.scoring);

  const committees = [...new Set(input.taskGroups.map((g) => g.committee))].map((name) => ({ name, ...figuresOf(input.taskGroups.filter((g) => g.committee === name)) }));

  const unitIds = new Set(input.units.map((u) => u.id));
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const progressOf = (taskId: number, unitId: number) => input.progress.get(partKey(taskId, unitId)) ?? null;
  const laggards = furthestBehind(input.overdue, input.units, rules).map(({ unitId, parts, days }): Laggard => ({
    unitId,
    unitName: names.get(unitId)!,
    overdue: parts,
    overdueDays: days,
    change: previous ? parts - (previous.overdueByUnit[String(unitId)] ?? 0) : null,
    parts: namedParts(input.laggardParts, unitId, rules).map((p) => {
      const task = input.named.get(p.taskId)!;
      return {
        code: taskCode(task.id),
        title: task.title,
        measure: task.measure,
        daysOverdue: daysBetween(p.dueDate, today),
        quota: task.parts.find((part) => part.unitId === unitId)?.quota ?? null,
        progress: progressOf(task.id, unitId),
      };
    }),
  }));

  const headlineTasks = input.headlineTasks.map((task): HeadlineTask => {
    const units = task.parts
      .filter((part) => part.quota !== null && part.quota > 0 && unitIds.has(part.unitId))
      .map((part) => ({
        unitName: names.get(part.unitId)!,
        done: progressOf(task.id, part.unitId)?.done ?? 0,
        quota: part.quota!,
        finished: part.finishedOn !== null,
        overdue: part.finishedOn === null && daysBetween(part.dueDate, today) > 0,
      }))
      // The furthest behind first: a leader reads the line from where the work is missing.
      .sort((a, b) => Number(a.finished) - Number(b.finished) || a.done / a.quota - b.done / b.quota || byChineseName(a.unitName, b.unitName));
    return {
      code: taskCode(task.id),
      title: task.title,
      measure: task.measure,
      done: units.reduce((sum, u) => sum + Math.min(u.done, u.quota), 0),
      quota: units.reduce((sum, u) => sum + u.quota, 0),
      units,
    };
  });

  const all = figuresOf(input.taskGroups);
  // The on-time rate is over every unit's parts, not only the ranked kinds'.
  const onTimeDue = input.outcomes.reduce((n, o) => n + o.due, 0);
  const onTime = input.outcomes.reduce((n, o) => n + o.onTime, 0);
  const totals = {
    ...all,
    open: all.tasks - all.finished,
    completionRate: all.tasks === 0 ? null : all.finished / all.tasks,
    onTimeRate: onTimeDue === 0 ? null : onTime / onTimeDue,
    onTimeDue,
    onTime,
  };
  const rateOf = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return {
    today,
    previousDate: previous?.date ?? null,
    totals,
    changes: previous && {
      completionPoints: pointsBetween(shownPercent(totals.completionRate), shownPercent(rateOf(previous.finished, previous.tasks))),
      onTimePoints: pointsBetween(shownPercent(totals.onTimeRate), shownPercent(rateOf(previous.onTime, previous.onTimeDue))),
      red: totals.red - previous.red,
      yellow: totals.yellow - previous.yellow,
    },
    departments: ranking('department'),
    townships: ranking('township'),
    committees: committees.sort((a, b) => b.red - a.red || byChineseName(a.name, b.name)),
    newlyOverdue: input.newlyOverdue.map((t) => ({ code: taskCode(t.id), title: t.title, units: t.units })),
    newlyClosed: input.closedSince.map((t) => ({ code: taskCode(t.id), title: t.title })),
    newlyClosedSince: input.closedSinceDate,
    laggards,
    headlineTasks,
    snapshot: {
      date: today,
      tasks: totals.tasks,
      finished: totals.finished,
      red: totals.red,
      yellow: totals.yellow,
      onTimeDue: totals.onTimeDue,
      onTime: totals.onTime,
      overdueByUnit: Object.fromEntries(input.overdue.filter((o) => o.parts > 0 && unitIds.has(o.unitId)).map((o) => [String(o.unitId), o.parts])),
    },
  };
}
