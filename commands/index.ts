import type { CommandDef } from '../src/bot/registry.ts';
import bind from './chats/bind.ts';
import committees from './chats/committees.ts';
import grant from './people/grant.ts';
import help from './people/help.ts';
import lang from './people/lang.ts';
import revoke from './people/revoke.ts';
import start from './people/start.ts';
import unbind from './chats/unbind.ts';
import units from './chats/units.ts';
import whoami from './people/whoami.ts';
import away from './people/away.ts';
import bulletin from './office/bulletin.ts';
import digest from './office/digest.ts';
import pause from './office/pause.ts';
import preview from './office/preview.ts';
import robots from './office/robots.ts';
import schedule from './office/schedule.ts';
import cancel from './tasks/cancel.ts';
import close from './tasks/close.ts';
import done from './tasks/done.ts';
import edit from './tasks/edit.ts';
import exportLedger from './tasks/export.ts';
import importTasks from './tasks/import.ts';
import extend from './tasks/extend.ts';
import missing from './tasks/missing.ts';
import newtask from './tasks/newtask.ts';
import reject from './tasks/reject.ts';
import reopen from './tasks/reopen.ts';
import report from './tasks/report.ts';
import correct from './tasks/correct.ts';
import undo from './tasks/undo.ts';
import task from './tasks/task.ts';
import tasks from './tasks/tasks.ts';
import problem from './problems/problem.ts';
import problems from './problems/problems.ts';
import fixed from './problems/fixed.ts';
import verify from './problems/verify.ts';
import alert from './alerts/alert.ts';

/** Every slash command, in the order /help and the menus list them. */
export const COMMANDS: readonly CommandDef[] = [
  start,
  help,
  tasks,
  task,
  report,
  correct,
  undo,
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
  preview,
  pause,
  robots,
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
