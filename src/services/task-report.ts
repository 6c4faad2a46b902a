// report(): the lean write. The lookup, the checks and the receipt serve both databases (PostgreSQL: task-report-pg.ts); on SQLite the whole
// write runs here, as statements prepared once per connection, inside serial().
import type BetterSqlite3 from 'better-sqlite3';
import type { ActionContext, Actor } from '../domain/actor.ts';
import { prepared, sqliteTimestamp } from '../db/sqlite-serial.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { nextStatus, remainingQuota, taskCode, unitProgress, type TaskStatus } from '../domain/tasks.ts';
import type { AuditEntry } from './audit.ts';
import { markHandledOnSqlite } from './updates.ts';
import { DUPLICATE_REPORT_MINUTES, duplicateSince, type ReportInput, type ReportReceipt } from '../domain/reports.ts';

/** Captures a template's fragments: joined with `?` for better-sqlite3, or given to Prisma's $queryRaw as is. */
const fragments = (strings: TemplateStringsArray, ..._values: unknown[]): TemplateStringsArray => strings;

/**
 * The task, the unit's part in it (by the unique key taskId_unitId) and what the checks and the answer need:
 * for a quota, the unit's amounts so far; for a percent, the latest percent dated after this report, should the
 * clock have gone back (the summaries take the latest by createdAt, then id). No row: no such task; a row
 * without partId: the unit has no part in it. Parameters: createdAt, unitId, taskId.
 */
export const PART_FOR_REPORT = fragments`
  SELECT t."id" AS "taskId", t."status" AS "status", t."measure" AS "measure",
         a."id" AS "partId", a."role" AS "role", a."quota" AS "quota", a."doneAt" AS "doneAt", u."name" AS "unitName",
         CASE WHEN a."quota" IS NOT NULL THEN
           (SELECT SUM(r."amount") FROM "ProgressReport" r WHERE r."taskId" = a."taskId" AND r."unitId" = a."unitId" AND r."withdrawnAt" IS NULL)
         END AS "amountSum",
         CASE WHEN a."id" IS NOT NULL AND a."quota" IS NULL THEN
           (SELECT r."percent" FROM "ProgressReport" r
             WHERE r."taskId" = a."taskId" AND r."unitId" = a."unitId" AND r."percent" IS NOT NULL AND r."withdrawnAt" IS NULL AND r."createdAt" > ${'createdAt'}
             ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1)
         END AS "laterPercent"
    FROM "Task" t
    LEFT JOIN "TaskAssignment" a ON a."taskId" = t."id" AND a."unitId" = ${'unitId'}
    LEFT JOIN "Unit" u ON u."id" = a."unitId"
   WHERE t."id" = ${'taskId'}`;

export interface PartRow {
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

export function normalizePartRow(row: PartRow): FoundPart {
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

/** Who may report for a unit: the office for any, a liaison for their own. */
export const mayReportFor = (actor: Actor, unitId: number): boolean => actor.role === 'admin' || (actor.role === 'liaison' && actor.unitId === unitId);

/** The same checks, in the same order, with the same keys as the other task actions (partOf, then the state). */
export function checkReport(found: FoundPart | undefined, actor: Actor, input: ReportInput): Result<{ part: ReportPart; next: TaskStatus }> {
  if (!found) return fail('task-unknown', { code: taskCode(input.taskId) });
  const code = taskCode(found.taskId);
  if (found.partId === null) return fail('task-not-assigned', { code });
  if (!mayReportFor(actor, input.unitId)) return fail('task-not-your-unit');
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

export function reportRow(at: ActionContext, input: ReportInput, createdAt: Date) {
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

export function reportAudit(at: ActionContext, input: ReportInput, part: Pick<ReportPart, 'taskId' | 'unitName'>, when: Date) {
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
export function receipt(part: ReportPart, input: ReportInput, reportId: number, evidenceIds: number[]): ReportReceipt {
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

/** An identical report just came in: the sender is asked to confirm rather than count it twice. */
export const duplicateRefusal = (taskId: number) => fail('report-duplicate', { code: taskCode(taskId), minutes: DUPLICATE_REPORT_MINUTES });

/** report() on SQLite: synchronous, inside serial()'s transaction. */
export function reportOnSqlite(db: BetterSqlite3.Database, at: ActionContext, input: ReportInput, createdAt: Date): Result<ReportReceipt> {
  const sql = prepared(db, reportStatements);
  const stamp = sqliteTimestamp(createdAt);
  const row = sql.part.get(stamp, input.unitId, input.taskId) as PartRow | undefined;
  const checked = checkReport(row && normalizePartRow(row), at.actor, input);
  if (!checked.ok) return checked;
  const { part, next } = checked.value;
  const data = reportRow(at, input, createdAt);
  if (!input.confirmedDuplicate && sql.duplicate.get(data.taskId, data.unitId, sqliteTimestamp(duplicateSince(createdAt)), data.amount, data.percent, data.note)) {
    return duplicateRefusal(part.taskId);
  }
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
  if (at.updateId !== undefined) markHandledOnSqlite(db, at.updateId);
  return ok(receipt(part, input, reportId, evidenceIds));
}

/** The statements of report() on SQLite, prepared once per connection. */
function reportStatements(db: BetterSqlite3.Database) {
  const statement = (source: string) => db.prepare(source).safeIntegers(false);
  return {
    part: statement(PART_FOR_REPORT.join('?')),
    duplicate: statement(
      'SELECT 1 FROM "ProgressReport" WHERE "taskId" = ? AND "unitId" = ? AND "withdrawnAt" IS NULL AND "createdAt" >= ? AND "amount" IS ? AND "percent" IS ? AND "note" IS ? LIMIT 1',
    ),
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
