import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t, translator } from '../../src/bot/reply.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { Services } from '../../src/container.ts';
import { draftMark } from '../../src/broadcasts/bulletin.ts';
import { buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { entitiesToHtml } from '../../src/render/html.ts';
import { OFFICE } from '../shared/places.ts';

const draftId = z.string().regex(/^\d{1,10}$/).transform(Number);

export default defineCommand({
  name: 'bulletin',
  roles: OFFICE,
  places: ['admin', 'private'],
  // "/bulletin" drafts one; "/bulletin edit 12 …" is the line a reply to draft 12 completes (see draftMark).
  args: z.union([z.tuple([]).transform(() => ({ edit: null })), z.tuple([z.literal('edit'), draftId]).rest(z.string()).transform(([, id]) => ({ edit: id }))]),
  async handler(ctx, { edit }, services) {
    if (edit !== null) return editDraft(ctx, edit, services);
    const bulletin = services.broadcasts.bulletin;
    const text = await bulletin.text();
    if (text === null) return answer(ctx, t(ctx, 'bulletin-nothing'));
    const id = await services.bulletins.saveDraft(ctx.where.chatId, text);
    return showDraft(ctx, id, text, services);
  },
  buttons: {
    prefix: buttonPrefix('bulletin'),
    async handler(ctx, data, services) {
      const button = parseButton('bulletin', data);
      if (!button) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
        return;
      }
      const [verb, id] = button;
      if (verb === 'discard') {
        if (!(await services.bulletins.discard(id))) {
          await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
          return;
        }
        await ctx.answerCallbackQuery();
        await closeDraftMessage(ctx, t(ctx, 'bulletin-discarded', { who: ctx.actor.displayName }));
        return;
      }
      const published = await services.broadcasts.bulletin.publish(id, ctx.actor.telegramId);
      if (!published.ok) {
        await ctx.answerCallbackQuery({ text: t(ctx, published.error.key, published.error.vars), show_alert: true });
        return;
      }
      const { year, number, chats, already } = published.value;
      if (already) {
        // A second press (or a second admin): it went out once, with its number; nothing more is sent.
        await ctx.answerCallbackQuery({ text: t(ctx, 'bulletin-already-published', { year: String(year), number }), show_alert: true });
        return;
      }
      await ctx.answerCallbackQuery();
      await closeDraftMessage(ctx, t(ctx, 'bulletin-published', { who: ctx.actor.displayName, year: String(year), number, count: chats }));
    },
  },
});

/** The draft with its Publish / Discard buttons, in as many parts as it takes; a reply to any part edits it. */
async function showDraft(ctx: BotContext, id: number, text: string, services: Services): Promise<void> {
  const bulletin = services.broadcasts.bulletin;
  const tr = translator(ctx);
  const parts = await bulletin.draftMessages(id, text, tr);
  for (const [i, part] of parts.entries()) {
    await answer(ctx, part, i === parts.length - 1 ? { reply_markup: bulletin.draftKeyboard(id, tr) } : {});
  }
}

/** The draft message pressed loses its buttons and says what became of it; the draft stays readable above. */
async function closeDraftMessage(ctx: BotContext, outcome: string): Promise<void> {
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  await answer(ctx, outcome);
}

/** A reply to the draft replaces its text: the new draft is shown again, the old one's buttons go. */
async function editDraft(ctx: BotContext, id: number, services: Services): Promise<void> {
  const msg = ctx.msg;
  const replied = msg?.reply_to_message;
  const typedCommand = msg?.entities?.some((e) => e.offset === 0 && e.type === 'bot_command');
  if (!msg || typedCommand || !replied || replied.from?.id !== ctx.me.id || !replied.text?.startsWith(draftMark(id))) {
    return answer(ctx, t(ctx, 'bulletin-edit-how'));
  }
  const html = entitiesToHtml(msg.text ?? msg.caption ?? '', msg.entities ?? msg.caption_entities ?? []);
  const edited = await services.broadcasts.bulletin.edit(id, html, ctx.actor.telegramId, translator(ctx));
  if (!edited.ok) return answerError(ctx, edited.error);
  await ctx.api.editMessageReplyMarkup(replied.chat.id, replied.message_id, { reply_markup: undefined }).catch(() => undefined);
  await showDraft(ctx, id, edited.value, services);
}
