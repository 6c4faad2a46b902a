import type { Context } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Actor, ChatView } from '../domain/actor.ts';

/** How an update's handling ended when it did not simply succeed or throw: what /metrics counts it as. */
type UpdateOutcome = 'refused' | 'invalid' | 'duplicate';

interface DubanFlavor {
  actor: Actor;
  where: ChatView;
  outcome?: UpdateOutcome;
  /** The answers sent and not yet answered by Telegram (answer() does not wait for them; answersDelivered() does). */
  answersInFlight?: Promise<unknown>[];
}

export type BotContext = Context & I18nFlavor & DubanFlavor;
