import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { Outbox, type OwedMessage } from '../../src/delivery/outbox.ts';
import { DEFAULT_MAX_IN_FLIGHT, Sender, type SenderOptions } from '../../src/delivery/sender.ts';
import { prng } from '../support/malformed-inputs.ts';
import { CHAT_ERRORS, startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type RecordedCall } from '../support/fake-telegram/index.ts';

const TOKEN = '123456789:AAE-delivery-tests-secret-token_0123456';

interface Rig {
  tg: FakeTelegram;
  database: Database;
  outbox: Outbox;
  sender: Sender;
  /** JSON log lines */
  logs: string[];
  failures: Array<{ chatId: bigint; description: string }>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function rig(fake: FakeTelegramOptions = {}, options: Partial<SenderOptions> = {}): Promise<Rig> {
  const tg = await startFakeTelegram(fake);
  const dir = mkdtempSync(join(tmpdir(), 'duban-delivery-'));
  const database = await openDatabase(`file:${join(dir, 'outbox.db')}`);
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const failures: Rig['failures'] = [];
  const now = () => new Date();
  const sender = new Sender({
    db: database.prisma,
    provider: 'sqlite',
    api: new Api(TOKEN, { apiRoot: tg.apiRoot }),
    logger,
    now,
    instanceId: 'test-instance',
    onPermanentFailure: async (chatId, description) => void failures.push({ chatId, description }),
    ...options,
  });
  open.push(async () => {
    await sender.stop();
    await database.close();
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { tg, database, outbox: new Outbox(database.prisma, now), sender, logs, failures };
}

const message = (key: string, chatId: bigint, text: string): OwedMessage => ({ key, chatId, kind: 'reminder', method: 'sendMessage', params: { text } });

/** Successful sends (what the fake accepted) per chat, in order. */
function acceptedPerChat(tg: FakeTelegram): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of tg.sentItems()) out.set(item.chatId, [...(out.get(item.chatId) ?? []), item.text]);
  return out;
}

/** Most calls whose arrival falls in any window of `ms`. */
function maxInWindow(calls: RecordedCall[], ms: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const FLOOD_LIMITS = { globalPerSecond: 30, perChatPerMinute: 20 };

describe('Sender against a Bot API that enforces the flood limits', () => {
  it('paces 240 messages to 80 chats by its own clock: every one delivered once, in order, without a single 429', async () => {
    const { tg, outbox, sender, database } = await rig({ rateLimit: FLOOD_LIMITS });
    const owed: OwedMessage[] = [];
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 80; i++) {
        const chatId = i % 2 === 0 ? BigInt(-1_000_000 - i) : BigInt(100 + i);
        owed.push(message(`pace:${round}:chat:${chatId}`, chatId, `round ${round} to ${chatId}`));
      }
    }
    expect(await outbox.enqueue(owed)).toBe(240);
    sender.start();
    await sender.drain(60_000);

    const perChat = acceptedPerChat(tg);
    expect(perChat.size).toBe(80);
    for (const [chatId, texts] of perChat) expect(texts).toEqual([1, 2, 3].map((r) => `round ${r} to ${chatId}`));
    expect(tg.tooManyRequests).toBe(0);
    expect(sender.stats()).toEqual({ sent: 240, retried: 0, failed: 0, tooManyRequests: 0 });
    expect(await database.prisma.outbox.count({ where: { status: 'sent', messageId: { not: null }, sentAt: { not: null } } })).toBe(240);

    const calls = tg.calls('sendMessage');
    expect(maxInWindow(calls, 1000)).toBeLessThanOrEqual(29);
    for (const chatId of perChat.keys()) {
      const times = calls.filter((c) => String(c.params.chat_id) === chatId).map((c) => c.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
    const span = (calls.at(-1)!.at - calls[0]!.at) / 1000;
    const rate = (calls.length - 1) / span;
    console.log(`[delivery] fault-free: ${calls.length} messages in ${span.toFixed(2)} s = ${rate.toFixed(2)}/s (limit 30/s; the sender keeps to 29), 0 × 429`);
    expect(rate).toBeGreaterThan(22);
    expect(rate).toBeLessThanOrEqual(30);
  }, 60_000);

  it('delivers 220 messages exactly once through 5xx answers, dropped connections and 429s, never before a retry_after', async () => {
    const random = prng(20261201);
    const faults = new Map<string, number>();
    // Three chats get a 429 on their first message, far apart in the fan-out.
    const floodChats = new Set(['-2000030', '-2000100', '-2000170']);
    const RETRY_AFTER = 2;
    const { tg, outbox, sender, logs } = await rig({
      rateLimit: FLOOD_LIMITS,
      onRequest: ({ method, params }) => {
        if (method !== 'sendMessage') return undefined;
        const chat = String(params.chat_id);
        if (floodChats.delete(chat)) {
          return { reply: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${RETRY_AFTER}`, parameters: { retry_after: RETRY_AFTER } } };
        }
        const r = random();
        // At most two faults per chat keep the backoff (1 s, then 2 s) and so the test short.
        if ((faults.get(chat) ?? 0) >= 2) return undefined;
        if (r < 0.1) {
          faults.set(chat, (faults.get(chat) ?? 0) + 1);
          const code = [500, 502, 503, 504][Math.floor(random() * 4)]!;
          return { reply: { ok: false, error_code: code, description: code === 502 ? 'Bad Gateway' : 'Internal Server Error' } };
        }
        if (r < 0.15) {
          faults.set(chat, (faults.get(chat) ?? 0) + 1);
          return { drop: true }; // before processing: Telegram never saw it
        }
        return undefined;
      },
    });
    const owed: OwedMessage[] = [];
    for (let i = 0; i < 200; i++) {
      const chatId = BigInt(-2_000_000 - i);
      owed.push(message(`faults:1:chat:${chatId}`, chatId, `first to ${chatId}`));
      if (i % 10 === 0) owed.push(message(`faults:2:chat:${chatId}`, chatId, `second to ${chatId}`));
    }
    expect(await outbox.enqueue(owed)).toBe(220);
    const started = Date.now();
    sender.start();
    await sender.drain(60_000);
    const elapsed = (Date.now() - started) / 1000;

    // Every message arrived exactly once and in order, counted by what the fake accepted.
    const perChat = acceptedPerChat(tg);
    expect(perChat.size).toBe(200);
    for (let i = 0; i < 200; i++) {
      const chatId = String(-2_000_000 - i);
      expect(perChat.get(chatId)).toEqual(i % 10 === 0 ? [`first to ${chatId}`, `second to ${chatId}`] : [`first to ${chatId}`]);
    }
    const calls = tg.calls('sendMessage');
    const failedCalls = calls.filter((c) => c.dropped || (c.response && !c.response.ok));
    const injected5xx = failedCalls.filter((c) => c.response && !c.response.ok && c.response.error_code >= 500).length;
    const dropped = failedCalls.filter((c) => c.dropped).length;
    const floods = calls.filter((c) => c.response && !c.response.ok && c.response.error_code === 429);
    expect(injected5xx).toBeGreaterThan(5);
    expect(dropped).toBeGreaterThan(2);
    expect(floods).toHaveLength(3);
    expect(tg.tooManyRequests).toBe(0); // the fake's own limiter never had to refuse
    expect(sender.stats()).toEqual({ sent: 220, retried: injected5xx + dropped, failed: 0, tooManyRequests: 3 });

    // Nothing reached a flooded chat before its retry_after had passed since the 429.
    for (const flood of floods) {
      const next = calls.find((c) => c.seq > flood.seq && String(c.params.chat_id) === String(flood.params.chat_id));
      expect(next, `a retry to ${String(flood.params.chat_id)}`).toBeDefined();
      expect(next!.at - flood.at).toBeGreaterThanOrEqual(RETRY_AFTER * 1000);
    }
    // Retries back off: a chat's next try comes at least a second after a failure.
    for (const failed of failedCalls.filter((c) => c.response?.ok !== false || c.response.error_code !== 429)) {
      const next = calls.find((c) => c.seq > failed.seq && String(c.params.chat_id) === String(failed.params.chat_id));
      expect(next!.at - failed.at).toBeGreaterThanOrEqual(1000);
    }
    expect(maxInWindow(calls, 1000)).toBeLessThanOrEqual(29);
    const okCalls = calls.filter((c) => c.response?.ok);
    const rate = (okCalls.length - 1) / ((okCalls.at(-1)!.at - okCalls[0]!.at) / 1000);
    console.log(
      `[delivery] with faults: 220 delivered exactly once in ${elapsed.toFixed(2)} s (${rate.toFixed(2)}/s first to last delivery); ` +
        `${injected5xx} × 5xx, ${dropped} dropped connections, 3 × 429 injected; 0 × 429 from the limiter`,
    );
    // Structured logs, and never the token, although network errors were logged.
    expect(logs.some((l) => l.includes('will retry'))).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN.split(':')[1]);
    for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
  }, 60_000);

  it('stops everything on a 429 that is the bot’s (two chats flooded at once) until its retry_after has passed', async () => {
    let floods = 0;
    const { tg, outbox, sender } = await rig({
      onRequest: ({ method }) =>
        method === 'sendMessage' && floods++ < 3
          ? { reply: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } } }
          : undefined,
    });
    await outbox.enqueue(Array.from({ length: 20 }, (_, i) => message(`global:chat:${-300 - i}`, BigInt(-300 - i), `to ${-300 - i}`)));
    sender.start();
    await sender.drain(30_000);

    const calls = tg.calls('sendMessage');
    const floodCalls = calls.filter((c) => c.response?.ok === false);
    expect(floodCalls).toHaveLength(3);
    const lastFlood = Math.max(...floodCalls.map((c) => c.at));
    // The first claim put DEFAULT_MAX_IN_FLIGHT sends on the wire together; after them, nothing until 2 s passed.
    const firstBurst = calls.slice(0, DEFAULT_MAX_IN_FLIGHT);
    const afterwards = calls.slice(DEFAULT_MAX_IN_FLIGHT);
    expect(Math.max(...firstBurst.map((c) => c.at)) - Math.min(...firstBurst.map((c) => c.at))).toBeLessThan(500);
    expect(afterwards.length).toBeGreaterThan(0);
    for (const c of afterwards) expect(c.at - lastFlood).toBeGreaterThanOrEqual(2000);
    expect([...acceptedPerChat(tg).values()].every((texts) => texts.length === 1)).toBe(true);
    expect(acceptedPerChat(tg).size).toBe(20);
    expect(sender.stats().tooManyRequests).toBe(3);
  }, 30_000);

  it('does not let a group that spent its minute budget hold up the other chats', async () => {
    // The fake allows 4 a minute per chat; the sender keeps to 3.
    const { tg, outbox, sender } = await rig({ rateLimit: { globalPerSecond: 30, perChatPerMinute: 4 } }, { limits: { perChatPerMinute: 3 } });
    const busy = -900n;
    await outbox.enqueue(Array.from({ length: 10 }, (_, i) => message(`hol:busy:${i}`, busy, `busy ${i}`)));
    sender.start();
    await until(() => tg.sent(Number(busy)).length === 3, 10_000, 'the busy group’s minute budget');
    // The group's 7 other rows are older than anything owed from now on, and wait for its minute.
    await outbox.enqueue(Array.from({ length: 40 }, (_, i) => message(`hol:other:${i}`, BigInt(-901 - i), `other ${i}`)));
    const started = Date.now();
    sender.nudge();
    await until(() => tg.sent().filter((t) => t.startsWith('other')).length === 40, 10_000, 'the other chats');
    const othersMs = Date.now() - started;
    console.log(`[delivery] head-of-line: 40 other chats served in ${othersMs} ms while a group waited for its minute`);
    expect(othersMs).toBeLessThan(5000); // 40 at 29 a second: about 1.4 s
    expect(tg.sent(Number(busy))).toEqual(['busy 0', 'busy 1', 'busy 2']);
    expect(tg.tooManyRequests).toBe(0);
  }, 30_000);
});

describe('Sender on refusals and failures', () => {
  it('fails a kicked chat’s rows, reports it once, and leaves the other chats alone', async () => {
    const { tg, outbox, sender, database, failures } = await rig({ rateLimit: FLOOD_LIMITS });
    const kicked = -4001n;
    const gone = -4002n;
    tg.failChat(Number(kicked), CHAT_ERRORS.kicked);
    tg.failChat(Number(gone), CHAT_ERRORS.notFound);
    const owed: OwedMessage[] = [];
    for (let i = 0; i < 3; i++) {
      owed.push(message(`perm:${i}:kicked`, kicked, `kicked ${i}`));
      owed.push(message(`perm:${i}:gone`, gone, `gone ${i}`));
      for (let c = 0; c < 5; c++) owed.push(message(`perm:${i}:ok:${c}`, BigInt(-4100 - c), `ok ${c}.${i}`));
    }
    // A message Telegram refuses for itself (bad HTML): only that row fails; the chat's next message goes.
    owed.push(
      { ...message('perm:bad-html', -4200n, '<b>unclosed'), params: { text: '<b>unclosed', parse_mode: 'HTML' } },
      message('perm:after-bad-html', -4200n, 'fine'),
    );
    await outbox.enqueue(owed);
    sender.start();
    await sender.drain(30_000);

    const rows = await database.prisma.outbox.findMany({ orderBy: { id: 'asc' } });
    const of = (chatId: bigint) => rows.filter((r) => r.chatId === chatId);
    expect(of(kicked).map((r) => [r.status, r.error])).toEqual(Array(3).fill(['failed', CHAT_ERRORS.kicked.description]));
    expect(of(gone).map((r) => [r.status, r.error])).toEqual(Array(3).fill(['failed', CHAT_ERRORS.notFound.description]));
    // One try each: the chat's other rows were failed without being sent.
    expect(tg.calls('sendMessage').filter((c) => Number(c.params.chat_id) === Number(kicked))).toHaveLength(1);
    expect(tg.calls('sendMessage').filter((c) => Number(c.params.chat_id) === Number(gone))).toHaveLength(1);
    for (let c = 0; c < 5; c++) expect(tg.sent(-4100 - c)).toEqual([0, 1, 2].map((i) => `ok ${c}.${i}`));
    expect(of(-4200n).map((r) => r.status)).toEqual(['failed', 'sent']);
    expect(tg.sent(-4200)).toEqual(['fine']);

    expect(failures.map((f) => [f.chatId, f.description])).toEqual(
      expect.arrayContaining([
        [kicked, CHAT_ERRORS.kicked.description],
        [gone, CHAT_ERRORS.notFound.description],
      ]),
    );
    expect(failures.filter((f) => f.chatId === kicked)).toHaveLength(1);
    expect(failures.filter((f) => f.chatId === gone)).toHaveLength(1);
    expect(failures.filter((f) => f.chatId === -4200n)).toHaveLength(1);
    expect(sender.stats()).toMatchObject({ sent: 16, failed: 7, retried: 0 });

    // The same episode: another message to the kicked chat fails without a second report.
    await outbox.enqueue([message('perm:later:kicked', kicked, 'later')]);
    sender.nudge();
    await sender.drain(10_000);
    expect(failures.filter((f) => f.chatId === kicked)).toHaveLength(1);
    // Once the chat takes a message again, a new refusal is a new episode.
    tg.unfailChat(Number(kicked));
    await outbox.enqueue([message('perm:back:kicked', kicked, 'back')]);
    await sender.drain(10_000);
    tg.failChat(Number(kicked), CHAT_ERRORS.kicked);
    await outbox.enqueue([message('perm:again:kicked', kicked, 'again')]);
    await sender.drain(10_000);
    expect(failures.filter((f) => f.chatId === kicked)).toHaveLength(2);
  }, 30_000);

  it('retries 5xx with backoff, keeps the chat’s later messages behind, and gives up after maxAttempts', async () => {
    let failFirst = 2;
    const { tg, outbox, sender, database } = await rig(
      {
        onRequest: ({ method, params }) => {
          if (method !== 'sendMessage') return undefined;
          if (params.text === 'first' && failFirst-- > 0) return { reply: { ok: false, error_code: 502, description: 'Bad Gateway' } };
          if (params.text === 'doomed') return { reply: { ok: false, error_code: 500, description: 'Internal Server Error' } };
          return undefined;
        },
      },
      { maxAttempts: 3 },
    );
    await outbox.enqueue([message('retry:1', 55n, 'first'), message('retry:2', 55n, 'second'), message('retry:doomed', 56n, 'doomed')]);
    sender.start();
    await sender.drain(20_000);

    expect(tg.sent(55)).toEqual(['first', 'second']);
    const times = tg.calls('sendMessage').filter((c) => c.params.text === 'first').map((c) => c.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(2000);
    const doomed = await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'retry:doomed' } });
    expect(doomed).toMatchObject({ status: 'failed', attempts: 3, error: '500: Internal Server Error' });
    expect(tg.calls('sendMessage').filter((c) => c.params.text === 'doomed')).toHaveLength(3);
    expect(sender.stats()).toEqual({ sent: 2, retried: 4, failed: 1, tooManyRequests: 0 });
  }, 30_000);

  it('sends again when the connection drops after Telegram accepted the message (the documented at-least-once case)', async () => {
    let once = true;
    const { tg, outbox, sender, database } = await rig({
      onRequest: ({ method }) => {
        if (method === 'sendMessage' && once) {
          once = false;
          return { acceptThenDrop: true };
        }
        return undefined;
      },
    });
    await outbox.enqueue([message('atleastonce', -77n, 'digest')]);
    sender.start();
    await sender.drain(10_000);
    expect(tg.sent(-77)).toEqual(['digest', 'digest']);
    expect(await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'atleastonce' } })).toMatchObject({ status: 'sent', attempts: 1 });
  }, 20_000);
});

describe('Sender, the rest', () => {
  it('sends a photo from the stored PNG bytes, with its caption', async () => {
    const { tg, outbox, sender, database } = await rig();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
    await outbox.enqueue([
      { key: 'chart:1', chatId: -88n, kind: 'digest', method: 'sendPhoto', params: { caption: '<b>排名</b>', parse_mode: 'HTML' }, photo: png },
      message('chart:after', -88n, 'after the chart'),
    ]);
    sender.start();
    await sender.drain(10_000);
    const [photo] = tg.calls('sendPhoto');
    expect(photo?.params).toMatchObject({ chat_id: -88, caption: '<b>排名</b>', parse_mode: 'HTML' });
    expect(photo?.files?.[0]?.bytes.equals(png)).toBe(true);
    expect(tg.sentItems(-88).map((s) => s.method)).toEqual(['sendPhoto', 'sendMessage']);
    const row = await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'chart:1' } });
    expect(row.messageId).toBe((photo?.response as { result: { message_id: number } }).result.message_id);
  });

  it('edits a message it sent before; a refused edit fails only its row, quietly', async () => {
    const { tg, outbox, sender, database, failures } = await rig();
    await outbox.enqueue([message('tally', -99n, '已确认 0/3')]);
    sender.start();
    await sender.drain(10_000);
    const { messageId } = await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'tally' } });
    const edit = (key: string, id: number, text: string): OwedMessage => ({ key, chatId: -99n, kind: 'alert', method: 'editMessageText', params: { message_id: id, text } });
    await outbox.enqueue([edit('tally:1', messageId!, '已确认 2/3'), edit('tally:same', messageId!, '已确认 2/3'), edit('tally:gone', 424242, '已确认 3/3'), message('after', -99n, 'next')]);
    sender.nudge();
    await sender.drain(10_000);
    expect(tg.getMessage(-99, messageId!)?.text).toBe('已确认 2/3');
    const rows = new Map((await database.prisma.outbox.findMany()).map((r) => [r.key, r]));
    expect(rows.get('tally:1')).toMatchObject({ status: 'sent', messageId });
    expect(rows.get('tally:same')?.status).toBe('failed');
    expect(rows.get('tally:same')?.error).toContain('message is not modified');
    expect(rows.get('tally:gone')?.status).toBe('failed');
    expect(rows.get('after')?.status).toBe('sent');
    expect(failures).toEqual([]);
    await expect(outbox.enqueue([{ ...edit('bad', 1, 'x'), params: { text: 'x' } }])).rejects.toThrow('editMessageText without message_id');
  });

  it('takes back, at start, what a previous process left in flight (SQLite: one instance)', async () => {
    const { tg, outbox, sender, database } = await rig();
    await outbox.enqueue([message('left:1', 31n, 'left in flight'), message('left:2', 32n, 'pending')]);
    await database.prisma.outbox.update({ where: { key: 'left:1' }, data: { status: 'sending', claimedBy: 'dead-process', claimedAt: new Date() } });
    sender.start();
    await sender.drain(10_000);
    expect(tg.sent(31)).toEqual(['left in flight']);
    expect(tg.sent(32)).toEqual(['pending']);
  });

  it('takes back a row left claimed past its lease while it runs (SQLite too: an outcome that could not be written)', async () => {
    const { tg, outbox, sender, database } = await rig({}, { leaseMs: 1500 });
    await outbox.enqueue([message('warm', 34n, 'warm')]);
    sender.start();
    // Past the take-back at start: what follows is healed while running.
    await sender.drain(10_000);
    // What a failed outcome write leaves: the row claimed by this very process, long after its send.
    await outbox.enqueue([{ ...message('stuck:1', 33n, 'first'), notBefore: new Date(Date.now() + 3600_000) }]);
    await database.prisma.outbox.update({ where: { key: 'stuck:1' }, data: { status: 'sending', claimedBy: 'test-instance', claimedAt: new Date(), notBefore: new Date() } });
    await outbox.enqueue([message('stuck:2', 33n, 'second')]);
    await sender.drain(10_000);
    // The chat's later row waited behind the stuck one: order holds.
    expect(tg.sent(33)).toEqual(['first', 'second']);
    expect(await database.prisma.outbox.count({ where: { status: 'sent' } })).toBe(3);
  });

  it('holds every row of a chat refused with retry_after, across a restart', async () => {
    const RETRY_AFTER = 3;
    let refused = false;
    const { tg, outbox, sender, database } = await rig({
      onRequest: ({ method, params }) => {
        if (method !== 'sendMessage' || String(params.chat_id) !== '-4242' || refused) return undefined;
        refused = true;
        return { reply: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${RETRY_AFTER}`, parameters: { retry_after: RETRY_AFTER } } };
      },
    });
    await outbox.enqueue([message('flood:1', -4242n, 'one'), message('flood:2', -4242n, 'two'), message('flood:3', -4242n, 'three')]);
    sender.start();
    await until(() => refused, 5000, 'the 429');
    const refusedAt = Date.now();
    // The process dies right after the 429 (here: its sender stops); a fresh one, with a fresh pacer, takes over.
    await sender.stop();
    const rows = await database.prisma.outbox.findMany({ where: { chatId: -4242n }, orderBy: { id: 'asc' } });
    for (const row of rows) expect(row.notBefore.getTime(), row.key).toBeGreaterThanOrEqual(refusedAt + RETRY_AFTER * 1000 - 1000);
    const again = new Sender({
      db: database.prisma,
      provider: 'sqlite',
      api: new Api(TOKEN, { apiRoot: tg.apiRoot }),
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      instanceId: 'restarted',
      limits: { perChatPerSecond: 100, perChatPerMinute: 100 },
    });
    again.start();
    try {
      await again.drain(15_000);
    } finally {
      await again.stop();
    }
    const accepted = tg.calls('sendMessage').filter((c) => c.response?.ok === true);
    expect(accepted.map((c) => c.params.text)).toEqual(['one', 'two', 'three']);
    for (const call of accepted) expect(call.at).toBeGreaterThanOrEqual(refusedAt + RETRY_AFTER * 1000 - 1000);
  }, 30_000);

  it('leaves rows owed later for later, and stop() returns with nothing in flight', async () => {
    const { tg, outbox, sender, database } = await rig();
    await outbox.enqueue([
      message('now', 41n, 'now'),
      { ...message('tomorrow', 42n, 'tomorrow'), notBefore: new Date(Date.now() + 24 * 3600_000) },
    ]);
    sender.start();
    await sender.drain(10_000);
    await sender.stop();
    expect(tg.sent()).toEqual(['now']);
    expect((await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'tomorrow' } })).status).toBe('pending');
  });
});
