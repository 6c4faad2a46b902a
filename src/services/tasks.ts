import type BetterSqlite3 from 'better-sqlite3';
import type { Db, Tx } from '../db/types.ts';
import { prepared, serialOf, sqliteTimestamp } from '../db/sqlite-serial.ts';
import type { Actor } from '../bot/context.ts';
import { daysBetween } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { leadDoneBlockers, nextStatus, remainingQuota, taskCode, unitProgress, type NewTaskInput, type TaskAction, type TaskStatus } from '../domain/tasks.ts';
import { writeAudit, type AuditEntry } from './audit.ts';
import type { TaskQueries } from './task-queries.ts';

export interface EvidenceInput {
  kind: 'photo' | 'document';
  fileId: string;
  fileUniqueId: string;
  fileName: string | null;
}

export type ReportValue = { kind: 'amount'; amount: number } | { kind: 'percent'; percent: number };

/** A recorded report, with what its answer says: the unit's progress right after it. */
export interface ReportReceipt {
  reportId: number;
  evidenceIds: number[];
  code: string;
  unitName: string;
  measure: string | null;
  /** The unit's quota; null for a task reported in percent. */
  quota: number | null;
  /** With a quota, the unit's total so far (this report included); without, its latest percent. */
  done: number;
  /** 0–1 (1 once the unit said its part is done), or null; as in the task summaries. */
  ratio: number | null;
}

/** Where an action happens and who does it: every change is audited with both. */
export interface ActionContext {
  actor: Actor;
  chatId: bigint;
}

export type TaskEditField = 'title' | 'description' | 'dueDate' | 'measure' | 'committeeId' | 'quota';
export type TaskEdit =
  | { field: 'title'; value: string }
  | { field: 'description'; value: string | null }
  | { field: 'dueDate'; value: string }
  | { field: 'measure'; value: string | null }
  | { field: 'committeeId'; value: number }
  | { field: 'quota'; value: { unitId: number; quota: number | null }[] };

const withParts = { assignments: { include: { unit: { select: { id: true, name: true } } } } } as const;
type LoadedTask = NonNullable<Awaited<ReturnType<typeof loadTask>>>;

const loadTask = (tx: Tx, id: number) => tx.task.findUnique({ where: { id }, include: withParts });

/**
 * Every change to a task: the permission and state checks, one transaction, one audit row.
 * Errors a person can cause come back as values; the caller renders them in the person's language.
 */
export class TaskService {
  constructor(
    private readonly db: Db,
    readonly queries: TaskQueries,
    private readonly now: () => Date,
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
    const task = await this.db.$transaction((tx) => this.insert(tx, at, input));
    return ok(task);
  }

  /** An import: every task or none. */
  async createMany(at: ActionContext, inputs: NewTaskInput[]): Promise<Result<LoadedTask[]>> {
    for (const [index, input] of inputs.entries()) {
      const checked = this.check(input);
      if (!checked.ok) return fail(checked.error.key, { ...checked.error.vars, task: index + 1 });
    }
    const tasks = await this.db.$transaction(async (tx) => {
      const created: LoadedTask[] = [];
      for (const input of inputs) created.push(await this.insert(tx, at, input));
      await writeAudit(tx, { at: this.now(), actorTelegramId: at.actor.telegramId, chatId: at.chatId, action: 'task.import', entity: 'import', after: { tasks: created.map((t) => taskCode(t.id)) } });
      return created;
    });
    return ok(tasks);
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
    input: { taskId: number; unitId: number; value: ReportValue; note: string | null; evidence: EvidenceInput[] },
  ): Promise<Result<ReportReceipt>> {
    const serial = serialOf(this.db);
    if (serial) return serial((sqlite) => this.reportOnSqlite(sqlite, at, input));
    return this.db.$transaction(async (tx) => {
      const createdAt = this.now();
      // Two reports of one unit at once must not both fit under its quota: the second waits for the first.
      await this.lockPart(tx, input.taskId, input.unitId);
      const [row] = await tx.$queryRaw<PartRow[]>(PART_FOR_REPORT, createdAt, input.unitId, input.taskId);
      const checked = checkReport(row && normalizePartRow(row), at.actor, input);
      if (!checked.ok) return checked;
      const { part, next } = checked.value;
      const report = await tx.progressReport.create({ data: reportRow(at, input, createdAt), select: { id: true } });
      const evidenceIds: number[] = [];
      for (const file of input.evidence) {
        evidenceIds.push((await tx.evidence.create({ data: { reportId: report.id, ...file, createdAt }, select: { id: true } })).id);
      }
      if (next !== part.status) await tx.task.update({ where: { id: part.taskId }, data: { status: next }, select: { id: true } });
      await writeAudit(tx, reportAudit(at, input, part, createdAt));
      return ok(receipt(part, input, report.id, evidenceIds));
    });
  }

  /** report() on SQLite: synchronous, inside serial()'s transaction. */
  private reportOnSqlite(
    db: BetterSqlite3.Database,
    at: ActionContext,
    input: { taskId: number; unitId: number; value: ReportValue; note: string | null; evidence: EvidenceInput[] },
  ): Result<ReportReceipt> {
    const sql = prepared(db, reportStatements);
    const createdAt = this.now();
    const stamp = sqliteTimestamp(createdAt);
    const row = sql.part.get(stamp, input.unitId, input.taskId) as PartRow | undefined;
    const checked = checkReport(row && normalizePartRow(row), at.actor, input);
    if (!checked.ok) return checked;
    const { part, next } = checked.value;
    const data = reportRow(at, input, createdAt);
    const reportId = Number(
      sql.insertReport.run(data.taskId, data.unitId, data.reporterTelegramId, data.reporterName, data.amount, data.percent, data.note, stamp).lastInsertRowid,
    );
    const evidenceIds = input.evidence.map((file) =>
      Number(sql.insertEvidence.run(reportId, file.kind, file.fileId, file.fileUniqueId, file.fileName, stamp).lastInsertRowid),
    );
    // Prisma's @updatedAt is the wall clock, not the injected one.
    if (next !== part.status) sql.updateStatus.run(next, sqliteTimestamp(new Date()), part.taskId);
    const audit = reportAudit(at, input, part, createdAt);
    sql.insertAudit.run(stamp, audit.actorTelegramId, audit.chatId, audit.action, audit.entity, String(audit.entityId), null, auditJson(audit.after));
    return ok(receipt(part, input, reportId, evidenceIds));
  }

  /** Where a copy of an evidence file was stored, once it has been fetched. */
  async keepEvidenceCopy(evidenceId: number, storedPath: string): Promise<void> {
    await this.db.evidence.update({ where: { id: evidenceId }, data: { storedPath } });
  }

  /**
   * A unit says its part is done. The lead unit's "done" finishes the task, and is accepted only when every
   * cooperating unit has said so too, unless an admin overrides with a reason.
   */
  async markDone(
    at: ActionContext,
    input: { taskId: number; unitId: number; note: string | null; overrideReason: string | null },
  ): Promise<Result<{ task: LoadedTask; finished: boolean }>> {
    if (input.overrideReason !== null && at.actor.role !== 'admin') return fail('done-override-admin-only');
    return this.db.$transaction(async (tx) => {
      const found = await this.partOf(tx, at.actor, input.taskId, input.unitId);
      if (!found.ok) return found;
      const { task, part } = found.value;
      const code = taskCode(task.id);
      const next = nextStatus(task.status as TaskStatus, 'done');
      if (!next.ok) return fail(next.reason, { code });
      if (part.doneAt) return fail('done-part-already', { code, unit: part.unit.name });
      const isLead = part.role === 'lead';
      if (isLead) {
        const blockers = leadDoneBlockers(task.assignments.map((a) => ({ unitId: a.unitId, role: a.role as 'lead' | 'cooperating', quota: a.quota, reports: [], doneAt: a.doneAt })));
        if (blockers.length > 0 && input.overrideReason === null) {
          const names = task.assignments.filter((a) => blockers.includes(a.unitId)).map((a) => a.unit.name);
          return fail('done-blocked', { code, units: names.join('、') });
        }
      }
      await tx.taskAssignment.update({ where: { id: part.id }, data: { doneAt: this.now(), doneNote: input.note } });
      const status = isLead ? 'done' : task.status === 'open' ? 'in_progress' : task.status;
      if (status !== task.status) await tx.task.update({ where: { id: task.id }, data: { status } });
      await this.audit(tx, at, task.id, isLead ? 'task.done' : 'task.part-done', { status: task.status }, {
        status,
        unit: part.unit.name,
        note: input.note,
        ...(input.overrideReason !== null ? { override: input.overrideReason } : {}),
      });
      return ok({ task: (await loadTask(tx, task.id))!, finished: isLead });
    });
  }

  async requestExtension(
    at: ActionContext,
    input: { taskId: number; unitId: number; toDate: string; reason: string },
  ): Promise<Result<{ extensionId: number; task: LoadedTask }>> {
    return this.db.$transaction(async (tx) => {
      const found = await this.partOf(tx, at.actor, input.taskId, input.unitId);
      if (!found.ok) return found;
      const { task, part } = found.value;
      const code = taskCode(task.id);
      const next = nextStatus(task.status as TaskStatus, 'extend');
      if (!next.ok) return fail(next.reason, { code });
      if (daysBetween(task.dueDate, input.toDate) <= 0) return fail('extend-not-later', { code, due: task.dueDate });
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
          fromDate: task.dueDate,
          toDate: input.toDate,
          reason: input.reason,
          createdAt: this.now(),
        },
      });
      await this.audit(tx, at, task.id, 'task.extend-request', { dueDate: task.dueDate }, { dueDate: input.toDate, unit: part.unit.name, reason: input.reason });
      return ok({ extensionId: extension.id, task });
    });
  }

  async decideExtension(at: ActionContext, extensionId: number, approve: boolean) {
    if (at.actor.role !== 'admin') return fail('errors-not-allowed-action');
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
      if (approve) await tx.task.update({ where: { id: task.id }, data: { dueDate: extension.toDate } });
      await this.audit(tx, at, task.id, approve ? 'task.extend-approved' : 'task.extend-denied', { dueDate: task.dueDate }, {
        dueDate: approve ? extension.toDate : task.dueDate,
        unit: extension.unit?.name ?? null,
      });
      return ok({ extension: updated, task, unitName: extension.unit?.name ?? null, code });
    });
  }

  /** The office's verdicts: close (销号), reject (驳回), reopen, cancel. */
  async decide(at: ActionContext, taskId: number, action: 'close' | 'reject' | 'reopen' | 'cancel', reason: string | null) {
    if (at.actor.role !== 'admin') return fail('errors-not-allowed-action');
    return this.db.$transaction(async (tx) => {
      const task = await loadTask(tx, taskId);
      if (!task) return fail('task-unknown', { code: taskCode(taskId) });
      const next = nextStatus(task.status as TaskStatus, action satisfies TaskAction);
      if (!next.ok) return fail(next.reason, { code: taskCode(task.id) });
      // Sent back or reopened, the lead unit has to say "done" again.
      if (action === 'reject' || action === 'reopen') {
        await tx.taskAssignment.updateMany({ where: { taskId: task.id, role: 'lead' }, data: { doneAt: null } });
      }
      await tx.task.update({ where: { id: task.id }, data: { status: next.status } });
      await this.audit(tx, at, task.id, `task.${action}`, { status: task.status }, { status: next.status, reason });
      return ok({ task: (await loadTask(tx, task.id))!, before: task.status as TaskStatus });
    });
  }

  async edit(at: ActionContext, taskId: number, change: TaskEdit) {
    if (at.actor.role !== 'admin') return fail('errors-not-allowed-action');
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
        case 'dueDate':
          if (daysBetween(this.queries.today(), change.value) < 0) return fail('task-due-in-past', { date: change.value });
          before = task.dueDate;
          await tx.task.update({ where: { id: task.id }, data: { dueDate: change.value } });
          break;
        default:
          before = task[change.field];
          await tx.task.update({ where: { id: task.id }, data: { [change.field]: change.value } });
      }
      await this.audit(tx, at, task.id, 'task.edit', { [change.field]: before }, { [change.field]: change.value });
      return ok((await loadTask(tx, task.id))!);
    });
  }

  private async insert(tx: Tx, at: ActionContext, input: NewTaskInput): Promise<LoadedTask> {
    const task = await tx.task.create({
      data: {
        title: input.title,
        committeeId: input.committeeId,
        description: input.description,
        dueDate: input.dueDate,
        measure: input.measure,
        createdById: at.actor.telegramId,
        createdAt: this.now(),
        assignments: { create: input.assignments.map((a) => ({ unitId: a.unitId, role: a.role, quota: a.quota })) },
      },
      include: withParts,
    });
    await this.audit(tx, at, task.id, 'task.create', undefined, {
      title: task.title,
      dueDate: task.dueDate,
      units: task.assignments.map((a) => ({ unit: a.unit.name, role: a.role, quota: a.quota })),
    });
    return task;
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

// ───────────────────────────── report(): the lean write ─────────────────────────────

type ReportInput = Parameters<TaskService['report']>[1];

/** Captures a template's fragments: joined with `?` for better-sqlite3, or given to Prisma's $queryRaw as is. */
const fragments = (strings: TemplateStringsArray, ..._values: unknown[]): TemplateStringsArray => strings;

/**
 * The task, the unit's part in it (by the unique key taskId_unitId) and what the checks and the answer need:
 * for a quota, the unit's amounts so far; for a percent, the latest percent dated after this report, should the
 * clock have gone back (the summaries take the latest by createdAt, then id). No row: no such task; a row
 * without partId: the unit has no part in it. Parameters: createdAt, unitId, taskId.
 */
const PART_FOR_REPORT = fragments`
  SELECT t."id" AS "taskId", t."status" AS "status", t."measure" AS "measure",
         a."id" AS "partId", a."role" AS "role", a."quota" AS "quota", a."doneAt" AS "doneAt", u."name" AS "unitName",
         CASE WHEN a."quota" IS NOT NULL THEN
           (SELECT SUM(r."amount") FROM "ProgressReport" r WHERE r."taskId" = a."taskId" AND r."unitId" = a."unitId")
         END AS "amountSum",
         CASE WHEN a."id" IS NOT NULL AND a."quota" IS NULL THEN
           (SELECT r."percent" FROM "ProgressReport" r
             WHERE r."taskId" = a."taskId" AND r."unitId" = a."unitId" AND r."percent" IS NOT NULL AND r."createdAt" > ${'createdAt'}
             ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1)
         END AS "laterPercent"
    FROM "Task" t
    LEFT JOIN "TaskAssignment" a ON a."taskId" = t."id" AND a."unitId" = ${'unitId'}
    LEFT JOIN "Unit" u ON u."id" = a."unitId"
   WHERE t."id" = ${'taskId'}`;

interface PartRow {
  taskId: number | bigint;
  status: string;
  measure: string | null;
  partId: number | bigint | null;
  role: string | null;
  quota: number | null;
  doneAt: unknown;
  unitName: string | null;
  amountSum: number | null;
  laterPercent: number | null;
}

interface ReportPart {
  taskId: number;
  status: TaskStatus;
  measure: string | null;
  partId: number;
  role: 'lead' | 'cooperating';
  quota: number | null;
  done: boolean;
  unitName: string;
  amountSum: number;
  laterPercent: number | null;
}

type FoundPart = Omit<ReportPart, 'partId' | 'role' | 'unitName'> & { partId: number | null; role: string | null; unitName: string | null };

function normalizePartRow(row: PartRow): FoundPart {
  return {
    taskId: Number(row.taskId),
    status: row.status as TaskStatus,
    measure: row.measure,
    partId: row.partId === null ? null : Number(row.partId),
    role: row.role,
    quota: row.quota === null ? null : Number(row.quota),
    done: row.doneAt !== null,
    unitName: row.unitName,
    amountSum: row.amountSum === null ? 0 : Number(row.amountSum),
    laterPercent: row.laterPercent === null ? null : Number(row.laterPercent),
  };
}

/** The same checks, in the same order, with the same keys as the other task actions (partOf, then the state). */
function checkReport(found: FoundPart | undefined, actor: Actor, input: ReportInput): Result<{ part: ReportPart; next: TaskStatus }> {
  if (!found) return fail('task-unknown', { code: taskCode(input.taskId) });
  const code = taskCode(found.taskId);
  if (found.partId === null) return fail('task-not-assigned', { code });
  if (actor.role !== 'admin' && !(actor.role === 'liaison' && actor.unitId === input.unitId)) return fail('task-not-your-unit');
  const part = found as ReportPart;
  const next = nextStatus(part.status, 'report');
  if (!next.ok) return fail(next.reason, { code });
  if (part.quota === null && input.value.kind === 'amount') return fail('report-needs-percent', { code });
  if (part.quota !== null && input.value.kind === 'percent') {
    return fail('report-needs-amount', { code, quota: part.quota, measure: part.measure ?? '' });
  }
  if (input.value.kind === 'amount') {
    const remaining = remainingQuota({
      unitId: input.unitId,
      role: part.role,
      quota: part.quota,
      reports: [{ amount: part.amountSum, percent: null, at: new Date(0) }],
      doneAt: null,
    });
    if (remaining !== null && input.value.amount > remaining + 1e-9) {
      return fail('report-over-quota', { code, quota: part.quota!, remaining, measure: part.measure ?? '' });
    }
  }
  return ok({ part, next: next.status });
}

function reportRow(at: ActionContext, input: ReportInput, createdAt: Date) {
  return {
    taskId: input.taskId,
    unitId: input.unitId,
    reporterTelegramId: at.actor.telegramId,
    reporterName: at.actor.displayName,
    amount: input.value.kind === 'amount' ? input.value.amount : null,
    percent: input.value.kind === 'percent' ? input.value.percent : null,
    note: input.note,
    createdAt,
  };
}

function reportAudit(at: ActionContext, input: ReportInput, part: ReportPart, when: Date) {
  return {
    at: when,
    actorTelegramId: at.actor.telegramId,
    chatId: at.chatId,
    action: 'task.report',
    entity: 'task',
    entityId: part.taskId,
    before: undefined,
    after: {
      unit: part.unitName,
      ...(input.value.kind === 'amount' ? { amount: input.value.amount } : { percent: input.value.percent }),
      note: input.note,
      evidence: input.evidence.length,
    },
  } satisfies AuditEntry;
}

/** As writeAudit stores before/after. */
const auditJson = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

/** The unit's progress after this report, worked out as the task summaries do. */
function receipt(part: ReportPart, input: ReportInput, reportId: number, evidenceIds: number[]): ReportReceipt {
  const progress = unitProgress({
    unitId: input.unitId,
    role: part.role,
    quota: part.quota,
    reports: [
      {
        amount: input.value.kind === 'amount' ? part.amountSum + input.value.amount : null,
        percent: part.laterPercent ?? (input.value.kind === 'percent' ? input.value.percent : null),
        at: new Date(0),
      },
    ],
    doneAt: part.done ? new Date(0) : null,
  });
  return {
    reportId,
    evidenceIds,
    code: taskCode(part.taskId),
    unitName: part.unitName,
    measure: part.measure,
    quota: part.quota,
    done: progress.done,
    ratio: progress.ratio,
  };
}

/** The statements of report() on SQLite, prepared once per connection. */
function reportStatements(db: BetterSqlite3.Database) {
  const statement = (source: string) => db.prepare(source).safeIntegers(false);
  return {
    part: statement(PART_FOR_REPORT.join('?')),
    insertReport: statement(
      'INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", "amount", "percent", "note", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertEvidence: statement('INSERT INTO "Evidence" ("reportId", "kind", "fileId", "fileUniqueId", "fileName", "createdAt") VALUES (?, ?, ?, ?, ?, ?)'),
    updateStatus: statement('UPDATE "Task" SET "status" = ?, "updatedAt" = ? WHERE "id" = ?'),
    insertAudit: statement(
      'INSERT INTO "AuditLog" ("at", "actorTelegramId", "chatId", "action", "entity", "entityId", "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}
