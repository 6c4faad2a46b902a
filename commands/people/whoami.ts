import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, PUBLIC } from '../shared/places.ts';
import { standingOf } from '../../src/domain/roles.ts';

export default defineCommand({
  name: 'whoami',
  roles: PUBLIC,
  places: ANYWHERE,
  args: z.tuple([]),
  async handler(ctx) {
    const { actor, where } = ctx;
    const lines = [
      t(ctx, 'whoami-person', { name: actor.displayName, id: actor.telegramId.toString() }),
      t(ctx, 'whoami-role', { role: t(ctx, `role-${standingOf(actor)}`) }),
      actor.unitName ? t(ctx, 'whoami-unit', { unit: actor.unitName }) : t(ctx, 'whoami-no-unit'),
      where.place === 'unit'
        ? t(ctx, 'whoami-chat-unit', { unit: where.unitName ?? '' })
        : t(ctx, 'whoami-chat', { place: t(ctx, `place-${where.place}`) }),
    ];
    return answer(ctx, lines.join('\n'));
  },
});
