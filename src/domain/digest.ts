import type { Rules } from './rules.ts';
import { addDays, daysBetween } from './calendar.ts';
import { byChineseName, rankUnits, type UnitRanking, type UnitRecord } from './scoring.ts';
import { onTimeRate, partLight, taskCode, type Light, type PartTiming, type TaskStatus } from './tasks.ts';

export interface DigestTask {
  id: number;
  title: string;
  committee: string;
  status: TaskStatus;
  dueDate: string;
  /** What a quota counts (村, 户), or null. */
  measure: string | null;
  /** Local date the task was reported done (by its lead), if it was. */
  finishedOn: string | null;
  /** Each unit's part with its own deadline, and its quota if it has one. */
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

export interface DigestInput {
  today: string;
  tasks: DigestTask[];
  units: { id: number; name: string; kind: string }[];
  openProblems: { unitId: number; foundBy: 'county' | 'city' | 'province' | 'central' }[];
  /** Tasks closed (销号) since the last digest of an earlier day. */
  closedSince: { id: number; title: string }[];
  /** The local date of that digest (yesterday, without one). */
  closedSinceDate: string;
  /** The figures of the last digest before today, or null: then nothing is compared. */
  previous: DigestSnapshot | null;
  /** Progress of the parts the digest names (digestFocus's tasks), by partKey; a part missing shows none. */
  progress: ReadonlyMap<string, PartProgress>;
}

/** A part still open past its own deadline. */
interface OverduePart {
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
  parts: OverduePart[];
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

const isFinished = (t: DigestTask) => t.status === 'done' || t.status === 'closed';

/** A part of a finished task is finished with it, on the day its lead finished it. */
const timingsOf = (task: DigestTask): PartTiming[] =>
  task.parts.map((p) => ({ dueDate: p.dueDate, finishedOn: p.finishedOn ?? (isFinished(task) ? task.finishedOn : null) }));

type Overdue = { task: DigestTask; unitId: number; daysOverdue: number; quota: number | null };

/** Every live part still open past its deadline, by unit (only the units given). */
function overdueByUnit(tasks: readonly DigestTask[], unitIds: ReadonlySet<number>, today: string): Map<number, Overdue[]> {
  const byUnit = new Map<number, Overdue[]>();
  for (const task of tasks) {
    if (task.status === 'cancelled' || isFinished(task)) continue;
    for (const part of task.parts) {
      const daysOverdue = daysBetween(part.dueDate, today);
      if (part.finishedOn !== null || daysOverdue <= 0 || !unitIds.has(part.unitId)) continue;
      const list = byUnit.get(part.unitId) ?? [];
      list.push({ task, unitId: part.unitId, daysOverdue, quota: part.quota });
      byUnit.set(part.unitId, list);
    }
  }
  for (const list of byUnit.values()) list.sort((a, b) => b.daysOverdue - a.daysOverdue || a.task.id - b.task.id);
  return byUnit;
}

/** The units furthest behind: most overdue days in all first, then most overdue parts, then by name. */
function furthestBehind(overdue: Map<number, Overdue[]>, names: ReadonlyMap<number, string>, rules: Rules): { unitId: number; parts: Overdue[]; days: number }[] {
  return [...overdue.entries()]
    .map(([unitId, parts]) => ({ unitId, parts, days: parts.reduce((sum, p) => sum + p.daysOverdue, 0) }))
    .sort((a, b) => b.days - a.days || b.parts.length - a.parts.length || byChineseName(names.get(a.unitId)!, names.get(b.unitId)!))
    .slice(0, rules.digest.laggardUnits);
}

/** Unfinished tasks with a quota for at least headlineMinUnits units: most such units first, then the earliest due. */
function headlineTasksOf(tasks: readonly DigestTask[], unitIds: ReadonlySet<number>, rules: Rules): DigestTask[] {
  const quotaParts = (t: DigestTask) => t.parts.filter((p) => p.quota !== null && p.quota > 0 && unitIds.has(p.unitId)).length;
  return tasks
    .filter((t) => t.status !== 'cancelled' && !isFinished(t) && quotaParts(t) >= rules.digest.headlineMinUnits)
    .sort((a, b) => quotaParts(b) - quotaParts(a) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || a.id - b.id)
    .slice(0, rules.digest.headlineTasks);
}

/**
 * The tasks whose parts' progress the digest names (the laggards' overdue parts, the headline quota tasks):
 * reports are read for these only, so the digest's cost does not grow with all the reports of a province.
 */
export function digestFocus(input: Omit<DigestInput, 'progress'>, rules: Rules): number[] {
  const unitIds = new Set(input.units.map((u) => u.id));
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const ids = new Set<number>();
  for (const laggard of furthestBehind(overdueByUnit(input.tasks, unitIds, input.today), names, rules)) {
    for (const part of laggard.parts.slice(0, rules.digest.laggardParts)) ids.add(part.task.id);
  }
  for (const task of headlineTasksOf(input.tasks, unitIds, rules)) ids.add(task.id);
  return [...ids].sort((a, b) => a - b);
}

/** Percent as shown (a whole number), so a change is the difference of the two figures a reader sees. */
const shownPercent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 100));
const pointsBetween = (now: number | null, before: number | null) => (now === null || before === null ? null : now - before);

/** The leadership's daily picture, from tasks and outcomes only. */
export function buildDigest(input: DigestInput, rules: Rules): Digest {
  const { today, previous } = input;
  const live = input.tasks.filter((t) => t.status !== 'cancelled');
  const finished = live.filter(isFinished);
  const partTimings = new Map<number, PartTiming[]>(input.tasks.map((t) => [t.id, timingsOf(t)]));
  // A task's light is its most urgent unfinished part's.
  const lightOfTask = (t: DigestTask): Light => {
    if (isFinished(t)) return 'done';
    const lights = partTimings.get(t.id)!.map((p) => (p.finishedOn !== null ? 'done' : partLight(p, today, rules.yellowDays)));
    return lights.includes('red') ? 'red' : lights.includes('yellow') ? 'yellow' : lights.includes('green') ? 'green' : 'done';
  };
  const lights = new Map(live.map((t) => [t.id, lightOfTask(t)]));
  const count = (tasks: DigestTask[], light: string) => tasks.filter((t) => lights.get(t.id) === light).length;

  const records = new Map<number, UnitRecord>(
    input.units.map((u) => [u.id, { unitId: u.id, unitName: u.name, parts: [], openProblems: [] }]),
  );
  for (const task of input.tasks) {
    for (const [i, part] of task.parts.entries()) {
      records.get(part.unitId)?.parts.push({ ...partTimings.get(task.id)![i]!, cancelled: task.status === 'cancelled' });
    }
  }
  const onTime = onTimeRate(live.flatMap((t) => partTimings.get(t.id)!), today);
  for (const problem of input.openProblems) records.get(problem.unitId)?.openProblems.push({ foundBy: problem.foundBy });
  const kindOf = new Map(input.units.map((u) => [u.id, u.kind]));
  const ranking = (kind: string) => rankUnits([...records.values()].filter((r) => kindOf.get(r.unitId) === kind), today, rules.scoring);

  const committees = [...new Set(live.map((t) => t.committee))].map((name) => {
    const tasks = live.filter((t) => t.committee === name);
    return { name, tasks: tasks.length, finished: tasks.filter(isFinished).length, red: count(tasks, 'red'), yellow: count(tasks, 'yellow') };
  });

  const unitIds = new Set(input.units.map((u) => u.id));
  const names = new Map(input.units.map((u) => [u.id, u.name]));
  const overdue = overdueByUnit(input.tasks, unitIds, today);
  const progressOf = (taskId: number, unitId: number) => input.progress.get(partKey(taskId, unitId)) ?? null;
  const laggards = furthestBehind(overdue, names, rules).map(({ unitId, parts, days }): Laggard => ({
    unitId,
    unitName: names.get(unitId)!,
    overdue: parts.length,
    overdueDays: days,
    change: previous ? parts.length - (previous.overdueByUnit[String(unitId)] ?? 0) : null,
    parts: parts.slice(0, rules.digest.laggardParts).map((p) => ({
      code: taskCode(p.task.id),
      title: p.task.title,
      measure: p.task.measure,
      daysOverdue: p.daysOverdue,
      quota: p.quota,
      progress: progressOf(p.task.id, unitId),
    })),
  }));

  const headlineTasks = headlineTasksOf(input.tasks, unitIds, rules).map((task): HeadlineTask => {
    const timings = partTimings.get(task.id)!;
    const units = task.parts
      .map((p, i) => ({ part: p, timing: timings[i]! }))
      .filter(({ part }) => part.quota !== null && part.quota > 0 && unitIds.has(part.unitId))
      .map(({ part, timing }) => ({
        unitName: names.get(part.unitId)!,
        done: progressOf(task.id, part.unitId)?.done ?? 0,
        quota: part.quota!,
        finished: timing.finishedOn !== null,
        overdue: timing.finishedOn === null && daysBetween(part.dueDate, today) > 0,
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

  // Fell overdue since the previous digest: due before today, but not yet before the previous digest's date.
  const since = previous?.date ?? addDays(today, -1);
  const newlyOverdue = live
    .filter((t) => !isFinished(t))
    .map((t) => ({
      code: taskCode(t.id),
      title: t.title,
      units: t.parts
        .filter((p, i) => p.dueDate >= since && p.dueDate < today && partTimings.get(t.id)![i]!.finishedOn === null && names.has(p.unitId))
        .map((p) => names.get(p.unitId)!),
    }))
    .filter((t) => t.units.length > 0);

  const totals = {
    tasks: live.length,
    finished: finished.length,
    open: live.length - finished.length,
    red: count(live, 'red'),
    yellow: count(live, 'yellow'),
    completionRate: live.length === 0 ? null : finished.length / live.length,
    onTimeRate: onTime.rate,
    onTimeDue: onTime.due,
    onTime: onTime.onTime,
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
    newlyOverdue,
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
      overdueByUnit: Object.fromEntries([...overdue].map(([unitId, parts]) => [String(unitId), parts.length])),
    },
  };
}
