import { z } from 'zod';
import type { Rules } from '../domain/rules.ts';
import type { Db } from '../db/types.ts';
import { addDays, localDate } from '../domain/calendar.ts';
import { buildDigest, digestFocus, partKey, type Digest, type DigestSnapshot, type DigestTask, type PartProgress } from '../domain/digest.ts';
import { unitProgress, type TaskStatus } from '../domain/tasks.ts';
import { unclosedProblems } from './problems.ts';
import { summaryStatement, toDate, type PartRow } from './task-parts.ts';

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
 * Reads what the digest needs — tasks, their units' parts and when they finished, closures since the
 * last digest, the previous digest's figures — in a few flat queries, and keeps today's figures for tomorrow.
 * Reports are read only for the few tasks whose progress the digest names (digestFocus): the scores and
 * rankings judge outcomes, never activity.
 */
export class DigestService {
  constructor(
    private readonly db: Db,
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
    // One flat query instead of nested model reads: at province size (50,000 tasks) it is several times faster.
    const [rows, units, closures, openProblems, previousRow] = await Promise.all([
      db.$queryRaw<{ id: number; title: string; status: string; dueDate: string; measure: string | null; committee: string; unitId: number; role: string; quota: number | null; partDueDate: string; doneAt: Date | null }[]>`
        SELECT t.id, t.title, t.status, t."dueDate", t.measure, c."shortName" AS committee, a."unitId", a.role, a.quota, a."dueDate" AS "partDueDate", a."doneAt"
        FROM "Task" t
        JOIN "Committee" c ON c.id = t."committeeId"
        JOIN "TaskAssignment" a ON a."taskId" = t.id
        ORDER BY t.id`,
      db.unit.findMany({ where: { kind: { in: ['department', 'township'] } }, select: { id: true, name: true, kind: true } }),
      db.auditLog.findMany({ where: { action: 'task.close', at: { gte: closedSince } }, select: { entityId: true } }),
      unclosedProblems(db),
      db.digestSnapshot.findFirst({ where: { date: { lt: today } }, orderBy: { date: 'desc' } }),
    ]);
    const closedIds = new Set(closures.map((c) => Number(c.entityId)));
    // Local dates of instants, memoized by the hour: a digest converts one per part, and Intl is slow.
    const dayByHour = new Map<number, string>();
    const day = (d: Date | null) => {
      if (!d) return null;
      const hour = Math.floor(d.getTime() / 3_600_000);
      let local = dayByHour.get(hour);
      if (local === undefined) {
        local = localDate(d, timeZone);
        dayByHour.set(hour, local);
      }
      return local;
    };
    const tasks = new Map<number, DigestTask>();
    for (const row of rows) {
      const id = Number(row.id);
      let task = tasks.get(id);
      if (!task) {
        task = { id, title: row.title, committee: row.committee, status: row.status as TaskStatus, dueDate: row.dueDate, measure: row.measure, finishedOn: null, parts: [] };
        tasks.set(id, task);
      }
      const finishedOn = day(row.doneAt);
      if (row.role === 'lead') task.finishedOn = finishedOn;
      task.parts.push({ unitId: Number(row.unitId), dueDate: row.partDueDate, finishedOn, quota: row.quota === null ? null : Number(row.quota) });
    }
    const digestTasks = [...tasks.values()];
    const input = {
      today,
      tasks: digestTasks,
      units,
      openProblems,
      closedSince: digestTasks.filter((t) => closedIds.has(t.id) && t.status === 'closed').map((t) => ({ id: t.id, title: t.title })),
      closedSinceDate: localDate(closedSince, timeZone),
      previous: parseSnapshot(previousRow?.figures),
    };
    const digest = buildDigest({ ...input, progress: await this.progress(digestFocus(input, rules), today) }, rules);
    await this.keep(digest.snapshot, now);
    return digest;
  }

  /** The parts' progress of a few tasks (the digest's focus), from their standing reports, by partKey. */
  private async progress(taskIds: number[], today: string): Promise<Map<string, PartProgress>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.db.$queryRaw<PartRow[]>(summaryStatement({ taskIds, includeFinished: true }, today));
    return new Map(
      rows.map((row) => {
        const { done, ratio } = unitProgress({
          unitId: Number(row.unitId),
          role: row.role as 'lead' | 'cooperating',
          quota: row.quota === null ? null : Number(row.quota),
          reports: row.lastReportAt === null ? [] : [{ amount: row.amount === null ? null : Number(row.amount), percent: row.percent === null ? null : Number(row.percent), at: toDate(row.lastReportAt) }],
          doneAt: row.doneAt === null ? null : toDate(row.doneAt),
        });
        return [partKey(Number(row.taskId), Number(row.unitId)), { done, ratio }];
      }),
    );
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
