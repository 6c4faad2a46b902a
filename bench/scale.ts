/**
 * Scale bench: the scheduled jobs and /missing on the province data (bench/support/province.ts: at 1× 2,000 units,
 * 50,000 tasks, 100,000 parts, 1,000,000 reports) on SQLite and on PostgreSQL, each job in a child process of its
 * own so the RSS it adds is its own: time (median of the runs, and the first), statements sent to the database
 * (counted at the driver: better-sqlite3's statements, pg's queries) and RSS added by the first run (peak minus
 * the RSS before it). Each run starts from the same state: the outbox emptied, and for escalation its steps, their
 * audit rows and the problems' levels undone, so every run is a first run. The digest's charts are not drawn here
 * (the rendering stub of the service tests); bench/digest.ts times the digest alone at 1×, 2× and 4×.
 *
 *   npx tsx bench/scale.ts [--scale 1] [--runs 3] [--jobs reminders,escalation,missing,bulletin,digest,summaries] [--no-pg]
 *                          [--keep] [--sqlite FILE] [--pg-schema NAME]
 *
 * --keep leaves the filled database (and says where); --sqlite / --pg-schema time the jobs on data a kept run left.
 * PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a schema it creates and drops.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parseConfig } from '../src/config/index.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { testServices } from '../test/support/services.ts';
import { createTempPgSchema, pgAvailable, pgServerUrl } from '../test/support/postgres.ts';
import { fillProvince, PROVINCE, PROVINCE_NOW } from './support/province.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const JOBS = ['summaries', 'reminders', 'escalation', 'missing', 'bulletin', 'digest'] as const;
type Job = (typeof JOBS)[number];
const SLOT = '2026-12-15';

interface Measured {
  job: Job;
  runs: number;
  firstMs: number;
  medianMs: number;
  statements: number;
  rssAddedMb: number;
  result: string;
}

// ---- the child: one job, several runs, on a database the parent filled ----------------------------------------

let statements = 0;

/** Counts what reaches the database: every better-sqlite3 statement run, every pg query. */
function countStatements(): void {
  const probe = new BetterSqlite3(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = statementProto[method]!;
    statementProto[method] = function (this: unknown, ...a: unknown[]) {
      statements++;
      return original.apply(this, a);
    };
  }
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    statements++;
    return query.apply(this, a);
  } as typeof pg.Client.prototype.query;
}

/** Undoes what a job wrote, so the next run is a first run again. */
async function reset(database: Database, job: Job): Promise<void> {
  const db = database.prisma;
  await db.outbox.deleteMany({});
  if (job === 'escalation') {
    await db.escalation.deleteMany({});
    await db.auditLog.deleteMany({ where: { action: { in: ['task.escalate', 'task.escalation-reset', 'problem.escalate', 'problem.escalation-reset'] } } });
    await db.problem.updateMany({ where: { escalationLevel: { gt: 0 } }, data: { escalationLevel: 0 } });
  }
  if (job === 'bulletin') await db.draft.deleteMany({});
}

async function child(job: Job, url: string, runs: number): Promise<void> {
  countStatements();
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  const database = await openDatabase(url, { migrate: false });
  const services = testServices(database.prisma, parsed.config, () => PROVINCE_NOW);
  const jobs: Record<Job, () => Promise<string>> = {
    summaries: async () => `${(await services.tasks.queries.summaries()).length} tasks`,
    reminders: async () => `${await services.broadcasts.reminders.run(SLOT)} messages`,
    escalation: async () => `${await services.broadcasts.escalations.run(SLOT)} steps, ${await database.prisma.outbox.count()} messages`,
    missing: async () => `${(await services.tasks.queries.missing()).reduce((n, c) => n + c.units.length, 0)} units`,
    bulletin: async () => `${await services.broadcasts.bulletin.run(SLOT)} drafts`,
    digest: async () => `${await services.broadcasts.digest.run(SLOT)} messages`,
  };
  const times: number[] = [];
  let first: { statements: number; rssAddedMb: number; result: string } | undefined;
  for (let i = 0; i < runs; i++) {
    await reset(database, job);
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    statements = 0;
    const started = performance.now();
    const result = await jobs[job]();
    times.push(performance.now() - started);
    // maxRSS is the process's peak so far: on the first run, the job's own peak.
    first ??= { statements, rssAddedMb: (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20, result };
  }
  await database.close();
  const sorted = [...times].sort((a, b) => a - b);
  const measured: Measured = { job, runs, firstMs: times[0]!, medianMs: sorted[Math.floor(sorted.length / 2)]!, ...first! };
  console.log(`RESULT ${JSON.stringify(measured)}`);
}

// ---- the parent: fill once per database, one child per job ----------------------------------------------------

function runChild(job: Job, url: string, runs: number): Measured {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--child', job, '--url', url, '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`${job}: the child printed no result:\n${output}`);
  return JSON.parse(line.slice('RESULT '.length)) as Measured;
}

async function parent(): Promise<void> {
  const scale = Number(option('scale', '1'));
  const runs = Math.max(1, Math.min(10, Number(option('runs', '3'))));
  const jobs = option('jobs', JOBS.join(',')).split(',') as Job[];
  for (const job of jobs) if (!JOBS.includes(job)) throw new Error(`unknown job ${job} (one of ${JOBS.join(', ')})`);
  const keep = args.includes('--keep');
  const results: { db: string; fillS: number | null; measured: Measured[] }[] = [];

  const timed = async (label: string, url: string, fill: boolean) => {
    let fillS: number | null = null;
    if (fill) {
      const database = await openDatabase(url);
      const started = performance.now();
      await fillProvince(database, scale);
      fillS = (performance.now() - started) / 1000;
      await database.close();
      console.log(`${label} ${scale}×: filled in ${fillS.toFixed(1)} s`);
    }
    const measured: Measured[] = [];
    for (const job of jobs) {
      const m = runChild(job, url, runs);
      console.log(`${label} ${job}: ${m.medianMs.toFixed(0)} ms, ${m.statements} statements, +${m.rssAddedMb.toFixed(0)} MB (${m.result})`);
      measured.push(m);
    }
    results.push({ db: label, fillS, measured });
  };

  const sqliteFile = option('sqlite', '');
  if (sqliteFile !== '') {
    if (!existsSync(sqliteFile)) throw new Error(`no database at ${sqliteFile}`);
    await timed('SQLite', `file:${sqliteFile}`, false);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'duban-scale-'));
    try {
      await timed('SQLite', `file:${join(dir, 'province.db')}`, true);
    } finally {
      if (keep) console.log(`kept: --sqlite ${join(dir, 'province.db')}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!args.includes('--no-pg')) {
    const available = await pgAvailable();
    const pgSchema = option('pg-schema', '');
    if (!available.ok) console.log(`PostgreSQL skipped: ${available.reason}`);
    else if (pgSchema !== '') await timed('PostgreSQL', `${pgServerUrl()}?schema=${pgSchema}`, false);
    else {
      const schema = await createTempPgSchema('duban_bench_scale');
      try {
        await timed('PostgreSQL', schema.url, true);
      } finally {
        if (keep) console.log(`kept: --pg-schema ${new URL(schema.url).searchParams.get('schema')}`);
        else await schema.drop();
      }
    }
  }

  console.log(`\nnode ${process.version}, ${cpus().length} CPUs; ${scale}× = ${PROVINCE.units * scale} units, ${PROVINCE.tasks * scale} tasks, ${PROVINCE.reports * scale} reports; ${runs} runs per job`);
  console.log('db          job          median      first       statements   RSS added   result');
  for (const r of results) {
    for (const m of r.measured) {
      console.log(
        `${r.db.padEnd(11)} ${m.job.padEnd(12)} ${`${m.medianMs.toFixed(0)} ms`.padEnd(11)} ${`${m.firstMs.toFixed(0)} ms`.padEnd(11)} ${String(m.statements).padEnd(12)} ${`${m.rssAddedMb.toFixed(0)} MB`.padEnd(11)} ${m.result}`,
      );
    }
  }
  for (const r of results) {
    const of = (job: Job) => r.measured.find((m) => m.job === job);
    const summaries = of('summaries');
    const escalation = of('escalation');
    if (summaries && scale === 1) console.log(`${r.db}: summaries() < 0.5 s at 1×: ${summaries.medianMs < 500 ? 'met' : 'NOT met'} (${(summaries.medianMs / 1000).toFixed(2)} s)`);
    if (escalation && scale === 1) {
      console.log(`${r.db}: escalation first run < 5 s at 1×: ${escalation.firstMs < 5000 ? 'met' : 'NOT met'} (${(escalation.firstMs / 1000).toFixed(2)} s, ${escalation.statements} statements)`);
    }
  }
}

const childJob = option('child', '');
if (childJob !== '') await child(childJob as Job, option('url', ''), Number(option('runs', '3')));
else await parent();
