import { InputFile } from 'grammy';
import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { t, translator } from '../../src/bot/reply.ts';
import { ledgerRows, problemRows } from '../../src/services/ledger.ts';
import { ledgerWorkbook } from '../../src/sheets/ledger.ts';

export default defineCommand({
  name: 'export',
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const now = services.now();
    const today = services.tasks.queries.today();
    const translate = translator(ctx);
    const [rows, problems] = await Promise.all([ledgerRows(services.db, services.tasks.queries, translate), problemRows(services.db, translate, today)]);
    const workbook = await ledgerWorkbook(rows, { title: t(ctx, 'export-caption', { date: today }), generatedAt: now, timeZone: services.config.timeZone }, problems);
    await ctx.replyWithDocument(new InputFile(workbook, `督办台账-${today}.xlsx`), { caption: t(ctx, 'export-caption', { date: today }), parse_mode: 'HTML' });
  },
});
