/**
 * Fan-out bench: a county of unit groups, each owed several messages, through the real app's Outbox and Sender
 * (startApp, scheduler off, QUIET_HOURS off) against the fake Bot API with Telegram's flood limits (30 sends a
 * second for the bot, 20 a minute per group, 429 with retry_after beyond them), with faults injected.
 *
 *   npm run bench:fanout -- --groups 100 --messages 22 --faults 0.03 [--timeout 600] [--seed 1]
 *
 * The messages are owed directly through the outbox with deterministic keys (`bench:fanout:<chat>:<n>`, kind
 * reminder, sendMessage), message by message across the groups, as a morning's jobs would owe them (each job one
 * per group). More than 20 per group (the default 22) makes the per-group minute limit bind.
 *
 * The app's clock starts at 2026-12-01 08:30 in the county (00:30Z) and moves with real time, so retry_after waits,
 * backoffs (in `notBefore`) and the per-minute windows really elapse and faulted sends are retried.
 *
 * --faults F: that fraction of the sendMessage requests is answered with a fault, chosen by a seeded hash of the
 * key and its attempt number (so the same sends fault whatever the interleaving), among four kinds: HTTP 500; the
 * connection dropped before the request is handled; the request handled (the message delivered) and then the
 * connection dropped before the answer; 429 with retry_after 2. Neither the fake nor Telegram dedupes, and the
 * sender cannot tell an accepted-then-dropped send from a dropped one, so it sends it again (at-least-once): each
 * such fault may explain one duplicate of its key. Any other duplicate is a bug.
 *
 * Prints: node version, CPUs, groups × messages, faults injected by kind, owed, delivered (distinct keys), lost
 * (owed keys never delivered), duplicates (and how many an accept-then-drop explains), 429s (natural: the fake's
 * limits; injected), time to the last delivery, delivered/s sustained, the best possible time under the limits
 * (max(ceil(total/30) − 1 s, (ceil(M/20) − 1) min): no schedule delivers the last message sooner after the first),
 * best/actual, and sustained/30.
 *
 * Exit code: 1 when a message is lost or a duplicate is not explained by an accept-then-drop; 2 on bad arguments
 * or when the outbox is not worked off within --timeout seconds (it reports first); 0 otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../src/app.ts';
import { parseConfig } from '../src/config/index.ts';
import type { OwedMessage } from '../src/delivery/outbox.ts';
import { startFakeTelegram } from '../test/support/fake-telegram/index.ts';
import type { RequestHook } from '../test/support/fake-telegram/types.ts';

const USAGE = 'usage: npx tsx bench/fanout.ts [--groups 100] [--messages 22] [--faults 0.03] [--timeout 600] [--seed 1]';
const GLOBAL_PER_SECOND = 30;
const GROUP_PER_MINUTE = 20;
const INJECTED_RETRY_AFTER = 2;
const KEY_PREFIX = 'bench:fanout:';
const FAULTS = ['http500', 'dropBefore', 'acceptThenDrop', 'tooMany'] as const;
type Fault = (typeof FAULTS)[number];

function parseArgs(argv: string[]): { groups: number; messages: number; faults: number; timeoutS: number; seed: number } | string {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    const value = argv[i + 1];
    if (!['--groups', '--messages', '--faults', '--timeout', '--seed'].includes(name)) return `unknown argument ${name}`;
    if (value === undefined) return `${name} needs a value`;
    values.set(name.slice(2), value);
  }
  const number = (name: string, fallback: number, ok: (n: number) => boolean, what: string): number | string => {
    const raw = values.get(name);
    const n = raw === undefined ? fallback : Number(raw);
    return Number.isFinite(n) && ok(n) ? n : `--${name} must be ${what}, not ${raw}`;
  };
  const int = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi;
  const groups = number('groups', 100, int(1, 10_000), 'an integer 1–10000');
  const messages = number('messages', 22, int(1, 200), 'an integer 1–200');
  const faults = number('faults', 0.03, (n) => n >= 0 && n <= 0.5, 'a fraction 0–0.5');
  const timeoutS = number('timeout', 600, (n) => n > 0 && n <= 86_400, 'seconds, more than 0');
  const seed = number('seed', 1, int(0, 2 ** 31 - 1), 'a non-negative integer');
  for (const v of [groups, messages, faults, timeoutS, seed]) if (typeof v === 'string') return v;
  return { groups: groups as number, messages: messages as number, faults: faults as number, timeoutS: timeoutS as number, seed: seed as number };
}

/** A 32-bit hash of the seed and a string (FNV-1a, then a murmur finaliser): the same send faults every run. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const parsedArgs = parseArgs(process.argv.slice(2));
if (typeof parsedArgs === 'string') {
  console.error(`${parsedArgs}\n${USAGE}`);
  process.exit(2);
}
const { groups, messages, faults, timeoutS, seed } = parsedArgs;
const keyOf = (text: unknown) => (typeof text === 'string' ? /bench:fanout:-\d+:\d+/.exec(text)?.[0] : undefined);

// Faults: per key, its attempts so far; per kind, how many; per key, its accept-then-drops.
const attempts = new Map<string, number>();
const injected: Record<Fault, number> = { http500: 0, dropBefore: 0, acceptThenDrop: 0, tooMany: 0 };
const acceptedThenDropped = new Map<string, number>();
const inject: RequestHook = ({ method, params }) => {
  const key = method === 'sendMessage' ? keyOf(params.text) : undefined;
  if (key === undefined || faults === 0) return undefined;
  const attempt = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, attempt);
  const h = hash(seed, `${key}#${attempt}`);
  if (h / 2 ** 32 >= faults) return undefined;
  const fault = FAULTS[hash(seed + 1, `${key}#${attempt}`) % FAULTS.length]!;
  injected[fault]++;
  switch (fault) {
    case 'http500':
      return { reply: { ok: false, error_code: 500, description: 'Internal Server Error' } };
    case 'dropBefore':
      return { drop: true };
    case 'acceptThenDrop':
      acceptedThenDropped.set(key, (acceptedThenDropped.get(key) ?? 0) + 1);
      return { acceptThenDrop: true };
    case 'tooMany':
      return {
        reply: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${INJECTED_RETRY_AFTER}`, parameters: { retry_after: INJECTED_RETRY_AFTER } },
      };
  }
};

const tg = await startFakeTelegram({ rateLimit: { globalPerSecond: GLOBAL_PER_SECOND, perChatPerMinute: GROUP_PER_MINUTE }, onRequest: inject });
const dir = mkdtempSync(join(tmpdir(), 'duban-fanout-'));
let exitCode = 0;
try {
  const config = parseConfig({
    BOT_TOKEN: '123456789:BENCH-token-for-the-fake-bot-api_01',
    TELEGRAM_API_ROOT: tg.apiRoot,
    DATABASE_URL: `file:${join(dir, 'fanout.db')}`,
    PORT: '0',
    QUIET_HOURS: 'off',
  });
  if (!config.ok) throw new Error(config.error);
  // 08:30 in the county on a Tuesday, then moving with real time.
  const clockStart = Date.parse('2026-12-01T00:30:00Z');
  const t0 = performance.now();
  const now = () => new Date(clockStart + (performance.now() - t0));
  const app = await startApp(config.config, { logger: pino({ level: 'silent' }), scheduler: false, now });
  try {
    exitCode = await run(app);
  } finally {
    await app.stop();
  }
} finally {
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = exitCode;

async function run(app: Awaited<ReturnType<typeof startApp>>): Promise<number> {
  const db = app.database.prisma;
  // The county's unit groups: townships, each bound to its group chat.
  await db.unit.createMany({ data: Array.from({ length: groups }, (_, i) => ({ name: `压测乡镇${i + 1}`, kind: 'township', sortOrder: 1000 + i })) });
  const units = await db.unit.findMany({ where: { name: { startsWith: '压测乡镇' } }, orderBy: { id: 'asc' } });
  const chatIds = units.map((_, i) => BigInt(-1_000_000_000 - i));
  await db.chatBinding.createMany({ data: units.map((u, i) => ({ chatId: chatIds[i]!, kind: 'unit', unitId: u.id })) });

  const owedMessages: OwedMessage[] = [];
  for (let n = 1; n <= messages; n++) {
    for (const [i, chatId] of chatIds.entries()) {
      const key = `${KEY_PREFIX}${chatId}:${n}`;
      owedMessages.push({ key, chatId, kind: 'reminder', method: 'sendMessage', params: { text: `【压测】${units[i]!.name} 第 ${n}/${messages} 条提醒（${key}）` } });
    }
  }
  const since = tg.mark();
  const startedAt = Date.now();
  const owed = await app.services.outbox.enqueue(owedMessages);

  // Worked off: no bench row pending or sending (a row the sender gave up on is `failed`, and lost below).
  const deadline = performance.now() + timeoutS * 1000;
  let timedOut = false;
  for (;;) {
    const left = await db.outbox.count({ where: { key: { startsWith: KEY_PREFIX }, status: { in: ['pending', 'sending'] } } });
    if (left === 0) break;
    if (performance.now() > deadline) {
      timedOut = true;
      console.log(`TIMEOUT after ${timeoutS} s: ${left} rows still pending or sending`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.sender.stop(); // the sends in flight settle before counting

  const calls = tg.calls('sendMessage').filter((c) => c.seq >= since && keyOf(c.params.text) !== undefined);
  // A delivery: a send the fake handled and stored (an accept-then-drop included: the chat has the message).
  const deliveries = calls.filter((c) => c.response?.ok === true);
  const perKey = new Map<string, number>();
  const firstDelivery = new Map<string, number>();
  for (const c of deliveries) {
    const key = keyOf(c.params.text)!;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    if (!firstDelivery.has(key)) firstDelivery.set(key, c.at);
  }
  const lost = owedMessages.filter((m) => !perKey.has(m.key)).length;
  let duplicates = 0;
  let explained = 0;
  for (const [key, n] of perKey) {
    duplicates += n - 1;
    explained += Math.min(n - 1, acceptedThenDropped.get(key) ?? 0);
  }
  const times = deliveries.map((c) => c.at).sort((a, b) => a - b);
  const firstAt = times[0] ?? startedAt;
  const lastAt = Math.max(...firstDelivery.values(), startedAt);
  const span = (lastAt - firstAt) / 1000;
  const sustained = span > 0 ? (deliveries.filter((c) => c.at <= lastAt).length - 1) / span : 0;
  // No schedule under the limits gets the last of N messages out sooner after the first: 30 a sliding second
  // lets at most 30·(⌊T⌋+1) go in [0, T], 20 a sliding minute at most 20·(⌊T/60⌋+1) per group.
  const total = groups * messages;
  const best = Math.max(Math.ceil(total / GLOBAL_PER_SECOND) - 1, 60 * (Math.ceil(messages / GROUP_PER_MINUTE) - 1));
  const sender = app.sender.stats();

  const row = (label: string, value: string) => console.log(`${label.padEnd(24)}${value}`);
  console.log(
    `node ${process.version}, ${cpus().length} CPUs; ${groups} unit groups × ${messages} messages; limits ${GLOBAL_PER_SECOND}/s per bot, ${GROUP_PER_MINUTE}/min per group; faults ${faults} (seed ${seed})`,
  );
  row('faults injected', `${Object.values(injected).reduce((a, b) => a + b, 0)}: ${FAULTS.map((f) => `${f} ${injected[f]}`).join(', ')}`);
  row('owed (recorded)', `${owed} of ${total}`);
  row('delivered (distinct)', `${perKey.size}`);
  row('lost', timedOut ? `${lost} not delivered by the timeout (the ratios below are not meaningful)` : `${lost}`);
  row('duplicates', `${duplicates} (${explained} explained by accept-then-drop, ${duplicates - explained} not)`);
  row('429 answers', `${tg.tooManyRequests} natural, ${injected.tooMany} injected`);
  row('sender', `sent ${sender.sent}, retried ${sender.retried}, failed ${sender.failed}, 429 ${sender.tooManyRequests}`);
  row('time to last delivery', `${((lastAt - startedAt) / 1000).toFixed(2)} s after owing; ${span.toFixed(2)} s first to last`);
  row('delivered/s sustained', `${sustained.toFixed(2)} (sends the fake handled, first to last delivery)`);
  row('best possible', `${best} s first to last (max(ceil(${total}/${GLOBAL_PER_SECOND}) − 1 s, (ceil(${messages}/${GROUP_PER_MINUTE}) − 1) min))`);
  row('best / actual', span > 0 ? (best / span).toFixed(3) : 'n/a');
  row(`sustained / ${GLOBAL_PER_SECOND} msg/s`, (sustained / GLOBAL_PER_SECOND).toFixed(3));
  if (timedOut) return 2;
  return lost > 0 || duplicates > explained ? 1 : 0;
}
