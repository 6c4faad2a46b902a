/**
 * A child process for the delivery crash test: owes one message to each of N chats (deterministic keys, so a
 * second run owes nothing new), sends them through the real Outbox and Sender, and exits 0 when the outbox is
 * drained.
 *
 *   node --import tsx test/support/fanout-process.ts <databaseUrl> <apiRoot> [count=300]
 *
 * stdout: one JSON line per event ({"event":"enqueued","added":N}, {"event":"done",…stats}); logs (warn and up)
 * on stderr.
 */
import { Api } from 'grammy';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/client.ts';
import { Outbox, type OwedMessage } from '../../src/delivery/outbox.ts';
import { Sender } from '../../src/delivery/sender.ts';

export const FANOUT_TOKEN = '987654321:AAF-fanout-child-process-token_0123456';

/** The i-th chat of the fan-out: groups and private chats alternately. */
export const fanoutChatId = (i: number): bigint => (i % 2 === 0 ? BigInt(-1_002_000_000_000 - i) : BigInt(700_000_000 + i));

const [databaseUrl, apiRoot, countArg] = process.argv.slice(2);
if (process.argv[1]?.endsWith('fanout-process.ts')) {
  if (!databaseUrl || !apiRoot) {
    process.stderr.write('usage: fanout-process.ts <databaseUrl> <apiRoot> [count]\n');
    process.exit(2);
  }
  const count = Number(countArg ?? 300);
  const database = await openDatabase(databaseUrl);
  const now = () => new Date();
  const logger = pino({ level: 'warn', base: { pid: process.pid } }, pino.destination(2));
  const messages: OwedMessage[] = Array.from({ length: count }, (_, i) => {
    const chatId = fanoutChatId(i);
    return { key: `fanout:2026-12-01:chat:${chatId}`, chatId, kind: 'reminder', method: 'sendMessage', params: { text: `fan-out ${i}` } };
  });
  const added = await new Outbox(database.prisma, now).enqueue(messages);
  process.stdout.write(`${JSON.stringify({ event: 'enqueued', added })}\n`);
  const sender = new Sender({
    db: database.prisma,
    provider: database.provider,
    api: new Api(FANOUT_TOKEN, { apiRoot }),
    logger,
    now,
    instanceId: `fanout:${process.pid}`,
  });
  sender.start();
  await sender.drain(120_000);
  await sender.stop();
  process.stdout.write(`${JSON.stringify({ event: 'done', ...sender.stats() })}\n`);
  await database.close();
}
