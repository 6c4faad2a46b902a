import { Api } from 'grammy';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { LOCKS } from '../../src/db/session.ts';
import { Outbox, type OwedMessage } from '../../src/delivery/outbox.ts';
import { Sender, type SenderOptions } from '../../src/delivery/sender.ts';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type RecordedCall } from '../support/fake-telegram/index.ts';
import { createTempPgSchema, pgForSuite } from '../support/postgres.ts';

const TOKEN = '123456789:AAE-delivery-postgres-secret-token_012';
const pg = await pgForSuite('delivery on PostgreSQL (several senders on one outbox)');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One schema, `instances` connections to it (as separate processes would have), and a fake Bot API. */
async function cluster(instances: number, fake: FakeTelegramOptions = {}) {
  const schema = await createTempPgSchema('duban_delivery');
  cleanups.push(() => schema.drop());
  const tg = await startFakeTelegram(fake);
  cleanups.push(() => tg.close());
  const databases: Database[] = [];
  for (let i = 0; i < instances; i++) {
    const database = await openDatabase(schema.url);
    cleanups.push(() => database.close());
    databases.push(database);
  }
  const senders = (options: Partial<SenderOptions> | ((i: number) => Partial<SenderOptions>) = {}) =>
    databases.map((database, i) => {
      const sender = new Sender({
        db: database.prisma,
        provider: 'postgresql',
        api: new Api(TOKEN, { apiRoot: tg.apiRoot }),
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
        instanceId: `instance-${i + 1}`,
        ...(typeof options === 'function' ? options(i) : options),
      });
      cleanups.push(() => sender.stop());
      return sender;
    });
  return { tg, databases, senders, outbox: new Outbox(databases[0]!.prisma, () => new Date()) };
}

const message = (key: string, chatId: bigint, text: string): OwedMessage => ({ key, chatId, kind: 'reminder', method: 'sendMessage', params: { text } });

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

describe.skipIf(!pg.ok)('Sender on PostgreSQL, several instances', () => {
  it('three instances with the full budget each never exceed the bot’s limit: one is elected to send, another takes over when it dies', async () => {
    const { tg, databases, senders, outbox } = await cluster(3, { rateLimit: { globalPerSecond: 30, perChatPerMinute: 20 } });
    const owed: OwedMessage[] = [];
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < 100; i++) owed.push(message(`elect:${round}:chat:${-7000 - i}`, BigInt(-7000 - i), `round ${round} to ${-7000 - i}`));
    }
    expect(await outbox.enqueue(owed)).toBe(200);
    const logger = pino({ level: 'silent' });
    const sessions = databases.map((database) => database.session!(logger));
    // Each with the bot's whole budget (29/s): only the elected one sends.
    const elected = senders((n) => ({ elected: () => sessions[n]!.holds(LOCKS.sender) }));
    for (const sender of elected) sender.start();
    const deadline = Date.now() + 30_000;
    while (tg.sentItems().length < 60) {
      if (Date.now() > deadline) throw new Error('the first 60 sends did not come');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The sender dies: its session (and with it the lock) goes.
    const leader = elected.findIndex((sender) => sender.stats().sent > 0);
    expect(elected.filter((sender) => sender.stats().sent > 0)).toHaveLength(1);
    await elected[leader]!.stop();
    await sessions[leader]!.close();
    await Promise.all(elected.filter((_, n) => n !== leader).map((sender) => sender.drain(60_000)));

    const perChat = acceptedPerChat(tg);
    expect(perChat.size).toBe(100);
    for (const [chatId, texts] of perChat) expect(texts).toEqual([`round 1 to ${chatId}`, `round 2 to ${chatId}`]);
    expect(tg.tooManyRequests).toBe(0);
    const calls = tg.calls('sendMessage');
    const peak = maxInWindow(calls, 1000);
    const takers = elected.map((sender) => sender.stats().sent);
    console.log(`[delivery] three elected instances: ${calls.length} sends, peak ${peak} in any second, 0 × 429; sent per instance ${JSON.stringify(takers)}`);
    expect(peak).toBeLessThanOrEqual(29);
    expect(takers.filter((n) => n > 0)).toHaveLength(2);
  }, 90_000);

  it('two paced senders on one outbox send every row exactly once, sharing the bot’s budget without a 429', async () => {
    const { tg, databases, senders, outbox } = await cluster(2, { rateLimit: { globalPerSecond: 30, perChatPerMinute: 20 } });
    const owed = Array.from({ length: 150 }, (_, i) => message(`two:chat:${-3000 - i}`, BigInt(-3000 - i), `to ${-3000 - i}`));
    expect(await outbox.enqueue(owed)).toBe(150);
    // Telegram's limits are the bot's, not an instance's: each instance gets half.
    const [a, b] = senders({ limits: { globalPerSecond: 14 } });
    a!.start();
    b!.start();
    await Promise.all([a!.drain(60_000), b!.drain(60_000)]);

    const perChat = acceptedPerChat(tg);
    expect(perChat.size).toBe(150);
    expect([...perChat.values()].every((texts) => texts.length === 1)).toBe(true);
    expect(tg.tooManyRequests).toBe(0);
    const byInstance = await databases[0]!.prisma.outbox.groupBy({ by: ['claimedBy', 'status'], _count: true, orderBy: { claimedBy: 'asc' } });
    console.log(`[delivery] two instances: ${JSON.stringify(byInstance.map((g) => [g.claimedBy, g.status, g._count]))}`);
    expect(byInstance.every((g) => g.status === 'sent')).toBe(true);
    expect(byInstance.map((g) => g.claimedBy)).toEqual(['instance-1', 'instance-2']);
    expect(a!.stats().sent + b!.stats().sent).toBe(150);
  }, 60_000);

  it('three unpaced senders racing for 600 rows (SKIP LOCKED): none sent twice, none left', async () => {
    const { tg, databases, senders, outbox } = await cluster(3);
    const owed: OwedMessage[] = [];
    for (let i = 0; i < 300; i++) {
      const chatId = BigInt(-5000 - i);
      owed.push(message(`race:1:chat:${chatId}`, chatId, `first to ${chatId}`), message(`race:2:chat:${chatId}`, chatId, `second to ${chatId}`));
    }
    expect(await outbox.enqueue(owed)).toBe(600);
    const all = senders({ limits: { globalPerSecond: 10_000, perChatPerSecond: 10_000, perChatPerMinute: 10_000 } });
    for (const sender of all) sender.start();
    await Promise.all(all.map((sender) => sender.drain(60_000)));

    const perChat = acceptedPerChat(tg);
    expect(perChat.size).toBe(300);
    for (const [chatId, texts] of perChat) expect([...texts].sort()).toEqual([`first to ${chatId}`, `second to ${chatId}`]);
    expect(tg.calls('sendMessage')).toHaveLength(600);
    expect(all.reduce((sum, s) => sum + s.stats().sent, 0)).toBe(600);
    const sent = await databases[0]!.prisma.outbox.groupBy({ by: ['claimedBy'], where: { status: 'sent' }, _count: true });
    console.log(`[delivery] three racing instances: ${JSON.stringify(sent.map((g) => [g.claimedBy, g._count]))}`);
    expect(sent.reduce((sum, g) => sum + g._count, 0)).toBe(600);
  }, 60_000);

  it('takes over a row whose claim outlived the lease, and leaves a live claim alone', async () => {
    const { tg, databases, senders, outbox } = await cluster(1);
    const db = databases[0]!.prisma;
    await outbox.enqueue([message('lease:dead', -61n, 'claimed by a dead instance'), message('lease:live', -62n, 'claimed by a live instance'), message('lease:same-chat', -62n, 'behind the live claim')]);
    await db.outbox.update({ where: { key: 'lease:dead' }, data: { status: 'sending', claimedBy: 'dead', claimedAt: new Date(Date.now() - 120_000) } });
    await db.outbox.update({ where: { key: 'lease:live' }, data: { status: 'sending', claimedBy: 'alive', claimedAt: new Date() } });
    const [sender] = senders({ leaseMs: 60_000 });
    sender!.start();
    const deadline = Date.now() + 10_000;
    while ((await db.outbox.findUniqueOrThrow({ where: { key: 'lease:dead' } })).status !== 'sent') {
      if (Date.now() > deadline) throw new Error('the expired claim was not taken over');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few more rounds
    expect(tg.sent(-61)).toEqual(['claimed by a dead instance']);
    // The live claim is not taken, and its chat's later row waits behind it (one row per chat in flight).
    expect(tg.sent(-62)).toEqual([]);
    expect(await db.outbox.findUniqueOrThrow({ where: { key: 'lease:live' } })).toMatchObject({ status: 'sending', claimedBy: 'alive' });
    expect((await db.outbox.findUniqueOrThrow({ where: { key: 'lease:same-chat' } })).status).toBe('pending');
  }, 30_000);
});
