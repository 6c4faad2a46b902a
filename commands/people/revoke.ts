import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { resolveTarget, PERSON_TOKEN } from '../shared/member-target.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

export default defineCommand({
  name: 'revoke',
  roles: OFFICE,
  places: ANYWHERE,
  args: z
    .array(z.string().regex(PERSON_TOKEN, 'args-revoke-person'))
    .max(1, 'args-revoke-person')
    .transform((tokens) => tokens[0] ?? null),
  async handler(ctx, typed, services) {
    const target = await resolveTarget(ctx, typed, services);
    if (!target.ok) return answerError(ctx, target.error);
    const revoked = await services.members.revoke(ctx.actor, target.value, ctx.where.chatId);
    if (!revoked.ok) return answerError(ctx, revoked.error);
    if (target.value.role === 'admin') await services.menus.clearForAdmin(Number(target.value.telegramId));
    return answer(ctx, t(ctx, 'revoke-done', { name: revoked.value.displayName }));
  },
});
