/**
 * Footprint bench: the bot started as a child process against the fake Bot API, next to a bare grammY bot
 * (bench/support/bare-bot.mjs) in the same run: start to the first getUpdates (fresh and existing database), RSS
 * after idling, and CPU spent while idle, per minute: over the first idle minute, which holds the one GC that V8's
 * memory reducer runs once the start's allocations stop, and over the next, which is what every later idle minute
 * costs. Both run as compiled JavaScript by node alone, the bot with `npm run start:prod`'s node options; the bot
 * also through tsx (`npm start`) for comparison.
 *
 *   npx tsx bench/footprint.ts [--idle-seconds 30] [--before <checkout of an older commit>]
 *
 * Builds the bot into a folder of its own inside the checkout (removed after); every child is killed in finally.
 * Goals (issue 15): idle RSS < 120 MB, idle CPU < 150 ms a minute, start < 1 s (existing) / < 1.5 s (fresh).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeTelegram, type FakeTelegram } from '../test/support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../test/support/harness.ts';
import { productionNodeOptions } from '../test/support/children.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--idle-seconds');
const idleSeconds = Math.max(5, Math.min(120, at >= 0 ? Number(args[at + 1]) : 30));
const before = args.indexOf('--before');
/** A checkout of the code before (its own node_modules and generated clients), started through tsx as its npm start did. */
const beforeDir = before >= 0 ? args[before + 1] : undefined;
const ROOT = new URL('../', import.meta.url).pathname;
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLOCK_TICKS = 100; // USER_HZ on Linux
/** `npm run start:prod`'s node options: the bot is measured as it runs in production. */
const NODE_OPTIONS = productionNodeOptions();

const children = new Set<ChildProcess>();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process in ms, and its RSS in MB, from /proc. */
function usage(pid: number): { cpuMs: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs, rssMb: Number(rss?.[1] ?? 0) / 1024 };
}

interface Run {
  startMs: number;
  rssMb: number;
  /** over the first `idleSeconds` after the start settled */
  idleCpuMsPerMinute: number;
  /** over the next `idleSeconds` */
  steadyCpuMsPerMinute: number;
}

async function measure(tg: FakeTelegram, argv: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const since = tg.mark();
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // deleteWebhook is the last call before the first getUpdates (for both bots); the fake records a call when it
    // is answered, and a long poll is answered only after its timeout.
    await tg.waitForCall('deleteWebhook', { timeoutMs: 60_000, since });
    const startMs = performance.now() - started;
    // Let the start's work settle (menus, first ticks), then watch it idle.
    await delay(5_000);
    const before = usage(child.pid!);
    await delay(idleSeconds * 1000);
    const after = usage(child.pid!);
    await delay(idleSeconds * 1000);
    const later = usage(child.pid!);
    const perMinute = (from: { cpuMs: number }, to: { cpuMs: number }) => ((to.cpuMs - from.cpuMs) * 60) / idleSeconds;
    return { startMs, rssMb: after.rssMb, idleCpuMsPerMinute: perMinute(before, after), steadyCpuMsPerMinute: perMinute(after, later) };
  } catch (error) {
    throw new Error(`${argv.join(' ')}: ${String(error)}\n${errors.slice(-2000)}`);
  } finally {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, delay(10_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') child.kill('SIGKILL');
    children.delete(child);
  }
}

const fmt = (r: Run) =>
  `start ${Math.round(r.startMs)} ms, idle RSS ${r.rssMb.toFixed(0)} MB, idle CPU ${r.idleCpuMsPerMinute.toFixed(0)} ms/min first, ${r.steadyCpuMsPerMinute.toFixed(0)} after`;
const ratio = (a: Run, b: Run) =>
  `÷ bare: start ${(a.startMs / b.startMs).toFixed(2)}, RSS ${(a.rssMb / b.rssMb).toFixed(2)}, CPU ${(a.idleCpuMsPerMinute / Math.max(1, b.idleCpuMsPerMinute)).toFixed(2)} first, ${(a.steadyCpuMsPerMinute / Math.max(1, b.steadyCpuMsPerMinute)).toFixed(2)} after`;

const tg = await startFakeTelegram();
const dir = mkdtempSync(join(tmpdir(), 'duban-footprint-'));
const build = mkdtempSync(join(ROOT, '.test-build-'));
try {
  execFileSync(process.execPath, ['--import', TSX, join(ROOT, 'scripts/build.ts'), '--out', build], { stdio: 'pipe', timeout: 300_000 });
  const env = { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, PORT: '0', ORG_FILE: join(ROOT, 'prisma/org.yaml'), LOG_LEVEL: 'warn' };
  const bare = await measure(tg, [join(ROOT, 'bench/support/bare-bot.mjs')], env, dir);
  console.log(`bare grammY bot:              ${fmt(bare)}`);
  const fresh = await measure(tg, [...NODE_OPTIONS, join(build, 'src/main.js')], { ...env, DATABASE_URL: `file:${join(dir, 'prod.db')}` }, dir);
  console.log(`bot, compiled, fresh DB:      ${fmt(fresh)}  ${ratio(fresh, bare)}`);
  const existing = await measure(tg, [...NODE_OPTIONS, join(build, 'src/main.js')], { ...env, DATABASE_URL: `file:${join(dir, 'prod.db')}` }, dir);
  console.log(`bot, compiled, existing DB:   ${fmt(existing)}  ${ratio(existing, bare)}`);
  const viaTsx = await measure(tg, [...NODE_OPTIONS, '--import', TSX, join(ROOT, 'src/main.ts')], { ...env, DATABASE_URL: `file:${join(dir, 'prod.db')}` }, dir);
  console.log(`bot, npm start (tsx), existing: ${fmt(viaTsx)}  ${ratio(viaTsx, bare)}`);
  if (beforeDir) {
    const old = await measure(tg, ['--import', TSX, join(beforeDir, 'src/main.ts')], { ...env, DATABASE_URL: `file:${join(dir, 'before.db')}` }, dir);
    console.log(`before (${beforeDir}), fresh: ${fmt(old)}  ${ratio(old, bare)}`);
    const oldAgain = await measure(tg, ['--import', TSX, join(beforeDir, 'src/main.ts')], { ...env, DATABASE_URL: `file:${join(dir, 'before.db')}` }, dir);
    console.log(`before (${beforeDir}), existing: ${fmt(oldAgain)}  ${ratio(oldAgain, bare)}`);
  }
} finally {
  for (const child of children) child.kill('SIGKILL');
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
}
