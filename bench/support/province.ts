// Province-sized data for the scale benches (bench/digest.ts, bench/scale.ts) and the plan test: at 1× 2,000
// units under 20 leaders' posts, 50,000 tasks, about 100,000 parts, 1,000,000 reports (a tenth withdrawn, some
// corrected), a bound group and a liaison per unit, 200 problems and an audit trail with the closures. The rows are
// generated inside the database by one INSERT … SELECT per table from the same formulas on SQLite (a recursive CTE)
// and PostgreSQL (generate_series), so both hold the same data and nothing crosses the wire row by row.
import type { Database } from '../../src/db/client.ts';

export const PROVINCE = { units: 2000, posts: 20, tasks: 50_000, reports: 1_000_000, problems: 200 };
/** "Now" for every job run on the data: 10:00 in the county on 2026-12-15. */
export const PROVINCE_NOW = new Date('2026-12-15T02:00:00Z');
export const PROVINCE_TZ = 'Asia/Shanghai';
export const LEADERSHIP_CHAT = -100n;
export const OFFICE_CHAT = -200n;

interface Dialect {
  /** Rows i = 0 … n-1 as `s(i)`, then the statement. */
  series(n: number, statement: string): string;
  /** A calendar date 'YYYY-MM-DD' some days after another (both as SQL text expressions). */
  day(date: string, days: string): string;
  /** An instant: 02:00 UTC (10:00 in the county) of a date plus some days. */
  at10(date: string, days: string): string;
  /** An instant some seconds before PROVINCE_NOW. */
  before(seconds: string): string;
  later(instant: string, hours: number): string;
}

const sqlite: Dialect = {
  series: (n, statement) => `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1}) ${statement}`,
  day: (date, days) => `date(${date}, (${days}) || ' days')`,
  at10: (date, days) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${date}, (${days}) || ' days', '+2 hours')`,
  before: (seconds) => `strftime('%Y-%m-%dT%H:%M:%fZ', '${PROVINCE_NOW.toISOString()}', '-' || (${seconds}) || ' seconds')`,
  later: (instant, hours) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${instant}, '+${hours} hours')`,
};

const postgres: Dialect = {
  series: (n, statement) => statement.replace('FROM s', `FROM generate_series(0, ${n - 1}) AS s(i)`),
  day: (date, days) => `to_char((${date})::date + (${days}), 'YYYY-MM-DD')`,
  at10: (date, days) => `(((${date})::date + (${days}))::timestamp + interval '2 hours')`,
  before: (seconds) => `(timestamp '${PROVINCE_NOW.toISOString().replace('T', ' ').replace('Z', '')}' - make_interval(secs => ${seconds}))`,
  later: (instant, hours) => `(${instant} + interval '${hours} hours')`,
};

/** Fills a freshly migrated, empty database with `scale` × the province. */
export async function fillProvince(database: Database, scale: number): Promise<void> {
  const d = database.provider === 'sqlite' ? sqlite : postgres;
  const U = PROVINCE.units * scale;
  const P = PROVINCE.posts * scale;
  const T = PROVINCE.tasks * scale;
  const R = PROVINCE.reports * scale;
  const now = d.before('0');
  const statements = [
    d.series(14, `INSERT INTO "Committee" (id, code, name, "shortName", "sortOrder", "createdAt", "updatedAt")
      SELECT i + 1, 'c' || (i + 1), '委员会' || (i + 1), '委' || (i + 1), i, ${now}, ${now} FROM s`),
    // The leaders' posts first (the units' parents), then the units.
    d.series(P, `INSERT INTO "Unit" (id, name, kind, "sortOrder", "createdAt", "updatedAt", aliases, office)
      SELECT ${U} + i + 1, '分管领导' || (i + 1), 'leader', ${U} + i + 1, ${now}, ${now}, '', false FROM s`),
    d.series(U, `INSERT INTO "Unit" (id, name, kind, "parentId", "sortOrder", "createdAt", "updatedAt", aliases, office)
      SELECT i + 1, '单位' || (i + 1), CASE WHEN (i + 1) % 4 = 0 THEN 'department' ELSE 'township' END, ${U} + 1 + ((i + 1) % ${P}), i + 1, ${now}, ${now}, '', false FROM s`),
    d.series(T, `INSERT INTO "Task" (id, title, "committeeId", status, "dueDate", measure, "createdAt", "updatedAt")
      SELECT i + 1, '任务' || (i + 1), (i % 14) + 1,
        CASE WHEN i % 3 = 0 THEN 'closed' WHEN i % 11 = 0 THEN 'done' WHEN i % 17 = 0 THEN 'cancelled' WHEN i % 2 = 0 THEN 'in_progress' ELSE 'open' END,
        ${d.day("'2026-06-01'", 'i % 365')}, CASE WHEN i % 5 = 0 THEN '个' END, '2026-05-01T00:00:00.000Z', ${now} FROM s`),
    // The lead's part: a quota on every fifth task; finished with the task, on time or up to two days late.
    `INSERT INTO "TaskAssignment" ("taskId", "unitId", role, quota, "dueDate", "doneAt")
      SELECT t.id, ((t.id - 1) % ${U}) + 1, 'lead', CASE WHEN (t.id - 1) % 5 = 0 THEN 10 END, t."dueDate",
        CASE WHEN t.status IN ('closed', 'done') THEN ${d.at10('t."dueDate"', '((t.id - 1) % 7) - 4')} END
      FROM "Task" t`,
    // A cooperating unit's part: its own deadline a week later on every 13th task; some finished while the task is open.
    `INSERT INTO "TaskAssignment" ("taskId", "unitId", role, quota, "dueDate", "doneAt")
      SELECT t.id, (((t.id - 1) * 7 + 3) % ${U}) + 1, 'cooperating', NULL,
        ${d.day('t."dueDate"', 'CASE WHEN (t.id - 1) % 13 = 0 THEN 7 ELSE 0 END')},
        CASE WHEN t.status IN ('closed', 'done') THEN ${d.at10('t."dueDate"', '((t.id - 1) % 7) - 4')}
             WHEN (t.id - 1) % 4 = 1 AND (t.id - 1) % 365 < 190 THEN ${d.at10('t."dueDate"', '-1')} END
      FROM "Task" t WHERE (((t.id - 1) * 7 + 3) % ${U}) <> ((t.id - 1) % ${U})`,
    // Reports: to the lead's and the cooperating unit's parts in turn, an amount on a quota part, else a percent;
    // every tenth withdrawn an hour later, every 37th corrected; the latest one second before now.
    d.series(R, `INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", amount, percent, "createdAt", "withdrawnAt", "correctedAt")
      SELECT p."taskId", p."unitId", 1, 'bench', CASE WHEN p.quota IS NOT NULL THEN 1 END, CASE WHEN p.quota IS NULL THEN (q.i % 100) END,
        ${d.before(`2 * (${R} - q.i)`)}, CASE WHEN q.i % 10 = 9 THEN ${d.later(d.before(`2 * (${R} - q.i)`), 1)} END,
        CASE WHEN q.i % 37 = 0 THEN ${now} END
      FROM (SELECT i, (i % ${T}) + 1 AS "taskId", (i / ${T}) % 2 AS coop FROM s) q
      JOIN "TaskAssignment" p ON p."taskId" = q."taskId" AND p.role = CASE WHEN q.coop = 1 AND EXISTS (SELECT 1 FROM "TaskAssignment" c WHERE c."taskId" = q."taskId" AND c.role = 'cooperating') THEN 'cooperating' ELSE 'lead' END`),
    d.series(U, `INSERT INTO "ChatBinding" ("chatId", kind, "unitId", active, "createdAt", "updatedAt") SELECT -1000000 - (i + 1), 'unit', i + 1, true, ${now}, ${now} FROM s`),
    `INSERT INTO "ChatBinding" ("chatId", kind, active, "createdAt", "updatedAt") VALUES (${LEADERSHIP_CHAT}, 'leadership', true, ${now}, ${now}), (${OFFICE_CHAT}, 'admin', true, ${now}, ${now})`,
    d.series(U, `INSERT INTO "Member" ("telegramId", "displayName", role, "unitId", "createdAt", "updatedAt") SELECT 10000000 + i + 1, '联络员' || (i + 1), 'liaison', i + 1, ${now}, ${now} FROM s`),
    d.series(P, `INSERT INTO "Member" ("telegramId", "displayName", role, "unitId", "createdAt", "updatedAt") SELECT 20000000 + i + 1, '领导' || (i + 1), 'leader', ${U} + i + 1, ${now}, ${now} FROM s`),
    d.series(PROVINCE.problems * scale, `INSERT INTO "Problem" (kind, description, "foundBy", "unitId", "dueDate", status, "reportedByTelegramId", "createdAt", "updatedAt", "escalationLevel")
      SELECT CASE i % 3 WHEN 0 THEN 'fire' WHEN 1 THEN 'dust' ELSE 'complaint' END, '问题' || (i + 1),
        CASE i % 4 WHEN 0 THEN 'county' WHEN 1 THEN 'city' WHEN 2 THEN 'province' ELSE 'central' END, (i * 10) % ${U} + 1,
        ${d.day("'2026-11-01'", '(i * 7) % 60')}, CASE WHEN i % 5 = 0 THEN 'fixed' WHEN i % 7 = 0 THEN 'closed' ELSE 'open' END, 1, ${now}, ${now}, 0 FROM s`),
    // The audit trail: each closure a day after the work was done (the digest reads those since yesterday) among
    // a report's entry for every fourth report.
    `INSERT INTO "AuditLog" (at, action, entity, "entityId") SELECT ${d.later('a."doneAt"', 24)}, 'task.close', 'task', ${database.provider === 'sqlite' ? 'CAST(t.id AS TEXT)' : 't.id::text'}
      FROM "Task" t JOIN "TaskAssignment" a ON a."taskId" = t.id AND a.role = 'lead' WHERE t.status = 'closed'`,
    d.series(R / 4, `INSERT INTO "AuditLog" (at, action, entity, "entityId") SELECT ${d.before(`8 * (${R / 4} - i)`)}, 'task.report', 'task', ${database.provider === 'sqlite' ? 'CAST((i % ' + T + ') + 1 AS TEXT)' : '((i % ' + T + ') + 1)::text'} FROM s`),
  ];
  for (const statement of statements) await database.prisma.$executeRawUnsafe(statement);
  if (database.provider === 'postgresql') {
    for (const table of ['Committee', 'Unit', 'Task']) {
      await database.prisma.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max(id) FROM "${table}"))`);
    }
    await database.prisma.$executeRawUnsafe('VACUUM ANALYZE');
  } else await database.prisma.$executeRawUnsafe('ANALYZE');
}
