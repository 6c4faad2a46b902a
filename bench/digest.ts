/**
 * Digest bench: builds a province-sized database (2,000 units, 50,000 tasks, 1,000,000 reports at 1×) and
 * times the leadership digest's computation on SQLite and on PostgreSQL at 1×, 2× and 4× that size, so its
 * growth is visible. Target: under 2 s at 1×.
 *
 *   npx tsx bench/digest.ts [--scales 1,2,4] [--runs 3] [--no-pg]
 *
 * PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a schema it creates and drops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { DigestService } from '../src/services/digest.ts';

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

async function time(database: Database): Promise<{ best: number; median: number; units: number }> {
  const samples: number[] = [];
  let ranked = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const digest = await new DigestService(database.prisma, DEFAULT_RULES, TZ).compute(TODAY, new Date(TODAY.getTime() - 86_400_000));
    samples.push(performance.now() - started);
    ranked = digest.departments.ranked.length + digest.townships.ranked.length;
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0]!, median: samples[Math.floor(samples.length / 2)]!, units: ranked };
}

const results: { db: string; scale: number; tasks: number; fillS: number; best: number; median: number; ranked: number }[] = [];
for (const scale of scales) {
  const dir = mkdtempSync(join(tmpdir(), 'duban-digest-'));
  try {
    const file = join(dir, 'bench.db');
    const migrate = await openDatabase(`file:${file}`);
    await migrate.close();
    const fillStart = performance.now();
    await fillSqlite(file, scale);
    const fillS = (performance.now() - fillStart) / 1000;
    const database = await openDatabase(`file:${file}`);
    const t = await time(database);
    await database.close();
    results.push({ db: 'SQLite', scale, tasks: BASE.tasks * scale, fillS, best: t.best, median: t.median, ranked: t.units });
    console.log(`SQLite ${scale}×: filled in ${fillS.toFixed(1)} s, digest ${t.median.toFixed(0)} ms`);
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
    const fillS = (performance.now() - fillStart) / 1000;
    const database = await openDatabase(url);
    const t = await time(database);
    await database.close();
    results.push({ db: 'PostgreSQL', scale, tasks: BASE.tasks * scale, fillS, best: t.best, median: t.median, ranked: t.units });
    console.log(`PostgreSQL ${scale}×: filled in ${fillS.toFixed(1)} s, digest ${t.median.toFixed(0)} ms`);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} CPUs; ${runs} runs each; base size ${BASE.units} units, ${BASE.tasks} tasks, ${BASE.reports} reports`);
console.log('db          scale   tasks     digest median   best      vs 1×   ranked units');
for (const r of results) {
  const base = results.find((x) => x.db === r.db && x.scale === scales[0]);
  console.log(
    `${r.db.padEnd(11)} ${`${r.scale}×`.padEnd(7)} ${String(r.tasks).padEnd(9)} ${`${r.median.toFixed(0)} ms`.padEnd(15)} ${`${r.best.toFixed(0)} ms`.padEnd(9)} ${`${(r.median / base!.median).toFixed(2)}×`.padEnd(7)} ${r.ranked}`,
  );
}
const oneX = results.filter((r) => r.scale === 1);
for (const r of oneX) console.log(`target < 2 s at 1× on ${r.db}: ${r.median < 2000 ? 'met' : 'NOT met'} (${(r.median / 1000).toFixed(2)} s)`);
