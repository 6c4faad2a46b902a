import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import { badArgumentsText } from '../../src/bot/router.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { typedDate } from '../shared/dates.ts';
import { ANYWHERE, EVERYONE } from '../shared/places.ts';

const BACK_WORDS = new Set(['off', 'back', '回来', '取消']);

export default defineCommand({
  name: 'away',
  roles: EVERYONE,
  places: ANYWHERE,
  args: z.tuple([z.string()], { error: 'args-away' }),
  async handler(ctx, [until], services) {
    const back = BACK_WORDS.has(until.toLowerCase());
    const date = back ? null : typedDate(services, until);
    if (!back && date === null) return answer(ctx, badArgumentsText(ctx, 'away', { key: 'args-bad-date', vars: { text: clip(until) } }));
    await services.members.setAway(ctx.actor, date);
    return answer(ctx, date ? t(ctx, 'away-done', { until: date }) : t(ctx, 'away-off'));
  },
});
