import type { Locale } from './locales.ts';
import type { Place, Role } from './roles.ts';

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

/** Where an action happens and who does it: every change is audited with both. */
export interface ActionContext {
  actor: Actor;
  chatId: bigint;
  /** The update being answered, when the action may mark it handled as its change commits. */
  updateId?: number;
}
