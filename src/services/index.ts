import type { Config } from '../config/index.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { MenuPublisher } from '../bot/menus.ts';
import type { CommandDef } from '../bot/registry.ts';
import { writeAudit, type AuditEntry } from './audit.ts';
import { ChatService } from './chats.ts';
import { MemberService } from './members.ts';
import { OrgService } from './org.ts';
import { TaskQueries } from './task-queries.ts';
import { TaskService } from './tasks.ts';
import { DraftService } from './drafts.ts';
import type { Notifier } from '../delivery/notify.ts';

/** Everything a command handler may use; built once at start and passed in. */
export interface Services {
  config: Config;
  db: Db;
  logger: Logger;
  now: () => Date;
  members: MemberService;
  chats: ChatService;
  org: OrgService;
  menus: MenuPublisher;
  tasks: TaskService;
  drafts: DraftService;
  notifier: Notifier;
  /** The declared commands, for /help. */
  commands: readonly CommandDef[];
  audit(entry: AuditEntry): Promise<void>;
}

export function createServices(deps: {
  config: Config;
  db: Db;
  logger: Logger;
  now: () => Date;
  menus: MenuPublisher;
  notifier: Notifier;
  commands: readonly CommandDef[];
}): Services {
  const { db, config, now } = deps;
  return {
    ...deps,
    tasks: new TaskService(db, new TaskQueries(db, config.rules, config.timeZone, now), now),
    drafts: new DraftService(db, now),
    members: new MemberService(db, config.adminIds),
    chats: new ChatService(db),
    org: new OrgService(db),
    audit: (entry) => writeAudit(db, entry),
  };
}
