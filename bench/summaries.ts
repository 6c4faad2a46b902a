/**
 * summaries() bench: the query behind reminders, escalation, /missing and the bulletin, on generated data
 * (--tasks tasks × 2 parts × --reports reports per part, a tenth of them withdrawn), the statement it is now
 * (src/services/task-parts.ts: tasks picked by a subquery, each part's figures by lookups through an index in SQL;
 * its parts' statement, the one that reads the reports, is timed here)
 * against the reads it replaced (kept below as the baseline: the tasks with their parts, then every report row
 * of those tasks through an IN list of their ids, the latest percent per part kept in Node), in one process, on
 * SQLite and on PostgreSQL. Both answers are checked to be the same before anything is timed.
 *
 *   npx tsx bench/summaries.ts [--tasks 2000] [--reports 10] [--runs 5] [--no-pg] [--explain]
 *
 * The baseline cannot run past SQLite's bound-parameter limit (issue 15: the bulletin threw at about 1,500 overdue
 * tasks): on SQLite it reads the tasks in batches of 500 (as the old code would have had to), and says so.
 * PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a schema it creates and drops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src/db/client.ts';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { seedIfEmpty } from '../src/services/org-seed.ts';
import { summaryStatements } from '../src/services/task-parts.ts';
import { TaskQueries } from '../src/services/task-queries.ts';
import { createTempPgSchema, pgAvailable } from '../test/support/postgres.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1] ?? fallback) : fallback;
};
const TASKS = Math.min(20_000, option('tasks', 2000));
const REPORTS = Math.min(50, option('reports', 10));
const RUNS = Math.min(20, option('runs', 5));
const withPg = !args.includes('--no-pg');
const explain = args.includes('--explain');
const ORG_FILE = new URL('../prisma/org.yaml', import.meta.url).pathname;
const NOW = new Date('2026-12-15T02:00:00Z');
const TZ = 'Asia/Shanghai';
const SQLITE_BATCH = 500;

async function fill(db: Database['prisma']): Promise<void> {
  await seedIfEmpty(db, ORG_FILE);
  const units = (await db.unit.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((u) => u.id);
  const committee = await db.committee.findFirstOrThrow({ select: { id: true } });
  const due = (i: number) => new Date(Date.UTC(2026, 9, 1) + (i % 120) * 86_400_000).toISOString().slice(0, 10);
  for (let from = 0; from < TASKS; from += 1000) {
    const n = Math.min(1000, TASKS - from);
    await db.task.createMany({ data: Array.from({ length: n }, (_, k) => ({ title: `任务${from + k}`, committeeId: committee.id, dueDate: due(from + k), status: 'in_progress' })) });
  }
  const tasks = (await db.task.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((t) => t.id);
  const parts = tasks.flatMap((taskId, i) => [
    { taskId, unitId: units[i % units.length]!, role: 'lead', quota: 100, dueDate: due(i) },
    { taskId, unitId: units[(i + 5) % units.length]!, role: 'cooperating', quota: null, dueDate: due(i + 7) },
  ]);
  for (let from = 0; from < parts.length; from += 2000) await db.taskAssignment.createMany({ data: parts.slice(from, from + 2000) });
  let n = 0;
  const reports = parts.flatMap((p) =>
    Array.from({ length: REPORTS }, (_, r) => ({
      taskId: p.taskId,
      unitId: p.unitId,
      reporterTelegramId: 700n,
      reporterName: '联络员',
      amount: p.quota === null ? null : 3,
      percent: p.quota === null ? 5 * (r + 1) : null,
      createdAt: new Date(Date.UTC(2026, 8, 1) + r * 86_400_000 + (n++ % 7) * 1000),
      ...(r % 10 === 9 ? { withdrawnAt: NOW } : {}),
    })),
  );
  for (let from = 0; from < reports.length; from += 5000) await db.progressReport.createMany({ data: reports.slice(from, from + 5000) });
}

/** The reads summaries() made before (src/services/task-queries.ts before this bench's change), with the figures they gave per part. */
async function previousFigures(db: Database['prisma'], batch: number | null) {
  if (batch !== null) {
    const all: Awaited<ReturnType<typeof previousBatch>> = [];
    for (let skip = 0; skip < TASKS; skip += batch) all.push(...(await previousBatch(db, { skip, take: batch })));
    return all;
  }
  return previousBatch(db, null);
}

async function previousBatch(db: Database['prisma'], page: { skip: number; take: number } | null) {
  const tasks = await db.task.findMany({
    where: { status: { in: ['open', 'in_progress', 'done'] } },
    include: { committee: { select: { shortName: true } }, assignments: { include: { unit: { select: { name: true } } }, orderBy: [{ role: 'desc' }, { id: 'asc' }] } },
    ...(page === null ? {} : { ...page, orderBy: { id: 'asc' as const } }),
  });
  const taskIds = tasks.map((t) => t.id);
  const [sums, percents] = await Promise.all([
    db.progressReport.groupBy({ by: ['taskId', 'unitId'], where: { taskId: { in: taskIds }, withdrawnAt: null }, _sum: { amount: true }, _max: { createdAt: true } }),
    db.progressReport.findMany({
      where: { taskId: { in: taskIds }, percent: { not: null }, withdrawnAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      distinct: ['taskId', 'unitId'],
      select: { taskId: true, unitId: true, percent: true },
    }),
  ]);
  const latestPercent = new Map(percents.map((p) => [`${p.taskId}:${p.unitId}`, p.percent]));
  const totals = new Map(sums.map((s) => [`${s.taskId}:${s.unitId}`, { amount: s._sum.amount, percent: latestPercent.get(`${s.taskId}:${s.unitId}`) ?? null, at: s._max.createdAt! }]));
  return tasks.flatMap((t) => t.assignments.map((a) => ({ key: `${t.id}:${a.unitId}`, ...(totals.get(`${t.id}:${a.unitId}`) ?? { amount: null, percent: null, at: null }) })));
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function run(name: string, database: Database): Promise<void> {
  const db = database.prisma;
  await fill(db);
  await db.$executeRawUnsafe('ANALYZE');
  const queries = new TaskQueries(db, database.provider, DEFAULT_RULES, TZ, () => NOW);
  const batch = database.provider === 'sqlite' ? SQLITE_BATCH : null;

  // The same figures both ways.
  const before = new Map((await previousFigures(db, batch)).map((f) => [f.key, f]));
  const now = await queries.summaries();
  let compared = 0;
  for (const task of now) {
    for (const part of task.parts) {
      const old = before.get(`${task.id}:${part.unitId}`);
      if (!old) continue;
      compared++;
      const oldDone = part.quota === null ? (old.percent ?? 0) : (old.amount ?? 0);
      if (oldDone !== part.done || (old.at?.getTime() ?? null) !== (part.lastReportAt?.getTime() ?? null)) {
        throw new Error(`${name}: part ${task.id}:${part.unitId} differs: before ${JSON.stringify(old)}, now done ${part.done} at ${part.lastReportAt?.toISOString()}`);
      }
    }
  }
  if (compared !== before.size) throw new Error(`${name}: compared ${compared} parts of ${before.size}`);

  if (explain) {
    const statement = summaryStatements(database.provider, {}, '2026-12-15').parts;
    const prefix = database.provider === 'postgresql' ? 'EXPLAIN ANALYZE ' : 'EXPLAIN QUERY PLAN ';
    const plan = await db.$queryRawUnsafe<Record<string, unknown>[]>(prefix + statement.sql, ...statement.values);
    console.log(plan.map((row) => (database.provider === 'postgresql' ? row['QUERY PLAN'] : row['detail'])).join('\n'));
  }
  const parts = TASKS * 2;
  const newMs = await time(() => db.$queryRaw(summaryStatements(database.provider, {}, '2026-12-15').parts));
  const oldMs = await time(() => previousFigures(db, batch));
  const wholeMs = await time(() => queries.summaries());
  console.log(
    `${name}: ${TASKS} tasks, ${parts} parts, ${parts * REPORTS} reports — the query now ${newMs.toFixed(1)} ms; ` +
      `before ${oldMs.toFixed(1)} ms (its reads only${batch === null ? '' : `, in batches of ${batch} tasks: one IN list of all fails`}); ` +
      `before ÷ now = ${(oldMs / newMs).toFixed(2)}; summaries() with its per-part working-out ${wholeMs.toFixed(1)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'duban-bench-summaries-'));
try {
  const sqlite = await openDatabase(`file:${join(dir, 'duban.db')}`);
  try {
    await run('SQLite', sqlite);
  } finally {
    await sqlite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (withPg) {
  const available = await pgAvailable();
  if (!available.ok) console.log(`PostgreSQL skipped: ${available.reason}`);
  else {
    const schema = await createTempPgSchema('duban_bench_summaries');
    try {
      const database = await openDatabase(schema.url);
      try {
        await run('PostgreSQL', database);
      } finally {
        await database.close();
      }
    } finally {
      await schema.drop();
    }
  }
}
