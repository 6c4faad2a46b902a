import { GrammyError, type Api } from 'grammy';
import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { Locale } from '../domain/locales.ts';
import type { Logger } from '../logger.ts';
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

/** Who the per-member menus are for and where: the office's people, and the groups whose menu leaves their commands out. */
export interface MenuDirectory {
  admins(): Promise<bigint[]>;
  memberMenuGroups(): Promise<{ chatId: bigint; place: Place }[]>;
}

/** Groups whose own menu leaves the office's commands out: there each admin gets a menu of their own. */
const MEMBER_MENU_PLACES: readonly Place[] = ['unit', 'leadership'];

/** Per-member menus published at once: a county has a few admins and some forty groups. */
const MEMBER_MENU_CONCURRENCY = 4;

/** Publishes BotFather menus: one per scope and language, generated from the command declarations. */
export class MenuPublisher {
  constructor(
    private readonly api: Api,
    private readonly commands: readonly CommandDef[],
    private readonly translate: Translate,
    private readonly defaultLocale: Locale,
    private readonly directory: MenuDirectory,
    private readonly logger: Logger,
  ) {}

  /** The menus everyone sees, plus the office's own for each admin: in their private chat and in each group. */
  async publishDefaults(): Promise<void> {
    // Everyone: what a person with no role may use.
    const everyone: Standing[] = ['stranger'];
    await this.publish({ type: 'default' }, commandsFor(this.commands, everyone, ['private']));
    await this.publish({ type: 'all_private_chats' }, commandsFor(this.commands, everyone, ['private']));
    await this.publish({ type: 'all_group_chats' }, commandsFor(this.commands, everyone, GROUP_PLACES));
    const [admins, groups] = await Promise.all([this.directory.admins(), this.directory.memberMenuGroups()]);
    for (const admin of admins) await this.publish({ type: 'chat', chat_id: Number(admin) }, commandsFor(this.commands, ['admin'], ['private']));
    await this.memberMenus(admins.flatMap((admin) => groups.map((group) => ({ admin, group }))), 'publish');
  }

  /** A new admin: the office's commands privately, and in each unit's and the leadership's group. */
  async publishForAdmin(userId: number): Promise<void> {
    await this.publish({ type: 'chat', chat_id: userId }, commandsFor(this.commands, ['admin'], ['private']));
    const admin = BigInt(userId);
    await this.memberMenus((await this.directory.memberMenuGroups()).map((group) => ({ admin, group })), 'publish');
  }

  /** An admin no more: their private menu and their menus in the groups go, and they see what everyone sees. */
  async clearForAdmin(userId: number): Promise<void> {
    await this.clear({ type: 'chat', chat_id: userId });
    const admin = BigInt(userId);
    await this.memberMenus((await this.directory.memberMenuGroups()).map((group) => ({ admin, group })), 'delete');
  }

  /**
   * A bound group's menu shows what the people who work in it use: in a unit's group its liaisons and members,
   * in the leadership group its leaders; the office's own commands only in the office group (and privately).
   * In a unit's or the leadership's group each admin gets a menu of their own with the office's commands too
   * (Telegram's per-member scope); where the admin is not a member Telegram refuses it, and nothing is lost.
   */
  async publishForChat(chatId: number, place: Place): Promise<void> {
    await this.publish({ type: 'chat', chat_id: chatId }, commandsFor(this.commands, MENU_ROLES[place], [place]));
    const pairs = (await this.directory.admins()).map((admin) => ({ admin, group: { chatId: BigInt(chatId), place } }));
    await this.memberMenus(pairs, MEMBER_MENU_PLACES.includes(place) ? 'publish' : 'delete');
  }

  async clearForChat(chatId: number): Promise<void> {
    await this.clear({ type: 'chat', chat_id: chatId });
    await this.memberMenus((await this.directory.admins()).map((admin) => ({ admin, group: { chatId: BigInt(chatId), place: 'unbound' as const } })), 'delete');
  }

  private async clear(scope: BotCommandScope): Promise<void> {
    for (const { code } of MENU_LANGUAGES) await this.api.deleteMyCommands({ scope, ...(code ? { language_code: code } : {}) });
  }

  private async publish(scope: BotCommandScope, commands: readonly CommandDef[]): Promise<void> {
    for (const { code, locale } of MENU_LANGUAGES) {
      const lang = locale(this.defaultLocale);
      const menu: BotCommand[] = commands.map((c) => ({ command: c.name, description: this.translate(lang, descriptionKey(c.name)) }));
      await this.api.setMyCommands(menu, { scope, ...(code ? { language_code: code } : {}) });
    }
  }

  /**
   * An admin's own menus in a group, one per language as everywhere. They are a convenience: a refusal (the admin
   * is not in that group: "member not found") is expected and ends that pair, and no failure here undoes the
   * command that asked for them.
   */
  private async memberMenus(pairs: { admin: bigint; group: { chatId: bigint; place: Place } }[], action: 'publish' | 'delete'): Promise<void> {
    const queue = pairs.filter((p) => action === 'delete' || MEMBER_MENU_PLACES.includes(p.group.place));
    const work = async () => {
      for (let pair = queue.shift(); pair; pair = queue.shift()) {
        const { admin, group } = pair;
        const scope: BotCommandScope = { type: 'chat_member', chat_id: Number(group.chatId), user_id: Number(admin) };
        try {
          if (action === 'delete') await this.clear(scope);
          else await this.publish(scope, commandsFor(this.commands, ['admin', ...MENU_ROLES[group.place]], [group.place]));
        } catch (error) {
          const context = { chatId: group.chatId.toString(), userId: admin.toString(), action, err: String(error) };
          if (error instanceof GrammyError && error.error_code === 400) this.logger.debug(context, 'member menu refused');
          else this.logger.warn(context, 'member menu not published');
        }
      }
    };
    await Promise.all(Array.from({ length: MEMBER_MENU_CONCURRENCY }, work));
  }
}
