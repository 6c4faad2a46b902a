import type { MiddlewareFn } from 'grammy';
import type { Services } from '../container.ts';
import type { BotContext } from './context.ts';

/**
 * Handles each update id once: the id is recorded before the update is handled, so a webhook retry, a
 * restart before the offset was confirmed, or a second delivery all stop here.
 */
export function onlyOnce(services: Services): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!(await services.updates.firstTime(ctx.update.update_id))) {
      services.logger.info({ updateId: ctx.update.update_id }, 'duplicate update skipped');
      return;
    }
    await next();
  };
}

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
