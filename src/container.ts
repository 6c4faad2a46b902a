import type { Broadcasts } from './broadcasts/index.ts';
import type { BroadcastDeps } from './broadcasts/context.ts';
import type { Config } from './config/index.ts';
import type { DayPlan } from './render/preview.ts';
import type { Permission, Place } from './domain/roles.ts';
import type { Scheduler } from './scheduler/scheduler.ts';
import type { AccessService } from './services/access.ts';
import type { AuditEntry } from './services/audit.ts';
import type { DraftService } from './services/drafts.ts';
import type { LedgerService } from './services/ledger.ts';
import type { ReportCorrections } from './services/report-corrections.ts';
import type { PauseService } from './services/pauses.ts';
import type { ScheduleService } from './services/schedule.ts';
import type { TaskSheets } from './services/task-sheets.ts';
import type { TaskImports } from './services/task-import.ts';
import type { UpdateLog } from './services/updates.ts';

/** The BotFather menus of one chat, republished when a chat is bound or a person becomes an admin. */
export interface ChatMenus {
  publishForChat(chatId: number, place: Place): Promise<void>;
  publishForAdmin(userId: number): Promise<void>;
  clearForAdmin(userId: number): Promise<void>;
  clearForChat(chatId: number): Promise<void>;
}

/**
 * The one Services container: every service, what the bot says on its own (broadcasts) and the clock,
 * built once in src/app.ts and handed to every command handler, button and middleware. The broadcasts
 * are built from this same object: BroadcastDeps names the part of it they read.
 */
export interface Services extends BroadcastDeps {
  config: Config;
  /** What a reader may see of the work, here (every read command and button asks it). */
  access: AccessService;
  updates: UpdateLog;
  drafts: DraftService;
  schedule: ScheduleService;
  pauses: PauseService;
  ledger: LedgerService;
  corrections: ReportCorrections;
  taskSheets: TaskSheets;
  taskImports: TaskImports;
  broadcasts: Broadcasts;
  scheduler: Scheduler;
  menus: ChatMenus;
  /** The declared commands, for /help. */
  commands: readonly (Permission & { name: string })[];
  audit(entry: AuditEntry): Promise<void>;
  /** What the scheduled jobs would send on a local date (up to a time of day), writing and sending nothing. */
  preview(date: string, until?: string): Promise<DayPlan>;
}
