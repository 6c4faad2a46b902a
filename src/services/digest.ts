import type { Rules } from '../config/rules.ts';
import type { Db } from '../db/types.ts';
import { localDate } from '../domain/calendar.ts';
import { buildDigest, type Digest, type DigestTask } from '../domain/digest.ts';
import type { TaskStatus } from '../domain/tasks.ts';

/**
 * Reads what the digest needs — tasks, their units' parts and when they finished, closures since the
 * last digest — in a few flat queries. Reports are not read: the digest judges outcomes, not activity.
 */
export async function computeDigest(db: Db, rules: Rules, timeZone: string, now: Date, closedSince: Date): Promise<Digest> {
  const today = localDate(now, timeZone);
  const [tasks, units, closures] = await Promise.all([
    db.task.findMany({
      select: {
        id: true,
        title: true,
        status: true,
        dueDate: true,
        committee: { select: { shortName: true } },
        assignments: { select: { unitId: true, role: true, doneAt: true } },
      },
    }),
    db.unit.findMany({ where: { kind: { in: ['department', 'township'] } }, select: { id: true, name: true, kind: true } }),
    db.auditLog.findMany({ where: { action: 'task.close', at: { gte: closedSince } }, select: { entityId: true } }),
  ]);
  const closedIds = new Set(closures.map((c) => Number(c.entityId)));
  const day = (d: Date | null) => (d ? localDate(d, timeZone) : null);
  const digestTasks: DigestTask[] = tasks.map((t) => ({
    id: t.id,
    title: t.title,
    committee: t.committee.shortName,
    status: t.status as TaskStatus,
    dueDate: t.dueDate,
    finishedOn: day(t.assignments.find((a) => a.role === 'lead')?.doneAt ?? null),
    parts: t.assignments.map((a) => ({ unitId: a.unitId, finishedOn: day(a.doneAt) })),
  }));
  return buildDigest(
    {
      today,
      tasks: digestTasks,
      units,
      openProblems: [],
      closedSince: digestTasks.filter((t) => closedIds.has(t.id) && t.status === 'closed').map((t) => ({ id: t.id, title: t.title })),
    },
    rules,
  );
}
