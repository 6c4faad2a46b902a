// report() on PostgreSQL: the statements of the lean write on the pool's connections, prepared once per
// connection. A percent report without files is one statement, outside any transaction: it reads the part and
// writes the report only if the checks would pass — the checks themselves (and their refusals) stay in
// checkReport, run on the row it returns. A quota report (two of one unit at once must not both fit under the
// quota) or one with files takes the part's row lock first, in a transaction, and reads, checks and writes.
import type pg from 'pg';
import type { ActionContext } from '../domain/actor.ts';
import { ok, type Result } from '../domain/result.ts';
import { duplicateSince, type ReportInput, type ReportReceipt } from '../domain/reports.ts';
import { nextStatus, TASK_STATUSES, type TaskStatus } from '../domain/tasks.ts';
import { inPgTransaction, named, pgTimestamp } from '../db/pg-pool.ts';
import { checkReport, duplicateRefusal, mayReportFor, normalizePartRow, PART_FOR_REPORT, receipt, reportAudit, reportRow, type PartRow } from './task-report.ts';
import { markHandledSql } from './updates.ts';

/**
 * PART_FOR_REPORT ($1 createdAt, $2 unitId, $3 taskId) and whether an identical report ($6 amount, $7 percent,
 * $8 note) came in since $5 ($4: whether to look).
 */
const PART = `
  SELECT p.*, ($4::boolean AND EXISTS (
           SELECT 1 FROM "ProgressReport" r
            WHERE r."taskId" = $3 AND r."unitId" = $2 AND r."withdrawnAt" IS NULL AND r."createdAt" >= $5
              AND r."amount" IS NOT DISTINCT FROM $6 AND r."percent" IS NOT DISTINCT FROM $7 AND r."note" IS NOT DISTINCT FROM $8)) AS "twin"
    FROM (${PART_FOR_REPORT.reduce((sql, fragment, i) => `${sql}$${i}${fragment}`)}) p`;

/** The part's row, and the task's against a change of its status (a close, a cancel) until the write commits. */
const LOCK = 'SELECT 1 FROM "TaskAssignment" a JOIN "Task" t ON t."id" = a."taskId" WHERE a."taskId" = $1 AND a."unitId" = $2 FOR UPDATE OF a FOR SHARE OF t';

/**
 * The report, the task's new status, the audit row and the update's handled mark ($15; none when null), as one
 * statement — written only while the task's status and the part's quota are still what the checks saw.
 */
const WRITE = `
  WITH "checked" AS (
    SELECT 1 FROM "Task" t JOIN "TaskAssignment" a ON a."taskId" = t."id" AND a."unitId" = $2
     WHERE t."id" = $1 AND t."status" = $9 AND a."quota" IS NOT DISTINCT FROM $10),
  "report" AS (
    INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", "amount", "percent", "note", "createdAt")
    SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM "checked") RETURNING "id"),
  "status" AS (
    UPDATE "Task" SET "status" = $11, "updatedAt" = $12 WHERE "id" = $1 AND $11 <> $9 AND EXISTS (SELECT 1 FROM "report")),
  "audit" AS (
    INSERT INTO "AuditLog" ("at", "actorTelegramId", "chatId", "action", "entity", "entityId", "before", "after")
    SELECT $8, $3, $13, 'task.report', 'task', $1::text, NULL, $14 FROM "report")
  , ${markHandledSql(12, 15, 'EXISTS (SELECT 1 FROM "report")')}
  SELECT "id" FROM "report"`;

/** The reportable statuses and where a report takes each (nextStatus, the one place that says). */
const REPORTABLE = TASK_STATUSES.flatMap((status) => {
  const next = nextStatus(status, 'report');
  return next.ok ? [{ from: status, to: next.status }] : [];
});

/**
 * A percent report at once: PART's row ($1–$8), and the report written from it when the actor may report for
 * the unit ($17), the part exists, takes a percent and has no twin, and the task's status is reportable ($14;
 * $15 where a report takes each) — with the status change, the audit row ($13: its "after" without the unit,
 * which the row names) and the update's mark ($16; none when null). Returns the row and the report's id, null if not written.
 */
const AT_ONCE = `
  WITH "part" AS (${PART}),
  "report" AS (
    INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", "amount", "percent", "note", "createdAt")
    SELECT $3, $2, $9, $10, $6, $7, $8, $1 FROM "part" p
     WHERE $17 AND p."partId" IS NOT NULL AND p."quota" IS NULL AND $7::float8 IS NOT NULL AND NOT p."twin" AND p."status" = ANY($14::text[])
    RETURNING "id"),
  "status" AS (
    UPDATE "Task" t SET "status" = m."to", "updatedAt" = $11
      FROM "part" p, unnest($14::text[], $15::text[]) AS m("from", "to")
     WHERE t."id" = $3 AND m."from" = p."status" AND m."to" <> p."status" AND EXISTS (SELECT 1 FROM "report")),
  "audit" AS (
    INSERT INTO "AuditLog" ("at", "actorTelegramId", "chatId", "action", "entity", "entityId", "before", "after")
    SELECT $1, $9, $12, 'task.report', 'task', $3::text, NULL, '{"unit":' || to_json(p."unitName")::text || ',' || substr($13, 2)
      FROM "report", "part" p)
  , ${markHandledSql(11, 16, 'EXISTS (SELECT 1 FROM "report")')}
  SELECT p.*, (SELECT "id" FROM "report") AS "reportId" FROM "part" p`;

const INSERT_EVIDENCE = 'INSERT INTO "Evidence" ("reportId", "kind", "fileId", "fileUniqueId", "fileName", "createdAt") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"';

/** An answer (refused, or written: then with the update's mark when it was given one), or: take the lock. */
type Attempt = { result: Result<ReportReceipt>; marked: boolean } | 'needs-lock';

/** The report; `marked` when the update (at.updateId) was marked handled with it. */
export async function reportOnPostgres(pool: pg.Pool, at: ActionContext, input: ReportInput, createdAt: Date): Promise<{ result: Result<ReportReceipt>; marked: boolean }> {
  const atOnce = input.evidence.length === 0 && input.value.kind === 'percent' ? await reportAtOnce(pool, at, input, createdAt) : 'needs-lock';
  if (atOnce !== 'needs-lock') return atOnce;
  const locked = await inPgTransaction(pool, async (client) => {
    await client.query(named('report-lock', LOCK, [input.taskId, input.unitId]));
    return attempt(client, at, input, createdAt);
  });
  if (locked === 'needs-lock') throw new Error(`report T${input.taskId} unit ${input.unitId}: the guarded write found the locked part changed`);
  return locked;
}

/** The one statement; then the checks on the row it read say why nothing was written, or that the lock is needed. */
async function reportAtOnce(pool: pg.Pool, at: ActionContext, input: ReportInput, createdAt: Date): Promise<Attempt> {
  const data = reportRow(at, input, createdAt);
  const { unit: _unit, ...after } = reportAudit(at, input, { taskId: input.taskId, unitName: '' }, createdAt).after;
  const values: unknown[] = [
    pgTimestamp(createdAt), input.unitId, input.taskId, !input.confirmedDuplicate, pgTimestamp(duplicateSince(createdAt)), data.amount, data.percent, data.note,
    data.reporterTelegramId, data.reporterName, pgTimestamp(new Date()), at.chatId, JSON.stringify(after),
    REPORTABLE.map((r) => r.from), REPORTABLE.map((r) => r.to), at.updateId === undefined ? null : BigInt(at.updateId), mayReportFor(at.actor, input.unitId),
  ];
  const { rows } = await pool.query<PartRow & { twin: boolean; reportId: number | null }>(named('report-at-once', AT_ONCE, values));
  const [row] = rows;
  const checked = checkReport(row && normalizePartRow(row), at.actor, input);
  if (!checked.ok) return { result: checked, marked: false };
  if (row!.reportId !== null) return { result: ok(receipt(checked.value.part, input, row!.reportId, [])), marked: at.updateId !== undefined };
  if (row!.twin) return { result: duplicateRefusal(checked.value.part.taskId), marked: false };
  // The checks pass on what it read, yet it wrote nothing: what it read changed (it is read again under the lock).
  return 'needs-lock';
}

/** Under the lock: reads and checks the part, then writes. */
async function attempt(client: pg.PoolClient, at: ActionContext, input: ReportInput, createdAt: Date): Promise<Attempt> {
  const data = reportRow(at, input, createdAt);
  const stamp = pgTimestamp(createdAt);
  const { rows } = await client.query<PartRow & { twin: boolean }>(
    named('report-part', PART, [stamp, input.unitId, input.taskId, !input.confirmedDuplicate, pgTimestamp(duplicateSince(createdAt)), data.amount, data.percent, data.note]),
  );
  const [row] = rows;
  const checked = checkReport(row && normalizePartRow(row), at.actor, input);
  if (!checked.ok) return { result: checked, marked: false };
  const { part, next } = checked.value;
  if (row!.twin) return { result: duplicateRefusal(part.taskId), marked: false };

  const audit = reportAudit(at, input, part, createdAt);
  const values: unknown[] = [
    data.taskId, data.unitId, data.reporterTelegramId, data.reporterName, data.amount, data.percent, data.note, stamp,
    part.status satisfies TaskStatus, part.quota, next, pgTimestamp(new Date()), at.chatId, JSON.stringify(audit.after),
    at.updateId === undefined ? null : BigInt(at.updateId),
  ];
  const written = await client.query<{ id: number }>(named('report-write', WRITE, values));
  const [report] = written.rows;
  if (!report) return 'needs-lock';
  const evidenceIds: number[] = [];
  for (const file of input.evidence) {
    const inserted = await client.query<{ id: number }>(named('report-evidence', INSERT_EVIDENCE, [report.id, file.kind, file.fileId, file.fileUniqueId, file.fileName, stamp]));
    evidenceIds.push(inserted.rows[0]!.id);
  }
  return { result: ok(receipt(part, input, report.id, evidenceIds)), marked: at.updateId !== undefined };
}
