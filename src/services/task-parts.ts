// The statements behind TaskQueries.summaries(): one row per task the filter picks, and one row per part of those
// tasks with the part's report figures worked out in SQL. The tasks are picked by a subquery, never by a list of
// ids, so no bound-parameter limit is reached however many tasks a county has; the reports are read per part
// through the (taskId, unitId, createdAt, id, …) index, which carries every column read of them, and only one row
// per part reaches Node. A task's own columns come once, in its own row, and a unit's name once, not again with each
// of its parts. The text differs between the databases in one place: how the part's latest standing report is joined
// (latestReport).
import type { DbProvider } from '../db/migrate.ts';
import { inPgSnapshot, poolOf, queryRows, streamRows } from '../db/pg-pool.ts';
import * as Prisma from '../db/sql.ts';
import { serialOf } from '../db/sqlite-serial.ts';
import { utcInstantMs } from '../db/timestamps.ts';
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

type Instant = Date | string | number;

/**
 * A task the filter picked, as the tasks' statement gives it: read as an array (no object is built per row at a
 * province's size), its columns in this order.
 */
export type TaskRow = [
  taskId: number | bigint,
  title: string,
  committeeId: number | bigint,
  committee: string,
  status: string,
  dueDate: string,
  measure: string | null,
  createdAt: Instant,
];

/**
 * A part of one of those tasks, as the parts' statement gives it, read as an array like TaskRow. amount: a quota
 * part's sum of the amounts of its reports still standing (withdrawn ones count for nothing), null if none has one,
 * and for a percent part. percent: a percent part's percent of its latest standing report that gave one, null for a
 * quota part (its progress is its amounts). lastReportAt: the time of its latest standing report, null when none.
 */
export type PartRow = [
  taskId: number | bigint,
  unitId: number | bigint,
  role: string,
  quota: number | null,
  dueDate: string,
  doneAt: Instant | null,
  doneOverride: string | null,
  amount: number | null,
  percent: number | null,
  lastReportAt: Instant | null,
];

/**
 * What reads the parts as they come (see readSummaryRows): `part` takes each part's row, in task order, each task's
 * together (its lead first); `end` gives the answer once the last has come.
 */
export interface PartReader<T> {
  part(row: PartRow): void;
  end(): T;
}

/** The tasks the filter picked, in id order, and every unit's name by id: what a PartReader is made from. */
type PartReaderFor<T> = (tasks: TaskRow[], unitNames: Map<number, string>) => PartReader<T>;

const OPEN_STATUSES = Prisma.sql`('open', 'in_progress', 'done')`;

/**
 * The statements: the tasks the filter picks, and their parts (both pick the tasks by the same WHERE); and the
 * units' names, a county's few thousand, each read once rather than again with each of its parts.
 */
export function summaryStatements(provider: DbProvider, filter: TaskFilter, today: string): { tasks: Prisma.Sql; parts: Prisma.Sql; units: Prisma.Sql } {
  const where = taskWhere(filter, today);
  // Per part, only what its progress is made of, each read through the (taskId, unitId, createdAt, id, …) index: its
  // latest standing report (the first in that index, read backwards), which gives its time and, nearly always, a
  // percent part's latest percent; a quota part's sum of amounts. No window, no sort, no report row reaches Node.
  const standing = Prisma.sql`r."taskId" = a."taskId" AND r."unitId" = a."unitId" AND r."withdrawnAt" IS NULL`;
  const newestFirst = Prisma.sql`ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1`;
  const latest = latestReport(provider, {
    row: Prisma.sql`SELECT r."id", r."createdAt", r."percent" FROM "ProgressReport" r WHERE ${standing} ${newestFirst}`,
    id: Prisma.sql`SELECT r."id" FROM "ProgressReport" r WHERE ${standing} ${newestFirst}`,
  });
  return {
    tasks: Prisma.sql`
      SELECT t."id" AS "taskId", t."title", t."committeeId", c."shortName" AS "committee", t."status", t."dueDate", t."measure", t."createdAt"
      FROM "Task" t
      JOIN "Committee" c ON c."id" = t."committeeId"
      ${where}
      ORDER BY t."id"`,
    parts: Prisma.sql`
      SELECT t."id" AS "taskId", a."unitId", a."role", a."quota", a."dueDate" AS "partDueDate", a."doneAt", a."doneOverride",
        CASE WHEN a."quota" IS NOT NULL THEN (SELECT SUM(r."amount") FROM "ProgressReport" r WHERE ${standing}) END AS "amount",
        CASE WHEN a."quota" IS NULL THEN
          CASE WHEN l."percent" IS NOT NULL THEN l."percent"
            WHEN l."id" IS NOT NULL THEN (SELECT r."percent" FROM "ProgressReport" r WHERE ${standing} AND r."percent" IS NOT NULL ${newestFirst})
          END
        END AS "percent",
        l."createdAt" AS "lastReportAt"
      FROM "Task" t
      JOIN "TaskAssignment" a ON a."taskId" = t."id"
      ${latest}
      ${where}
      ORDER BY t."id", a."role" DESC, a."id"`,
    units: Prisma.sql`SELECT n."id", n."name" FROM "Unit" n`,
  };
}

function taskWhere(filter: TaskFilter, today: string): Prisma.Sql {
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
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
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
 * The three statements' answer, read from one view of the data (a task and its parts as they stood together): the
 * units' names and the tasks first, then each part's row handed to the reader `readerFor` makes of them, as it
 * comes. The parts are never gathered: at a province's size (63,000 parts), rows kept until the last had come were
 * copied by every young-generation GC in between, a fifth of the time. On the app's own client they are read as
 * arrays on the connection under Prisma (SQLite's, behind its mutex, in one transaction; PostgreSQL's pool, in one
 * read-only snapshot): Prisma's reading and mapping of the rows took about as long as the statement, and so did
 * pg's building of an object per row. Inside a transaction (a dry run) they are read through it.
 */
export async function readSummaryRows<T>(db: Db, provider: DbProvider, filter: TaskFilter, today: string, readerFor: PartReaderFor<T>): Promise<T> {
  const statements = summaryStatements(provider, filter, today);
  const serial = serialOf(db);
  if (serial) {
    return serial((connection) => {
      const rows = (statement: Prisma.Sql) => connection.prepare(statement.sql).raw(true);
      const reader = readerFor(rows(statements.tasks).all(...statements.tasks.values) as TaskRow[], unitNamesOf(rows(statements.units).all() as unknown[][]));
      for (const row of rows(statements.parts).iterate(...statements.parts.values)) reader.part(row as PartRow);
      return reader.end();
    });
  }
  const pool = poolOf(db);
  if (pool) {
    return inPgSnapshot(pool, async (client) => {
      // The planner puts a cache (Memoize, PostgreSQL 14 on) in front of each part's walk of the index, keyed by the
      // part: every part is its own key, so it is never hit, and keeping it took a sixth of the statement's time.
      await client.query('SET LOCAL enable_memoize = off');
      const tasks = await queryRows<TaskRow>(client, statements.tasks, 'array');
      const reader = readerFor(tasks, unitNamesOf(await queryRows<unknown[]>(client, statements.units, 'array')));
      await streamRows(client, statements.parts, (row) => reader.part(row as PartRow));
      return reader.end();
    });
  }
  const all = async (statement: Prisma.Sql) => (await db.$queryRaw<Record<string, unknown>[]>(statement)).map((row) => Object.values(row));
  const tasks = (await all(statements.tasks)) as TaskRow[];
  const parts = (await all(statements.parts)) as PartRow[];
  // The units last: every unit a part read names is there (a unit with parts is never deleted).
  const reader = readerFor(tasks, unitNamesOf(await all(statements.units)));
  for (const row of parts) reader.part(row);
  return reader.end();
}

const unitNamesOf = (units: unknown[][]): Map<number, string> => new Map(units.map(([id, name]) => [Number(id), name as string]));

/**
 * A part's row as the progress functions take it: its figures stand in for the report list (a quota part's sum of
 * amounts, a percent part's latest percent, at its latest standing report).
 */
export function progressInput(row: PartRow): AssignmentProgress {
  const [, unitId, role, quota, , doneAt, , amount, percent, lastReportAt] = row;
  return {
    unitId: Number(unitId),
    // The texts every part has, not the row's own copy of one: the summaries keep 63,000 parts at a province's size.
    role: role === 'lead' ? 'lead' : 'cooperating',
    quota: quota === null ? null : Number(quota),
    reports: lastReportAt === null ? [] : [{ amount: amount === null ? null : Number(amount), percent: percent === null ? null : Number(percent), at: toDate(lastReportAt) }],
    doneAt: doneAt === null ? null : toDate(doneAt),
  };
}

/** A timestamp as a raw query gives it: a Date, or on SQLite an ISO text or epoch milliseconds. */
export function toDate(value: Instant): Date {
  if (typeof value !== 'string') return value instanceof Date ? value : new Date(value);
  const ms = utcInstantMs(value, UTC_SUFFIXES);
  return new Date(ms ?? value);
}

/** How SQLite's texts end: `+00:00` as the Prisma adapter writes them, `Z` as toISOString() does. */
const UTC_SUFFIXES = ['+00:00', 'Z'];
