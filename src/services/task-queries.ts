import type { DbProvider } from '../db/migrate.ts';
import type { Db } from '../db/types.ts';
import type { Rules } from '../domain/rules.ts';
import { daysBetween, localDate, localDates } from '../domain/calendar.ts';
import {
  byUrgency,
  isStaleOn,
  partDaysLate,
  partLight,
  taskCode,
  progressOfRatios,
  unitProgress,
  type AssignmentProgress,
  type Light,
  type TaskStatus,
} from '../domain/tasks.ts';
import { progressInput, readSummaryRows, toDate, type TaskFilter } from './task-parts.ts';

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

interface Timing {
  light: Light;
  daysLate: number;
  daysLeft: number;
}

/**
 * Reads tasks with their derived state (progress, light, overdue days). Progress is never stored: it is
 * summed from the reports in SQL, one row per task and one per part, however many tasks there are (see task-parts.ts).
 */
export class TaskQueries {
  constructor(
    private readonly db: Db,
    private readonly provider: DbProvider,
    private readonly rules: Pick<Rules, 'yellowDays' | 'staleDays'>,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  today(): string {
    return localDate(this.now(), this.timeZone);
  }

  async summaries(filter: TaskFilter = {}): Promise<TaskSummary[]> {
    const today = this.today();
    const { tasks, parts: partRows, unitNames } = await readSummaryRows(this.db, this.provider, filter, today);
    const dayOf = localDates(this.timeZone);
    // A part's light and days late follow from its deadline and the day it was finished alone: a county has a few
    // hundred deadlines, so they are worked out once each rather than once per part.
    const timings = new Map<string, Map<string | null, Timing>>();
    const timingOf = (dueDate: string, finishedOn: string | null): Timing => {
      let byFinish = timings.get(dueDate);
      if (!byFinish) timings.set(dueDate, (byFinish = new Map()));
      let timing = byFinish.get(finishedOn);
      if (!timing) {
        const part = { dueDate, finishedOn };
        timing = { light: partLight(part, today, this.rules.yellowDays), daysLate: partDaysLate(part, today), daysLeft: daysBetween(today, dueDate) };
        byFinish.set(finishedOn, timing);
      }
      return timing;
    };
    const summaries: TaskSummary[] = [];
    // Both come in task order, each task's parts together (its lead first).
    const taskOfPart = (i: number) => partRows[i]![0];
    let first = 0;
    for (const [taskId, title, committeeId, committee, taskStatus, taskDueDate, measure, createdAt] of tasks) {
      // Read through a transaction of the caller's (a dry run), the two statements may see different moments: a
      // part of a task the first did not pick is passed over.
      while (first < partRows.length && taskOfPart(first) < taskId) first++;
      let end = first;
      while (end < partRows.length && taskOfPart(end) === taskId) end++;
      // A task with no part yet is no one's work: it is not listed.
      if (end === first) continue;
      const inputs: AssignmentProgress[] = [];
      for (let i = first; i < end; i++) inputs.push(progressInput(partRows[i]!));
      const status = taskStatus as TaskStatus;
      const taskFinished = status === 'done' || status === 'closed' || status === 'cancelled';
      const leadDoneAt = inputs.find((a) => a.role === 'lead')?.doneAt ?? null;
      let light: Light = 'done';
      let overdueDays = 0;
      let daysLeft: number | null = null;
      const parts: UnitPart[] = [];
      for (let i = first; i < end; i++) {
        const [, , , , dueDate, , doneOverride] = partRows[i]!;
        const input = inputs[i - first]!;
        const unit = unitProgress(input);
        // A part of a finished task is finished with it (the lead's word, or the office's override).
        const finishedAt = input.doneAt ?? (taskFinished ? leadDoneAt : null);
        const finishedOn = finishedAt ? dayOf(finishedAt) : null;
        const timing = timingOf(dueDate, finishedOn);
        const part: UnitPart = {
          unitId: input.unitId,
          unitName: unitNames.get(input.unitId)!,
          role: input.role,
          quota: input.quota,
          done: unit.done,
          ratio: unit.ratio,
          lastReportAt: unit.lastReportAt,
          doneAt: input.doneAt,
          dueDate,
          finishedOn,
          doneOverride,
          light: finishedOn !== null || taskFinished ? 'done' : timing.light,
          overdueDays: status === 'cancelled' ? 0 : timing.daysLate,
          daysLeft: timing.daysLeft,
        };
        // The task's light, days late and days left are its unfinished parts' most urgent.
        if (!taskFinished && part.light !== 'done') {
          if (LIGHT_RANK[part.light] < LIGHT_RANK[light]) light = part.light;
          overdueDays = Math.max(overdueDays, part.overdueDays);
          daysLeft = daysLeft === null ? part.daysLeft : Math.min(daysLeft, part.daysLeft);
        }
        parts.push(part);
      }
      first = end;
      const id = Number(taskId);
      summaries.push({
        id,
        code: taskCode(id),
        title,
        committeeId: Number(committeeId),
        committee,
        status,
        dueDate: taskDueDate,
        measure,
        light,
        overdueDays,
        daysLeft: daysLeft ?? daysBetween(today, taskDueDate),
        progress: progressOfRatios(parts.map((p) => p.ratio)),
        parts,
        createdAt: toDate(createdAt),
      });
    }
    return summaries.sort(byUrgency);
  }

  /** Units with open work and no report on it within the stale window, by committee. */
  async missing(): Promise<{ committee: string; units: { unitName: string; tasks: string[] }[] }[]> {
    const dayOf = localDates(this.timeZone);
    const today = dayOf(this.now());
    const summaries = await this.summaries();
    const byCommittee = new Map<string, Map<string, string[]>>();
    for (const task of summaries) {
      if (task.status === 'done') continue;
      for (const part of task.parts) {
        if (part.doneAt) continue;
        if (!isStaleOn(dayOf(part.lastReportAt ?? task.createdAt), today, this.rules.staleDays)) continue;
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
