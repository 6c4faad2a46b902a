import type { z } from 'zod';
import type { Permission, Standing } from '../domain/roles.ts';
import type { BotContext } from './context.ts';
import type { Services } from '../container.ts';

/**
 * One slash command, declared once in commands/<feature>/<name>.ts. The router, the permission check, /help and the
 * BotFather menus are all generated from these declarations. Its description and usage are the locale keys
 * `cmd-<name>-description` and `cmd-<name>-usage`; a test checks both exist in every locale.
 * `args` parses the whitespace-separated tokens after the command; a schema's error message that is a locale
 * key (starting with `args-`) is shown to the user, any other failure shows the generic bad-arguments line.
 */
export interface CommandDef<A = unknown> extends Permission {
  name: string;
  args: z.ZodType<A, string[]>;
  handler: (ctx: BotContext, args: A, services: Services) => Promise<void>;
  /**
   * Inline buttons this command puts under its messages, with callback data `<prefix>:<rest>`. Who may press
   * them is the command's roles unless the buttons name their own (an alert's acknowledgement is pressed by
   * liaisons; the command is the office's). Places do not apply: buttons travel with their messages.
   */
  buttons?: { prefix: string; roles?: readonly Standing[]; handler: (ctx: BotContext, data: string, services: Services) => Promise<void> };
}

export { PROMPT_MARK } from '../render/messages.ts';

export const defineCommand = <A>(def: CommandDef<A>): CommandDef<A> => def;

export const descriptionKey = (name: string) => `cmd-${name}-description`;
export const usageKey = (name: string) => `cmd-${name}-usage`;
