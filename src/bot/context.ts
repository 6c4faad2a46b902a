import type { Context } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Place, Role } from '../domain/roles.ts';
import type { Locale } from '../config/index.ts';

/** The person behind an update, as the task force knows them. */
export interface Actor {
  telegramId: bigint;
  memberId: number | null;
  displayName: string;
  username: string | null;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  locale: Locale | null;
}

/** The chat an update came from, with what it is bound to. */
export interface ChatView {
  chatId: bigint;
  place: Place;
  unitId: number | null;
  unitName: string | null;
  title: string | null;
}

export interface DubanFlavor {
  actor: Actor;
  where: ChatView;
}

export type BotContext = Context & I18nFlavor & DubanFlavor;
