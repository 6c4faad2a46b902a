import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { bulletinText } from '../../src/broadcasts/jobs.ts';
import { OFFICE_DRAFT_OWNER, publishBulletin } from '../../src/broadcasts/bulletin.ts';
import { OFFICE } from '../shared/places.ts';


export default defineCommand({
  name: 'bulletin',
  roles: OFFICE,
  places: ['admin', 'private'],
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const text = await bulletinText(services.jobs);
    if (text === null) return answer(ctx, t(ctx, 'bulletin-nothing'));
    const id = await services.drafts.save('bulletin', OFFICE_DRAFT_OWNER, ctx.where.chatId, { text });
    return answer(ctx, `${text}\n\n${t(ctx, 'bulletin-draft-footer')}`, {
      reply_markup: new InlineKeyboard().text(t(ctx, 'bulletin-publish-button'), `bl:publish:${id}`).text(t(ctx, 'bulletin-discard-button'), `bl:discard:${id}`),
    });
  },
  buttons: {
    prefix: 'bl',
    async handler(ctx, data, services) {
      const [verb, rawId] = data.split(':');
      const id = Number(rawId);
      const draft = await services.drafts.open<{ text: string }>('bulletin', id, OFFICE_DRAFT_OWNER);
      // Whoever removes the draft publishes it: a double press, or two admins at once, publish once.
      if (!draft.ok || !(await services.drafts.finish(id))) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
        return;
      }
      await ctx.answerCallbackQuery();
      if (verb !== 'publish') {
        await ctx.editMessageText(`${draft.value.text}\n\n${t(ctx, 'bulletin-discarded', { who: ctx.actor.displayName })}`, { parse_mode: 'HTML' });
        return;
      }
      const chats = await publishBulletin(services.jobs, id, draft.value.text, ctx.actor.telegramId);
      await ctx.editMessageText(`${draft.value.text}\n\n${t(ctx, 'bulletin-published', { who: ctx.actor.displayName, count: chats })}`, { parse_mode: 'HTML' });
    },
  },
});
