// The statement behind TaskQueries.summaries(): one row per part of each task the filter picks, with the part's
// report figures worked out in SQL. The tasks are picked by a subquery, never by a list of ids, so no
// bound-parameter limit is reached however many tasks a county has; the reports are read per part through the
// (taskId, unitId, createdAt, id) index, and only one row per part reaches Node. The text differs between the
// databases in one place: how the part's latest standing report is joined (latestReport).
import type { DbProvider } from '../db/migrate.ts';
import { poolOf, queryRows } from '../db/pg-pool.ts';
import * as Prisma from '../db/sql.ts';
import { serialOf } from '../db/sqlite-serial.ts';
import type { Db } from '../db/types.ts';
import type { AssignmentProgress } from '../domain/tasks.ts';

export interface TaskFilter {
  unitId?: number;
  /** The tasks with a part for one of these units (a leader's supervised units); overdue then means one of their parts is. */
  unitIds?: number[];
  committeeId?: number;
  overdueOnly?: boolean;
  /** Closed and cancelled tasks are left out unless asked for. */
  includeFinished?: boolean;
  taskIds?: number[];
}

interface PartRow {
  taskId: number | bigint;
  title: string;
  committeeId: number | bigint;
  committee: string;
  status: string;
  dueDate: string;
  measure: string | null;
  createdAt: Date | string | number;
  unitId: number | bigint;
  unitName: string;
  role: string;
  quota: number | null;
  partDueDate: string;
  doneAt: Date | string | number | null;
  doneOverride: string | null;
  /** A quota part's sum of the amounts of its reports still standing (withdrawn ones count for nothing); null if none has one, and for a percent part. */
  amount: number | null;
  /** A percent part's percent of its latest standing report that gave one; null for a quota part (its progress is its amounts). */
  percent: number | null;
  /** Time of its latest standing report; null when it has none. */
  lastReportAt: Date | string | number | null;
}

const OPEN_STATUSES = Prisma.sql`('open', 'in_progress', 'done')`;

export function summaryStatement(provider: DbProvider, filter: TaskFilter, today: string): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (!filter.includeFinished) conditions.push(Prisma.sql`t."status" IN ${OPEN_STATUSES}`);
  if (filter.committeeId) conditions.push(Prisma.sql`t."committeeId" = ${filter.committeeId}`);
  if (filter.unitId) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "TaskAssignment" u WHERE u."taskId" = t."id" AND u."unitId" = ${filter.unitId})`);
  // A leader's few supervised units: a short list of the caller's, not one that grows with the data.
  const units = filter.unitIds === undefined ? null : filter.unitIds.length === 0 ? Prisma.sql`(NULL)` : Prisma.sql`(${Prisma.join(filter.unitIds)})`;
  if (units) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "TaskAssignment" m WHERE m."taskId" = t."id" AND m."unitId" IN ${units})`);
  // Overdue: some part still unfinished past its own deadline (of the units asked for, if any).
  if (filter.overdueOnly) {
    conditions.push(Prisma.sql`t."status" IN ('open', 'in_progress')`);
    const ofUnits = units ? Prisma.sql`AND o."unitId" IN ${units}` : Prisma.empty;
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "TaskAssignment" o WHERE o."taskId" = t."id" AND o."dueDate" < ${today} AND o."doneAt" IS NULL ${ofUnits})`);
  }
  // A caller's own short list (one task for /task), not one that grows with the data.
  if (filter.taskIds) {
    conditions.push(filter.taskIds.length === 0 ? Prisma.sql`1 = 0` : Prisma.sql`t."id" IN (${Prisma.join(filter.taskIds)})`);
  }
  const where = conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
  // Per part, only what its progress is made of, each read through the (taskId, unitId, createdAt, id) index: its
  // latest standing report (the first in that index, read backwards), which gives its time and, nearly always, a
  // percent part's latest percent; a quota part's sum of amounts. No window, no sort, no report row reaches Node.
  const standing = Prisma.sql`r."taskId" = a."taskId" AND r."unitId" = a."unitId" AND r."withdrawnAt" IS NULL`;
  const newestFirst = Prisma.sql`ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1`;
  const latest = latestReport(provider, {
    row: Prisma.sql`SELECT r."id", r."createdAt", r."percent" FROM "ProgressReport" r WHERE ${standing} ${newestFirst}`,
    id: Prisma.sql`SELECT r."id" FROM "ProgressReport" r WHERE ${standing} ${newestFirst}`,
  });
  return Prisma.sql`
    SELECT t."id" AS "taskId", t."title", t."committeeId", c."shortName" AS "committee", t."status", t."dueDate", t."measure", t."createdAt",
      a."unitId", n."name" AS "unitName", a."role", a."quota", a."dueDate" AS "partDueDate", a."doneAt", a."doneOverride",
      CASE WHEN a."quota" IS NOT NULL THEN (SELECT SUM(r."amount") FROM "ProgressReport" r WHERE ${standing}) END AS "amount",
      CASE WHEN a."quota" IS NULL THEN
        CASE WHEN l."percent" IS NOT NULL THEN l."percent"
          WHEN l."id" IS NOT NULL THEN (SELECT r."percent" FROM "ProgressReport" r WHERE ${standing} AND r."percent" IS NOT NULL ${newestFirst})
        END
      END AS "percent",
      l."createdAt" AS "lastReportAt"
    FROM "Task" t
    JOIN "Committee" c ON c."id" = t."committeeId"
    JOIN "TaskAssignment" a ON a."taskId" = t."id"
    JOIN "Unit" n ON n."id" = a."unitId"
    ${latest}
    ${where}
    ORDER BY t."id", a."role" DESC, a."id"`;
}

/**
 * The part's latest standing report as `l`, one walk of the index per part (when it gave no percent, the percent
 * is looked for further back). PostgreSQL joins the row the walk finds (LATERAL); SQLite, which has no LATERAL,
 * joins it by the id the walk finds (a form PostgreSQL plans as a hash join over every report).
 */
function latestReport(provider: DbProvider, walk: { row: Prisma.Sql; id: Prisma.Sql }): Prisma.Sql {
  return provider === 'postgresql' ? Prisma.sql`LEFT JOIN LATERAL (${walk.row}) l ON true` : Prisma.sql`LEFT JOIN "ProgressReport" l ON l."id" = (${walk.id})`;
}

/**
 * The rows of summaryStatement. On the app's own client they are read as arrays on the connection under Prisma
 * (SQLite's, behind its mutex; PostgreSQL's pool): at a province's size (63,000 parts) Prisma's reading and
 * mapping of the rows took about as long as the statement, and so did pg's building of an object per row.
 * Inside a transaction (a dry run) they are read through it.
 */
export async function readParts(db: Db, provider: DbProvider, filter: TaskFilter, today: string): Promise<PartRow[]> {
  const statement = summaryStatement(provider, filter, today);
  const serial = serialOf(db);
  if (serial) return (await serial((connection) => connection.prepare(statement.sql).raw(true).all(...statement.values) as unknown[][])).map(partRow);
  const pool = poolOf(db);
  if (pool) return (await queryRows<unknown[]>(pool, statement, 'array')).map(partRow);
  return db.$queryRaw<PartRow[]>(statement);
}

/** A row read as an array, in the statement's order of columns. */
function partRow(row: unknown[]): PartRow {
  const [taskId, title, committeeId, committee, status, dueDate, measure, createdAt, unitId, unitName, role, quota, partDueDate, doneAt, doneOverride, amount, percent, lastReportAt] =
    row as PartTuple;
  return { taskId, title, committeeId, committee, status, dueDate, measure, createdAt, unitId, unitName, role, quota, partDueDate, doneAt, doneOverride, amount, percent, lastReportAt };
}

type PartTuple = [
  PartRow['taskId'], PartRow['title'], PartRow['committeeId'], PartRow['committee'], PartRow['status'], PartRow['dueDate'], PartRow['measure'],
  PartRow['createdAt'], PartRow['unitId'], PartRow['unitName'], PartRow['role'], PartRow['quota'], PartRow['partDueDate'], PartRow['doneAt'],
  PartRow['doneOverride'], PartRow['amount'], PartRow['percent'], PartRow['lastReportAt'],
];

/**
 * A part's row as the progress functions take it: its figures stand in for the report list (a quota part's sum of
 * amounts, a percent part's latest percent, at its latest standing report).
 */
export function progressInput(row: PartRow): AssignmentProgress {
  return {
    unitId: Number(row.unitId),
    role: row.role as AssignmentProgress['role'],
    quota: row.quota === null ? null : Number(row.quota),
    reports: row.lastReportAt === null ? [] : [{ amount: row.amount === null ? null : Number(row.amount), percent: row.percent === null ? null : Number(row.percent), at: toDate(row.lastReportAt) }],
    doneAt: row.doneAt === null ? null : toDate(row.doneAt),
  };
}

/** A timestamp as a raw query gives it: a Date, or on SQLite an ISO text or epoch milliseconds. */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
