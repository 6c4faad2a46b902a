import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t, translator } from '../../src/bot/reply.ts';
import { buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { OFFICE } from '../shared/places.ts';

export default defineCommand({
  name: 'bulletin',
  roles: OFFICE,
  places: ['admin', 'private'],
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const bulletin = services.broadcasts.bulletin;
    const text = await bulletin.text();
    if (text === null) return answer(ctx, t(ctx, 'bulletin-nothing'));
    const id = await services.bulletins.saveDraft(ctx.where.chatId, text);
    return answer(ctx, `${text}\n\n${t(ctx, 'bulletin-draft-footer')}`, { reply_markup: bulletin.draftKeyboard(id, translator(ctx)) });
  },
  buttons: {
    prefix: buttonPrefix('bulletin'),
    async handler(ctx, data, services) {
      const button = parseButton('bulletin', data);
      const text = button && (await services.bulletins.take(button[1]));
      if (!button || text === null) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
        return;
      }
      const [verb, id] = button;
      await ctx.answerCallbackQuery();
      if (verb !== 'publish') {
        await ctx.editMessageText(`${text}\n\n${t(ctx, 'bulletin-discarded', { who: ctx.actor.displayName })}`, { parse_mode: 'HTML' });
        return;
      }
      const chats = await services.broadcasts.bulletin.publish(id, text, ctx.actor.telegramId);
      await ctx.editMessageText(`${text}\n\n${t(ctx, 'bulletin-published', { who: ctx.actor.displayName, count: chats })}`, { parse_mode: 'HTML' });
    },
  },
});
