import { AlertBroadcast } from './alerts.ts';
import { BulletinBroadcast } from './bulletin.ts';
import type { BroadcastDeps } from './context.ts';
import { DigestBroadcast } from './digest.ts';
import { EscalationBroadcast } from './escalation.ts';
import { Notices } from './notices.ts';
import { Reminders } from './reminders.ts';

/** What the bot says on its own: the scheduled jobs' messages, the alerts' and the notices of events. */
export interface Broadcasts {
  reminders: Reminders;
  escalations: EscalationBroadcast;
  digest: DigestBroadcast;
  bulletin: BulletinBroadcast;
  alerts: AlertBroadcast;
  notices: Notices;
}

export function createBroadcasts(deps: BroadcastDeps): Broadcasts {
  return {
    reminders: new Reminders(deps),
    escalations: new EscalationBroadcast(deps),
    digest: new DigestBroadcast(deps),
    bulletin: new BulletinBroadcast(deps),
    alerts: new AlertBroadcast(deps),
    notices: new Notices(deps),
  };
}
