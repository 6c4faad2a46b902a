/**
 * Digest bench: builds a province-sized database (2,000 units, 50,000 tasks, 1,000,000 reports at 1×) and
 * times the leadership digest's computation on SQLite and on PostgreSQL at 1×, 2× and 4× that size, against
 * one hand-written SQL aggregate of the same per-unit figures (due, on time, late, overdue, overdue days, score)
 * and totals, run on the driver directly in the same child process. The two answers are checked to be the same
 * before anything is timed. Each database and scale runs in a child of its own, the digest first, so the RSS a
 * first digest adds (the process's peak minus its RSS before) is its own; a later one's peak is sampled while it runs. Goals (issue 15): digest ÷ SQL ≤ 1.5×,
 * RSS added < 100 MB at 4×.
 *
 *   npx tsx bench/digest.ts [--scales 1,2,4] [--runs 3] [--no-pg]
 *
 * PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a schema it creates and drops.
 * The hand-written SQL takes the county's UTC offset as fixed (+8 h, Asia/Shanghai has had no DST since 1991).
 */
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { openDatabase } from '../src/db/client.ts';
import { DigestService } from '../src/services/digest.ts';
import type { Digest } from '../src/domain/digest.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] ?? fallback : fallback;
};
const scales = option('scales', '1,2,4').split(',').map(Number);
const runs = Number(option('runs', '3'));
const withPg = !args.includes('--no-pg');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

const BASE = { units: 2000, tasks: 50_000, reports: 1_000_000 };
const TODAY = new Date('2026-12-15T02:00:00Z');
const TZ = 'Asia/Shanghai';

/** A deterministic shape: due dates over a year around today, a third finished, most of the rest open. */
const taskRow = (i: number, units: number) => {
  const due = new Date(Date.UTC(2026, 5, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
  const status = i % 3 === 0 ? 'closed' : i % 11 === 0 ? 'done' : i % 17 === 0 ? 'cancelled' : i % 2 === 0 ? 'in_progress' : 'open';
  return { id: i + 1, committeeId: (i % 14) + 1, status, due, lead: (i % units) + 1, coop: ((i * 7 + 3) % units) + 1 };
};

async function fillSqlite(file: string, scale: number): Promise<void> {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const units = BASE.units * scale;
  const tasks = BASE.tasks * scale;
  const reports = BASE.reports * scale;
  // Dates as Prisma writes them on SQLite: ISO text.
  const now = new Date().toISOString();
  const past = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
  db.transaction(() => {
    const committee = db.prepare(`INSERT INTO "Committee" (id, code, name, "shortName", "sortOrder", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, 0, ?, ?)`);
    for (let c = 1; c <= 14; c++) committee.run(c, `c${c}`, `委员会${c}`, `委${c}`, now, now);
    const unit = db.prepare(`INSERT INTO "Unit" (id, name, "shortName", kind, "sortOrder", "createdAt", "updatedAt") VALUES (?, ?, NULL, ?, 0, ?, ?)`);
    for (let u = 1; u <= units; u++) unit.run(u, `单位${u}`, u % 4 === 0 ? 'department' : 'township', now, now);
    const task = db.prepare(`INSERT INTO "Task" (id, title, "committeeId", status, "dueDate", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const part = db.prepare(`INSERT INTO "TaskAssignment" ("taskId", "unitId", role, quota, "dueDate", "doneAt") VALUES (?, ?, ?, NULL, ?, ?)`);
    for (let i = 0; i < tasks; i++) {
      const t = taskRow(i, units);
      task.run(t.id, `任务${t.id}`, t.committeeId, t.status, t.due, now, now);
      const finished = t.status === 'closed' || t.status === 'done' ? now : null;
      part.run(t.id, t.lead, 'lead', t.due, finished);
      if (t.coop !== t.lead) part.run(t.id, t.coop, 'cooperating', t.due, finished);
    }
    const report = db.prepare(`INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", percent, "createdAt") VALUES (?, ?, 1, 'bench', ?, ?)`);
    for (let r = 0; r < reports; r++) {
      const t = taskRow(r % tasks, units);
      report.run(t.id, t.lead, r % 100, past(reports - r));
    }
  })();
  db.close();
}

async function fillPostgres(client: pg.Client, schema: string, scale: number): Promise<void> {
  const units = BASE.units * scale;
  const tasks = BASE.tasks * scale;
  const reports = BASE.reports * scale;
  await client.query(`SET search_path = ${schema}`);
  // Generated in the server: the same shapes as taskRow(), without a million round trips.
  await client.query(`INSERT INTO "Committee" (id, code, name, "shortName", "sortOrder", "createdAt", "updatedAt")
    SELECT c, 'c' || c, '委员会' || c, '委' || c, 0, now(), now() FROM generate_series(1, 14) c`);
  await client.query(`INSERT INTO "Unit" (id, name, kind, "sortOrder", "createdAt", "updatedAt")
    SELECT u, '单位' || u, CASE WHEN u % 4 = 0 THEN 'department' ELSE 'township' END, 0, now(), now() FROM generate_series(1, $1::int) u`, [units]);
  await client.query(`INSERT INTO "Task" (id, title, "committeeId", status, "dueDate", "createdAt", "updatedAt")
    SELECT i + 1, '任务' || (i + 1), (i % 14) + 1,
      CASE WHEN i % 3 = 0 THEN 'closed' WHEN i % 11 = 0 THEN 'done' WHEN i % 17 = 0 THEN 'cancelled' WHEN i % 2 = 0 THEN 'in_progress' ELSE 'open' END,
      to_char(date '2026-06-01' + (i % 365), 'YYYY-MM-DD'), now(), now()
    FROM generate_series(0, $1::int - 1) i`, [tasks]);
  await client.query(`INSERT INTO "TaskAssignment" ("taskId", "unitId", role, "dueDate", "doneAt")
    SELECT t.id, ((t.id - 1) % $1::int) + 1, 'lead', t."dueDate", CASE WHEN t.status IN ('closed', 'done') THEN now() END FROM "Task" t`, [units]);
  await client.query(`INSERT INTO "TaskAssignment" ("taskId", "unitId", role, "dueDate", "doneAt")
    SELECT t.id, (((t.id - 1) * 7 + 3) % $1::int) + 1, 'cooperating', t."dueDate", CASE WHEN t.status IN ('closed', 'done') THEN now() END FROM "Task" t
    WHERE (((t.id - 1) * 7 + 3) % $1::int) <> ((t.id - 1) % $1::int)`, [units]);
  await client.query(`INSERT INTO "ProgressReport" ("taskId", "unitId", "reporterTelegramId", "reporterName", percent, "createdAt")
    SELECT (r % $1::int) + 1, ((r % $1::int) % $2::int) + 1, 1, 'bench', r % 100, now() - make_interval(secs => $3::int - r)
    FROM generate_series(0, $3::int - 1) r`, [tasks, units, reports]);
  await client.query('ANALYZE');
}

/** The per-unit figures and totals as the digest's ranking and rates show them, and the same from the SQL. */
interface Figures {
  units: Record<string, { due: number; onTime: number; late: number; overdue: number; overdueDays: number; score: number | null }>;
  onTimeDue: number;
  onTime: number;
  tasks: number;
  finished: number;
}

function digestFigures(digest: Digest): Figures {
  const units: Figures['units'] = {};
  for (const ranking of [digest.departments, digest.townships]) {
    for (const u of [...ranking.ranked, ...ranking.notRanked]) {
      units[String(u.unitId)] = { due: u.due, onTime: u.onTime, late: u.late, overdue: u.overdue, overdueDays: u.overdueDays, score: u.score };
    }
  }
  const { onTimeDue, onTime, tasks, finished } = digest.totals;
  return { units, onTimeDue, onTime, tasks, finished };
}

/**
 * The hand-written aggregate: each part's finishing date (its own, or its lead's for a finished task), then per
 * unit what its due parts earned, in one statement; the totals in a second. Dialects differ only in dates.
 */
function handWritten(dialect: 'sqlite' | 'postgres', today: string) {
  const { scoring } = DEFAULT_RULES;
  const d =
    dialect === 'sqlite'
      ? { local: (c: string) => `date(${c}, '+8 hours')`, days: (a: string, b: string) => `CAST(julianday(${b}) - julianday(${a}) AS INTEGER)`, max: 'max', today: `'${today}'` }
      : { local: (c: string) => `to_char(${c} + interval '8 hours', 'YYYY-MM-DD')`, days: (a: string, b: string) => `((${b})::date - (${a})::date)`, max: 'GREATEST', today: `'${today}'` };
  const parts = `
    SELECT a."unitId", a."dueDate",
      COALESCE(${d.local('a."doneAt"')}, CASE WHEN t.status IN ('done', 'closed') THEN ${d.local('l."doneAt"')} END) AS fin,
      ${d.days('a."dueDate"', d.today)} AS past
    FROM "TaskAssignment" a JOIN "Task" t ON t.id = a."taskId"
    LEFT JOIN "TaskAssignment" l ON l."taskId" = t.id AND l.role = 'lead'
    WHERE t.status <> 'cancelled' AND a."dueDate" < ${d.today}`;
  const penalty = Object.entries(scoring.problemPenalty).map(([by, points]) => `WHEN '${by}' THEN ${points}`).join(' ');
  const perUnit = `
    WITH p AS (${parts}),
    q AS (SELECT "unitId", fin, past, ${d.days('"dueDate"', 'fin')} AS late FROM p),
    pen AS (SELECT "unitId", SUM(CASE "foundBy" ${penalty} ELSE 0 END) AS points FROM "Problem" WHERE status IN ('open', 'fixed') GROUP BY "unitId")
    SELECT q."unitId" AS "unitId", COUNT(*) AS due,
      SUM(CASE WHEN fin IS NOT NULL AND late <= 0 THEN 1 ELSE 0 END) AS "onTime",
      SUM(CASE WHEN fin IS NOT NULL AND late > 0 THEN 1 ELSE 0 END) AS late,
      SUM(CASE WHEN fin IS NULL THEN 1 ELSE 0 END) AS overdue,
      SUM(CASE WHEN fin IS NULL THEN past ELSE 0 END) AS "overdueDays",
      SUM(CASE WHEN fin IS NULL THEN ${d.max}(0, 1 - ${scoring.lateCreditPerDay} * past)
               WHEN late <= 0 THEN 1 ELSE ${d.max}(${scoring.minFinishedLateCredit}, 1 - ${scoring.lateCreditPerDay} * late) END) AS earned,
      COALESCE(MAX(pen.points), 0) AS penalty
    FROM q JOIN "Unit" u ON u.id = q."unitId" AND u.kind IN ('department', 'township')
    LEFT JOIN pen ON pen."unitId" = q."unitId"
    GROUP BY q."unitId"`;
  const totals = `SELECT COUNT(*) AS tasks, SUM(CASE WHEN status IN ('done', 'closed') THEN 1 ELSE 0 END) AS finished FROM "Task" WHERE status <> 'cancelled'`;
  const onTime = `WITH p AS (${parts}) SELECT COUNT(*) AS due, SUM(CASE WHEN fin IS NOT NULL AND fin <= "dueDate" THEN 1 ELSE 0 END) AS "onTime" FROM p`;
  const figures = (unitRows: Record<string, unknown>[], totalRow: Record<string, unknown>, onTimeRow: Record<string, unknown>): Figures => {
    const units: Figures['units'] = {};
    for (const r of unitRows) {
      const due = Number(r.due);
      units[String(r.unitId)] = {
        due,
        onTime: Number(r.onTime),
        late: Number(r.late),
        overdue: Number(r.overdue),
        overdueDays: Number(r.overdueDays),
        score: Math.max(0, Math.min(100, (100 * Number(r.earned)) / due - Number(r.penalty))),
      };
    }
    return { units, onTimeDue: Number(onTimeRow.due), onTime: Number(onTimeRow.onTime), tasks: Number(totalRow.tasks), finished: Number(totalRow.finished) };
  };
  return { perUnit, totals, onTime, figures };
}

/** The same as a digest's figures, for the units the digest scores (a unit with no due part has no SQL row). */
function compare(digest: Figures, sql: Figures): string | null {
  for (const [unitId, figures] of Object.entries(digest.units)) {
    const other = sql.units[unitId] ?? { due: 0, onTime: 0, late: 0, overdue: 0, overdueDays: 0, score: null };
    const mine = figures.due === 0 ? { ...figures, score: null } : figures;
    // The SQL's score is left unrounded: sums of tenths in another order may sit either side of a half.
    if (other.score !== null && mine.score !== null && Math.abs(mine.score - other.score) <= 0.5 + 1e-9) other.score = mine.score;
    if (JSON.stringify(mine) !== JSON.stringify(other)) return `unit ${unitId}: digest ${JSON.stringify(mine)}, SQL ${JSON.stringify(other)}`;
  }
  for (const key of ['onTimeDue', 'onTime', 'tasks', 'finished'] as const) {
    if (digest[key] !== sql[key]) return `${key}: digest ${digest[key]}, SQL ${sql[key]}`;
  }
  return null;
}

interface Measured {
  digestMs: number[];
  sqlMs: number[];
  /** The first digest in a fresh process: its peak over the RSS before it, Prisma compiling its queries once included. */
  rssAddedMb: number;
  /** A later digest, as a running bot computes one each morning: the peak sampled while it ran over the RSS before it. */
  laterRssAddedMb: number;
  ranked: number;
}

/**
 * The process's RSS peak while the main thread is busy (better-sqlite3 holds it through a statement): a worker
 * reads /proc/self/statm every 2 ms into shared memory. Linux only, as the bench machine is.
 */
function rssSampler() {
  // RSS in pages, raised only by compare-and-swap so that a reading can never lower what reset() or another set.
  const pages = new Int32Array(new SharedArrayBuffer(4));
  const page = 4096;
  const worker = new Worker(
    `const { readFileSync } = require('node:fs'); const { workerData } = require('node:worker_threads');
     const pages = new Int32Array(workerData);
     setInterval(() => {
       const now = Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
       for (let seen = Atomics.load(pages, 0); now > seen; seen = Atomics.load(pages, 0)) if (Atomics.compareExchange(pages, 0, seen, now) === seen) break;
     }, 2);`,
    { eval: true, workerData: pages.buffer },
  );
  return {
    reset: () => void Atomics.store(pages, 0, Math.ceil(process.memoryUsage().rss / page)),
    peak: () => Math.max(Atomics.load(pages, 0) * page, process.memoryUsage().rss),
    stop: () => worker.terminate(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** In a child of its own: the digest first (its RSS), then the hand-written SQL, checked the same, then the runs. */
async function child(dialect: 'sqlite' | 'postgres', url: string): Promise<void> {
  const today = '2026-12-15';
  const closedSince = new Date(TODAY.getTime() - 86_400_000);
  const database = await openDatabase(url, { migrate: false });
  // Prisma's query compiler and the connections are up in a running bot: the first digest is not charged for them.
  await database.prisma.unit.count();
  const service = new DigestService(database.prisma, dialect === 'sqlite' ? 'sqlite' : 'postgresql', DEFAULT_RULES, TZ);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let started = performance.now();
  const first = await service.compute(TODAY, closedSince);
  const digestMs = [performance.now() - started];
  // maxRSS is the process's peak so far: the digest ran first, so it is the digest's own.
  const rssAddedMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20;

  const sql = handWritten(dialect, today);
  let runSql: () => Promise<Figures>;
  let closeSql: () => Promise<void>;
  if (dialect === 'sqlite') {
    const raw = new BetterSqlite3(url.replace(/^file:/, ''), { readonly: true });
    const perUnit = raw.prepare(sql.perUnit);
    const totals = raw.prepare(sql.totals);
    const onTime = raw.prepare(sql.onTime);
    runSql = async () => sql.figures(perUnit.all() as Record<string, unknown>[], totals.get() as Record<string, unknown>, onTime.get() as Record<string, unknown>);
    closeSql = async () => void raw.close();
  } else {
    const client = new pg.Client({ connectionString: url.replace(/[?&]schema=.*$/, '') });
    await client.connect();
    await client.query(`SET search_path = ${new URL(url).searchParams.get('schema')}`);
    // As the bot's pool runs (src/db/client.ts): JIT would charge either side 100–300 ms of compiling.
    await client.query('SET jit = off');
    runSql = async () => {
      const [perUnit, totals, onTime] = [await client.query(sql.perUnit), await client.query(sql.totals), await client.query(sql.onTime)];
      return sql.figures(perUnit.rows, totals.rows[0], onTime.rows[0]);
    };
    closeSql = () => client.end();
  }
  const mismatch = compare(digestFigures(first), await runSql());
  if (mismatch) throw new Error(`the digest and the hand-written SQL disagree: ${mismatch}`);
  const sqlMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await runSql();
    sqlMs.push(performance.now() - started);
    started = performance.now();
    await service.compute(TODAY, closedSince);
    digestMs.push(performance.now() - started);
  }
  globalThis.gc?.();
  const sampler = rssSampler();
  const laterBefore = process.memoryUsage().rss;
  sampler.reset();
  await service.compute(TODAY, closedSince);
  const laterRssAddedMb = (sampler.peak() - laterBefore) / 2 ** 20;
  await sampler.stop();
  await closeSql();
  await database.close();
  const ranked = first.departments.ranked.length + first.townships.ranked.length;
  console.log(`RESULT ${JSON.stringify({ digestMs, sqlMs, rssAddedMb, laterRssAddedMb, ranked } satisfies Measured)}`);
}

function runChild(dialect: 'sqlite' | 'postgres', url: string): Measured {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--child', dialect, '--url', url, '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the child printed no result:\n${output}`);
  return JSON.parse(line.slice('RESULT '.length)) as Measured;
}

async function parent(): Promise<void> {
  const results: { db: string; scale: number; fillS: number; m: Measured }[] = [];
  const report = (db: string, scale: number, fillS: number, m: Measured) => {
    results.push({ db, scale, fillS, m });
    console.log(`${db} ${scale}×: filled in ${fillS.toFixed(1)} s, digest ${median(m.digestMs.slice(1)).toFixed(0)} ms, SQL ${median(m.sqlMs).toFixed(0)} ms, +${m.rssAddedMb.toFixed(0)} MB first, +${m.laterRssAddedMb.toFixed(0)} MB later`);
  };
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'duban-digest-'));
    try {
      const file = join(dir, 'bench.db');
      const migrate = await openDatabase(`file:${file}`);
      await migrate.close();
      const fillStart = performance.now();
      await fillSqlite(file, scale);
      report('SQLite', scale, (performance.now() - fillStart) / 1000, runChild('sqlite', `file:${file}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (!withPg) continue;
    const schema = `duban_digest_bench_${scale}_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    try {
      await admin.connect();
    } catch (error) {
      console.warn(`!! PostgreSQL not reachable at ${PG_URL}: ${String(error)} — PostgreSQL figures SKIPPED`);
      continue;
    }
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
      const migrate = await openDatabase(url);
      await migrate.close();
      const fillStart = performance.now();
      await fillPostgres(admin, schema, scale);
      report('PostgreSQL', scale, (performance.now() - fillStart) / 1000, runChild('postgres', url));
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await admin.end();
    }
  }

  console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} CPUs; ${runs} runs each after a first; base size ${BASE.units} units, ${BASE.tasks} tasks, ${BASE.reports} reports`);
  console.log('db          scale   tasks     digest first   median    SQL median   ÷ SQL    RSS added (first / later)   ranked units');
  for (const { db, scale, m } of results) {
    const ratio = median(m.digestMs.slice(1)) / median(m.sqlMs);
    console.log(
      `${db.padEnd(11)} ${`${scale}×`.padEnd(7)} ${String(BASE.tasks * scale).padEnd(9)} ${`${m.digestMs[0]!.toFixed(0)} ms`.padEnd(14)} ${`${median(m.digestMs.slice(1)).toFixed(0)} ms`.padEnd(9)} ${`${median(m.sqlMs).toFixed(0)} ms`.padEnd(12)} ${`${ratio.toFixed(2)}×`.padEnd(8)} ${`${m.rssAddedMb.toFixed(0)} MB / ${m.laterRssAddedMb.toFixed(0)} MB`.padEnd(27)} ${m.ranked}`,
    );
  }
  for (const { db, scale, m } of results) {
    const ratio = median(m.digestMs.slice(1)) / median(m.sqlMs);
    console.log(`${db} ${scale}×: ÷ SQL ≤ 1.5× ${ratio <= 1.5 ? 'met' : 'NOT met'}${scale === 4 ? `; RSS added < 100 MB by a later digest ${m.laterRssAddedMb < 100 ? 'met' : 'NOT met'}, by the first in a fresh process ${m.rssAddedMb < 100 ? 'met' : 'NOT met'}` : ''}`);
  }
}

const childAt = args.indexOf('--child');
if (childAt >= 0) await child(args[childAt + 1] as 'sqlite' | 'postgres', option('url', ''));
else await parent();
