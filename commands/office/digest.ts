import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import type { Services } from '../../src/container.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';

/** A digest asked for this soon after the last one asks first: leaders read it once. */
const AGAIN_WITHIN_MS = 30 * 60_000;

export default defineCommand({
  name: 'digest',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.array(z.enum(['preview', '预览'], { error: 'args-digest' })).max(1, 'args-digest'),
  async handler(ctx, [preview], services) {
    const allowed = await services.access.whole(ctx, 'digest');
    if (!allowed.ok) return answerError(ctx, allowed.error);
    if (preview) {
      // A preview is for the asker only: to their private chat, wherever it was asked.
      await services.broadcasts.digest.send({ updateId: ctx.update.update_id, preview: true }, ctx.actor.telegramId);
      if (ctx.where.place !== 'private') return answer(ctx, t(ctx, 'digest-preview-private'));
      return;
    }
    const last = await services.broadcasts.digest.lastSentAt();
    const ago = last === null ? Infinity : services.now().getTime() - last.getTime();
    if (ago < AGAIN_WITHIN_MS) {
      const keyboard = new InlineKeyboard().text(t(ctx, 'digest-again-send'), buttonData.digestAgain('send')).text(t(ctx, 'digest-again-skip'), buttonData.digestAgain('skip'));
      return answer(ctx, t(ctx, 'digest-again-ask', { minutes: Math.max(1, Math.round(ago / 60_000)) }), { reply_markup: keyboard });
    }
    return sendNow(ctx, services);
  },
  buttons: {
    prefix: buttonPrefix('digestAgain'),
    async handler(ctx, data, services) {
      const button = parseButton('digestAgain', data);
      if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
      await ctx.answerCallbackQuery();
      // The question goes; the answer takes its place.
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
      if (button[0] === 'skip') return answer(ctx, t(ctx, 'digest-again-skipped'));
      return sendNow(ctx, services);
    },
  },
});

/** Through the outbox like every message the bot owes; the update id keeps a retried update from sending twice. */
async function sendNow(ctx: BotContext, services: Services): Promise<void> {
  const chats = await services.broadcasts.digest.send({ updateId: ctx.update.update_id, preview: false }, ctx.where.chatId);
  if (chats === 0) return answer(ctx, t(ctx, 'digest-no-leadership'));
  // In the leadership group the digest itself is the answer.
  if (ctx.where.place === 'leadership') return;
  return answer(ctx, t(ctx, 'digest-sent', { count: chats }));
}
