import { InputFile } from 'grammy';
import { z } from 'zod';
import { badArgumentsText } from '../../src/bot/router.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, translator } from '../../src/bot/reply.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { typedDate } from '../shared/dates.ts';
import { parseClockTime } from '../../src/domain/typed-date.ts';
import { clip } from '../../src/render/format.ts';
import { previewListing, previewSummary } from '../../src/render/preview.ts';
import { OFFICE } from '../shared/places.ts';

/**
 * A dry run for the office: what the scheduled jobs would send on a day (tomorrow unless told), from the real
 * data, writing and sending nothing. Private only: it shows every unit's messages.
 */
export default defineCommand({
  name: 'preview',
  roles: OFFICE,
  places: ['private'],
  args: z.array(z.string()).max(2, 'args-preview'),
  async handler(ctx, [dateText, timeText], services) {
    const today = services.tasks.queries.today();
    const date = dateText === undefined ? addDays(today, 1) : typedDate(services, dateText, today);
    if (date === null) return answer(ctx, badArgumentsText(ctx, 'preview', { key: 'args-bad-date', vars: { text: clip(dateText!) } }));
    const until = timeText === undefined ? undefined : parseClockTime(timeText);
    if (until === null) return answer(ctx, badArgumentsText(ctx, 'preview', { key: 'args-preview' }));
    const plan = await services.preview(date, until);
    const translate = translator(ctx);
    await answer(ctx, previewSummary(translate, plan));
    if (plan.messages.length === 0) return;
    const names = await services.chats.names(plan.messages.map((m) => m.message.chatId));
    await ctx.replyWithDocument(new InputFile(Buffer.from(previewListing(translate, plan, names)), `preview-${date}.txt`));
  },
});
