import type { BotContext } from './context.ts';
import { escapeHtml, splitMessage } from '../render/html.ts';
import type { TranslationVars } from '../i18n/index.ts';

/** Translates a key for the reader, escaping every variable for HTML parse mode. */
export function t(ctx: BotContext, key: string, vars?: TranslationVars): string {
  if (!vars) return ctx.t(key);
  const escaped: TranslationVars = {};
  for (const [name, value] of Object.entries(vars)) escaped[name] = typeof value === 'string' ? escapeHtml(value) : value;
  return ctx.t(key, escaped);
}

/**
 * Answers the update in its chat as HTML, split under Telegram's length limit. In a group the answer quotes
 * the command, so the person who asked can see it is theirs.
 */
export async function answer(ctx: BotContext, html: string): Promise<void> {
  const replyTo = ctx.chat?.type !== 'private' && ctx.msg?.message_id;
  for (const part of splitMessage(html)) {
    await ctx.reply(part, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    });
  }
}
