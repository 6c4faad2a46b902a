import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import { badArgumentsText } from '../../src/bot/router.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { typedDate } from '../shared/dates.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

const OFF_WORDS = new Set(['off', '取消', '恢复']);

export default defineCommand({
  name: 'pause',
  roles: OFFICE,
  places: ANYWHERE,
  args: z.tuple([z.string(), z.string()], { error: 'args-pause' }),
  async handler(ctx, [unitName, until], services) {
    const unit = await services.org.resolveUnit(unitName);
    if (!unit.ok) return answerError(ctx, unit.error);
    const off = OFF_WORDS.has(until.toLowerCase());
    const date = off ? null : typedDate(services, until);
    if (!off && date === null) return answer(ctx, badArgumentsText(ctx, 'pause', { key: 'args-bad-date', vars: { text: clip(until) } }));
    await services.pauses.pauseReminders({ actor: ctx.actor, chatId: ctx.where.chatId }, unit.value, date);
    return answer(ctx, date ? t(ctx, 'pause-done', { unit: unit.value.name, until: date }) : t(ctx, 'pause-off', { unit: unit.value.name }));
  },
});
