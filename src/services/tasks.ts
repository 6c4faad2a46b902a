import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import { serialOf } from '../db/sqlite-serial.ts';
import type { ActionContext, Actor } from '../domain/actor.ts';
import { daysBetween } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { leadDoneBlockers, nextStatus, taskCode, type NewTaskInput, type TaskAction, type TaskRefusal, type TaskStatus } from '../domain/tasks.ts';
import type { EvidenceInput, ReportInput, ReportReceipt } from '../domain/reports.ts';
import { auditedResult, writeAudit } from './audit.ts';
import type { TaskQueries } from './task-queries.ts';
import { poolOf } from '../db/pg-pool.ts';
import { PostgresReports } from './task-report-pg.ts';
import type { UpdateLog } from './updates.ts';
import { reportOnSqlite } from './task-report.ts';

export type TaskEdit =
  | { field: 'title'; value: string }
  | { field: 'description'; value: string | null }
  /** The task's deadline (unitId null: every part still on it moves too) or one unit's part's; reason for the record. */
  | { field: 'dueDate'; value: string; unitId: number | null; reason: string | null }
  | { field: 'measure'; value: string | null }
  | { field: 'committeeId'; value: number }
  | { field: 'quota'; value: { unitId: number; quota: number | null }[] };

const withParts = { assignments: { include: { unit: { select: { id: true, name: true } } } } } as const;
type LoadedTask = NonNullable<Awaited<ReturnType<typeof loadTask>>>;

const loadTask = (tx: Tx, id: number) => tx.task.findUnique({ where: { id }, include: withParts });

/** The office's verdicts on a task. */
export type Verdict = 'close' | 'reject' | 'reopen' | 'cancel';

/** A task under a verdict on several: the status it takes, or (to null) why it stays as it is. */
export interface VerdictStep {
  task: LoadedTask;
  to: TaskStatus | null;
  skip: TaskRefusal | null;
}

/** A task decided: as it is now, what it was, and the units that had been told of it (who hear of the verdict). */
export interface Decided {
  task: LoadedTask;
  before: TaskStatus;
  told: number[];
}

/**
 * Every change to a task: the permission and state checks, one transaction, one audit row.
 * Errors a person can cause come back as values; the caller renders them in the person's language.
 */
export class TaskService {
  private postgresReports?: PostgresReports;

  constructor(
    private readonly db: Db,
    readonly queries: TaskQueries,
    private readonly now: () => Date,
    /** Told when a report's write marked its update handled. */
    private readonly updates?: Pick<UpdateLog, 'committedWithChange'>,
  ) {}

  /** Checks a new task against the rules that do not need the database; resolves nothing. */
  check(input: NewTaskInput): Result<NewTaskInput> {
    const leads = input.assignments.filter((a) => a.role === 'lead');
    if (leads.length !== 1) return fail('task-needs-one-lead');
    const unitIds = input.assignments.map((a) => a.unitId);
    if (new Set(unitIds).size !== unitIds.length) return fail('task-unit-twice');
    if (daysBetween(this.queries.today(), input.dueDate) < 0) return fail('task-due-in-past', { date: input.dueDate });
    if (input.assignments.some((a) => a.quota !== null && !(a.quota > 0))) return fail('task-bad-quota');
    return ok(input);
  }

  async create(at: ActionContext, input: NewTaskInput): Promise<Result<LoadedTask>> {
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const [refused] = await this.officeLeads([input]);
    if (refused) return fail('task-lead-office', { unit: refused.unit });
    const task = await this.db.$transaction((tx) => this.insert(tx, at, input));
    return ok(task);
  }

  /**
   * The tasks led by the office unit (生态委办公室), by index: the office runs and chases the work, it does not
   * lead it — nobody could report or finish such a task, and its escalation would go to the leaders.
   */
  async officeLeads(inputs: readonly NewTaskInput[], client: Db | Tx = this.db): Promise<{ index: number; unit: string }[]> {
    const leads = inputs.map((input) => input.assignments.find((a) => a.role === 'lead')?.unitId);
    const offices = await client.unit.findMany({ where: { office: true, id: { in: leads.filter((id) => id !== undefined) } }, select: { id: true, name: true } });
    const names = new Map(offices.map((o) => [o.id, o.name]));
    return leads.flatMap((id, index) => (id !== undefined && names.has(id) ? [{ index, unit: names.get(id)! }] : []));
  }

  /**
   * A unit's report: an amount done since the last one (tasks with quotas) or a percent (tasks without).
   * Returns what the answer needs, so the caller reads nothing more: one lookup (the part by its unique key,
   * with the task and, for a quota, the unit's total so far), the inserts, the status only when it changes,
   * the audit row. On SQLite all of it runs in one serial() call with cached statements; elsewhere in one
   * interactive transaction.
   */
  async report(
    at: ActionContext,
    input: ReportInput,
  ): Promise<Result<ReportReceipt>> {
    const serial = serialOf(this.db);
    if (serial) {
      // A report written marked its update handled in the same serial() work (reportOnSqlite).
      const result = await serial((sqlite) => reportOnSqlite(sqlite, at, input, this.now()));
      if (result.ok && at.updateId !== undefined) this.updates?.committedWithChange(at.updateId);
      return auditedResult(this.db, at, 'task', input.taskId, result);
    }
    if (!this.postgresReports) {
      const pool = poolOf(this.db);
      if (!pool) throw new Error('report(): the database was not opened by openDatabase (no serial() or pool)');
      this.postgresReports = new PostgresReports(pool);
    }
    const { result, marked } = await this.postgresReports.report(at, input, this.now());
    if (marked) this.updates?.committedWithChange(at.updateId!);
    return auditedResult(this.db, at, 'task', input.taskId, result);
  }

  /** Where a copy of an evidence file was stored, once it has been fetched. */
  async keepEvidenceCopy(evidenceId: number, storedPath: string): Promise<void> {
    await this.db.evidence.update({ where: { id: evidenceId }, data: { storedPath } });
  }

  /**
   * A unit says its part is done. Done means done: a part whose quota is not met is refused with what is left.
   * The lead unit's "done" finishes the task, and is accepted only when every cooperating unit has said so too.
   * An admin may override either with a reason, which the part keeps (doneOverride) for /task and the ledger.
   */
  async markDone(
    at: ActionContext,
    input: { taskId: number; unitId: number; note: string | null; overrideReason: string | null; evidence?: readonly EvidenceInput[] },
  ): Promise<Result<{ task: LoadedTask; finished: boolean; evidenceIds: number[] }>> {
    if (input.overrideReason !== null && at.actor.role !== 'admin') return auditedResult(this.db, at, 'task', input.taskId, fail('done-override-admin-only'));
    return auditedResult(this.db, at, 'task', input.taskId, await this.db.$transaction(async (tx) => {
      const found = await this.partOf(tx, at.actor, input.taskId, input.unitId);
      if (!found.ok) return found;
      const { task, part } = found.value;
      const code = taskCode(task.id);
      const next = nextStatus(task.status as TaskStatus, 'done');
      if (!next.ok) return fail(next.reason, { code });
      if (part.doneAt) return fail('done-part-already', { code, unit: part.unit.name });
      if (part.quota !== null && part.quota > 0 && input.overrideReason === null) {
        const counted = await tx.progressReport.aggregate({ where: { taskId: task.id, unitId: part.unitId, withdrawnAt: null }, _sum: { amount: true } });
        const done = counted._sum.amount ?? 0;
        if (done + 1e-9 < part.quota) {
          return fail('done-quota-unmet', { code, unit: part.unit.name, done, quota: part.quota, remaining: part.quota - done, measure: task.measure ?? '' });
        }
      }
      const isLead = part.role === 'lead';
      if (isLead) {
        const blockers = leadDoneBlockers(task.assignments.map((a) => ({ unitId: a.unitId, role: a.role as 'lead' | 'cooperating', quota: a.quota, reports: [], doneAt: a.doneAt })));
        if (blockers.length > 0 && input.overrideReason === null) {
          const names = task.assignments.filter((a) => blockers.includes(a.unitId)).map((a) => a.unit.name);
          return fail('done-blocked', { code, units: names.join('、') });
        }
      }
      await tx.taskAssignment.update({ where: { id: part.id }, data: { doneAt: this.now(), doneNote: input.note, doneOverride: input.overrideReason } });
      const evidenceIds = await addEvidence(tx, { assignmentId: part.id }, input.evidence ?? [], this.now());
      const status = isLead ? 'done' : task.status === 'open' ? 'in_progress' : task.status;
      if (status !== task.status) await tx.task.update({ where: { id: task.id }, data: { status } });
      await this.audit(tx, at, task.id, isLead ? 'task.done' : 'task.part-done', { status: task.status }, {
        status,
        unit: part.unit.name,
        note: input.note,
        ...(input.overrideReason !== null ? { override: input.overrideReason } : {}),
        ...(evidenceIds.length > 0 ? { evidence: evidenceIds.length } : {}),
      });
      return ok({ task: (await loadTask(tx, task.id))!, finished: isLead, evidenceIds });
    }));
  }

  async requestExtension(
    at: ActionContext,
    input: { taskId: number; unitId: number; toDate: string; reason: string; evidence?: readonly EvidenceInput[] },
  ): Promise<Result<{ extensionId: number; task: LoadedTask; dueDate: string; evidenceIds: number[] }>> {
    return auditedResult(this.db, at, 'task', input.taskId, await this.db.$transaction(async (tx) => {
      const found = await this.partOf(tx, at.actor, input.taskId, input.unitId);
      if (!found.ok) return found;
      const { task, part } = found.value;
      const code = taskCode(task.id);
      const next = nextStatus(task.status as TaskStatus, 'extend');
      if (!next.ok) return fail(next.reason, { code });
      // The unit's own deadline is what it asks to move, whatever the task's or another unit's is.
      if (daysBetween(part.dueDate, input.toDate) <= 0) return fail('extend-not-later', { code, due: part.dueDate });
      await this.lockPart(tx, task.id, part.unitId);
      const pending = await tx.extension.findFirst({ where: { taskId: task.id, unitId: part.unitId, status: 'pending' } });
      if (pending) return fail('extend-pending', { code });
      const extension = await tx.extension.create({
        data: {
          taskId: task.id,
          unitId: part.unitId,
          requestedByTelegramId: at.actor.telegramId,
          requestedByName: at.actor.displayName,
          requestChatId: at.chatId,
          fromDate: part.dueDate,
          toDate: input.toDate,
          reason: input.reason,
          createdAt: this.now(),
        },
      });
      const evidenceIds = await addEvidence(tx, { extensionId: extension.id }, input.evidence ?? [], this.now());
      await this.audit(tx, at, task.id, 'task.extend-request', { dueDate: part.dueDate }, {
        dueDate: input.toDate,
        unit: part.unit.name,
        reason: input.reason,
        ...(evidenceIds.length > 0 ? { evidence: evidenceIds.length } : {}),
      });
      return ok({ extensionId: extension.id, task, dueDate: part.dueDate, evidenceIds });
    }));
  }

  /** Approves or denies a request; a denial needs a reason, which the unit is told and the ledger keeps. */
  async decideExtension(at: ActionContext, extensionId: number, verdict: { approve: true } | { approve: false; reason: string }) {
    if (at.actor.role !== 'admin') return auditedResult(this.db, at, 'extension', extensionId, fail('errors-not-allowed-action'));
    const approve = verdict.approve;
    const reason = verdict.approve ? null : verdict.reason.trim();
    if (reason === '') return fail('extend-deny-reason-needed');
    return this.db.$transaction(async (tx) => {
      const extension = await tx.extension.findUnique({ where: { id: extensionId }, include: { unit: { select: { name: true } } } });
      if (!extension) return fail('extend-unknown');
      const task = (await loadTask(tx, extension.taskId))!;
      const code = taskCode(task.id);
      if (extension.status !== 'pending') return fail('extend-decided', { code });
      // A request outlived by its task (closed or cancelled since) can be denied, not approved.
      const open = nextStatus(task.status as TaskStatus, 'extend');
      if (approve && !open.ok) return fail(open.reason, { code });
      const status = approve ? 'approved' : 'denied';
      const updated = await tx.extension.update({
        where: { id: extension.id },
        data: { status, decidedByTelegramId: at.actor.telegramId, decidedAt: this.now() },
      });
      // An extension moves the asking unit's part only: the others stay on their deadlines.
      const part = task.assignments.find((a) => a.unitId === extension.unitId);
      const before = part?.dueDate ?? task.dueDate;
      if (approve && part) await tx.taskAssignment.update({ where: { id: part.id }, data: { dueDate: extension.toDate } });
      const dueDate = approve && part ? extension.toDate : before;
      await this.audit(tx, at, task.id, approve ? 'task.extend-approved' : 'task.extend-denied', { dueDate: before }, {
        dueDate,
        unit: extension.unit?.name ?? null,
        ...(reason === null ? { reason: extension.reason } : { reason }),
      });
      return ok({ extension: updated, task, unitName: extension.unit?.name ?? null, code, dueDate });
    });
  }

  /** The office's verdict on one task: close (销号), reject (驳回), reopen, cancel. */
  async decide(at: ActionContext, taskId: number, action: Verdict, reason: string | null) {
    if (at.actor.role !== 'admin') return auditedResult(this.db, at, 'task', taskId, fail('errors-not-allowed-action'));
    return this.db.$transaction(async (tx) => {
      const task = await loadTask(tx, taskId);
      if (!task) return fail('task-unknown', { code: taskCode(taskId) });
      const next = nextStatus(task.status as TaskStatus, action satisfies TaskAction);
      if (!next.ok) return fail(next.reason, { code: taskCode(task.id) });
      return ok(await this.applyVerdict(tx, at, task, action, next.status, reason));
    });
  }

  /**
   * What a verdict on several tasks would do, writing nothing: each task with the status it would take, or the
   * reason it is left as it is (already cancelled, not done yet…). A code that names no task refuses the whole.
   */
  async planVerdicts(at: ActionContext, taskIds: readonly number[], action: Verdict): Promise<Result<VerdictStep[]>> {
    if (at.actor.role !== 'admin') return auditedResult(this.db, at, 'task', taskIds[0] ?? null, fail('errors-not-allowed-action'));
    return this.verdictSteps(this.db, taskIds, action);
  }

  /**
   * A verdict on several tasks, confirmed: in one transaction each task that may take it takes it (with its own
   * audit row, as if decided alone), the others are skipped with their reason. Planned again here, so a task
   * changed since the preview is judged as it is now, and a second confirmation changes nothing more.
   */
  async decideMany(at: ActionContext, taskIds: readonly number[], action: Verdict, reason: string | null) {
    if (at.actor.role !== 'admin') return auditedResult(this.db, at, 'task', taskIds[0] ?? null, fail('errors-not-allowed-action'));
    return this.db.$transaction(async (tx) => {
      const planned = await this.verdictSteps(tx, taskIds, action);
      if (!planned.ok) return planned;
      const decided: Decided[] = [];
      for (const step of planned.value) {
        if (step.to !== null) decided.push(await this.applyVerdict(tx, at, step.task, action, step.to, reason));
      }
      return ok({ decided, skipped: planned.value.filter((s) => s.to === null) });
    }, LONG_TRANSACTION);
  }

  private async verdictSteps(db: Db | Tx, taskIds: readonly number[], action: Verdict): Promise<Result<VerdictStep[]>> {
    const tasks = new Map((await db.task.findMany({ where: { id: { in: [...taskIds] } }, include: withParts })).map((t) => [t.id, t]));
    const unknown = taskIds.filter((id) => !tasks.has(id));
    if (unknown.length > 0) return fail('tasks-unknown', { codes: unknown.map(taskCode).join('、') });
    return ok(
      taskIds.map((id) => {
        const task = tasks.get(id)!;
        const next = nextStatus(task.status as TaskStatus, action);
        return { task, to: next.ok ? next.status : null, skip: next.ok ? null : next.reason };
      }),
    );
  }

  private async applyVerdict(tx: Tx, at: ActionContext, task: LoadedTask, action: Verdict, status: TaskStatus, reason: string | null): Promise<Decided> {
    // Sent back or reopened, the lead unit has to say "done" again.
    if (action === 'reject' || action === 'reopen') {
      await tx.taskAssignment.updateMany({ where: { taskId: task.id, role: 'lead' }, data: { doneAt: null } });
    }
    await tx.task.update({ where: { id: task.id }, data: { status } });
    await this.audit(tx, at, task.id, `task.${action}`, { status: task.status }, { status, reason });
    const after = (await loadTask(tx, task.id))!;
    return { task: after, before: task.status as TaskStatus, told: after.assignments.filter((a) => a.announcedAt !== null).map((a) => a.unitId) };
  }

  /**
   * The units were told of these tasks (the notice naming them is written): what is decided on them later is
   * told to them. Task id → the units told; one transaction, however many tasks an import announced.
   */
  async markAnnounced(told: ReadonlyMap<number, readonly number[]>): Promise<void> {
    const at = this.now();
    await this.db.$transaction(async (tx) => {
      for (const [taskId, unitIds] of told) {
        await tx.taskAssignment.updateMany({ where: { taskId, unitId: { in: [...unitIds] }, announcedAt: null }, data: { announcedAt: at } });
      }
    }, LONG_TRANSACTION);
  }

  async edit(at: ActionContext, taskId: number, change: TaskEdit) {
    if (at.actor.role !== 'admin') return auditedResult(this.db, at, 'task', taskId, fail('errors-not-allowed-action'));
    return this.db.$transaction(async (tx) => {
      const task = await loadTask(tx, taskId);
      if (!task) return fail('task-unknown', { code: taskCode(taskId) });
      const next = nextStatus(task.status as TaskStatus, 'edit');
      if (!next.ok) return fail(next.reason, { code: taskCode(task.id) });
      let before: unknown;
      switch (change.field) {
        case 'quota': {
          const parts = new Map(task.assignments.map((a) => [a.unitId, a]));
          const stranger = change.value.find((q) => !parts.has(q.unitId));
          if (stranger) return fail('edit-quota-not-assigned', { code: taskCode(task.id) });
          if (change.value.some((q) => q.quota !== null && !(q.quota > 0))) return fail('task-bad-quota');
          before = change.value.map((q) => ({ unit: parts.get(q.unitId)!.unit.name, quota: parts.get(q.unitId)!.quota }));
          for (const q of change.value) await tx.taskAssignment.update({ where: { id: parts.get(q.unitId)!.id }, data: { quota: q.quota } });
          break;
        }
        case 'dueDate': {
          if (daysBetween(this.queries.today(), change.value) < 0) return fail('task-due-in-past', { date: change.value });
          if (change.unitId !== null) {
            const part = task.assignments.find((a) => a.unitId === change.unitId);
            if (!part) return fail('task-not-assigned', { code: taskCode(task.id) });
            await tx.taskAssignment.update({ where: { id: part.id }, data: { dueDate: change.value } });
            await this.audit(tx, at, task.id, 'task.edit', { dueDate: part.dueDate }, { dueDate: change.value, unit: part.unit.name, reason: change.reason });
            return ok((await loadTask(tx, task.id))!);
          }
          // The task's deadline, and every part still on it; a part moved on its own keeps its deadline.
          const moved = task.assignments.filter((a) => a.dueDate === task.dueDate);
          await tx.task.update({ where: { id: task.id }, data: { dueDate: change.value } });
          await tx.taskAssignment.updateMany({ where: { id: { in: moved.map((a) => a.id) } }, data: { dueDate: change.value } });
          await this.audit(tx, at, task.id, 'task.edit', { dueDate: task.dueDate }, { dueDate: change.value, units: moved.map((a) => a.unit.name), reason: change.reason });
          return ok((await loadTask(tx, task.id))!);
        }
        default:
          before = task[change.field];
          await tx.task.update({ where: { id: task.id }, data: { [change.field]: change.value } });
      }
      await this.audit(tx, at, task.id, 'task.edit', { [change.field]: before }, { [change.field]: change.value });
      return ok((await loadTask(tx, task.id))!);
    });
  }

  private insert(tx: Tx, at: ActionContext, input: NewTaskInput): Promise<LoadedTask> {
    return insertTask(tx, at, input, this.now());
  }

  /**
   * On PostgreSQL, makes concurrent changes to one unit's part wait for each other (a double tap must not
   * leave two pending extension requests). SQLite runs one transaction at a time already.
   */
  private async lockPart(tx: Tx, taskId: number, unitId: number): Promise<void> {
    if (serialOf(this.db)) return;
    await tx.$queryRaw`SELECT 1 FROM "TaskAssignment" WHERE "taskId" = ${taskId} AND "unitId" = ${unitId} FOR UPDATE`;
  }

  /**
   * The task and the given unit's part in it, if the actor may act for that unit:
   * an admin for any unit, a liaison only for their own.
   */
  private async partOf(tx: Tx, actor: Actor, taskId: number, unitId: number) {
    const task = await loadTask(tx, taskId);
    if (!task) return fail('task-unknown', { code: taskCode(taskId) });
    const part = task.assignments.find((a) => a.unitId === unitId);
    if (!part) return fail('task-not-assigned', { code: taskCode(task.id) });
    if (actor.role !== 'admin' && !(actor.role === 'liaison' && actor.unitId === unitId)) return fail('task-not-your-unit');
    return ok({ task, part });
  }

  private audit(tx: Tx, at: ActionContext, taskId: number, action: string, before: unknown, after: unknown) {
    return writeAudit(tx, { at: this.now(), actorTelegramId: at.actor.telegramId, chatId: at.chatId, action, entity: 'task', entityId: taskId, before, after });
  }
}

/** Writes a new task, its parts (each on the task's deadline) and its task.create audit row: /newtask's and /import's. */
export async function insertTask(tx: Tx, at: ActionContext, input: NewTaskInput, now: Date): Promise<LoadedTask> {
  const task = await tx.task.create({
    data: {
      title: input.title,
      committeeId: input.committeeId,
      description: input.description,
      dueDate: input.dueDate,
      measure: input.measure,
      createdById: at.actor.telegramId,
      createdAt: now,
      assignments: { create: input.assignments.map((a) => ({ unitId: a.unitId, role: a.role, quota: a.quota, dueDate: input.dueDate })) },
    },
    include: withParts,
  });
  await writeAudit(tx, {
    at: now,
    actorTelegramId: at.actor.telegramId,
    chatId: at.chatId,
    action: 'task.create',
    entity: 'task',
    entityId: task.id,
    after: { title: task.title, dueDate: task.dueDate, units: task.assignments.map((a) => ({ unit: a.unit.name, role: a.role, quota: a.quota })) },
  });
  return task;
}

/** The photos and documents sent with a /done or an extension request, on the row they belong to. */
async function addEvidence(tx: Tx, owner: { assignmentId: number } | { extensionId: number }, files: readonly EvidenceInput[], createdAt: Date): Promise<number[]> {
  const ids: number[] = [];
  for (const file of files) ids.push((await tx.evidence.create({ data: { ...owner, ...file, createdAt }, select: { id: true } })).id);
  return ids;
}
