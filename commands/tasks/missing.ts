import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';

export default defineCommand({
  name: 'missing',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const allowed = await services.access.whole(ctx, 'missing');
    if (!allowed.ok) return answerError(ctx, allowed.error);
    const missing = await services.tasks.queries.missing();
    if (missing.length === 0) return answer(ctx, t(ctx, 'missing-none', { days: services.config.rules.staleDays }));
    const lines = [t(ctx, 'missing-heading', { days: services.config.rules.staleDays })];
    for (const group of missing) {
      lines.push('', t(ctx, 'missing-committee', { committee: group.committee }));
      for (const unit of group.units) lines.push(t(ctx, 'missing-unit', { unit: unit.unitName, tasks: unit.tasks.join(' ') }));
    }
    return answer(ctx, lines.join('\n'));
  },
});
