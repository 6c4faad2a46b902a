import { z } from 'zod';
import type { Rules } from '../domain/rules.ts';
import type { Db } from '../db/types.ts';
import type { DbProvider } from '../db/migrate.ts';
import { addDays, localDate } from '../domain/calendar.ts';
import { buildDigest, furthestBehind, namedParts, overdueSince, partKey, type Digest, type DigestSnapshot, type DigestTask, type PartProgress } from '../domain/digest.ts';
import { unitProgress, type TaskStatus } from '../domain/tasks.ts';
import { unclosedProblems } from './problems.ts';
import { closedSinceStatement, headlineTasksStatement, newlyOverdueStatement, overduePartsStatement, taskGroupsStatement, unitOutcomesStatement, type TaskGroupRow, type UnitOutcomeRow } from './digest-figures.ts';
import { progressInput, readSummaryRows } from './task-parts.ts';

/** Snapshots older than this are deleted when a new one is written: the digest compares with the last one only. */
const SNAPSHOT_DAYS = 60;

const snapshotSchema = z.object({
  date: z.string(),
  tasks: z.number(),
  finished: z.number(),
  red: z.number(),
  yellow: z.number(),
  onTimeDue: z.number(),
  onTime: z.number(),
  overdueByUnit: z.record(z.string(), z.number()),
});

/**
 * Reads what the digest needs: the per-unit sums, the task lights and the totals worked out in SQL over every
 * task (digest-figures.ts), then the few tasks the digest names (the laggards' most overdue parts, the headline
 * quota tasks) in full with their progress, the closures since the last digest and the previous digest's
 * figures; and keeps today's figures for tomorrow. What reaches Node does not grow with the tasks of a province.
 */
export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly provider: DbProvider,
    private readonly rules: Rules,
    private readonly timeZone: string,
  ) {}

  /**
   * The digest as of `now`, with the tasks closed since `closedSince`, compared with the latest figures stored
   * before today. Today's figures are stored (the latest computation of a day stands for it): the digest,
   * /digest and its preview all compute the same figures, so whichever ran last is what the day looked like.
   */
  async compute(now: Date, closedSince: Date): Promise<Digest> {
    const { db, rules, timeZone } = this;
    const today = localDate(now, timeZone);
    // The span of doneAt first (one index-free scan, a few ms): the local-day SQL needs the zone's offsets over it.
    const span = await db.taskAssignment.aggregate({ _min: { doneAt: true }, _max: { doneAt: true } });
    const doneAtSpan = span._min.doneAt && span._max.doneAt ? { from: span._min.doneAt, to: span._max.doneAt } : null;
    const [units, openProblems, previousRow, taskGroups, headlineIds, outcomeRows, closedTasks] = await Promise.all([
      db.unit.findMany({ where: { kind: { in: ['department', 'township'] } }, select: { id: true, name: true, kind: true } }),
      unclosedProblems(db),
      db.digestSnapshot.findFirst({ where: { date: { lt: today } }, orderBy: { date: 'desc' } }),
      db.$queryRaw<TaskGroupRow[]>(taskGroupsStatement()),
      db.$queryRaw<{ id: number | bigint }[]>(headlineTasksStatement(rules.digest.headlineMinUnits, rules.digest.headlineTasks)),
      db.$queryRaw<UnitOutcomeRow[]>(unitOutcomesStatement({ provider: this.provider, today, timeZone, doneAtSpan }, rules.scoring)),
      db.$queryRaw<{ id: number | bigint; title: string }[]>(closedSinceStatement(this.provider, closedSince)),
    ]);
    const previous = parseSnapshot(previousRow?.figures);
    const newlyOverdueRows = await db.$queryRaw<{ id: number | bigint; title: string; unitName: string }[]>(newlyOverdueStatement(overdueSince(previous, today), today));
    const outcomes = outcomeRows.map((r) => ({
      unitId: Number(r.unitId),
      parts: Number(r.parts),
      due: Number(r.due),
      onTime: Number(r.onTime),
      late: Number(r.late),
      overdue: Number(r.overdue),
      overdueDays: Number(r.overdueDays),
      earnedMilli: Number(r.earnedMilli),
    }));
    const overdue = outcomeRows.map((r) => ({ unitId: Number(r.unitId), parts: Number(r.openOverdue), days: Number(r.openOverdueDays) }));
    const laggardIds = furthestBehind(overdue, units, rules).map((l) => l.unitId);
    const laggardParts =
      laggardIds.length === 0
        ? []
        : (await db.$queryRaw<{ unitId: number | bigint; taskId: number | bigint; dueDate: string }[]>(overduePartsStatement(laggardIds, today))).map((p) => ({
            unitId: Number(p.unitId),
            taskId: Number(p.taskId),
            dueDate: p.dueDate,
          }));
    const namedIds = new Set([...laggardIds.flatMap((unitId) => namedParts(laggardParts, unitId, rules).map((p) => p.taskId)), ...headlineIds.map((h) => Number(h.id))]);
    const { named, progress } = await this.named([...namedIds], today);
    const newlyOverdue = new Map<number, { id: number; title: string; units: string[] }>();
    for (const row of newlyOverdueRows) {
      const id = Number(row.id);
      const task = newlyOverdue.get(id) ?? { id, title: row.title, units: [] };
      task.units.push(row.unitName);
      newlyOverdue.set(id, task);
    }
    const digest = buildDigest(
      {
        today,
        units,
        outcomes,
        overdue,
        taskGroups: taskGroups.map((g) => ({ committee: g.committee, finished: Number(g.finished) === 1, openDue: g.openDue, tasks: Number(g.tasks) })),
        openProblems,
        laggardParts,
        headlineTasks: headlineIds.map((h) => named.get(Number(h.id))!),
        named,
        newlyOverdue: [...newlyOverdue.values()],
        closedSince: closedTasks.map((t) => ({ id: Number(t.id), title: t.title })),
        closedSinceDate: localDate(closedSince, timeZone),
        previous,
        progress,
      },
      rules,
    );
    await this.keep(digest.snapshot, now);
    return digest;
  }

  /** The tasks the digest names, with their parts and each part's progress from its standing reports (by partKey). */
  private async named(taskIds: number[], today: string): Promise<{ named: Map<number, DigestTask>; progress: Map<string, PartProgress> }> {
    const named = new Map<number, DigestTask>();
    const progress = new Map<string, PartProgress>();
    if (taskIds.length === 0) return { named, progress };
    await readSummaryRows(this.db, this.provider, { taskIds, includeFinished: true }, today, (tasks) => {
      const rows = new Map(tasks.map((row) => [Number(row[0]), row]));
      return {
        part: (row) => {
          const id = Number(row[0]);
          let task = named.get(id);
          if (!task) {
            const [, title, , , status, dueDate, measure] = rows.get(id)!;
            task = { id, title, status: status as TaskStatus, dueDate, measure, parts: [] };
            named.set(id, task);
          }
          const input = progressInput(row);
          // Named tasks are live and unfinished: a part is finished on its own word only.
          task.parts.push({ unitId: input.unitId, dueDate: row[4], finishedOn: input.doneAt && localDate(input.doneAt, this.timeZone), quota: input.quota });
          const { done, ratio } = unitProgress(input);
          progress.set(partKey(id, input.unitId), { done, ratio });
        },
        end: () => undefined,
      };
    });
    return { named, progress };
  }

  /** Today's figures replace any kept earlier today; those past SNAPSHOT_DAYS go. */
  private async keep(snapshot: DigestSnapshot, now: Date): Promise<void> {
    const figures = JSON.stringify(snapshot);
    await this.db.$transaction([
      this.db.digestSnapshot.upsert({ where: { date: snapshot.date }, create: { date: snapshot.date, figures, updatedAt: now }, update: { figures, updatedAt: now } }),
      this.db.digestSnapshot.deleteMany({ where: { date: { lt: addDays(snapshot.date, -SNAPSHOT_DAYS) } } }),
    ]);
  }
}

/** A stored snapshot, or null when there is none or it cannot be read (then nothing is compared). */
function parseSnapshot(figures: string | undefined): DigestSnapshot | null {
  if (figures === undefined) return null;
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(figures));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
