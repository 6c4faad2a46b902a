import type { Rules } from './rules.ts';
import { addDays } from './calendar.ts';
import { byChineseName, rank, scoreUnit, type RankedUnit, type UnitRecord } from './scoring.ts';
import { onTimeRate, partLight, taskCode, type Light, type PartTiming, type TaskStatus } from './tasks.ts';

export interface DigestTask {
  id: number;
  title: string;
  committee: string;
  status: TaskStatus;
  dueDate: string;
  /** Local date the task was reported done (by its lead), if it was. */
  finishedOn: string | null;
  /** Each unit's part with its own deadline. */
  parts: { unitId: number; dueDate: string; finishedOn: string | null }[];
}

interface DigestInput {
  today: string;
  tasks: DigestTask[];
  units: { id: number; name: string; kind: string }[];
  openProblems: { unitId: number; foundBy: 'county' | 'city' | 'province' | 'central' }[];
  /** Tasks closed (销号) since the last digest. */
  closedSince: { id: number; title: string }[];
}

export interface Digest {
  today: string;
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
  departments: RankedUnit[];
  townships: RankedUnit[];
  committees: { name: string; tasks: number; finished: number; red: number; yellow: number }[];
  newlyOverdue: { code: string; title: string }[];
  newlyClosed: { code: string; title: string }[];
  laggards: RankedUnit[];
}

const LAGGARDS_SHOWN = 5;

/** The leadership's daily picture, from tasks and outcomes only. */
export function buildDigest(input: DigestInput, rules: Rules): Digest {
  const { today } = input;
  const live = input.tasks.filter((t) => t.status !== 'cancelled');
  const isFinished = (t: DigestTask) => t.status === 'done' || t.status === 'closed';
  const finished = live.filter(isFinished);
  // A part of a finished task is finished with it; a task's light is its most urgent unfinished part's.
  const partTimings = new Map<number, PartTiming[]>(
    input.tasks.map((t) => [t.id, t.parts.map((p) => ({ dueDate: p.dueDate, finishedOn: p.finishedOn ?? (isFinished(t) ? t.finishedOn : null) }))]),
  );
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
  // A unit with nothing assigned and no problems has nothing to be ranked on.
  const scored = [...records.values()].filter((r) => r.parts.length > 0 || r.openProblems.length > 0).map((r) => scoreUnit(r, today, rules.scoring));
  const ranking = (kind: string) => rank(scored.filter((s) => kindOf.get(s.unitId) === kind));

  const committees = [...new Set(live.map((t) => t.committee))].map((name) => {
    const tasks = live.filter((t) => t.committee === name);
    return { name, tasks: tasks.length, finished: tasks.filter(isFinished).length, red: count(tasks, 'red'), yellow: count(tasks, 'yellow') };
  });
  const yesterday = addDays(today, -1);
  return {
    today,
    totals: {
      tasks: live.length,
      finished: finished.length,
      open: live.length - finished.length,
      red: count(live, 'red'),
      yellow: count(live, 'yellow'),
      completionRate: live.length === 0 ? null : finished.length / live.length,
      onTimeRate: onTime.rate,
      onTimeDue: onTime.due,
      onTime: onTime.onTime,
    },
    departments: ranking('department'),
    townships: ranking('township'),
    committees: committees.sort((a, b) => b.red - a.red || byChineseName(a.name, b.name)),
    // A task some of whose parts fell due yesterday unfinished.
    newlyOverdue: live
      .filter((t) => !isFinished(t) && partTimings.get(t.id)!.some((p) => p.dueDate === yesterday && p.finishedOn === null))
      .map((t) => ({ code: taskCode(t.id), title: t.title })),
    newlyClosed: input.closedSince.map((t) => ({ code: taskCode(t.id), title: t.title })),
    laggards: rank(scored)
      .filter((s) => s.overdue > 0)
      .sort((a, b) => b.overdueDays - a.overdueDays || a.score - b.score)
      .slice(0, LAGGARDS_SHOWN),
  };
}
