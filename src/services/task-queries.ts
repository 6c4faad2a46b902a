import type { Db } from '../db/types.ts';
import type { Rules } from '../domain/rules.ts';
import { localDate } from '../domain/calendar.ts';
import { daysBetween } from '../domain/calendar.ts';
import {
  byUrgency,
  isStale,
  partDaysLate,
  partLight,
  taskCode,
  taskProgress,
  unitProgress,
  type AssignmentProgress,
  type Light,
  type TaskStatus,
} from '../domain/tasks.ts';
import { summaryStatement, toDate, type PartRow, type TaskFilter } from './task-parts.ts';

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
  /** The part's own deadline (the task's unless an extension or an edit moved it for this unit). */
  dueDate: string;
  /** Local date the part was finished (the unit said done, or the task was finished), or null. */
  finishedOn: string | null;
  /** The office's reason when it marked the part done with its quota unmet. */
  doneOverride: string | null;
  /** By the part's own deadline; a finished part is done, never red. */
  light: Light;
  /** Days late: at completion for a finished part, to today for an open one. */
  overdueDays: number;
  daysLeft: number;
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
  /** The most urgent of its unfinished parts' lights; done once the task is finished or cancelled. */
  light: Light;
  /** The most days any unfinished part is past its deadline. */
  overdueDays: number;
  /** Days to the nearest deadline among its unfinished parts (the task's own when none is left). */
  daysLeft: number;
  progress: number | null;
  parts: UnitPart[];
  createdAt: Date;
}

export type { TaskFilter } from './task-parts.ts';

const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2, done: 3 };

/**
 * Reads tasks with their derived state (progress, light, overdue days). Progress is never stored: it is
 * summed from the reports in one statement, one row per part, however many tasks there are (see task-parts.ts).
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
    const rows = await this.db.$queryRaw<PartRow[]>(summaryStatement(filter, today));
    const tasks = new Map<number, { row: PartRow; parts: PartRow[] }>();
    for (const row of rows) {
      const id = Number(row.taskId);
      const task = tasks.get(id) ?? { row, parts: [] };
      task.parts.push(row);
      tasks.set(id, task);
    }
    return [...tasks.values()]
      .map(({ row: task, parts: rowsOfTask }) => {
        const inputs = rowsOfTask.map((a): AssignmentProgress => ({
          unitId: Number(a.unitId),
          role: a.role as UnitPart['role'],
          quota: a.quota,
          // The per-part figures stand in for the report list: a sum of amounts and the latest percent.
          reports: a.lastReportAt === null ? [] : [{ amount: a.amount, percent: a.percent, at: toDate(a.lastReportAt) }],
          doneAt: a.doneAt === null ? null : toDate(a.doneAt),
        }));
        const status = task.status as TaskStatus;
        const taskFinished = status === 'done' || status === 'closed' || status === 'cancelled';
        const leadDoneAt = inputs.find((a) => a.role === 'lead')?.doneAt ?? null;
        const parts = inputs.map((input, i): UnitPart => {
          const row = rowsOfTask[i]!;
          const unit = unitProgress(input);
          // A part of a finished task is finished with it (the lead's word, or the office's override).
          const finishedAt = input.doneAt ?? (taskFinished ? leadDoneAt : null);
          const finishedOn = finishedAt ? localDate(finishedAt, this.timeZone) : null;
          const timing = { dueDate: row.partDueDate, finishedOn };
          const finished = finishedOn !== null || taskFinished;
          return {
            unitId: input.unitId,
            unitName: row.unitName,
            role: input.role,
            quota: input.quota,
            done: unit.done,
            ratio: unit.ratio,
            lastReportAt: unit.lastReportAt,
            doneAt: input.doneAt,
            dueDate: row.partDueDate,
            finishedOn,
            doneOverride: row.doneOverride,
            light: finished ? 'done' : partLight(timing, today, this.rules.yellowDays),
            overdueDays: status === 'cancelled' ? 0 : partDaysLate(timing, today),
            daysLeft: daysBetween(today, row.partDueDate),
          };
        });
        const open = taskFinished ? [] : parts.filter((p) => p.light !== 'done');
        const id = Number(task.taskId);
        return {
          id,
          code: taskCode(id),
          title: task.title,
          committeeId: Number(task.committeeId),
          committee: task.committee,
          status,
          dueDate: task.dueDate,
          measure: task.measure,
          light: open.length === 0 ? 'done' : open.map((p) => p.light).sort((a, b) => LIGHT_RANK[a] - LIGHT_RANK[b])[0]!,
          overdueDays: Math.max(0, ...open.map((p) => p.overdueDays)),
          daysLeft: open.length === 0 ? daysBetween(today, task.dueDate) : Math.min(...open.map((p) => p.daysLeft)),
          progress: taskProgress(inputs),
          parts,
          createdAt: toDate(task.createdAt),
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
