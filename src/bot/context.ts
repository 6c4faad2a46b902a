import type { Context } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Actor, ChatView } from '../domain/actor.ts';

interface DubanFlavor {
  actor: Actor;
  where: ChatView;
}

export type BotContext = Context & I18nFlavor & DubanFlavor;
