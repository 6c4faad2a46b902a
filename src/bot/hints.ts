import { InlineKeyboard, type Bot } from 'grammy';
import type { Services } from '../container.ts';
import { reportWithoutSlash } from '../domain/hints.ts';
import { buttonData, buttonPrefix, parseButton } from '../render/buttons.ts';
import type { BotContext } from './context.ts';
import type { CommandDef } from './registry.ts';
import { t } from './reply.ts';
import { runCommandLine } from './router.ts';

/** Files the office imports as a task list. */
const SHEET = /\.(xlsx|csv)$/iu;

/**
 * A word where one is needed: a liaison's "T13 完成1个村" without the slash gets "是否要发送 /report …？" with a
 * button, and a task list sent to the office without a caption gets Import / Ignore. The button runs the command
 * on the message it answers (its photo or file included), for the person who sent it only.
 */
export function installHints(bot: Bot<BotContext>, commands: readonly CommandDef[], services: Services): void {
  bot.on(['message:text', 'message:caption']).filter(
    (ctx) => !ctx.msg.reply_to_message && (ctx.actor.role === 'liaison' || ctx.actor.role === 'admin') && (ctx.where.place === 'unit' || ctx.where.place === 'private'),
    async (ctx, next) => {
      const guess = reportWithoutSlash(ctx.msg.text ?? ctx.msg.caption ?? '');
      if (!guess) return next();
      const line = ['/report', guess.code, guess.amount, guess.note].filter(Boolean).join(' ');
      await hint(ctx, t(ctx, 'hint-report', { line }), new InlineKeyboard().text(t(ctx, 'hint-report-button'), buttonData.hint('report')).text(t(ctx, 'hint-ignore-button'), buttonData.hint('ignore')));
    },
  );
  bot.on('message:document').filter(
    (ctx) => !ctx.msg.caption && ctx.actor.role === 'admin' && (ctx.where.place === 'admin' || ctx.where.place === 'private') && SHEET.test(ctx.msg.document.file_name ?? ''),
    async (ctx) => {
      await hint(ctx, t(ctx, 'hint-import', { file: ctx.msg.document.file_name ?? '' }), new InlineKeyboard().text(t(ctx, 'hint-import-button'), buttonData.hint('import')).text(t(ctx, 'hint-ignore-button'), buttonData.hint('ignore')));
    },
  );
  bot.callbackQuery(new RegExp(`^${buttonPrefix('hint')}:`), async (ctx) => {
    const button = parseButton('hint', ctx.callbackQuery.data.slice(buttonPrefix('hint').length + 1));
    const original = ctx.callbackQuery.message?.reply_to_message;
    if (!button || !original) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
    if (original.from?.id !== ctx.from.id) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'hint-not-yours'), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    if (button[0] === 'ignore') return;
    if (button[0] === 'import') return runCommandLine(ctx, commands, 'import', '', services);
    const guess = reportWithoutSlash(original.text ?? original.caption ?? '');
    if (guess) await runCommandLine(ctx, commands, 'report', [guess.code, guess.amount, guess.note].join(' '), services);
  });
}

/** A hint always quotes the message it is about (in private too): its button acts on that message. */
const hint = (ctx: BotContext, html: string, keyboard: InlineKeyboard) =>
  ctx.reply(html, { parse_mode: 'HTML', reply_markup: keyboard, reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true } });
