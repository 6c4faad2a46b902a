import type { Bot } from 'grammy';
import type { z } from 'zod';
import { accessOf, type Access, type Place } from '../domain/roles.ts';
import type { Services } from '../services/index.ts';
import { tokenize } from './args.ts';
import type { BotContext } from './context.ts';
import { type CommandDef, usageKey } from './registry.ts';
import { answer, t } from './reply.ts';

/** Routes every declared command through the same checks: permission, then arguments, then the handler. */
export function installCommands(bot: Bot<BotContext>, commands: readonly CommandDef[], services: Services): void {
  for (const def of commands) {
    bot.command(def.name, async (ctx) => {
      const access = accessOf(def, ctx.actor.role, ctx.where.place);
      if (access !== 'allowed') return refuse(ctx, def, access, services);
      const parsed = def.args.safeParse(tokenize(ctx.match));
      if (!parsed.success) return answer(ctx, badArguments(ctx, def, parsed.error));
      await def.handler(ctx, parsed.data, services);
    });
  }
  // A command nobody declared: helpful in private, silent in groups where other bots may own it.
  bot.chatType('private').on('message:entities:bot_command', (ctx) => answer(ctx, t(ctx, 'errors-unknown-command')));
}

async function refuse(ctx: BotContext, def: CommandDef, access: Exclude<Access, 'allowed'>, services: Services) {
  await services.audit({
    actorTelegramId: ctx.actor.telegramId,
    chatId: ctx.where.chatId,
    action: 'command.denied',
    entity: 'command',
    entityId: def.name,
    after: { reason: access, role: ctx.actor.role, place: ctx.where.place },
  });
  const text =
    access === 'wrong-role'
      ? t(ctx, 'errors-not-allowed', { command: def.name })
      : t(ctx, 'errors-wrong-place', { command: def.name, places: placeNames(ctx, def.places) });
  await answer(ctx, text);
}

function badArguments(ctx: BotContext, def: CommandDef, error: z.ZodError): string {
  const issue = error.issues[0];
  const message = issue?.message.startsWith('args-') ? t(ctx, issue.message) : t(ctx, 'errors-bad-args');
  return `${message}\n${t(ctx, usageKey(def.name))}`;
}

export const placeNames = (ctx: BotContext, places: readonly Place[]): string =>
  places.map((p) => ctx.t(`place-${p}`)).join(ctx.t('list-separator'));
