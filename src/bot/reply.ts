import type { ForceReply, InlineKeyboardMarkup } from 'grammy/types';
import type { BotContext } from './context.ts';
import { splitMessage } from '../render/html.ts';
import { escapeVars, type TranslationVars } from '../render/html.ts';

/** Translates a key for the reader, escaping every variable for HTML parse mode. */
export function t(ctx: BotContext, key: string, vars?: TranslationVars): string {
  return vars ? ctx.t(key, escapeVars(vars)) : ctx.t(key);
}

/** The reader's translate function, for renderers shared with messages the bot sends on its own. */
export const translator =
  (ctx: BotContext) =>
  (key: string, vars?: TranslationVars): string =>
    t(ctx, key, vars);

/** Answers with an error a person caused, in their language. */
export const answerError = (ctx: BotContext, error: { key: string; vars?: TranslationVars }) => answer(ctx, t(ctx, error.key, error.vars));

/**
 * Answers the update in its chat as HTML, split under Telegram's length limit. In a group the answer quotes
 * the command, so the person who asked can see it is theirs.
 *
 * It does not wait for Telegram: the chat's next update can be handled meanwhile, and the chat's calls keep
 * their order (inChatOrder). The update is finished only once its answers arrived, and a failed one fails it
 * (answersDelivered).
 */
export async function answer(ctx: BotContext, html: string, extra: { reply_markup?: InlineKeyboardMarkup | ForceReply } = {}): Promise<void> {
  const replyTo = ctx.chat?.type !== 'private' && ctx.msg?.message_id;
  const parts = splitMessage(html);
  const inFlight = (ctx.answersInFlight ??= []);
  for (const [i, part] of parts.entries()) {
    const sent = ctx.reply(part, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      ...(i === parts.length - 1 ? extra : {}),
    });
    // Handled here so that a failure is never an unhandled rejection; answersDelivered() still sees it.
    sent.catch(() => undefined);
    inFlight.push(sent);
  }
}
