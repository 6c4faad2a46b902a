import type { Db } from '../db/types.ts';
import type { Actor, ChatView } from '../domain/actor.ts';
import { problemCode } from '../domain/problems.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { readScope, scopeCovers, type Scope } from '../domain/roles.ts';
import { taskCode } from '../domain/tasks.ts';
import { auditRefusal } from './audit.ts';
import type { ProblemFilter, ProblemService } from './problems.ts';
import type { TaskDetail, TaskFilter, TaskQueries, TaskSummary } from './task-queries.ts';

/** Who is reading, and in which chat: both decide what may be shown. */
interface Viewer {
  actor: Actor;
  where: ChatView;
}

/**
 * The one place that decides what a reader may see of the task force's work (domain/roles.ts readScope): every
 * read command and every button that shows tasks or problems asks here, never the queries directly, so a
 * forged button or a command typed in the wrong chat cannot read past it. Refusals are audited.
 */
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly tasks: TaskQueries,
    private readonly problems: ProblemService,
  ) {}

  scope(viewer: Viewer): Scope {
    return readScope(viewer.actor, viewer.where);
  }

  /** One task with everything /task shows, if this reader may see it here. */
  async task(viewer: Viewer, taskId: number): Promise<Result<TaskDetail>> {
    const scope = this.scope(viewer);
    if (scope.kind === 'none') return this.refuse(viewer, 'task', taskId, 'access-hidden');
    const detail = await this.tasks.detail(taskId);
    if (!detail) return fail('task-unknown', { code: taskCode(taskId) });
    if (!scopeCovers(scope, detail.summary.parts.map((p) => p.unitId))) return this.refuse(viewer, 'task', taskId, 'access-task-hidden', { code: taskCode(taskId) });
    return ok(detail);
  }

  /** The tasks a filter asks for, narrowed to what this reader may see here; a filter for another unit is refused. */
  async taskSummaries(viewer: Viewer, filter: TaskFilter): Promise<Result<TaskSummary[]>> {
    const narrowed = await this.narrow(viewer, 'tasks', filter);
    return narrowed.ok ? ok(await this.tasks.summaries(narrowed.value)) : narrowed;
  }

  async problem(viewer: Viewer, problemId: number): Promise<Result<NonNullable<Awaited<ReturnType<ProblemService['detail']>>>>> {
    const scope = this.scope(viewer);
    if (scope.kind === 'none') return this.refuse(viewer, 'problem', problemId, 'access-hidden');
    const detail = await this.problems.detail(problemId);
    if (!detail) return fail('problem-unknown', { code: problemCode(problemId) });
    if (!scopeCovers(scope, [detail.problem.unitId])) return this.refuse(viewer, 'problem', problemId, 'access-problem-hidden', { code: problemCode(problemId) });
    return ok(detail);
  }

  async problemList(viewer: Viewer, filter: ProblemFilter): Promise<Result<Awaited<ReturnType<ProblemService['list']>>>> {
    const narrowed = await this.narrow(viewer, 'problems', filter);
    return narrowed.ok ? ok(await this.problems.list(narrowed.value)) : narrowed;
  }

  /** For what covers every unit (the digest, the ledger, who has not reported): only a reader who sees everything. */
  async whole(viewer: Viewer, what: string): Promise<Result<void>> {
    return this.scope(viewer).kind === 'all' ? ok(undefined) : this.refuse(viewer, what, null, 'access-hidden');
  }

  private async narrow<F extends { unitId?: number }>(viewer: Viewer, entity: string, filter: F): Promise<Result<F>> {
    const scope = this.scope(viewer);
    if (scope.kind === 'all') return ok(filter);
    if (scope.kind === 'unit' && (filter.unitId === undefined || filter.unitId === scope.unitId)) return ok({ ...filter, unitId: scope.unitId });
    return this.refuse(viewer, entity, filter.unitId ?? null, 'access-hidden');
  }

  private async refuse<T>(viewer: Viewer, entity: string, entityId: number | null, key: string, vars?: Record<string, string>): Promise<Result<T>> {
    await auditRefusal(this.db, {
      actor: viewer.actor,
      chatId: viewer.where.chatId,
      entity,
      entityId,
      reason: key,
      detail: { place: viewer.where.place, scope: this.scope(viewer) },
    });
    return fail(key, vars);
  }
}

