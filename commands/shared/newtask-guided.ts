import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { t } from '../../src/bot/reply.ts';
import { addUnitPage } from '../../src/bot/unit-buttons.ts';
import { addDays, daysBetween } from '../../src/domain/calendar.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import type { Services } from '../../src/container.ts';
import { buttonData } from '../../src/render/buttons.ts';

/**
 * /newtask with only a title: the committee, the lead, the cooperating units and the deadline are picked
 * with buttons on one message that is edited step by step. The state lives in a draft, so a restart in
 * the middle loses nothing. Quotas are set afterwards with /edit, or in the one-line form.
 */
interface GuidedDraft {
  step: 'committee' | 'lead' | 'with' | 'due';
  title: string;
  committeeId: number | null;
  leadId: number | null;
  withIds: number[];
  page: number;
}

const GUIDED_KIND = 'newtask-guided';
/** Offered deadlines, in days from today; the end of this month and of next are added. */
const QUICK_DAYS = [3, 7, 14, 30, 60, 90];

export async function startGuided(ctx: BotContext, title: string, services: Services): Promise<void> {
  const draft: GuidedDraft = { step: 'committee', title, committeeId: null, leadId: null, withIds: [], page: 0 };
  const id = await services.drafts.save(GUIDED_KIND, ctx.actor.telegramId, ctx.where.chatId, draft);
  const { text, keyboard } = await screen(ctx, id, draft, services);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

/** One press on draft `id`: an action and what was picked. Returns the finished input when the deadline was picked. */
export async function pressGuided(ctx: BotContext, id: number, action: string, arg: string | undefined, services: Services): Promise<NewTaskInput | 'cancelled' | null> {
  const opened = await services.drafts.open<GuidedDraft>(GUIDED_KIND, id, ctx.actor.telegramId);
  if (!opened.ok) {
    await ctx.answerCallbackQuery({ text: t(ctx, opened.error.key), show_alert: true });
    return null;
  }
  const draft = opened.value;
  const value = Number(arg);
  switch (action) {
    case 'c':
      Object.assign(draft, { committeeId: value, step: 'lead', page: 0 });
      break;
    case 'l':
      Object.assign(draft, { leadId: value, step: 'with', page: 0, withIds: draft.withIds.filter((w) => w !== value) });
      break;
    case 'w':
      draft.withIds = draft.withIds.includes(value) ? draft.withIds.filter((w) => w !== value) : [...draft.withIds, value];
      break;
    case 'p':
      draft.page = Math.max(0, value || 0);
      break;
    case 'n':
      draft.step = 'due';
      break;
    case 'x':
      await services.drafts.finish(id);
      await ctx.answerCallbackQuery();
      return 'cancelled';
    case 'd': {
      if (!(await services.drafts.finish(id))) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
        return null;
      }
      await ctx.answerCallbackQuery();
      return {
        title: draft.title,
        committeeId: draft.committeeId!,
        description: null,
        dueDate: arg!,
        measure: null,
        assignments: [
          { unitId: draft.leadId!, role: 'lead', quota: null },
          ...draft.withIds.map((unitId) => ({ unitId, role: 'cooperating' as const, quota: null })),
        ],
      };
    }
  }
  await services.drafts.update(id, draft);
  await ctx.answerCallbackQuery();
  const { text, keyboard } = await screen(ctx, id, draft, services);
  await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
  return null;
}

async function screen(ctx: BotContext, id: number, draft: GuidedDraft, services: Services) {
  const keyboard = new InlineKeyboard();
  const data = (action: string, arg?: string | number) => buttonData.newtaskGuided(id, action, arg);
  const units = (await services.org.units()).filter((u) => u.kind === 'department' || u.kind === 'township' || u.kind === 'other');
  const names = new Map(units.map((u) => [u.id, u.name]));
  const lines = [t(ctx, 'guided-title', { title: draft.title })];
  if (draft.committeeId !== null) {
    const committee = (await services.org.committees()).find((c) => c.id === draft.committeeId);
    lines.push(t(ctx, 'guided-committee', { committee: committee?.shortName ?? '' }));
  }
  if (draft.leadId !== null) lines.push(t(ctx, 'guided-lead', { unit: names.get(draft.leadId) ?? '' }));
  if (draft.withIds.length > 0) lines.push(t(ctx, 'guided-with', { units: draft.withIds.map((w) => names.get(w) ?? '').join('、') }));
  lines.push('', t(ctx, `guided-step-${draft.step}`));

  if (draft.step === 'committee') {
    for (const [i, c] of (await services.org.committees()).entries()) {
      keyboard.text(c.shortName, data('c', c.id));
      if (i % 4 === 3) keyboard.row();
    }
  } else if (draft.step === 'lead' || draft.step === 'with') {
    // The office (生态委办公室) chases the work and leads none of it: it is offered as a cooperating unit only.
    const choices = units.filter((u) => (draft.step === 'lead' ? !u.office : u.id !== draft.leadId));
    addUnitPage(ctx, keyboard, choices, draft.page, data, draft.step === 'lead' ? 'l' : 'w', (id) => draft.withIds.includes(id));
    if (draft.step === 'with') keyboard.row().text(t(ctx, 'guided-next'), data('n'));
  } else {
    const today = services.tasks.queries.today();
    const endOfMonth = (monthsAhead: number) => {
      const [y, m] = today.split('-').map(Number) as [number, number];
      const first = new Date(Date.UTC(y, m - 1 + monthsAhead + 1, 1));
      return addDays(first.toISOString().slice(0, 10), -1);
    };
    const dates = [...new Set([...QUICK_DAYS.map((d) => addDays(today, d)), endOfMonth(0), endOfMonth(1)])]
      .filter((d) => daysBetween(today, d) >= 0)
      .sort();
    for (const [i, date] of dates.entries()) {
      keyboard.text(date, data('d', date));
      if (i % 3 === 2) keyboard.row();
    }
  }
  keyboard.row().text(t(ctx, 'newtask-cancel-button'), data('x'));
  return { text: lines.join('\n'), keyboard };
}
