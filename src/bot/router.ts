import type { Bot } from 'grammy';
import type { z } from 'zod';
import { accessOf, standingOf, type Access, type Place } from '../domain/roles.ts';
import type { Services } from '../container.ts';
import { tokenize } from './args.ts';
import type { BotContext } from './context.ts';
import { type CommandDef, PROMPT_MARK, usageKey } from './registry.ts';
import { answer, t } from './reply.ts';
import { isButtonData } from '../render/buttons.ts';
import { clip } from '../render/format.ts';
import { plainText } from '../render/html.ts';
import { refusalEntry } from '../services/audit.ts';

/** Routes every declared command through the same checks: permission, then arguments, then the handler. */
export function installCommands(bot: Bot<BotContext>, commands: readonly CommandDef[], services: Services): void {
  const byName = new Map(commands.map((def) => [def.name, def]));
  bot.on(['message:entities:bot_command', 'message:caption_entities:bot_command'], async (ctx, next) => {
    const command = commandOf(ctx);
    const def = command && byName.get(command.name);
    if (!def) return next();
    await run(ctx, def, command.rest, services);
  });
  const byPrefix = new Map(commands.flatMap((def) => (def.buttons ? [[def.buttons.prefix, def] as const] : [])));
  // Every press is answered, whatever it carries: data parsed like arguments (src/render/buttons.ts), forged or
  // stale data answered and audited before any handler or query sees it, then the role check, then the handler.
  bot.on('callback_query', async (ctx) => {
    const data = ctx.callbackQuery.data ?? '';
    let answered = false;
    const answerCallbackQuery = ctx.answerCallbackQuery.bind(ctx);
    ctx.answerCallbackQuery = (...args) => {
      answered = true;
      return answerCallbackQuery(...args);
    };
    try {
      const def = byPrefix.get(data.split(':', 1)[0]!);
      if (!def || !isButtonData(data)) {
        ctx.outcome = 'invalid';
        await services.audit(refusalEntry({ actor: ctx.actor, chatId: ctx.where.chatId, entity: 'button', entityId: clip(data, 64), reason: 'button-stale' }));
        await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true });
        return;
      }
      const buttons = def.buttons!;
      if (!(buttons.roles ?? def.roles).includes(standingOf(ctx.actor))) {
        await refuse(ctx, def, 'wrong-role', services, true);
        return;
      }
      await buttons.handler(ctx, data.slice(buttons.prefix.length + 1), services);
    } finally {
      // A spinner left turning reads as a broken bot; an answer after a failure is still an answer.
      if (!answered) await answerCallbackQuery().catch(() => undefined);
    }
  });
  // A reply to one of the bot's prompts completes the command line the prompt carries. The reply may be a
  // photo or a document (its caption is the text; the command takes it as evidence) or a location.
  bot.on(['message:text', 'message:photo', 'message:document', 'message:location']).filter(
    (ctx) => ctx.msg.reply_to_message?.from?.id === ctx.me.id && !!ctx.msg.reply_to_message.text?.startsWith(PROMPT_MARK),
    async (ctx) => {
      const line = ctx.msg.reply_to_message!.text!.slice(PROMPT_MARK.length).split('\n')[0]!.trim();
      const [, name, rest] = /^\/([a-z_]+)\s*(.*)$/.exec(line) ?? [];
      const def = commands.find((c) => c.name === name);
      if (def) await run(ctx, def, `${rest} ${ctx.msg.text ?? ctx.msg.caption ?? ''}`, services);
    },
  );
  // Someone with no role writing privately gets the how-to: who the bot is for and how to be given a role.
  bot.chatType('private').on('message').filter(
    (ctx) => standingOf(ctx.actor) === 'stranger' && !ctx.msg.entities?.some((e) => e.offset === 0 && e.type === 'bot_command'),
    (ctx) => answer(ctx, t(ctx, 'access-how-to')),
  );
  // A command nobody declared: helpful in private, silent in groups where other bots may own it.
  bot.chatType('private').on(['message:entities:bot_command', 'message:caption_entities:bot_command'], (ctx) => answer(ctx, t(ctx, 'errors-unknown-command')));
}

/**
 * The command a message starts with, in its text or, for a photo or a document, its caption (grammY's own
 * matcher skips captions, and evidence comes as a photo captioned "/report T12 3"). A command addressed to
 * another bot (/cmd@other_bot) is not ours.
 */
function commandOf(ctx: BotContext): { name: string; rest: string } | null {
  const msg = ctx.msg;
  const text = msg?.text ?? msg?.caption ?? '';
  const entities = msg?.entities ?? msg?.caption_entities ?? [];
  const first = entities.find((e) => e.offset === 0 && e.type === 'bot_command');
  if (!first) return null;
  const [name, addressee] = text.slice(1, first.length).split('@');
  if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return null;
  return { name: name!.toLowerCase(), rest: text.slice(first.length) };
}

/** Runs a command line as if typed (a button that stands for one): the same checks, then the handler. */
export async function runCommandLine(ctx: BotContext, commands: readonly CommandDef[], name: string, argText: string, services: Services): Promise<void> {
  const def = commands.find((c) => c.name === name);
  if (def) await run(ctx, def, argText, services);
}

async function run(ctx: BotContext, def: CommandDef, argText: string, services: Services): Promise<void> {
  const access = accessOf(def, standingOf(ctx.actor), ctx.where.place);
  if (access !== 'allowed') return refuse(ctx, def, access, services);
  const tokens = tokenize(argText);
  const parsed = def.args.safeParse(tokens);
  if (!parsed.success) {
    ctx.outcome = 'invalid';
    // Nothing typed after a command that needs something: how it is written, not an error about nothing.
    if (tokens.length === 0) return answer(ctx, t(ctx, usageKey(def.name)));
    return answer(ctx, badArguments(ctx, def, parsed.error, tokens));
  }
  await def.handler(ctx, parsed.data, services);
}

async function refuse(ctx: BotContext, def: CommandDef, access: Exclude<Access, 'allowed'>, services: Services, pressed = false) {
  ctx.outcome = 'refused';
  await services.audit({
    actorTelegramId: ctx.actor.telegramId,
    chatId: ctx.where.chatId,
    action: 'command.denied',
    entity: 'command',
    entityId: def.name,
    after: { reason: access, role: ctx.actor.role, place: ctx.where.place },
  });
  // A button pressed by someone it is not for is refused as a button, not as a command they never typed.
  const refusal = pressed
    ? t(ctx, 'errors-button-not-allowed')
    : access === 'wrong-role'
      ? t(ctx, 'errors-not-allowed', { command: def.name })
      : t(ctx, 'errors-wrong-place', { command: def.name, places: placeNames(ctx, def.places) });
  // Someone with no role is told how to be given one.
  const text = standingOf(ctx.actor) === 'stranger' ? `${refusal}\n${t(ctx, 'access-how-to')}` : refusal;
  if (pressed) await ctx.answerCallbackQuery({ text: plainText(text), show_alert: true });
  else await answer(ctx, text);
}

function badArguments(ctx: BotContext, def: CommandDef, error: z.ZodError, tokens: string[]): string {
  const issue = error.issues[0];
  // A schema may attach the variables of its message as the custom issue's params; a message naming what was
  // typed ({ $token }) without them names the first token.
  const params = issue?.code === 'custom' ? (issue.params as Record<string, string | number> | undefined) : undefined;
  const vars = { token: clip(tokens[0] ?? ''), ...params };
  return badArgumentsText(ctx, def.name, issue?.message.startsWith('args-') ? { key: issue.message, vars } : undefined);
}

/** The error line for a bad argument, then the command's usage; also for handlers that check arguments late. */
export function badArgumentsText(ctx: BotContext, command: string, error?: { key: string; vars?: Record<string, string | number> | undefined }): string {
  const message = error ? t(ctx, error.key, error.vars) : t(ctx, 'errors-bad-args');
  return `${message}\n${t(ctx, usageKey(command))}`;
}

const placeNames = (ctx: BotContext, places: readonly Place[]): string =>
  places.map((p) => t(ctx, `place-${p}`)).join(t(ctx, 'list-separator'));
