import type { Db } from '../db/types.ts';
import type { Rules } from '../domain/rules.ts';
import { localDate } from '../domain/calendar.ts';
import {
  byUrgency,
  isStale,
  lightOf,
  overdueDays,
  taskCode,
  taskProgress,
  unitProgress,
  type AssignmentProgress,
  type Light,
  type TaskStatus,
} from '../domain/tasks.ts';

/** One unit's part of a task, with its progress worked out. */
export interface UnitPart {
  unitId: number;
  unitName: string;
  role: 'lead' | 'cooperating';
  quota: number | null;
  done: number;
  ratio: number | null;
  lastReportAt: Date | null;
  doneAt: Date | null;
}

export interface TaskSummary {
  id: number;
  code: string;
  title: string;
  committeeId: number;
  committee: string;
  status: TaskStatus;
  dueDate: string;
  measure: string | null;
  light: Light;
  overdueDays: number;
  progress: number | null;
  parts: UnitPart[];
  createdAt: Date;
}

export interface TaskFilter {
  unitId?: number;
  committeeId?: number;
  overdueOnly?: boolean;
  /** Closed and cancelled tasks are left out unless asked for. */
  includeFinished?: boolean;
  taskIds?: number[];
}

const OPEN_STATUSES = ['open', 'in_progress', 'done'];

/**
 * Reads tasks with their derived state (progress, light, overdue days). Progress is never stored: it is
 * summed from the reports here, in two grouped queries however many tasks there are.
 */
export class TaskQueries {
  constructor(
    private readonly db: Db,
    private readonly rules: Pick<Rules, 'yellowDays' | 'staleDays'>,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  today(): string {
    return localDate(this.now(), this.timeZone);
  }

  async summaries(filter: TaskFilter = {}): Promise<TaskSummary[]> {
    const today = this.today();
    const tasks = await this.db.task.findMany({
      where: {
        ...(filter.includeFinished ? {} : { status: { in: OPEN_STATUSES } }),
        ...(filter.committeeId ? { committeeId: filter.committeeId } : {}),
        ...(filter.unitId ? { assignments: { some: { unitId: filter.unitId } } } : {}),
        ...(filter.overdueOnly ? { dueDate: { lt: today }, status: { in: ['open', 'in_progress'] } } : {}),
        ...(filter.taskIds ? { id: { in: filter.taskIds } } : {}),
      },
      include: {
        committee: { select: { shortName: true } },
        assignments: { include: { unit: { select: { name: true } } }, orderBy: [{ role: 'desc' }, { id: 'asc' }] },
      },
    });
    if (tasks.length === 0) return [];
    const progress = await this.reportTotals(tasks.map((t) => t.id));
    return tasks
      .map((task) => {
        const inputs = task.assignments.map((a): AssignmentProgress => {
          const totals = progress.get(`${task.id}:${a.unitId}`);
          return {
            unitId: a.unitId,
            role: a.role as UnitPart['role'],
            quota: a.quota,
            // The grouped totals stand in for the report list: a sum of amounts and the latest percent.
            reports: totals ? [{ amount: totals.amount, percent: totals.percent, at: totals.at }] : [],
            doneAt: a.doneAt,
          };
        });
        const parts = inputs.map((input, i): UnitPart => {
          const unit = unitProgress(input);
          return {
            unitId: input.unitId,
            unitName: task.assignments[i]!.unit.name,
            role: input.role,
            quota: input.quota,
            done: unit.done,
            ratio: unit.ratio,
            lastReportAt: unit.lastReportAt,
            doneAt: input.doneAt,
          };
        });
        const status = task.status as TaskStatus;
        return {
          id: task.id,
          code: taskCode(task.id),
          title: task.title,
          committeeId: task.committeeId,
          committee: task.committee.shortName,
          status,
          dueDate: task.dueDate,
          measure: task.measure,
          light: lightOf({ status, dueDate: task.dueDate }, today, this.rules.yellowDays),
          overdueDays: status === 'open' || status === 'in_progress' ? overdueDays(task.dueDate, today) : 0,
          progress: taskProgress(inputs),
          parts,
          createdAt: task.createdAt,
        };
      })
      .sort(byUrgency);
  }

  /** Units with open work and no report on it within the stale window, by committee. */
  async missing(): Promise<{ committee: string; units: { unitName: string; tasks: string[] }[] }[]> {
    const now = this.now();
    const summaries = await this.summaries();
    const byCommittee = new Map<string, Map<string, string[]>>();
    for (const task of summaries) {
      if (task.status === 'done') continue;
      for (const part of task.parts) {
        if (part.doneAt) continue;
        if (!isStale(part.lastReportAt ?? task.createdAt, now, this.rules.staleDays, this.timeZone)) continue;
        const units = byCommittee.get(task.committee) ?? new Map<string, string[]>();
        units.set(part.unitName, [...(units.get(part.unitName) ?? []), task.code]);
        byCommittee.set(task.committee, units);
      }
    }
    return [...byCommittee].map(([committee, units]) => ({
      committee,
      units: [...units].map(([unitName, tasks]) => ({ unitName, tasks })),
    }));
  }

  /** Per task and unit: the sum of amounts, the latest percent, the time of the last report. */
  private async reportTotals(taskIds: number[]) {
    const [sums, percents] = await Promise.all([
      this.db.progressReport.groupBy({
        by: ['taskId', 'unitId'],
        where: { taskId: { in: taskIds } },
        _sum: { amount: true },
        _max: { createdAt: true },
      }),
      this.db.progressReport.findMany({
        where: { taskId: { in: taskIds }, percent: { not: null } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        distinct: ['taskId', 'unitId'],
        select: { taskId: true, unitId: true, percent: true },
      }),
    ]);
    const latestPercent = new Map(percents.map((p) => [`${p.taskId}:${p.unitId}`, p.percent]));
    return new Map(
      sums.map((s) => [
        `${s.taskId}:${s.unitId}`,
        { amount: s._sum.amount, percent: latestPercent.get(`${s.taskId}:${s.unitId}`) ?? null, at: s._max.createdAt! },
      ]),
    );
  }

  /** Everything /task shows: the task, its reports with evidence, its extensions, its audit trail. */
  async detail(taskId: number) {
    const [summary] = await this.summaries({ taskIds: [taskId], includeFinished: true });
    if (!summary) return null;
    const [task, reports, extensions, trail] = await Promise.all([
      this.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { description: true } }),
      this.db.progressReport.findMany({
        where: { taskId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: { unit: { select: { name: true } }, evidence: { select: { kind: true } } },
      }),
      this.db.extension.findMany({ where: { taskId }, orderBy: { id: 'asc' }, include: { unit: { select: { name: true } } } }),
      this.db.auditLog.findMany({ where: { entity: 'task', entityId: String(taskId) }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    ]);
    const actorIds = [...new Set(trail.map((a) => a.actorTelegramId).filter((id): id is bigint => id !== null))];
    const names = new Map(
      (await this.db.member.findMany({ where: { telegramId: { in: actorIds } }, select: { telegramId: true, displayName: true } })).map((m) => [
        m.telegramId,
        m.displayName,
      ]),
    );
    return {
      summary,
      description: task.description,
      reports,
      extensions,
      // No actor: a step the system took on its own (an escalation); a person it no longer knows shows as their id.
      trail: trail.map((a) => ({ ...a, actorName: a.actorTelegramId === null ? null : (names.get(a.actorTelegramId) ?? String(a.actorTelegramId)) })),
    };
  }
}

export type TaskDetail = NonNullable<Awaited<ReturnType<TaskQueries['detail']>>>;
