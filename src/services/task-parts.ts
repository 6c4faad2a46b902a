// The statement behind TaskQueries.summaries(): one row per part of each task the filter picks, with the part's
// report figures worked out in SQL (the same text on SQLite and PostgreSQL). The tasks are picked by a subquery,
// never by a list of ids, so no bound-parameter limit is reached however many tasks a county has; the reports
// are read per part through the (taskId, unitId, createdAt) index, and only one row per part reaches Node.
import * as Prisma from '../db/sql.ts';

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

export interface PartRow {
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
  /** Sum of the amounts of the part's reports still standing (withdrawn ones count for nothing); null if none has one. */
  amount: number | null;
  /** The percent of its latest standing report that gave one. */
  percent: number | null;
  /** Time of its latest standing report; null when it has none. */
  lastReportAt: Date | string | number | null;
}

const OPEN_STATUSES = Prisma.sql`('open', 'in_progress', 'done')`;

export function summaryStatement(filter: TaskFilter, today: string): Prisma.Sql {
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
  return Prisma.sql`
    WITH picked AS (SELECT t."id" FROM "Task" t ${where}),
    totals AS (
      SELECT r."taskId", r."unitId", SUM(r."amount") AS "amount", MAX(r."createdAt") AS "lastReportAt"
      FROM "ProgressReport" r
      WHERE r."taskId" IN (SELECT "id" FROM picked) AND r."withdrawnAt" IS NULL
      GROUP BY r."taskId", r."unitId"
    ),
    percents AS (
      SELECT r."taskId", r."unitId", r."percent",
        ROW_NUMBER() OVER (PARTITION BY r."taskId", r."unitId" ORDER BY r."createdAt" DESC, r."id" DESC) AS "latest"
      FROM "ProgressReport" r
      WHERE r."taskId" IN (SELECT "id" FROM picked) AND r."withdrawnAt" IS NULL AND r."percent" IS NOT NULL
    )
    SELECT t."id" AS "taskId", t."title", t."committeeId", c."shortName" AS "committee", t."status", t."dueDate", t."measure", t."createdAt",
      a."unitId", n."name" AS "unitName", a."role", a."quota", a."dueDate" AS "partDueDate", a."doneAt", a."doneOverride",
      s."amount", p."percent", s."lastReportAt"
    FROM picked
    JOIN "Task" t ON t."id" = picked."id"
    JOIN "Committee" c ON c."id" = t."committeeId"
    JOIN "TaskAssignment" a ON a."taskId" = t."id"
    JOIN "Unit" n ON n."id" = a."unitId"
    LEFT JOIN totals s ON s."taskId" = a."taskId" AND s."unitId" = a."unitId"
    LEFT JOIN percents p ON p."taskId" = a."taskId" AND p."unitId" = a."unitId" AND p."latest" = 1
    ORDER BY t."id", a."role" DESC, a."id"`;
}

/** A timestamp as a raw query gives it: a Date, or on SQLite an ISO text or epoch milliseconds. */
export function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}
