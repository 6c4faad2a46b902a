import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Db } from '../db/types.ts';
import type { Translate } from '../i18n/index.ts';
import { htmlMessages } from '../render/messages.ts';
import type { Outbox } from '../delivery/outbox.ts';

export type Render = (t: Translate) => string;

/**
 * Messages the bot sends to bound chats because something happened (a new task, a decision), in the default
 * locale since a group has no single reader. They go through the outbox like everything the bot sends on its
 * own: recorded first under a key made of the event and the chat, then sent once, paced.
 */
export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly t: Translate,
    private readonly nudge: () => void,
  ) {}

  async toUnits(event: string, unitIds: number[], render: Render): Promise<void> {
    const chats = await this.db.chatBinding.findMany({ where: { kind: 'unit', unitId: { in: unitIds } }, select: { chatId: true } });
    await this.send(event, chats.map((c) => c.chatId), render);
  }

  async toOffice(event: string, render: Render, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const chats = await this.db.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
    await this.send(event, chats.map((c) => c.chatId), render, keyboard);
  }

  async toChat(event: string, chatId: bigint, render: Render): Promise<void> {
    await this.send(event, [chatId], render);
  }

  private async send(event: string, chatIds: bigint[], render: Render, keyboard?: InlineKeyboardMarkup): Promise<void> {
    if (chatIds.length === 0) return;
    const text = render(this.t);
    await this.outbox.enqueue(chatIds.flatMap((chatId) => htmlMessages(`${event}:chat:${chatId}`, chatId, 'notice', text, keyboard ? { reply_markup: keyboard } : {})));
    this.nudge();
  }
}
