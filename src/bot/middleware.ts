import type BetterSqlite3 from 'better-sqlite3';
import type { MiddlewareFn } from 'grammy';
import { prepared, serialOf, sqliteTimestamp } from '../db/sqlite-serial.ts';
import type { Services } from '../services/index.ts';
import type { BotContext } from './context.ts';

/**
 * Handles each update id once: the id is recorded before the update is handled, so a webhook retry, a
 * restart before the offset was confirmed, or a second delivery all stop here. One statement
 * (INSERT … ON CONFLICT DO NOTHING; no row inserted = seen before), on SQLite a cached one run in serial().
 */
export function onlyOnce(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const updateId = BigInt(ctx.update.update_id);
    // receivedAt is the wall clock, as Prisma's @default(now()) wrote it.
    const receivedAt = new Date();
    const serial = serialOf(services.db);
    const inserted = serial
      ? await serial((db) => prepared(db, processedUpdateInsert).run(updateId, sqliteTimestamp(receivedAt)).changes)
      : await services.db.$executeRaw`INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (${updateId}, ${receivedAt}) ON CONFLICT DO NOTHING`;
    if (inserted === 0) {
      services.logger.info({ updateId: ctx.update.update_id }, 'duplicate update skipped');
      return;
    }
    await next();
  };
}

const processedUpdateInsert = (db: BetterSqlite3.Database) =>
  db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?) ON CONFLICT DO NOTHING');

/** Puts the person and the chat, as the task force knows them, on the context. */
export function identify(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    const chat = ctx.chat;
    // Channel posts, service messages without a sender and other bots are not the task force's business.
    if (!from || from.is_bot || !chat) return;
    const [actor, where] = await Promise.all([services.members.actorFor(from), services.chats.viewOf(chat)]);
    ctx.actor = actor;
    ctx.where = where;
    await next();
  };
}
