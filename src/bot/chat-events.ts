import { Composer } from 'grammy';
import type { Chat, ChatMember } from 'grammy/types';
import type { Services } from '../container.ts';
import { noticeEvents } from '../broadcasts/notices.ts';
import type { BotContext } from './context.ts';

/** Telegram's stand-in sender for a group admin writing anonymously, as the group itself. */
const isAnonymousAdmin = (ctx: BotContext): boolean => !!ctx.msg?.sender_chat && ctx.msg.sender_chat.id === ctx.chat?.id;

const gone = (member: ChatMember): boolean => member.status === 'left' || member.status === 'kicked';
const present = (member: ChatMember): boolean => !gone(member) && !(member.status === 'restricted' && !member.is_member);

const titleOf = (chat: Chat): string => ('title' in chat && chat.title) || String(chat.id);

/**
 * What happens to the chats themselves, before anyone's command: the bot added to a group (it says what it is
 * and who can bind it) or removed from one (the binding goes inactive, the office is told once); a group moved
 * to a supergroup's id (everything bound to it follows); a liaison leaving their unit's group (the office is
 * told); an anonymous admin's command (a one-line hint, since nobody can be recognised). Messages to groups are
 * in the default locale: a group has no single reader.
 */
export function chatEvents(services: Services): Composer<BotContext> {
  const events = new Composer<BotContext>();

  events.on('my_chat_member', async (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after, from } = ctx.myChatMember;
    if (chat.type === 'private' || chat.type === 'channel') return;
    if (gone(after)) {
      const binding = await services.chats.deactivate(BigInt(chat.id), BigInt(from.id), after.status);
      if (!binding) return;
      const what = binding.unit ? services.t('place-unit-of', { unit: binding.unit.name }) : services.t(`place-${binding.kind}`);
      await services.broadcasts.notices.toOffice(noticeEvents.botRemoved(BigInt(chat.id), ctx.update.update_id), (t) =>
        t('chat-bot-removed-office', { title: binding.title ?? titleOf(chat), binding: what }),
      );
    } else if (!present(before) && present(after)) {
      await ctx.api.sendMessage(chat.id, services.t('chat-bot-added'), { parse_mode: 'HTML' });
    }
  });

  events.on('chat_member', async (ctx) => {
    const { chat, old_chat_member: before, new_chat_member: after, date } = ctx.chatMember;
    if (present(before) && gone(after)) await liaisonLeft(services, chat, after.user.id, date);
  });

  events.on('message:left_chat_member', async (ctx) => {
    const left = ctx.msg.left_chat_member;
    if (left.id !== ctx.me.id) await liaisonLeft(services, ctx.chat, left.id, ctx.msg.date);
  });

  events.on(['message:migrate_to_chat_id', 'message:migrate_from_chat_id'], async (ctx) => {
    const from = ctx.msg.migrate_to_chat_id !== undefined ? BigInt(ctx.chat.id) : BigInt(ctx.msg.migrate_from_chat_id!);
    const to = ctx.msg.migrate_to_chat_id !== undefined ? BigInt(ctx.msg.migrate_to_chat_id) : BigInt(ctx.chat.id);
    const moved = await services.chats.migrate(from, to);
    if (!moved) return;
    services.logger.info({ from: from.toString(), to: to.toString(), messages: moved.messages, alertTargets: moved.alertTargets }, 'chat migrated to a supergroup');
    await services.broadcasts.notices.toOffice(noticeEvents.chatMigrated(from), (t) =>
      t('chat-migrated-office', { title: moved.binding.title ?? titleOf(ctx.chat), to: to.toString() }),
    );
    try {
      await services.menus.publishForChat(Number(to), moved.binding.kind as 'unit' | 'leadership' | 'admin');
    } catch (error) {
      services.logger.warn({ chatId: to.toString(), err: String(error) }, 'menus of a migrated chat not published');
    }
  });

  events.on('message', async (ctx, next) => {
    if (!isAnonymousAdmin(ctx)) return next();
    const text = ctx.msg.text ?? ctx.msg.caption ?? '';
    // Only a command gets the hint: an anonymous admin chatting is the group's business.
    if (text.startsWith('/')) await ctx.reply(services.t('anonymous-admin-hint'), { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
  });

  return events;
}

async function liaisonLeft(services: Services, chat: Chat, userId: number, unixDate: number): Promise<void> {
  if (chat.type === 'private' || chat.type === 'channel') return;
  const [member, binding] = await Promise.all([services.members.find({ telegramId: BigInt(userId) }), services.chats.binding(BigInt(chat.id))]);
  if (!member || member.role !== 'liaison' || !binding?.active || binding.kind !== 'unit' || binding.unitId !== member.unitId) return;
  const day = new Date(unixDate * 1000).toISOString().slice(0, 10);
  await services.audit({ actorTelegramId: member.telegramId, chatId: BigInt(chat.id), action: 'chat.liaison-left', entity: 'member', entityId: member.id, after: { unit: binding.unit?.name ?? null } });
  await services.broadcasts.notices.toOffice(noticeEvents.liaisonLeft(BigInt(chat.id), member.telegramId, day), (t) =>
    t('chat-liaison-left-office', { unit: binding.unit?.name ?? '', name: member.displayName, title: binding.title ?? titleOf(chat) }),
  );
}
