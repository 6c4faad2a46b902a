import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { digestMessages } from '../../src/broadcasts/jobs.ts';

export default defineCommand({
  name: 'digest',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.array(z.enum(['preview', '预览'], { error: 'args-digest' })).max(1, 'args-digest'),
  async handler(ctx, [preview], services) {
    // Through the outbox like every message the bot owes; the update id keeps a retried update from sending twice.
    const key = `digest:${preview ? 'preview' : 'now'}:update:${ctx.update.update_id}`;
    if (preview) {
      await services.jobs.outbox.enqueue(await digestMessages(services.jobs, key, [ctx.where.chatId]));
      services.jobs.nudge();
      return;
    }
    const chats = await services.db.chatBinding.findMany({ where: { kind: 'leadership' }, select: { chatId: true } });
    if (chats.length === 0) return answer(ctx, t(ctx, 'digest-no-leadership'));
    await services.jobs.outbox.enqueue(await digestMessages(services.jobs, key, chats.map((c) => c.chatId)));
    services.jobs.nudge();
    return answer(ctx, t(ctx, 'digest-sent', { count: chats.length }));
  },
});
