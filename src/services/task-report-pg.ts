// report() on PostgreSQL: the statements of the lean write on the pool's connections, prepared once per
// connection. A percent report without files is one statement, outside any transaction, shared by the reports
// of a burst (group commit): it reads the part and writes the report only if the checks would pass — the checks themselves (and their refusals) stay in
// checkReport, run on the row it returns. A quota report (two of one unit at once must not both fit under the
// quota) or one with files takes the part's row lock first, in a transaction, and reads, checks and writes.
import type pg from 'pg';
import type { ActionContext } from '../domain/actor.ts';
import { ok, type Result } from '../domain/result.ts';
import { duplicateSince, type ReportInput, type ReportReceipt } from '../domain/reports.ts';
import { nextStatus, TASK_STATUSES, type TaskStatus } from '../domain/tasks.ts';
import { Batches } from '../db/batches.ts';
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
  , ${markHandledSql(12, '"updateId" = $15 AND EXISTS (SELECT 1 FROM "report")')}
  SELECT "id" FROM "report"`;

/** The reportable statuses and where a report takes each (nextStatus, the one place that says). */
export const REPORTABLE = TASK_STATUSES.flatMap((status) => {
  const next = nextStatus(status, 'report');
  return next.ok ? [{ from: status, to: next.status }] : [];
});

/**
 * Percent reports at once, a burst of them in one statement (Batches): each input row ($1–$14, arrays, one
 * element per report) is read as PART's row, and its report written from it when the actor may report for the
 * unit, the part exists, takes a percent and has no twin (in the ledger, or earlier in the burst), and the
 * task's status is reportable ($16; $17 where a report takes each) — with the status change (only from the
 * status it read), the audit row (its "after" without the unit, which the row names) and the update's mark.
 * Report ids are drawn first, in the order the reports came, so that each input row learns its own. Returns each input's row, in order, with
 * its report's id (null if not written).
 */
export const AT_ONCE = `
  WITH "input" AS (
    SELECT * FROM unnest($1::timestamp[], $2::int[], $3::int[], $4::boolean[], $5::timestamp[], $6::float8[], $7::float8[], $8::text[],
                         $9::bigint[], $10::text[], $11::bigint[], $12::text[], $13::bigint[], $14::boolean[])
      WITH ORDINALITY AS i("createdAt", "unitId", "taskId", "checkTwin", "since", "amount", "percent", "note",
                           "reporterTelegramId", "reporterName", "chatId", "after", "updateId", "may", "n")),
  "part" AS (
    SELECT i."n", p.*, (i."checkTwin" AND EXISTS (
             SELECT 1 FROM "ProgressReport" r
              WHERE r."taskId" = i."taskId" AND r."unitId" = i."unitId" AND r."withdrawnAt" IS NULL AND r."createdAt" >= i."since"
                AND r."amount" IS NOT DISTINCT FROM i."amount" AND r."percent" IS NOT DISTINCT FROM i."percent" AND r."note" IS NOT DISTINCT FROM i."note")) AS "twin"
      FROM "input" i
      LEFT JOIN LATERAL (${PART_FOR_REPORT.reduce((sql, fragment, i) => `${sql}${['i."createdAt"', 'i."unitId"', 'i."taskId"'][i - 1]}${fragment}`)}) p ON true),
  "writable" AS (
    SELECT i.*, p."status", p."unitName",
           row_number() OVER (PARTITION BY i."taskId", i."unitId", i."amount", i."percent", i."note" ORDER BY i."n") AS "nth"
      FROM "input" i JOIN "part" p USING ("n")
     WHERE i."may" AND p."partId" IS NOT NULL AND p."quota" IS NULL AND i."percent" IS NOT NULL AND NOT p."twin" AND p."status" = ANY($16::text[])),
  "numbered" AS (
    SELECT w.*, nextval(pg_get_serial_sequence('"ProgressReport"', 'id'))::int AS "reportId"
      FROM (SELECT * FROM "writable" WHERE NOT "checkTwin" OR "nth" = 1 ORDER BY "n") w),
  "report" AS (
    INSERT INTO "ProgressReport" ("id", "taskId", "unitId", "reporterTelegramId", "reporterName", "amount", "percent", "note", "createdAt")
    SELECT "reportId", "taskId", "unitId", "reporterTelegramId", "reporterName", "amount", "percent", "note", "createdAt" FROM "numbered"),
  "status" AS (
    UPDATE "Task" t SET "status" = m."to", "updatedAt" = $15
      FROM (SELECT DISTINCT "taskId", "status" FROM "numbered") s, unnest($16::text[], $17::text[]) AS m("from", "to")
     WHERE t."id" = s."taskId" AND t."status" = s."status" AND m."from" = s."status" AND m."to" <> s."status"),
  "audit" AS (
    INSERT INTO "AuditLog" ("at", "actorTelegramId", "chatId", "action", "entity", "entityId", "before", "after")
    SELECT "createdAt", "reporterTelegramId", "chatId", 'task.report', 'task', "taskId"::text, NULL, '{"unit":' || to_json("unitName")::text || ',' || substr("after", 2)
      FROM "numbered" ORDER BY "n"),
  ${markHandledSql(15, '"updateId" IN (SELECT "updateId" FROM "numbered" WHERE "updateId" IS NOT NULL)')}
  SELECT p.*, n."reportId" FROM "part" p LEFT JOIN "numbered" n USING ("n") ORDER BY p."n"`;

const INSERT_EVIDENCE = 'INSERT INTO "Evidence" ("reportId", "kind", "fileId", "fileUniqueId", "fileName", "createdAt") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"';

/** An answer (refused, or written: then with the update's mark when it was given one), or: take the lock. */
type Attempt = { result: Result<ReportReceipt>; marked: boolean } | 'needs-lock';

/** One report's input row of AT_ONCE ($1–$14, in that order). */
type AtOnceInput = unknown[];
type AtOnceRow = PartRow & { twin: boolean; reportId: number | null };

/** AT_ONCE for a burst: the input rows as its arrays, then the time and the reportable statuses. */
async function reportsAtOnce(pool: pg.Pool, inputs: AtOnceInput[]): Promise<AtOnceRow[]> {
  const columns = inputs[0]!.map((_, c) => inputs.map((row) => row[c]));
  const values = [...columns, pgTimestamp(new Date()), REPORTABLE.map((r) => r.from), REPORTABLE.map((r) => r.to)];
  const { rows } = await pool.query<AtOnceRow>(named('report-at-once', AT_ONCE, values));
  return rows;
}

/** /report on PostgreSQL. */
export class PostgresReports {
  /** The percent reports of a burst, one statement for all (group commit). */
  private readonly atOnce: Batches<AtOnceInput, AtOnceRow>;

  constructor(private readonly pool: pg.Pool) {
    this.atOnce = new Batches((inputs) => reportsAtOnce(pool, inputs));
  }

  /** The report; `marked` when the update (at.updateId) was marked handled with it. */
  async report(at: ActionContext, input: ReportInput, createdAt: Date): Promise<{ result: Result<ReportReceipt>; marked: boolean }> {
    const atOnce = input.evidence.length === 0 && input.value.kind === 'percent' ? await this.reportAtOnce(at, input, createdAt) : 'needs-lock';
    if (atOnce !== 'needs-lock') return atOnce;
    const locked = await inPgTransaction(this.pool, async (client) => {
      await client.query(named('report-lock', LOCK, [input.taskId, input.unitId]));
      return attempt(client, at, input, createdAt);
    });
    if (locked === 'needs-lock') throw new Error(`report T${input.taskId} unit ${input.unitId}: the guarded write found the locked part changed`);
    return locked;
  }

  /** The one statement; then the checks on the row it read say why nothing was written, or that the lock is needed. */
  private async reportAtOnce(at: ActionContext, input: ReportInput, createdAt: Date): Promise<Attempt> {
    const data = reportRow(at, input, createdAt);
    const { unit: _unit, ...after } = reportAudit(at, input, { taskId: input.taskId, unitName: '' }, createdAt).after;
    const row = await this.atOnce.add([
      pgTimestamp(createdAt), input.unitId, input.taskId, !input.confirmedDuplicate, pgTimestamp(duplicateSince(createdAt)), data.amount, data.percent, data.note,
      data.reporterTelegramId, data.reporterName, at.chatId, JSON.stringify(after), at.updateId === undefined ? null : BigInt(at.updateId), mayReportFor(at.actor, input.unitId),
    ]);
    // No task: the lateral join gave the input a row of nulls.
    const checked = checkReport(row.taskId === null ? undefined : normalizePartRow(row), at.actor, input);
    if (!checked.ok) return { result: checked, marked: false };
    if (row.reportId !== null) return { result: ok(receipt(checked.value.part, input, row.reportId, [])), marked: at.updateId !== undefined };
    if (row.twin) return { result: duplicateRefusal(checked.value.part.taskId), marked: false };
    // The checks pass on what it read, yet it wrote nothing: what it read changed, or an identical report came
    // earlier in the same burst (it is read again under the lock).
    return 'needs-lock';
  }
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
