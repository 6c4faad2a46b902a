import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, EVERYONE } from '../shared/places.ts';

export default defineCommand({
  name: 'start',
  roles: EVERYONE,
  places: ANYWHERE,
  // Deep-link payloads (/start xyz) are accepted and ignored.
  args: z.array(z.string()),
  async handler(ctx) {
    const { actor, where } = ctx;
    if (where.place === 'private') {
      return answer(ctx, t(ctx, 'start-private', { name: actor.displayName, role: t(ctx, `role-${actor.role}`) }));
    }
    if (where.place === 'unbound') return answer(ctx, t(ctx, 'start-group-unbound'));
    if (where.place === 'unit') return answer(ctx, t(ctx, 'start-group-unit', { unit: where.unitName ?? '' }));
    return answer(ctx, t(ctx, 'start-group-bound', { chat: t(ctx, `place-${where.place}`) }));
  },
});
