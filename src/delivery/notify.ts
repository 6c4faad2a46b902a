import type { Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../config/index.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import { splitMessage } from '../render/html.ts';
import { escapeVars, type Translate } from '../i18n/index.ts';

export type Render = (t: Translate) => string;

/**
 * Messages the bot sends on its own to bound chats (a unit's group, the office, the leadership), in the
 * default locale since a group has no single reader. A chat that cannot be reached is logged and skipped:
 * one dead group must not stop the others.
 */
export class Notifier {
  private readonly t: Translate;

  constructor(
    private readonly api: Api,
    private readonly db: Db,
    private readonly logger: Logger,
    translate: (locale: Locale, key: string, vars?: Record<string, string | number>) => string,
    locale: Locale,
  ) {
    this.t = (key, vars) => translate(locale, key, vars && escapeVars(vars));
  }

  async toUnits(unitIds: number[], render: Render): Promise<void> {
    const chats = await this.db.chatBinding.findMany({ where: { kind: 'unit', unitId: { in: unitIds } }, select: { chatId: true } });
    await this.send(chats.map((c) => c.chatId), render);
  }

  async toOffice(render: Render, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const chats = await this.db.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
    await this.send(chats.map((c) => c.chatId), render, keyboard);
  }

  async toChat(chatId: bigint, render: Render): Promise<void> {
    await this.send([chatId], render);
  }

  private async send(chatIds: bigint[], render: Render, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const html = render(this.t);
    for (const chatId of chatIds) {
      const parts = splitMessage(html);
      for (const [i, part] of parts.entries()) {
        try {
          await this.api.sendMessage(Number(chatId), part, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {}),
          });
        } catch (error) {
          this.logger.warn({ chatId: chatId.toString(), err: String(error) }, 'notification not delivered');
          break;
        }
      }
    }
  }
}
