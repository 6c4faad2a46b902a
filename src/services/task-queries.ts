import type { DbProvider } from '../db/migrate.ts';
import type { Db } from '../db/types.ts';
import type { Rules } from '../domain/rules.ts';
import { localDate, localDates } from '../domain/calendar.ts';
import { isStaleOn } from '../domain/tasks.ts';
import { SummaryReader, type TaskSummary, type UnitPart } from './summary-reader.ts';
import { readSummaryRows, type TaskFilter } from './task-parts.ts';

export type { TaskFilter, TaskSummary, UnitPart };

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
    return readSummaryRows(this.db, this.provider, filter, today, (tasks, unitNames) => new SummaryReader(tasks, unitNames, today, this.rules.yellowDays, localDates(this.timeZone)));
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
