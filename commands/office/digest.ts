import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';

export default defineCommand({
  name: 'digest',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.array(z.enum(['preview', '预览'], { error: 'args-digest' })).max(1, 'args-digest'),
  async handler(ctx, [preview], services) {
    const allowed = await services.access.whole(ctx, 'digest');
    if (!allowed.ok) return answerError(ctx, allowed.error);
    // Through the outbox like every message the bot owes; the update id keeps a retried update from sending twice.
    const chats = await services.broadcasts.digest.send({ updateId: ctx.update.update_id, preview: preview !== undefined }, ctx.where.chatId);
    if (preview) return;
    if (chats === 0) return answer(ctx, t(ctx, 'digest-no-leadership'));
    return answer(ctx, t(ctx, 'digest-sent', { count: chats }));
  },
});
