// report() on PostgreSQL: the statements of the lean write on the pool's connections, prepared once per
// connection. A percent report without files is one read and one guarded write, outside any transaction: the
// write inserts only if what was checked still holds, and the rare report that finds it changed goes the locked
// way. A quota report (two of one unit at once must not both fit under the quota) or one with files takes the
// part's row lock first, in a transaction.
import type pg from 'pg';
import type { ActionContext } from '../domain/actor.ts';
import { ok, type Result } from '../domain/result.ts';
import { duplicateSince, type ReportInput, type ReportReceipt } from '../domain/reports.ts';
import type { TaskStatus } from '../domain/tasks.ts';
import { inPgTransaction, named, pgTimestamp } from '../db/pg-pool.ts';
import { checkReport, duplicateRefusal, normalizePartRow, PART_FOR_REPORT, receipt, reportAudit, reportRow, type PartRow } from './task-report.ts';
import { markHandledSql } from './updates.ts';

/** PART_FOR_REPORT ($1 createdAt, $2 unitId, $3 taskId) and whether an identical report came in just now. */
const PART = `
  SELECT p.*, ($4::boolean AND EXISTS (
           SELECT 1 FROM "ProgressReport" r
            WHERE r."taskId" = $3 AND r."unitId" = $2 AND r."withdrawnAt" IS NULL AND r."createdAt" >= $5
              AND r."amount" IS NOT DISTINCT FROM $6 AND r."percent" IS NOT DISTINCT FROM $7 AND r."note" IS NOT DISTINCT FROM $8)) AS "twin"
    FROM (${PART_FOR_REPORT.reduce((sql, fragment, i) => `${sql}$${i}${fragment}`)}) p`;

/** The part's row, and the task's against a change of its status (a close, a cancel) until the write commits. */
const LOCK = 'SELECT 1 FROM "TaskAssignment" a JOIN "Task" t ON t."id" = a."taskId" WHERE a."taskId" = $1 AND a."unitId" = $2 FOR UPDATE OF a FOR SHARE OF t';

/**
 * The report, the task's new status, the audit row and (with an update id) the update's handled mark, as one
 * statement — written only while the task's status and the part's quota are still what the checks saw.
 */
const WRITE = (withUpdate: boolean) => `
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
  ${withUpdate ? `, ${markHandledSql(12, 15, 'EXISTS (SELECT 1 FROM "report")')}` : ''}
  SELECT "id" FROM "report"`;

const INSERT_EVIDENCE = 'INSERT INTO "Evidence" ("reportId", "kind", "fileId", "fileUniqueId", "fileName", "createdAt") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"';

/** An answer (refused, or written: then with the update's mark when it was given one), or: take the lock. */
type Attempt = { result: Result<ReportReceipt>; marked: boolean } | 'needs-lock';

/** The report; `marked` when the update (at.updateId) was marked handled with it. */
export async function reportOnPostgres(pool: pg.Pool, at: ActionContext, input: ReportInput, createdAt: Date): Promise<{ result: Result<ReportReceipt>; marked: boolean }> {
  const optimistic = input.evidence.length === 0 ? await attempt(pool, at, input, createdAt, false) : 'needs-lock';
  if (optimistic !== 'needs-lock') return optimistic;
  const locked = await inPgTransaction(pool, async (client) => {
    await client.query(named('report-lock', LOCK, [input.taskId, input.unitId]));
    return attempt(client, at, input, createdAt, true);
  });
  if (locked === 'needs-lock') throw new Error(`report T${input.taskId} unit ${input.unitId}: the guarded write found the locked part changed`);
  return locked;
}

/** Reads and checks the part, then writes; without the lock only a percent report without files. */
async function attempt(client: pg.Pool | pg.PoolClient, at: ActionContext, input: ReportInput, createdAt: Date, locked: boolean): Promise<Attempt> {
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
  if (!locked && (part.quota !== null || input.evidence.length > 0)) return 'needs-lock';

  const audit = reportAudit(at, input, part, createdAt);
  const values: unknown[] = [
    data.taskId, data.unitId, data.reporterTelegramId, data.reporterName, data.amount, data.percent, data.note, stamp,
    part.status satisfies TaskStatus, part.quota, next, pgTimestamp(new Date()), at.chatId, JSON.stringify(audit.after),
  ];
  if (at.updateId !== undefined) values.push(BigInt(at.updateId));
  const written = await client.query<{ id: number }>(named(at.updateId !== undefined ? 'report-write-update' : 'report-write', WRITE(at.updateId !== undefined), values));
  const [report] = written.rows;
  // Changed since it was read (closed, say, in between): under the lock it is read again and checked anew.
  if (!report) return 'needs-lock';
  const evidenceIds: number[] = [];
  for (const file of input.evidence) {
    const inserted = await client.query<{ id: number }>(named('report-evidence', INSERT_EVIDENCE, [report.id, file.kind, file.fileId, file.fileUniqueId, file.fileName, stamp]));
    evidenceIds.push(inserted.rows[0]!.id);
  }
  return { result: ok(receipt(part, input, report.id, evidenceIds)), marked: at.updateId !== undefined };
}
