import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { Locale } from '../domain/locales.ts';
import { GROUP_PLACES, type Permission, type Place, type Standing } from '../domain/roles.ts';
import type { CommandDef } from './registry.ts';
import { descriptionKey } from './registry.ts';

type Translate = (locale: Locale, key: string) => string;

/** The languages Telegram clients ask menus for: none (our default), and each one we ship. */
const MENU_LANGUAGES: { code: LanguageCode | undefined; locale: (fallback: Locale) => Locale }[] = [
  { code: undefined, locale: (fallback) => fallback },
  { code: 'zh', locale: () => 'zh-CN' },
  { code: 'en', locale: () => 'en' },
];

/** Whose commands a chat's menu offers, by the kind of chat. */
const MENU_ROLES: Record<Place, readonly Standing[]> = {
  unit: ['liaison', 'member'],
  leadership: ['leader', 'member'],
  admin: ['admin', 'leader', 'liaison', 'member'],
  private: ['member'],
  unbound: ['member'],
};

export function commandsFor<C extends Permission>(commands: readonly C[], roles: readonly Standing[], places: readonly Place[]): C[] {
  return commands.filter((c) => c.roles.some((r) => roles.includes(r)) && c.places.some((p) => places.includes(p)));
}

/** Publishes BotFather menus: one per scope and language, generated from the command declarations. */
export class MenuPublisher {
  constructor(
    private readonly api: Api,
    private readonly commands: readonly CommandDef[],
    private readonly translate: Translate,
    private readonly defaultLocale: Locale,
  ) {}

  /** The menus everyone sees, plus the office's own in each admin's private chat. */
  async publishDefaults(adminIds: Iterable<number>): Promise<void> {
    // Everyone: what a person with no role may use.
    const everyone: Standing[] = ['stranger'];
    await this.publish({ type: 'default' }, commandsFor(this.commands, everyone, ['private']));
    await this.publish({ type: 'all_private_chats' }, commandsFor(this.commands, everyone, ['private']));
    await this.publish({ type: 'all_group_chats' }, commandsFor(this.commands, everyone, GROUP_PLACES));
    for (const adminId of adminIds) await this.publishForAdmin(adminId);
  }

  publishForAdmin(userId: number): Promise<void> {
    return this.publish({ type: 'chat', chat_id: userId }, commandsFor(this.commands, ['admin'], ['private']));
  }

  /**
   * A bound group's menu shows what the people who work in it use: in a unit's group its liaisons and members,
   * in the leadership group its leaders; the office's own commands only in the office group (and privately).
   * An admin can still type any command anywhere it is allowed; it is only not offered to everyone.
   */
  publishForChat(chatId: number, place: Place): Promise<void> {
    return this.publish({ type: 'chat', chat_id: chatId }, commandsFor(this.commands, MENU_ROLES[place], [place]));
  }

  async clearForChat(chatId: number): Promise<void> {
    for (const { code } of MENU_LANGUAGES) {
      await this.api.deleteMyCommands({ scope: { type: 'chat', chat_id: chatId }, ...(code ? { language_code: code } : {}) });
    }
  }

  private async publish(scope: BotCommandScope, commands: readonly CommandDef[]): Promise<void> {
    for (const { code, locale } of MENU_LANGUAGES) {
      const lang = locale(this.defaultLocale);
      const menu: BotCommand[] = commands.map((c) => ({ command: c.name, description: this.translate(lang, descriptionKey(c.name)) }));
      await this.api.setMyCommands(menu, { scope, ...(code ? { language_code: code } : {}) });
    }
  }
}
