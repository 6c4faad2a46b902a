import type { Config } from '../config/index.ts';
import type { Outbox } from '../delivery/outbox.ts';
import { addDays, localDate, localTime, zonedInstant } from '../domain/calendar.ts';
import { inQuietHours } from '../domain/schedule.ts';
import type { Translate } from '../render/html.ts';
import type { Logger } from '../logger.ts';
import type { RankingChartInput } from '../render/chart.ts';
import type { AlertService } from '../services/alerts.ts';
import type { BulletinService } from '../services/bulletins.ts';
import type { ChatService } from '../services/chats.ts';
import type { DigestService } from '../services/digest.ts';
import type { TaskEscalations } from '../services/escalations.ts';
import type { MemberService } from '../services/members.ts';
import type { OrgService } from '../services/org.ts';
import type { ProblemService } from '../services/problems.ts';
import type { RobotService } from '../services/robots.ts';
import type { TaskService } from '../services/tasks.ts';

/**
 * What the broadcasts read and where they hand their messages: the part of the one Services container
 * (src/container.ts) they use, named here so this layer does not import the layers above it.
 */
export interface BroadcastDeps {
  config: Pick<Config, 'rules' | 'timeZone'>;
  now: () => Date;
  logger: Logger;
  /** The default locale's translate, escaping variables: group chats have no single reader. */
  t: Translate;
  outbox: Outbox;
  /** Tells the sender there is work. */
  nudge: () => void;
  renderChart: (input: RankingChartInput) => Promise<Buffer>;
  tasks: TaskService;
  problems: ProblemService;
  alerts: AlertService;
  chats: ChatService;
  members: MemberService;
  org: OrgService;
  digests: DigestService;
  escalations: TaskEscalations;
  bulletins: BulletinService;
  /** The units', the leadership's and the office's group robots (WeCom, DingTalk, Feishu). */
  robots: RobotService;
}

/** When a message written now may be delivered: at once, or when quiet hours end. */
export function deliverableFrom(deps: Pick<BroadcastDeps, 'now' | 'config'>): Date | undefined {
  const now = deps.now();
  const { timeZone, rules } = deps.config;
  const quiet = rules.schedule.quietHours;
  if (!quiet || !inQuietHours(localTime(now, timeZone), quiet)) return undefined;
  const today = localDate(now, timeZone);
  const end = zonedInstant(today, quiet.to, timeZone);
  return end > now ? end : zonedInstant(addDays(today, 1), quiet.to, timeZone);
}
