import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, EVERYONE } from '../shared/places.ts';

export default defineCommand({
  name: 'committees',
  roles: EVERYONE,
  places: ANYWHERE,
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const committees = await services.org.committees();
    if (committees.length === 0) return answer(ctx, t(ctx, 'committees-empty'));
    const lines = committees.map((c, i) =>
      t(ctx, 'committees-line', { n: i + 1, short: c.shortName, name: c.name, office: c.officeUnit?.name ?? '-' }),
    );
    return answer(ctx, [t(ctx, 'committees-title', { count: committees.length }), ...lines].join('\n'));
  },
});
