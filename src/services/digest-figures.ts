// The digest's sums and counts, worked out in SQL over every task of the county (or of a province: 100,000
// parts, 1,000,000 reports), so that only a row per unit and per group of tasks reaches Node. One text for both
// databases; they differ only in how dates are written (the Dialect below).
import type { DbProvider } from '../db/migrate.ts';
import * as Prisma from '../db/sql.ts';
import { sqliteTimestamp } from '../db/sqlite-serial.ts';
import { offsetChanges } from '../domain/calendar.ts';
import type { ScoringRules } from '../domain/rules.ts';

/** Dates as each database writes them: a part's due date is TEXT 'YYYY-MM-DD'; doneAt is a UTC timestamp. */
interface Dialect {
  /** A 'YYYY-MM-DD' text as a day the other functions take. */
  day(text: Prisma.Sql): Prisma.Sql;
  /** Whole days from one day to another. */
  daysFrom(from: Prisma.Sql, to: Prisma.Sql): Prisma.Sql;
  /** The local day of a timestamp column, given the zone's offsets over the column's values. */
  localDay(column: Prisma.Sql, offsets: { since: Date | null; offsetSeconds: number }[]): Prisma.Sql;
  greatest: Prisma.Sql;
  /** An instant as a literal a timestamp column compares with. */
  instant(at: Date): Prisma.Sql;
  /**
   * A CTE's body whose columns are worked out once per row, not again in each aggregate that reads them: SQLite
   * materializes it; PostgreSQL keeps it a subquery (OFFSET 0 stops it being merged into the query), which spares
   * it writing every row to a temporary store and reading it back.
   */
  rowsOnce(select: Prisma.Sql): Prisma.Sql;
}

/** The CASE that picks the offset in force at each instant, the latest change first (nearly every row is recent). */
function offsetCase(column: Prisma.Sql, offsets: { since: Date | null; offsetSeconds: number }[], instant: (at: Date) => Prisma.Sql, amount: (seconds: number) => Prisma.Sql) {
  if (offsets.length === 1) return amount(offsets[0]!.offsetSeconds);
  const changes = offsets.slice(1).reverse();
  return Prisma.sql`CASE ${Prisma.join(
    changes.map((c) => Prisma.sql`WHEN ${column} >= ${instant(c.since!)} THEN ${amount(c.offsetSeconds)}`),
    ' ',
  )} ELSE ${amount(offsets[0]!.offsetSeconds)} END`;
}

const sqliteInstant = (at: Date) => Prisma.raw(`'${sqliteTimestamp(at)}'`);
const pgInstant = (at: Date) => Prisma.raw(`TIMESTAMP '${at.toISOString().replace('T', ' ').replace('Z', '')}'`);

const DIALECTS: Record<DbProvider, Dialect> = {
  // Dates are TEXT; julianday() counts days, date() shifts an ISO timestamp ('…+00:00', as the adapter writes it).
  sqlite: {
    day: (text) => text,
    daysFrom: (from, to) => Prisma.sql`CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`,
    localDay: (column, offsets) =>
      Prisma.sql`date(${column}, ${offsetCase(column, offsets, sqliteInstant, (s) => Prisma.raw(`'${s >= 0 ? '+' : ''}${s} seconds'`))})`,
    greatest: Prisma.raw('max'),
    instant: sqliteInstant,
    rowsOnce: (select) => Prisma.sql`MATERIALIZED (${select})`,
  },
  // doneAt is timestamp(3) without time zone, holding UTC.
  postgresql: {
    day: (text) => Prisma.sql`(${text})::date`,
    daysFrom: (from, to) => Prisma.sql`(${to} - ${from})`,
    localDay: (column, offsets) =>
      Prisma.sql`(${column} + ${offsetCase(column, offsets, pgInstant, (s) => Prisma.raw(`interval '${s} seconds'`))})::date`,
    greatest: Prisma.raw('GREATEST'),
    instant: pgInstant,
    rowsOnce: (select) => Prisma.sql`(${select} OFFSET 0)`,
  },
};

const FINISHED = Prisma.sql`('done', 'closed')`;
const UNFINISHED = Prisma.sql`('open', 'in_progress')`;
/** The unit kinds the digest ranks and names; other units (the office) count in the rates only. */
const RANKED_KINDS = Prisma.sql`('department', 'township')`;

interface FiguresContext {
  provider: DbProvider;
  today: string;
  timeZone: string;
  /** The span of the parts' doneAt, for the zone's offsets over it; null when no part is finished. */
  doneAtSpan: { from: Date; to: Date } | null;
}

/**
 * Each part's finishing day: its own, or for a finished task its lead's (a part of a verified task is finished
 * with it); its due day; and how many days past due it is today, for the parts of live tasks whose deadline has
 * come (the day after their due date) — null for the rest.
 */
function partsWithDays(c: FiguresContext): Prisma.Sql {
  const d = DIALECTS[c.provider];
  const offsets = c.doneAtSpan ? offsetChanges(c.timeZone, c.doneAtSpan.from, c.doneAtSpan.to) : [{ since: null, offsetSeconds: 0 }];
  return Prisma.sql`
    SELECT a."unitId" AS "unitId", t."status" AS "status", ${d.day(Prisma.sql`a."dueDate"`)} AS "due",
      COALESCE(${d.localDay(Prisma.sql`a."doneAt"`, offsets)}, CASE WHEN t."status" IN ${FINISHED} THEN ${d.localDay(LEAD_DONE_AT, offsets)} END) AS "finishedOn",
      CASE WHEN t."status" <> 'cancelled' AND a."dueDate" < ${c.today} THEN ${d.daysFrom(d.day(Prisma.sql`a."dueDate"`), d.day(Prisma.sql`${c.today}`))} END AS "pastDue"
    FROM "TaskAssignment" a
    JOIN "Task" t ON t."id" = a."taskId"`;
}

/** The lead's finishing time for a part's task, read only for the parts that need it (finished tasks' unfinished parts). */
const LEAD_DONE_AT = Prisma.sql`(SELECT MIN(l."doneAt") FROM "TaskAssignment" l WHERE l."taskId" = a."taskId" AND l."role" = 'lead' AND l."doneAt" IS NOT NULL)`;

export interface UnitOutcomeRow {
  unitId: number | bigint;
  parts: number | bigint;
  due: number | bigint;
  onTime: number | bigint;
  late: number | bigint;
  overdue: number | bigint;
  overdueDays: number | bigint;
  earnedMilli: number | bigint;
  /** Of the overdue parts, those of tasks not yet finished: the laggards' lists. */
  openOverdue: number | bigint;
  openOverdueDays: number | bigint;
}

/**
 * Per unit with a part: its parts summed as the scores judge them. A due part earns 1,000 thousandths finished on
 * time; one still open loses `lateCreditPerDay` of that per day past due, down to 0; one finished late loses the
 * same per day it was late, down to `minFinishedLateCredit` (ScoringRules). Thousandths keep the sums exact.
 */
export function unitOutcomesStatement(c: FiguresContext, scoring: ScoringRules): Prisma.Sql {
  const d = DIALECTS[c.provider];
  const perDay = Prisma.raw(String(Math.round(scoring.lateCreditPerDay * 1000)));
  const minLate = Prisma.raw(String(Math.round(scoring.minFinishedLateCredit * 1000)));
  const open = Prisma.sql`"pastDue" IS NOT NULL AND "finishedOn" IS NULL`;
  const openOfLiveTask = Prisma.sql`${open} AND "status" IN ${UNFINISHED}`;
  return Prisma.sql`
    WITH q AS ${d.rowsOnce(Prisma.sql`SELECT "unitId", "status", "finishedOn", "pastDue", ${d.daysFrom(Prisma.sql`"due"`, Prisma.sql`"finishedOn"`)} AS "lateBy" FROM (${partsWithDays(c)}) p`)}
    SELECT "unitId", COUNT(*) AS "parts", COUNT("pastDue") AS "due",
      SUM(CASE WHEN "pastDue" IS NOT NULL AND "lateBy" <= 0 THEN 1 ELSE 0 END) AS "onTime",
      SUM(CASE WHEN "pastDue" IS NOT NULL AND "lateBy" > 0 THEN 1 ELSE 0 END) AS "late",
      SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS "overdue",
      SUM(CASE WHEN ${open} THEN "pastDue" ELSE 0 END) AS "overdueDays",
      SUM(CASE WHEN "pastDue" IS NULL THEN 0
               WHEN "finishedOn" IS NULL THEN ${d.greatest}(0, 1000 - ${perDay} * "pastDue")
               WHEN "lateBy" <= 0 THEN 1000
               ELSE ${d.greatest}(${minLate}, 1000 - ${perDay} * "lateBy") END) AS "earnedMilli",
      SUM(CASE WHEN ${openOfLiveTask} THEN 1 ELSE 0 END) AS "openOverdue",
      SUM(CASE WHEN ${openOfLiveTask} THEN "pastDue" ELSE 0 END) AS "openOverdueDays"
    FROM q
    GROUP BY "unitId"`;
}

export interface TaskGroupRow {
  committee: string;
  finished: number | bigint | boolean;
  openDue: string | null;
  tasks: number | bigint;
}

/**
 * Live tasks counted by committee, finished or not, and for the unfinished the earliest deadline of their parts
 * not yet finished (a finished task's light is done whatever its parts say, so only unfinished ones are grouped
 * by their parts).
 */
export function taskGroupsStatement(): Prisma.Sql {
  // One pass over the tasks with parts and their parts, each task grouped once (it was a pass for the finished and
  // another for the unfinished, each over every part: 100–180 ms at a province's size against 70–125 now).
  return Prisma.sql`
    SELECT c."shortName" AS "committee", g."finished", g."openDue", COUNT(*) AS "tasks"
    FROM (
      SELECT t."committeeId",
        CASE WHEN t."status" IN ${FINISHED} THEN 1 ELSE 0 END AS "finished",
        CASE WHEN t."status" IN ${UNFINISHED} THEN MIN(CASE WHEN a."doneAt" IS NULL THEN a."dueDate" END) END AS "openDue"
      FROM "Task" t
      JOIN "TaskAssignment" a ON a."taskId" = t."id"
      WHERE t."status" IN ${FINISHED} OR t."status" IN ${UNFINISHED}
      GROUP BY t."id"
    ) g
    JOIN "Committee" c ON c."id" = g."committeeId"
    GROUP BY c."id", g."finished", g."openDue"`;
}

/** The parts of some units still open past their deadlines in live, unfinished tasks. */
export function overduePartsStatement(unitIds: readonly number[], today: string): Prisma.Sql {
  return Prisma.sql`
    SELECT a."unitId", a."taskId", a."dueDate"
    FROM "TaskAssignment" a
    JOIN "Task" t ON t."id" = a."taskId"
    WHERE a."unitId" IN (${Prisma.join(unitIds)}) AND t."status" IN ${UNFINISHED} AND a."doneAt" IS NULL AND a."dueDate" < ${today}`;
}

/**
 * The headline quota tasks (DigestRules): live, unfinished, with a quota for at least `minUnits` ranked units;
 * those with most such units first, then the earliest due, at most `limit`.
 */
export function headlineTasksStatement(minUnits: number, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT t."id" FROM "Task" t
    JOIN "TaskAssignment" a ON a."taskId" = t."id"
    JOIN "Unit" u ON u."id" = a."unitId" AND u."kind" IN ${RANKED_KINDS}
    WHERE t."status" IN ${UNFINISHED} AND a."quota" > 0
    GROUP BY t."id", t."dueDate"
    HAVING COUNT(*) >= ${minUnits}
    ORDER BY COUNT(*) DESC, t."dueDate", t."id"
    LIMIT ${limit}`;
}

/** Parts of live, unfinished tasks due from `since` up to yesterday and still open, of ranked units: what fell overdue. */
export function newlyOverdueStatement(since: string, today: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t."id", t."title", u."name" AS "unitName"
    FROM "TaskAssignment" a
    JOIN "Task" t ON t."id" = a."taskId"
    JOIN "Unit" u ON u."id" = a."unitId" AND u."kind" IN ${RANKED_KINDS}
    WHERE t."status" IN ${UNFINISHED} AND a."doneAt" IS NULL AND a."dueDate" >= ${since} AND a."dueDate" < ${today}
    ORDER BY t."id", a."id"`;
}

/** Tasks closed (销号) since an instant and closed still, by their audit rows; a task id is the row's entityId. */
export function closedSinceStatement(provider: DbProvider, since: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT t."id", t."title" FROM "Task" t
    WHERE t."status" = 'closed' AND EXISTS (SELECT 1 FROM "TaskAssignment" a WHERE a."taskId" = t."id")
      AND CAST(t."id" AS TEXT) IN (SELECT l."entityId" FROM "AuditLog" l WHERE l."action" = 'task.close' AND l."at" >= ${DIALECTS[provider].instant(since)})
    ORDER BY t."id"`;
}
