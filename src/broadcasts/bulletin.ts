import { htmlMessages } from '../render/messages.ts';
import { writeAudit } from '../services/audit.ts';
import { bulletinText, type JobContext } from './jobs.ts';

/** Owner of drafts written by the office's weekly job: any admin may publish or discard them. */
export const OFFICE_DRAFT_OWNER = 0n;

/** The weekly bulletin: a draft to the office with Publish / Discard; nothing goes further without a press. */
export async function bulletinJob(ctx: JobContext, slot: string): Promise<number> {
  const text = await bulletinText(ctx);
  const officeChats = await ctx.db.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
  if (text === null || officeChats.length === 0) return 0;
  const draft = await ctx.db.draft.create({
    data: { kind: 'bulletin', ownerTelegramId: OFFICE_DRAFT_OWNER, chatId: officeChats[0]!.chatId, payload: JSON.stringify({ text }), createdAt: ctx.now() },
  });
  const keyboard = {
    inline_keyboard: [
      [
        { text: ctx.t('bulletin-publish-button'), callback_data: `bl:publish:${draft.id}` },
        { text: ctx.t('bulletin-discard-button'), callback_data: `bl:discard:${draft.id}` },
      ],
    ],
  };
  const added = await ctx.outbox.enqueue(
    officeChats.flatMap((chat) =>
      htmlMessages(`bulletin-draft:${slot}:chat:${chat.chatId}`, chat.chatId, 'bulletin', `${text}\n\n${ctx.t('bulletin-draft-footer')}`, { reply_markup: keyboard }),
    ),
  );
  ctx.nudge();
  return added;
}

/** Publishing posts the bulletin to the leadership group and every unit group; returns how many chats. */
export async function publishBulletin(ctx: JobContext, draftId: number, text: string, by: bigint): Promise<number> {
  const chats = await ctx.db.chatBinding.findMany({ where: { kind: { in: ['leadership', 'unit'] } }, select: { chatId: true } });
  await ctx.db.$transaction(async (tx) => {
    await ctx.outbox.enqueue(chats.flatMap((chat) => htmlMessages(`bulletin:${draftId}:chat:${chat.chatId}`, chat.chatId, 'bulletin', text)), tx);
    await writeAudit(tx, { at: ctx.now(), actorTelegramId: by, action: 'bulletin.publish', entity: 'bulletin', entityId: draftId, after: { chats: chats.length } });
  });
  ctx.nudge();
  return chats.length;
}
