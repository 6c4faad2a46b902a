/**
 * Throughput of the real bot for `/report` updates from many liaisons, next to a bare grammY + runner echo bot,
 * each against its own fake Bot API (test/support/fake-telegram/) on 127.0.0.1.
 *
 *   npx tsx bench/throughput.ts [--updates N] [--groups G] [--tasks K] [--timeout SECONDS]
 *                               [--database sqlite|postgres|postgresql://…] [--child] [--rate R]
 *   npm run bench:throughput -- --updates 1000 --database postgres --child
 *
 * For each bot: N updates are pushed into the fake's queue, spread round-robin over G chats — all at once, or
 * paced at R a second with --rate; the clock runs from the first push to the N-th answer (sendMessage to one of
 * those chats, timed when the request reaches the fake). An answer is matched to its update per chat in order
 * (each bot answers a chat's updates in turn), confirmed by its reply_parameters (Duban) or its text (echo).
 * Every answer must be the expected one, and Duban must have stored one progress report per update.
 * All at once, a third row runs the same receives and reports through Duban's services alone, on the same
 * database, in this process (no Bot API, no grammY), grouped in a burst as the bot groups them (informational).
 * On PostgreSQL, pgbench then runs the same receive and report statements, one update per transaction, one
 * client per chat (bench/pgbench.ts): the database's speed for the bot's statements, which the issue's goal
 * compares the bot with. Without pgbench on PATH the bench says so and prints no such figure.
 *
 * --database: a temp SQLite file (default), or a temp schema on the test PostgreSQL server (`postgres`:
 * TEST_DATABASE_URL or 127.0.0.1:5432/test) or on the server of the URL given; the schema is dropped after.
 * --child: Duban runs as a child process started as the crash tests start it (test/support/bot-process.ts,
 * configured from its environment), so its CPU and event loop are its own; the echo bot too (bench/echo-bot.ts),
 * so that both talk to the fake Bot API across processes (--echo-in-process: the echo bot stays here, as this
 * bench ran it before).
 * --rate: keeping up means answering at the rate pushed; the latencies (push to answer) show how far behind.
 *
 * Exit code: 0 when every answer was right (whether or not the target was met), 1 on a wrong/missing answer,
 * 2 on bad arguments or a timeout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Chat, User } from 'grammy/types';
import { group, startFakeTelegram, user, type FakeTelegram, type Params, type UpdateInput } from '../test/support/fake-telegram/index.ts';
import { startHarness, TEST_TOKEN, type Harness } from '../test/support/harness.ts';
import { killAll, spawnChild, type ChildProcess } from '../test/support/bot-processes.ts';
import { productionNodeOptions } from '../test/support/children.ts';
import { createTempPgSchema, pgAvailable, pgServerUrl } from '../test/support/postgres.ts';
import { openDatabase } from '../src/db/client.ts';
import type { Db } from '../src/db/types.ts';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { MemberService } from '../src/services/members.ts';
import { TaskQueries } from '../src/services/task-queries.ts';
import { TaskService } from '../src/services/tasks.ts';
import { UpdateLog } from '../src/services/updates.ts';
import { runPgbench, type PgbenchResult } from './pgbench.ts';

const TARGET_RATIO = 0.5;
const PACED_P99_MS = 50;
const WARMUP_PER_CHAT = 5;
/**
 * Paced, each bot first runs this long at the rate it is measured at, and that stretch is printed apart: a bot
 * just started answers its first thousand or so updates with code V8 has not optimised yet (measured: Duban's
 * first half second at 1,000/s used 90% of a core, the rest 45–65%), and the figure judged is the pace of a bot
 * that has been running. The start itself is the footprint bench's row.
 */
const PACED_WARMUP_SECONDS = 2;
/** The county clock the real bot sees: 2026-11-20 10:00 in Asia/Shanghai. */
const CLOCK = new Date('2026-11-20T02:00:00Z');
const DUE_DATE = '2026-12-31';

// ───────────────────────────── arguments ─────────────────────────────

export interface Options {
  updates: number;
  groups: number;
  tasks: number;
  timeoutMs: number;
  /** 'sqlite', 'postgres' (the test server) or a PostgreSQL server URL */
  database: string;
  child: boolean;
  /** with --child, the echo bot in this process all the same (as this bench measured it before it had a child) */
  echoInProcess: boolean;
  /** updates pushed a second, or null: all at once */
  rate: number | null;
}

const USAGE =
  'usage: npx tsx bench/throughput.ts [--updates N (2000)] [--groups G (20)] [--tasks K (5)] [--timeout SECONDS (120)] ' +
  '[--database sqlite|postgres|postgresql://… (sqlite)] [--child [--echo-in-process]] [--rate R (all at once)]';

export function parseArgs(argv: string[]): Options {
  const options: Options = { updates: 2000, groups: 20, tasks: 5, timeoutMs: 120_000, database: 'sqlite', child: false, echoInProcess: false, rate: null };
  const limits: Record<string, [min: number, max: number]> = {
    '--updates': [1, 1_000_000],
    '--groups': [1, 100],
    '--tasks': [1, 100],
    '--timeout': [1, 3600],
    '--rate': [1, 100_000],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--child' || arg === '--echo-in-process') {
      if (arg === '--child') options.child = true;
      else options.echoInProcess = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    if (flag === '--database') {
      const raw = inline ?? argv[++i];
      if (raw !== 'sqlite' && raw !== 'postgres' && !/^postgres(ql)?:\/\//.test(raw ?? '')) usage(`--database needs sqlite, postgres or a postgresql:// URL (got ${raw ?? 'nothing'})`);
      options.database = raw!;
      continue;
    }
    const range = limits[flag];
    if (!range) usage(`unknown argument ${arg}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      usage(`${flag} needs an integer from ${range[0]} to ${range[1]} (got ${raw ?? 'nothing'})`);
    }
    if (flag === '--updates') options.updates = value;
    else if (flag === '--groups') options.groups = value;
    else if (flag === '--tasks') options.tasks = value;
    else if (flag === '--rate') options.rate = value;
    else options.timeoutMs = value * 1000;
  }
  return options;
}

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

// ───────────────────────────── measuring ─────────────────────────────

/** One update to push, and how to recognise its answer. */
export interface Item {
  chatId: number;
  messageId: number;
  text: string;
  update: UpdateInput;
}

interface Pending extends Item {
  pushedAt: number;
}

export interface PhaseResult {
  bot: string;
  /** the same bot's warm-up phase, when paced (printed, not judged) */
  warmUp?: PhaseResult;
  updates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** answers that were not the expected one */
  wrong: string[];
  /** answers matched out of per-chat order (informational) */
  outOfOrder: number;
  /** sendMessage calls to the measured chats beyond one per update */
  stray: number;
  /** getUpdates calls over the phase (the runner takes as many updates as it has room for) */
  fetches?: number;
  /** the bot process's CPU time per update over the phase (a child's only) */
  cpuMsPerUpdate?: number;
}

export class Timeout extends Error {}

/**
 * Pushes every item at once and waits for one answer per item (bounded by timeoutMs).
 * `isAnswerTo` confirms that a sendMessage is the answer to that item; `problem` says what is wrong with its text.
 */
export async function timePhase(
  bot: string,
  tg: FakeTelegram,
  items: readonly Item[],
  isAnswerTo: (item: Item, params: Params) => boolean,
  problem: (item: Item, text: string) => string | null,
  timeoutMs: number,
  ratePerSecond: number | null = null,
): Promise<PhaseResult> {
  const byChat = new Map<string, Pending[]>();
  const latencies: number[] = [];
  const wrong: string[] = [];
  let outOfOrder = 0;
  let stray = 0;
  let lastAt = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));

  let fetches = 0;
  tg.onRequest = (req) => {
    if (req.method === 'getUpdates') fetches++;
    if (req.method !== 'sendMessage') return undefined;
    const at = performance.now();
    const queue = byChat.get(String(req.params.chat_id));
    if (!queue) return undefined; // another chat (e.g. a notification): not ours to count
    if (queue.length === 0) {
      stray++;
      if (wrong.length < 1000) wrong.push(`chat ${String(req.params.chat_id)}: an answer beyond one per update: ${String(req.params.text).slice(0, 120)}`);
      return undefined;
    }
    let index = queue.findIndex((item) => isAnswerTo(item, req.params));
    if (index > 0) outOfOrder++;
    if (index < 0) index = 0; // unrecognised: charge it to the oldest update of the chat, and say so below
    const [item] = queue.splice(index, 1) as [Pending];
    latencies.push(at - item.pushedAt);
    const text = String(req.params.text ?? '');
    const bad = problem(item, text);
    if (bad !== null && wrong.length < 1000) wrong.push(`chat ${item.chatId} message ${item.messageId} «${item.text}»: ${bad}`);
    lastAt = at;
    if (latencies.length === items.length) resolveAll();
    return undefined;
  };

  for (const item of items) {
    const key = String(item.chatId);
    if (!byChat.has(key)) byChat.set(key, []);
  }
  const start = performance.now();
  const deadline = start + timeoutMs;
  for (const [i, item] of items.entries()) {
    if (ratePerSecond !== null) {
      // Paced: the i-th update goes at start + i/R; a late timer pushes what is due at once.
      const wait = start + (i * 1000) / ratePerSecond - performance.now();
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - performance.now())));
      if (performance.now() > deadline) break;
    }
    const pushedAt = performance.now();
    byChat.get(String(item.chatId))!.push({ ...item, pushedAt });
    tg.pushUpdate(item.update);
  }

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Timeout(`${bot}: gave up after ${timeoutMs / 1000} s with ${latencies.length}/${items.length} updates answered`)),
      Math.max(0, deadline - performance.now()),
    );
  });
  try {
    await Promise.race([all, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  // Answers arriving after the N-th are strays; give them a moment to show up.
  await new Promise((resolve) => setTimeout(resolve, 100));
  tg.onRequest = undefined;

  const seconds = (lastAt - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    bot,
    updates: items.length,
    seconds,
    perSecond: items.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    wrong,
    outOfOrder,
    stray,
    fetches,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Waits (bounded) until the fake has handed out every update and the bot confirmed it. */
export async function drained(tg: FakeTelegram, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (tg.pendingUpdates().length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

export const replyToOf = (params: Params): number | undefined => (params.reply_parameters as { message_id?: number } | undefined)?.message_id;

// ───────────────────────────── Duban ─────────────────────────────

export interface DubanSetup {
  h: Harness;
  tg: FakeTelegram;
  chats: Chat.SupergroupChat[];
  liaisons: User[];
  taskIds: number[];
}

/** Duban measured: its fake Bot API, its groups and liaisons, the tasks they report on. */
interface DubanTarget {
  tg: FakeTelegram;
  chats: Chat.SupergroupChat[];
  liaisons: User[];
  taskIds: number[];
  /** The database it runs on. */
  url: string;
  /** The CPU time its process has used, in ms (a child's, read from /proc; null where it cannot be told apart). */
  cpuMs(): number | null;
  progressReports(): Promise<number>;
  close(): Promise<void>;
}

const OFFICE = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });

/** The database Duban runs on: a temp SQLite file, or a temp schema on a PostgreSQL server, dropped by `drop`. */
async function benchDatabase(database: string): Promise<{ name: string; url: string | undefined; drop(): Promise<void> }> {
  if (database === 'sqlite') return { name: 'SQLite', url: undefined, drop: async () => undefined };
  const server = database === 'postgres' ? pgServerUrl() : database;
  const available = await pgAvailable(server);
  if (!available.ok) throw new Error(`PostgreSQL is not reachable (${available.reason}): no PostgreSQL figures`);
  const schema = await createTempPgSchema('duban_bench', server);
  return { name: 'PostgreSQL', url: schema.url, drop: () => schema.drop() };
}

/** The county's groups bound and their liaisons granted, the way the office does it, by `say`ing commands. */
async function bindGroups(
  units: readonly { id: number; name: string }[],
  say: (from: User, chat: Chat, text: string) => Promise<string>,
  tg: FakeTelegram,
): Promise<{ chats: Chat.SupergroupChat[]; liaisons: User[] }> {
  const chats: Chat.SupergroupChat[] = [];
  const liaisons: User[] = [];
  for (const [i, unit] of units.entries()) {
    const chat = group(-1_001_000_000_000 - i, `${unit.name}工作群`);
    const liaison = user(3001 + i, { first_name: `联络员${i + 1}`, username: `liaison_${i + 1}`, language_code: 'zh-hans' });
    expectText(await say(OFFICE, chat, `/bind ${unit.name}`), '已绑定', `/bind ${unit.name}`);
    tg.pushUpdate(tg.message({ from: liaison, chat, text: '大家好' }));
    expectText(await say(OFFICE, chat, `/grant @${liaison.username} liaison`), '联络员', `/grant @${liaison.username}`);
    chats.push(chat);
    liaisons.push(liaison);
  }
  return { chats, liaisons };
}

/** The first G townships, then departments to make up G (the default organisation has fewer than 20 townships). */
async function benchUnits(prisma: Db, groups: number): Promise<{ id: number; name: string }[]> {
  const townships = await prisma.unit.findMany({ where: { kind: 'township' }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  const departments =
    townships.length >= groups ? [] : await prisma.unit.findMany({ where: { kind: 'department' }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], take: groups - townships.length });
  const units = [...townships, ...departments].slice(0, groups);
  if (units.length < groups) throw new Error(`only ${units.length} townships and departments to bind ${groups} groups to`);
  return units;
}

/** A process's user and system CPU time in ms, from /proc (Linux), or null. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ, which /proc/<pid>/stat counts in. */
const CLOCK_TICKS = 100;

/** Duban in a child process on its own fake Bot API; the tasks are written to its database from here. */
async function setUpDubanChild(options: Options, databaseUrl: string | undefined): Promise<DubanTarget> {
  const children = new Set<ChildProcess>();
  const tg = await startFakeTelegram();
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const url = databaseUrl ?? `file:${join(dir, 'duban.db')}`;
  const close = async () => {
    const running = [...children];
    for (const child of running) child.kill('SIGTERM');
    await Promise.race([Promise.all(running.map((c) => c.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    killAll(children);
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const bot = spawnChild(
      children,
      'test/support/bot-process.ts',
      [CLOCK.toISOString(), 'serve'],
      { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_URL: url, ADMIN_IDS: String(OFFICE.id), PORT: '0', EVIDENCE_DIR: join(dir, 'evidence') },
      dir,
      // As `npm run start:prod` runs it; the echo bot runs with node's defaults, as a stock grammY bot does.
      productionNodeOptions(),
    );
    await bot.event('started', 60_000);
    const database = await openDatabase(url, { migrate: false });
    try {
      const units = await benchUnits(database.prisma, options.groups);
      const say = async (from: User, chat: Chat, text: string) => String((await tg.pushAndWait(tg.message({ from, chat, text }))).params.text);
      const { chats, liaisons } = await bindGroups(units, say, tg);
      const committee = await database.prisma.committee.findFirstOrThrow({ orderBy: { id: 'asc' } });
      const taskIds: number[] = [];
      for (let k = 0; k < options.tasks; k++) {
        const task = await database.prisma.task.create({
          data: {
            title: `基准测试任务 ${k + 1}`,
            committeeId: committee.id,
            dueDate: DUE_DATE,
            status: 'in_progress',
            createdById: BigInt(OFFICE.id),
            assignments: { create: units.map((unit, j) => ({ unitId: unit.id, role: j === k % units.length ? 'lead' : 'cooperating', dueDate: DUE_DATE })) },
          },
        });
        taskIds.push(task.id);
      }
      return {
        tg,
        chats,
        liaisons,
        taskIds,
        url,
        cpuMs: () => processCpuMs(bot.pid),
        progressReports: () => database.prisma.progressReport.count(),
        close: async () => {
          await database.close();
          await close();
        },
      };
    } catch (error) {
      await database.close();
      throw error;
    }
  } catch (error) {
    await close();
    throw error;
  }
}

export async function setUpDuban(options: Options, databaseUrl?: string): Promise<DubanSetup> {
  const office = OFFICE;
  const h = await startHarness({ adminIds: [office.id], now: () => CLOCK, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    const prisma = h.app.database.prisma;
    const units = await benchUnits(prisma, options.groups);
    const { chats, liaisons } = await bindGroups(units, (from, chat, text) => h.say(from, chat, text), h.tg);

    const actor = await h.app.services.members.actorFor(office);
    const committee = await prisma.committee.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const taskIds: number[] = [];
    for (let k = 0; k < options.tasks; k++) {
      const created = await h.app.services.tasks.create(
        { actor, chatId: BigInt(office.id) },
        {
          title: `基准测试任务 ${k + 1}`,
          committeeId: committee.id,
          description: null,
          dueDate: DUE_DATE,
          measure: null,
          assignments: units.map((unit, j) => ({ unitId: unit.id, role: j === k % units.length ? 'lead' : 'cooperating', quota: null })),
        },
      );
      if (!created.ok) throw new Error(`task not created: ${created.error.key}`);
      taskIds.push(created.value.id);
    }
    return { h, tg: h.tg, chats, liaisons, taskIds };
  } catch (error) {
    await h.close();
    throw error;
  }
}

function expectText(text: string, wanted: string, what: string): void {
  if (!text.includes(wanted)) throw new Error(`setup: ${what} answered «${text.slice(0, 200)}», expected it to contain «${wanted}»`);
}

export function reportItems(setup: Pick<DubanSetup, 'tg' | 'chats' | 'liaisons' | 'taskIds'>, count: number, tag: string): Item[] {
  const { tg, chats, liaisons, taskIds } = setup;
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const g = i % chats.length;
    const taskId = taskIds[Math.floor(i / chats.length) % taskIds.length]!;
    const text = `/report T${taskId} ${1 + (i % 100)}% ${tag}${i + 1}`;
    const update = tg.message({ from: liaisons[g]!, chat: chats[g]!, text });
    items.push({ chatId: chats[g]!.id, messageId: update.message.message_id, text, update });
  }
  return items;
}

/** The /report answer must say it was recorded, for the task it named. */
export const reportRecorded = (item: Item, text: string): string | null => {
  const code = /^\/report (T\d+)/.exec(item.text)![1]!;
  return text.includes(`已记录：${code} `) ? null : `expected «已记录：${code} …», got «${text.slice(0, 160)}»`;
};
/** Duban answers in a group quoting the command. */
export const answersReport = (item: Item, params: Params): boolean => replyToOf(params) === item.messageId;

/** Duban in this process (the harness) or in a child, on the database asked for. */
async function dubanTarget(options: Options, databaseUrl: string | undefined): Promise<DubanTarget> {
  if (options.child) return setUpDubanChild(options, databaseUrl);
  const setup = await setUpDuban(options, databaseUrl);
  const { h } = setup;
  return { ...setup, url: h.config.databaseUrl, cpuMs: () => null, progressReports: () => h.app.database.prisma.progressReport.count(), close: () => h.close() };
}

/**
 * The same receives and reports through Duban's own services on the same database, in this process, without
 * the bot (no Bot API, no grammY): one caller per chat, each in turn, as the chats' updates are handled. This
 * is the database's speed for Duban's statements; the bot's edges should cost no more than it does.
 */
async function benchServices(options: Options, target: DubanTarget): Promise<PhaseResult> {
  const database = await openDatabase(target.url, { migrate: false });
  try {
    const now = () => CLOCK;
    const db = database.prisma;
    const updates = new UpdateLog(db, now, 'bench-services');
    const tasks = new TaskService(db, new TaskQueries(db, database.provider, DEFAULT_RULES, 'Asia/Shanghai', now), now, updates);
    const members = new MemberService(db, new Set([OFFICE.id]));
    const actors = await Promise.all(target.liaisons.map((liaison) => members.actorFor(liaison)));
    const latencies: number[] = [];
    let next = 0;
    let wrong = 0;
    const start = performance.now();
    await Promise.all(
      target.chats.map(async (chat, g) => {
        const actor = actors[g]!;
        for (let i = g; i < options.updates; i += target.chats.length) {
          const began = performance.now();
          const updateId = 900_000_000 + next++;
          const update = { update_id: updateId, message: { message_id: updateId, date: 0, chat, from: target.liaisons[g]!, text: `/report ${i}` } };
          if (!(await updates.receive(update as never))) wrong++;
          const taskId = target.taskIds[Math.floor(i / target.chats.length) % target.taskIds.length]!;
          const reported = await tasks.report(
            { actor, chatId: BigInt(chat.id), updateId },
            { taskId, unitId: actor.unitId!, value: { kind: 'percent', percent: 1 + (i % 100) }, note: `服务${i + 1}`, evidence: [] },
          );
          if (!reported.ok) wrong++;
          latencies.push(performance.now() - began);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      bot: 'services',
      updates: options.updates,
      seconds,
      perSecond: options.updates / seconds,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      wrong: wrong > 0 ? [`${wrong} receive or report refused`] : [],
      outOfOrder: 0,
      stray: 0,
    };
  } finally {
    await database.close();
  }
}

/** pgbench on the same schema, with the bench's chats, units, liaisons and tasks (PostgreSQL only). */
async function benchPgbench(options: Options, target: DubanTarget): Promise<PgbenchResult> {
  const database = await openDatabase(target.url, { migrate: false });
  try {
    const bindings = await database.prisma.chatBinding.findMany({ where: { chatId: { in: target.chats.map((c) => BigInt(c.id)) } } });
    const unitOf = new Map(bindings.map((b) => [Number(b.chatId), b.unitId]));
    const chats = target.chats.map((chat, g) => ({
      unitId: unitOf.get(chat.id)!,
      chatId: chat.id,
      reporterTelegramId: target.liaisons[g]!.id,
      reporterName: target.liaisons[g]!.first_name,
      taskId: target.taskIds[g % target.taskIds.length]!,
    }));
    const result = await runPgbench(target.url, chats, options.updates, CLOCK);
    // What pgbench ran must have done the work: a report written for every update.
    const written = await database.prisma.progressReport.count({ where: { note: { startsWith: 'pgbench ' } } });
    if (result.ok && written !== result.transactions) return { ok: false, reason: `pgbench wrote ${written} reports in ${result.transactions} transactions` };
    return result;
  } finally {
    await database.close();
  }
}

interface DubanFigures {
  duban: PhaseResult;
  services: PhaseResult | null;
  pgbench: PgbenchResult | null;
}

async function benchDuban(options: Options, databaseUrl: string | undefined): Promise<DubanFigures> {
  const target = await dubanTarget(options, databaseUrl);
  const { tg } = target;
  try {
    const warmUp = warmUpLoad(options, target.chats.length);
    const warm = await timePhase('duban warm-up', tg, reportItems(target, warmUp.updates, '预热'), answersReport, reportRecorded, options.timeoutMs, warmUp.rate);
    failOnWrong(warm);
    await drained(tg, 5000);

    const before = await target.progressReports();
    const cpuBefore = target.cpuMs();
    const result = await timePhase('duban', tg, reportItems(target, options.updates, '进展'), answersReport, reportRecorded, options.timeoutMs, options.rate);
    const cpuAfter = target.cpuMs();
    if (cpuBefore !== null && cpuAfter !== null) result.cpuMsPerUpdate = (cpuAfter - cpuBefore) / options.updates;
    await drained(tg, 5000);
    const stored = (await target.progressReports()) - before;
    if (stored !== options.updates) result.wrong.push(`${stored} progress reports stored for ${options.updates} /report updates`);
    // Paced, the bot is measured against the rate asked for, not against the database's speed.
    if (options.rate !== null) return { duban: { ...result, warmUp: warm }, services: null, pgbench: null };
    const services = await benchServices(options, target);
    return { duban: result, services, pgbench: databaseUrl ? await benchPgbench(options, target) : null };
  } finally {
    await target.close();
  }
}

// ───────────────────────────── echo ─────────────────────────────

/** The echo bot in this process, or (--child) in a child of its own (bench/echo-bot.ts), as Duban runs. */
async function startEcho(options: Options, tg: FakeTelegram): Promise<{ stop: () => Promise<void>; cpuMs: () => number | null }> {
  if (options.child && !options.echoInProcess) {
    const children = new Set<ChildProcess>();
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-echo-'));
    const stop = async () => {
      for (const child of children) child.kill('SIGTERM');
      await Promise.race([Promise.all([...children].map((c) => c.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      killAll(children);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const echo = spawnChild(children, 'bench/echo-bot.ts', [], { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: tg.apiRoot }, dir);
      await echo.event('started', 60_000);
      return { stop, cpuMs: () => processCpuMs(echo.pid) };
    } catch (error) {
      await stop();
      throw error;
    }
  }
  const bot = new Bot(TEST_TOKEN, { client: { apiRoot: tg.apiRoot } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
  bot.catch(() => {
    /* a failed reply shows up as a missing answer */
  });
  await bot.init();
  const runner: RunnerHandle = run(bot);
  const stop = async () => {
    if (runner.isRunning()) await runner.stop();
  };
  return { stop, cpuMs: () => null };
}

async function benchEcho(options: Options): Promise<PhaseResult> {
  const tg = await startFakeTelegram();
  let echo: Awaited<ReturnType<typeof startEcho>> | undefined;
  try {
    echo = await startEcho(options, tg);

    const chats = Array.from({ length: options.groups }, (_, i) => group(-1_002_000_000_000 - i, `回声群${i + 1}`));
    const people = Array.from({ length: options.groups }, (_, i) => user(5001 + i, { first_name: `成员${i + 1}` }));
    const items = (count: number, tag: string): Item[] =>
      Array.from({ length: count }, (_, i) => {
        const g = i % chats.length;
        const text = `${tag} ${i + 1}：村庄生活污水治理 ${1 + (i % 100)}%`;
        const update = tg.message({ from: people[g]!, chat: chats[g]!, text });
        return { chatId: chats[g]!.id, messageId: update.message.message_id, text, update };
      });
    const isAnswerTo = (item: Item, params: Params) => params.text === item.text;
    const echoed = (item: Item, text: string) => (text === item.text ? null : `expected «${item.text}», got «${text.slice(0, 160)}»`);

    const warmUp = warmUpLoad(options, chats.length);
    const warm = await timePhase('echo warm-up', tg, items(warmUp.updates, '预热'), isAnswerTo, echoed, options.timeoutMs, warmUp.rate);
    failOnWrong(warm);
    await drained(tg, 5000);
    const cpuBefore = echo.cpuMs();
    const result = await timePhase('echo', tg, items(options.updates, '消息'), isAnswerTo, echoed, options.timeoutMs, options.rate);
    const cpuAfter = echo.cpuMs();
    if (cpuBefore !== null && cpuAfter !== null) result.cpuMsPerUpdate = (cpuAfter - cpuBefore) / options.updates;
    await drained(tg, 5000);
    return options.rate === null ? result : { ...result, warmUp: warm };
  } finally {
    await echo?.stop();
    await tg.close();
  }
}

/** The warm-up before a measured phase: a burst of a few updates per chat, or, paced, PACED_WARMUP_SECONDS at the rate. */
function warmUpLoad(options: Options, chats: number): { updates: number; rate: number | null } {
  if (options.rate === null) return { updates: WARMUP_PER_CHAT * chats, rate: null };
  return { updates: Math.max(WARMUP_PER_CHAT * chats, Math.round(options.rate * PACED_WARMUP_SECONDS)), rate: options.rate };
}

export function failOnWrong(result: PhaseResult): void {
  if (result.wrong.length > 0) throw new Error(`${result.bot}: ${result.wrong.length} wrong answer(s):\n  ${result.wrong.slice(0, 10).join('\n  ')}`);
}

// ───────────────────────────── report ─────────────────────────────

export function printTable(rows: PhaseResult[]): void {
  const header = ['bot', 'updates', 'seconds', 'updates/s', 'p50 ms', 'p99 ms'];
  const cells = rows.map((r) => [r.bot, String(r.updates), r.seconds.toFixed(2), r.perSecond.toFixed(0), r.p50.toFixed(0), r.p99.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(options: Options): Promise<number> {
  const cpus = os.cpus();
  console.log(
    `machine: node ${process.version}, ${cpus.length} cpu(s) (${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}`,
  );
  const database = await benchDatabase(options.database);
  const pacing = options.rate === null ? 'all at once' : `paced at ${options.rate}/s`;
  console.log(`load: ${options.updates} updates over ${options.groups} chats, ${pacing} (Duban: /report T<id> <p>% <note> from one liaison per unit group, ${options.tasks} percent tasks)`);
  const where = (child: boolean) => (child ? 'a child process' : 'in this process');
  console.log(`duban: ${database.name}, ${where(options.child)}; echo: ${where(options.child && !options.echoInProcess)}\n`);

  let echo: PhaseResult;
  let duban: PhaseResult;
  let services: PhaseResult | null;
  let pgbench: PgbenchResult | null;
  try {
    echo = await benchEcho(options);
    ({ duban, services, pgbench } = await benchDuban(options, database.url));
  } finally {
    await database.drop();
  }

  printTable([duban, echo, ...(services ? [services] : [])]);
  if (options.rate === null) {
    const ratio = duban.perSecond / echo.perSecond;
    console.log(`\nratio (duban / echo): ${ratio.toFixed(2)}`);
    console.log(`target ≥ ${TARGET_RATIO.toFixed(2)}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
    if (services) {
      const ofServices = duban.perSecond / services.perSecond;
      // Informational: the services batch a burst as the bot does, with no Bot API and no grammY around them.
      console.log(`ratio (duban / its services alone on ${database.name}, the same receives and reports): ${ofServices.toFixed(2)}`);
    }
    if (pgbench && !pgbench.ok) console.log(`\n!! NO pgbench FIGURE: ${pgbench.reason}`);
    if (pgbench?.ok) {
      const ofPgbench = duban.perSecond / pgbench.tps;
      console.log(`pgbench, the same receive and report statements per update, one update per transaction, ${pgbench.clients} clients: ${pgbench.tps.toFixed(0)} tps over ${pgbench.transactions}`);
      console.log(`ratio (duban / pgbench): ${ofPgbench.toFixed(2)}`);
      console.log(`target ≥ ${TARGET_RATIO.toFixed(2)}: ${ofPgbench >= TARGET_RATIO ? 'met' : 'NOT met'}`);
    }
  } else {
    // Keeping up: the last answer within a second of the last push, and the p99 latency under PACED_P99_MS.
    const pushSeconds = (options.updates - 1) / options.rate;
    for (const r of [duban, echo]) {
      const keptUp = r.seconds <= pushSeconds + 1;
      console.log(`\n${r.bot}: answered ${r.updates} in ${r.seconds.toFixed(2)} s for ${pushSeconds.toFixed(2)} s of pushing: ${keptUp ? 'kept up' : 'fell behind'}; p99 ${r.p99.toFixed(0)} ms`);
    }
    for (const r of [duban, echo]) {
      if (r.warmUp) console.log(`${r.bot}'s warm-up, its first ${r.warmUp.updates} updates at the same pace (not judged): p50 ${r.warmUp.p50.toFixed(0)} ms, p99 ${r.warmUp.p99.toFixed(0)} ms`);
    }
    const met = duban.seconds <= pushSeconds + 1 && duban.p99 < PACED_P99_MS;
    console.log(`target (duban keeps up, p99 < ${PACED_P99_MS} ms): ${met ? 'met' : 'NOT met'}`);
  }
  for (const r of [duban, echo]) {
    const cpu = r.cpuMsPerUpdate === undefined ? '' : `${r.cpuMsPerUpdate.toFixed(2)} ms of CPU per update, `;
    console.log(`${r.bot}'s process: ${cpu}${r.fetches} getUpdates calls`);
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  let failed = false;
  for (const r of [duban, echo, ...(services ? [services] : [])]) {
    if (r.outOfOrder > 0) console.log(`${r.bot}: ${r.outOfOrder} answer(s) arrived out of per-chat order (matched by ${r.bot === 'duban' ? 'reply_parameters' : 'text'})`);
    if (r.wrong.length > 0) {
      failed = true;
      console.log(`\n${r.bot}: FAILED — ${r.wrong.length} wrong answer(s)${r.stray > 0 ? ` (${r.stray} beyond one per update)` : ''}:`);
      for (const w of r.wrong.slice(0, 20)) console.log(`  ${w}`);
      if (r.wrong.length > 20) console.log(`  … and ${r.wrong.length - 20} more`);
    }
  }
  if (!failed) console.log(`answers: all ${duban.updates} /report answers said the report was recorded; all ${echo.updates} echoes matched`);
  return failed ? 1 : 0;
}

// Run only when started as a script (bench/profile-report.ts imports the pieces above).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  // A last bound on the whole run (setup included), in case something hangs outside a timed phase.
  const watchdog = setTimeout(() => {
    console.error(`gave up: the benchmark did not finish within ${(3 * options.timeoutMs) / 1000} s`);
    process.exit(2);
  }, 3 * options.timeoutMs);
  watchdog.unref();

  main(options).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Timeout ? error.message : error);
      process.exit(error instanceof Timeout ? 2 : 1);
    },
  );
}
