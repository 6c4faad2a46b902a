/**
 * Where Duban's time per `/report` goes (a companion to bench/throughput.ts; same setup).
 *
 *   npx tsx bench/profile-report.ts [--updates N] [--groups G] [--tasks K] [--timeout SECONDS]
 *
 * 1. SQL per update: every better-sqlite3 statement is counted and timed (by verb and table), for reports
 *    sent one at a time and for N sent at once; how long each transaction holds the connection's mutex.
 * 2. The service calls of one /report, each timed alone in a loop (no concurrency).
 *    On SQLite, serial() commits the calls of one event-loop turn together: the concurrent phase shows fewer
 *    BEGIN/COMMIT than updates, and a SAVEPOINT/RELEASE pair around each call.
 * 3. A CPU profile of the concurrent phase, self time by package and the top functions.
 */
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import type { BotContext } from '../src/bot/context.ts';
import { onlyOnce } from '../src/bot/middleware.ts';
import { Receipts } from '../src/bot/receipts.ts';
import {
  answersReport,
  drained,
  failOnWrong,
  parseArgs,
  reportItems,
  reportRecorded,
  setUpDuban,
  timePhase,
  type DubanSetup,
} from './throughput.ts';

// ───────────────────────────── SQL accounting ─────────────────────────────

interface SqlStat {
  count: number;
  ms: number;
}

const sql = {
  byKind: new Map<string, SqlStat>(),
  bySource: new Map<string, SqlStat & { rows: number }>(),
  prepares: 0,
  prepareMs: 0,
  txOpenedAt: 0,
  txHolds: [] as number[],
  statementsInTx: 0,
  reset() {
    this.byKind.clear();
    this.bySource.clear();
    this.prepares = 0;
    this.prepareMs = 0;
    this.txHolds = [];
    this.statementsInTx = 0;
  },
};

function kindOf(source: string): string {
  const s = source.trim();
  const verb = /^\w+/.exec(s)?.[0]?.toUpperCase() ?? '?';
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"main"\.)?"?(\w+)"?/i.exec(s)?.[1];
  return table ? `${verb} ${table}` : verb;
}

function instrumentSqlite(): void {
  const probe = new BetterSqlite3(':memory:');
  const databaseProto = Object.getPrototypeOf(probe) as { prepare: (this: unknown, source: string) => unknown };
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();

  const prepare = databaseProto.prepare;
  databaseProto.prepare = function (this: unknown, source: string) {
    const t0 = performance.now();
    try {
      return prepare.call(this, source);
    } finally {
      sql.prepares++;
      sql.prepareMs += performance.now() - t0;
    }
  };
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = statementProto[method]!;
    statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = performance.now();
      let result: unknown;
      try {
        result = original.apply(this, args);
        return result;
      } finally {
        const t1 = performance.now();
        const kind = kindOf(this.source);
        const stat = sql.byKind.get(kind) ?? { count: 0, ms: 0 };
        stat.count++;
        stat.ms += t1 - t0;
        sql.byKind.set(kind, stat);
        const bySource = sql.bySource.get(this.source) ?? { count: 0, ms: 0, rows: 0 };
        bySource.count++;
        bySource.ms += t1 - t0;
        if (Array.isArray(result)) bySource.rows += result.length;
        sql.bySource.set(this.source, bySource);
        if (kind === 'BEGIN') sql.txOpenedAt = t1;
        else if (kind === 'COMMIT' || kind === 'ROLLBACK') {
          if (sql.txOpenedAt > 0) sql.txHolds.push(t1 - sql.txOpenedAt);
          sql.txOpenedAt = 0;
        } else if (sql.txOpenedAt > 0) sql.statementsInTx++;
      }
    };
  }
}

function printSql(perUpdate: number, label: string, wallMs: number): void {
  const rows = [...sql.byKind].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((n, [, s]) => n + s.count, 0);
  const totalMs = rows.reduce((n, [, s]) => n + s.ms, 0);
  console.log(`\n${label}: ${(total / perUpdate).toFixed(1)} statements per update, ${((totalMs + sql.prepareMs) / perUpdate).toFixed(2)} ms of synchronous SQLite per update (prepare ${(sql.prepareMs / perUpdate).toFixed(2)} ms, ${(sql.prepares / perUpdate).toFixed(1)} prepares), wall ${(wallMs / perUpdate).toFixed(2)} ms per update`);
  for (const [kind, s] of rows) console.log(`  ${kind.padEnd(34)} ${(s.count / perUpdate).toFixed(2).padStart(6)} /update  ${(s.ms / s.count * 1000).toFixed(0).padStart(6)} µs each`);
  console.log('  the statements (by total time):');
  for (const [source, s] of [...sql.bySource].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    const short = source.replace(/`main`\.|"main"\./g, '').replace(/\s+/g, ' ');
    console.log(`   ${(s.count / perUpdate).toFixed(2).padStart(5)}×  ${(s.ms / s.count * 1000).toFixed(0).padStart(5)} µs  ${(s.rows / s.count).toFixed(1).padStart(6)} rows  ${short.slice(0, 150)}`);
  }
  if (sql.txHolds.length > 0) {
    const holds = [...sql.txHolds].sort((a, b) => a - b);
    const sum = holds.reduce((n, h) => n + h, 0);
    console.log(
      `  transactions: ${holds.length}, mutex held BEGIN→COMMIT p50 ${holds[Math.floor(holds.length / 2)]!.toFixed(2)} ms, p99 ${holds[Math.floor(holds.length * 0.99)]!.toFixed(2)} ms, total ${(sum / wallMs * 100).toFixed(0)}% of the wall time; ${(sql.statementsInTx / holds.length).toFixed(1)} statements run while each was open`,
    );
  }
}

// ───────────────────────────── stages ─────────────────────────────

async function timeStages(setup: DubanSetup, rounds: number): Promise<void> {
  const { h, liaisons, chats, taskIds } = setup;
  const services = h.app.services;
  const once = onlyOnce(services, new Receipts());
  const stages: [string, (i: number) => Promise<unknown>][] = [
    ['onlyOnce (ProcessedUpdate insert)', async (i) => once({ update: { update_id: 9_000_000 + i } } as unknown as BotContext, async () => undefined)],
    ['identify: members.actorFor (cached)', (i) => services.members.actorFor(liaisons[i % liaisons.length]!)],
    ['identify: chats.viewOf (cached)', (i) => services.chats.viewOf(chats[i % chats.length]!)],
    [
      `tasks.report (${h.app.database.serial ? 'serial()' : 'transaction'})`,
      async (i) => {
        const g = i % chats.length;
        const actor = await services.members.actorFor(liaisons[g]!);
        const r = await services.tasks.report(
          { actor, chatId: BigInt(chats[g]!.id) },
          { taskId: taskIds[i % taskIds.length]!, unitId: actor.unitId!, value: { kind: 'percent', percent: 50 }, note: `stage ${i}`, evidence: [] },
        );
        if (!r.ok) throw new Error(`report failed: ${r.error.key}`);
      },
    ],
    ['summaries, one task (off the path)', (i) => services.tasks.queries.summaries({ taskIds: [taskIds[i % taskIds.length]!], includeFinished: true })],
    ['prisma: SELECT 1 ($queryRaw)', () => h.app.database.prisma.$queryRawUnsafe('SELECT 1')],
    ['prisma: empty $transaction', () => h.app.database.prisma.$transaction(async () => undefined)],
    ...(h.app.database.serial ? [['serial(): SELECT 1', () => h.app.database.serial!((db) => db.prepare('SELECT 1').get())] as [string, () => Promise<unknown>]] : []),
  ];
  console.log(`\nservice calls of one /report, each alone, ${rounds} rounds (mean ms, statements per call):`);
  for (const [name, fn] of stages) {
    for (let i = 0; i < 20; i++) await fn(i + 100_000); // warm
    sql.reset();
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await fn(i);
    const ms = (performance.now() - t0) / rounds;
    const statements = [...sql.byKind.values()].reduce((n, s) => n + s.count, 0) / rounds;
    console.log(`  ${name.padEnd(38)} ${ms.toFixed(3).padStart(7)} ms  ${statements.toFixed(1).padStart(4)} statements`);
  }
}

// ───────────────────────────── CPU profile ─────────────────────────────

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function categoryOf(url: string): string | undefined {
  if (url === '') return undefined;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    if (nm[1] === '@prisma/client' && url.includes('/runtime/')) return '@prisma/client runtime (query compiler/interpreter)';
    return nm[1]!;
  }
  if (url.includes('/src/db/generated/')) return 'prisma generated client';
  if (url.startsWith('node:')) return /node:internal\/(http|_http|net|stream|streams|url|dns|timers|tls|deps\/undici|fetch)/.test(url) ? 'node: http/net/streams/fetch' : 'node: other internals';
  if (url.includes('/test/support/')) return 'fake Bot API (test/support)';
  if (url.includes('/bench/')) return 'bench';
  if (url.includes('/src/') || url.includes('/commands/')) return 'duban src + commands';
  return url.replace(/^.*\//, '');
}

function summarizeProfile(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let category: string | undefined;
    if (name === '(idle)' || name === '(garbage collector)' || name === '(program)') category = name;
    // Native code (better-sqlite3's C++, V8 builtins) is charged to the nearest JavaScript caller's package,
    // looking through this script's own SQL-timing wrapper.
    const native = node.callFrame.url === '' && category === undefined;
    for (let at: number | undefined = id; category === undefined && at !== undefined; at = parent.get(at)) {
      const c = categoryOf(byId.get(at)!.callFrame.url);
      if (c !== 'bench' || !native) category = c;
    }
    if (native && (category === 'better-sqlite3' || category === '@prisma/adapter-better-sqlite3')) category = 'SQLite native (prepare/step via better-sqlite3)';
    category ??= '(root)';
    categories.set(category, (categories.get(category) ?? 0) + us);
    const label = `${name || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${node.callFrame.lineNumber + 1}`;
    functions.set(label, (functions.get(label) ?? 0) + us);
  }
  console.log(`\nCPU profile of the concurrent phase (${(total / 1e6).toFixed(2)} s sampled), self time by package:`);
  for (const [c, us] of [...categories].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${c}`);
  }
  console.log('top functions by self time:');
  for (const [f, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 15))) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${f.slice(0, 140)}`);
  }
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  instrumentSqlite();
  const setup = await setUpDuban(options);
  const { h } = setup;
  try {
    failOnWrong(await timePhase('warm-up', h.tg, reportItems(setup, 5 * setup.chats.length, '预热'), answersReport, reportRecorded, options.timeoutMs));
    await drained(h.tg, 5000);

    // One at a time: the cost of one /report end to end, without queueing.
    const sequential = Math.min(200, options.updates);
    sql.reset();
    const latencies: number[] = [];
    for (const item of reportItems(setup, sequential, '单条')) {
      const one = await timePhase('sequential', h.tg, [item], answersReport, reportRecorded, options.timeoutMs);
      failOnWrong(one);
      latencies.push(one.p50);
    }
    latencies.sort((a, b) => a - b);
    console.log(`one /report at a time: latency p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(2)} ms (push → answer arrives at the fake)`);
    printSql(sequential, `one /report at a time (${sequential})`, latencies.reduce((a, b) => a + b, 0));
    await drained(h.tg, 5000);

    // All at once, under the CPU profiler.
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    sql.reset();
    const t0 = performance.now();
    const result = await timePhase('duban', h.tg, reportItems(setup, options.updates, '进展'), answersReport, reportRecorded, options.timeoutMs);
    const wall = performance.now() - t0;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    failOnWrong(result);
    console.log(`\n${options.updates} at once: ${result.perSecond.toFixed(0)} updates/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms`);
    printSql(options.updates, `${options.updates} /report at once`, wall);
    summarizeProfile(profile as unknown as Profile);
    await drained(h.tg, 5000);

    await timeStages(setup, 300);
  } finally {
    await h.close();
  }
}

const watchdog = setTimeout(() => {
  console.error('gave up: the profile did not finish within 600 s');
  process.exit(2);
}, 600_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
