import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, PUBLIC } from '../shared/places.ts';
import { standingOf } from '../../src/domain/roles.ts';

export default defineCommand({
  name: 'start',
  roles: PUBLIC,
  places: ANYWHERE,
  // Deep-link payloads (/start xyz) are accepted and ignored.
  args: z.array(z.string()),
  async handler(ctx) {
    const { actor, where } = ctx;
    if (where.place === 'private') {
      const greeting = t(ctx, 'start-private', { name: actor.displayName, role: t(ctx, `role-${standingOf(actor)}`) });
      return answer(ctx, standingOf(actor) === 'stranger' ? `${greeting}\n\n${t(ctx, 'access-how-to')}` : greeting);
    }
    if (where.place === 'unbound') return answer(ctx, t(ctx, 'start-group-unbound'));
    if (where.place === 'unit') return answer(ctx, t(ctx, 'start-group-unit', { unit: where.unitName ?? '' }));
    return answer(ctx, t(ctx, 'start-group-bound', { chat: t(ctx, `place-${where.place}`) }));
  },
});
