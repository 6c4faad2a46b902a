import type { MiddlewareFn } from 'grammy';
import type { Services } from '../container.ts';
import type { Metrics } from '../metrics.ts';
import type { BotContext } from './context.ts';
import type { CommandDef } from './registry.ts';
import type { Receipts } from './receipts.ts';

/**
 * Counts and times every update by what it is — a declared command, a declared button, or the update's kind —
 * and by how it ended (ok, refused, invalid, duplicate, error). Labels come from the declarations, so a
 * stranger typing /anything cannot grow the series.
 */
export function measured(metrics: Metrics, commands: readonly CommandDef[]): MiddlewareFn<BotContext> {
  const names = new Set(commands.map((c) => c.name));
  const prefixes = new Set(commands.flatMap((c) => (c.buttons ? [c.buttons.prefix] : [])));
  const labelOf = (ctx: BotContext): string => {
    const data = ctx.callbackQuery?.data;
    if (data !== undefined) {
      const prefix = data.split(':', 1)[0]!;
      return prefixes.has(prefix) ? `button:${prefix}` : 'button:unknown';
    }
    const text = ctx.msg?.text ?? ctx.msg?.caption ?? '';
    const command = /^\/([a-z_]+)/i.exec(text)?.[1]?.toLowerCase();
    if (command) return names.has(command) ? `/${command}` : 'command:unknown';
    return Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';
  };
  return async (ctx, next) => {
    const command = labelOf(ctx);
    const started = performance.now();
    let outcome = 'error';
    try {
      await next();
      outcome = ctx.outcome ?? 'ok';
    } finally {
      metrics.updates.inc({ command, outcome });
      metrics.handlerSeconds.observe({ command }, (performance.now() - started) / 1000);
    }
  };
}

/**
 * Handles each update once, to completion: it is recorded (with its body) before it is handled, so a webhook
 * retry, a restart before the offset was confirmed, or a second delivery all stop here; and marked handled
 * after, whether the handler answered or failed (a failure is answered with an apology: it is finished). Only
 * a process that dies in between leaves it unfinished, to be handled again (UpdateLog.unfinished).
 */
export function onlyOnce(services: Services, receipts: Receipts): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!(await receipts.track(services.updates.receive(ctx.update)))) {
      services.logger.info({ updateId: ctx.update.update_id }, 'duplicate update skipped');
      ctx.outcome = 'duplicate';
      return;
    }
    try {
      await next();
    } finally {
      await services.updates.handled(ctx.update.update_id);
    }
  };
}

/**
 * Finishes an update only once the answers it sent have arrived: its handler does not wait for them (answer()),
 * so that its chat's next update need not either. A failed answer fails the update, as it did when awaited; a
 * handler's own error comes first.
 */
export function answersDelivered(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    let handlerError: { error: unknown } | undefined;
    try {
      await next();
    } catch (error) {
      handlerError = { error };
    }
    const answers = ctx.answersInFlight ? await Promise.allSettled(ctx.answersInFlight) : [];
    if (handlerError) throw handlerError.error;
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw failed.reason;
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
