import type { Context } from 'grammy';
import type { TranslationFlavor } from '../i18n/index.ts';
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

export type BotContext = Context & TranslationFlavor & DubanFlavor;
