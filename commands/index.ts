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
import away from './away.ts';
import bulletin from './bulletin.ts';
import digest from './digest.ts';
import pause from './pause.ts';
import schedule from './schedule.ts';
import cancel from './cancel.ts';
import close from './close.ts';
import done from './done.ts';
import edit from './edit.ts';
import exportLedger from './export.ts';
import importTasks from './import.ts';
import extend from './extend.ts';
import missing from './missing.ts';
import newtask from './newtask.ts';
import reject from './reject.ts';
import reopen from './reopen.ts';
import report from './report.ts';
import task from './task.ts';
import tasks from './tasks.ts';
import problem from './problem.ts';
import problems from './problems.ts';
import fixed from './fixed.ts';
import verify from './verify.ts';
import alert from './alert.ts';

/** Every slash command, in the order /help and the menus list them. */
export const COMMANDS: readonly CommandDef[] = [
  start,
  help,
  tasks,
  task,
  report,
  done,
  extend,
  problems,
  problem,
  fixed,
  verify,
  newtask,
  close,
  reject,
  reopen,
  cancel,
  edit,
  importTasks,
  exportLedger,
  missing,
  digest,
  bulletin,
  alert,
  schedule,
  pause,
  away,
  whoami,
  lang,
  units,
  committees,
  bind,
  unbind,
  grant,
  revoke,
] as CommandDef[];
