import type { CommandDef } from '../src/bot/registry.ts';
import bind from './bind.ts';
import committees from './committees.ts';
import grant from './grant.ts';
import help from './help.ts';
import lang from './lang.ts';
import revoke from './revoke.ts';
import start from './start.ts';
import unbind from './unbind.ts';
import units from './units.ts';
import whoami from './whoami.ts';

/** Every slash command, in the order /help and the menus list them. */
export const COMMANDS: readonly CommandDef[] = [
  start,
  help,
  whoami,
  lang,
  units,
  committees,
  bind,
  unbind,
  grant,
  revoke,
] as CommandDef[];
