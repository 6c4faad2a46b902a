import { InputFile } from 'grammy';
import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answerError, t, translator } from '../../src/bot/reply.ts';

export default defineCommand({
  name: 'export',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const allowed = await services.access.whole(ctx, 'ledger');
    if (!allowed.ok) return answerError(ctx, allowed.error);
    const today = services.tasks.queries.today();
    const caption = t(ctx, 'export-caption', { date: today });
    const workbook = await services.ledger.workbook(translator(ctx), caption);
    await ctx.replyWithDocument(new InputFile(workbook, `督办台账-${today}.xlsx`), { caption, parse_mode: 'HTML' });
  },
});
