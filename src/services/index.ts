import type { Config } from '../config/index.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { MenuPublisher } from '../bot/menus.ts';
import type { CommandDef } from '../bot/registry.ts';
import { Notifier } from '../broadcasts/notices.ts';
import type { Outbox } from '../delivery/outbox.ts';
import type { Translate } from '../i18n/index.ts';
import { alertTick } from '../broadcasts/alerts.ts';
import { bulletinJob } from '../broadcasts/bulletin.ts';
import { escalationJob } from '../broadcasts/escalation.ts';
import { digestJob, remindersJob, type JobContext } from '../broadcasts/jobs.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { writeAudit, type AuditEntry } from './audit.ts';
import { ChatService } from './chats.ts';
import { DraftService } from './drafts.ts';
import { MemberService } from './members.ts';
import { OrgService } from './org.ts';
import { ProblemService } from './problems.ts';
import { TaskQueries } from './task-queries.ts';
import { TaskService } from './tasks.ts';

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
  problems: ProblemService;
  drafts: DraftService;
  notifier: Notifier;
  /** What the scheduled jobs work with; commands like /digest reuse it. */
  jobs: JobContext;
  scheduler: Scheduler;
  /** The declared commands, for /help. */
  commands: readonly CommandDef[];
  audit(entry: AuditEntry): Promise<void>;
}

export interface ServiceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  now: () => Date;
  menus: MenuPublisher;
  commands: readonly CommandDef[];
  outbox: Outbox;
  /** Wakes the sender after messages were recorded. */
  nudge: () => void;
  /** The default locale's translate, escaping variables, for chats with no single reader. */
  translate: Translate;
  renderChart: JobContext['renderChart'];
  instanceId: string;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, config, now, logger } = deps;
  const queries = new TaskQueries(db, config.rules, config.timeZone, now);
  const jobs: JobContext = {
    db,
    outbox: deps.outbox,
    queries,
    rules: config.rules,
    timeZone: config.timeZone,
    now,
    t: deps.translate,
    renderChart: deps.renderChart,
    logger,
    nudge: deps.nudge,
  };
  return {
    config,
    db,
    logger,
    now,
    menus: deps.menus,
    commands: deps.commands,
    members: new MemberService(db, config.adminIds),
    chats: new ChatService(db),
    org: new OrgService(db),
    tasks: new TaskService(db, queries, now),
    problems: new ProblemService(db, now, config.timeZone, config.rules.problemDeadlineDays),
    drafts: new DraftService(db, now),
    notifier: new Notifier(db, deps.outbox, deps.translate, deps.nudge),
    jobs,
    scheduler: new Scheduler({
      db,
      schedule: config.rules.schedule,
      timeZone: config.timeZone,
      now,
      instanceId: deps.instanceId,
      logger,
      jobs: {
        reminders: (slot) => remindersJob(jobs, slot),
        escalations: (slot) => escalationJob(jobs, slot),
        digest: (slot) => digestJob(jobs, slot),
        bulletin: (slot) => bulletinJob(jobs, slot),
      },
      everyTick: () => alertTick(jobs),
    }),
    audit: (entry) => writeAudit(db, entry),
  };
}
