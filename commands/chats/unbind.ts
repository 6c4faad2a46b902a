import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { IN_BOUND_GROUPS, OFFICE } from '../shared/places.ts';

export default defineCommand({
  name: 'unbind',
  roles: OFFICE,
  places: IN_BOUND_GROUPS,
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const unbound = await services.chats.unbind(ctx.actor, ctx.where.chatId);
    if (!unbound.ok) return answerError(ctx, unbound.error);
    services.org.invalidate();
    await services.menus.clearForChat(ctx.chat!.id);
    return answer(ctx, t(ctx, 'unbind-done', { before: unbound.value.unit?.name ?? t(ctx, `place-${unbound.value.kind}`) }));
  },
});
