import { GrammyError, InlineKeyboard } from 'grammy';
import { z } from 'zod';
import type { BotContext } from '../../src/bot/context.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t, translator } from '../../src/bot/reply.ts';
import { fail, ok, type Result } from '../../src/domain/result.ts';
import type { Services } from '../../src/container.ts';
import type { TaskFilter } from '../../src/services/task-queries.ts';
import { taskLine } from '../../src/render/tasks.ts';
import { EVERYONE } from '../shared/places.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { plainText } from '../../src/render/html.ts';

const PAGE_SIZE = 15;
const OVERDUE_WORDS = new Set(['overdue', '逾期', 'red', '红灯']);
const MINE_WORDS = new Set(['mine', '我的', '分管']);

/**
 * A filter travels in button data (64 bytes at most) as a short code: a (all), o (overdue), c<id>, u<id>; am and
 * om are all and overdue of the units the asking leader oversees.
 */
type FilterCode = string;

const filterOf = (code: FilterCode): TaskFilter => {
  if (code === 'o' || code === 'om') return { overdueOnly: true };
  if (code.startsWith('c')) return { committeeId: Number(code.slice(1)) };
  if (code.startsWith('u')) return { unitId: Number(code.slice(1)) };
  return {};
};

/** The filter, with "mine" made the units the asker oversees: a leader's post's supervised units. */
async function filterFor(ctx: BotContext, code: FilterCode, services: Services): Promise<Result<TaskFilter>> {
  const filter = filterOf(code);
  if (code !== 'am' && code !== 'om') return ok(filter);
  const { role, unitId } = ctx.actor;
  const unitIds = role === 'leader' && unitId !== null ? await services.org.supervisedBy(unitId) : [];
  return unitIds.length > 0 ? ok({ ...filter, unitIds }) : fail('tasks-mine-not-leader');
}

/** What was asked for; who may see what is the access service's to decide (a unit's reader gets their unit's part). */
async function filterFromText(text: string, services: Services): Promise<Result<FilterCode>> {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 0 && MINE_WORDS.has(words.at(-1)!.toLowerCase())) {
    const rest = words.slice(0, -1).join(' ').toLowerCase();
    if (rest === '') return ok('am');
    if (OVERDUE_WORDS.has(rest)) return ok('om');
    return fail('tasks-unknown-filter', { text });
  }
  if (text === '') return ok('a');
  if (OVERDUE_WORDS.has(text.toLowerCase())) return ok('o');
  const committee = await services.org.resolveCommittee(text);
  if (committee.ok) return ok(`c${committee.value.id}`);
  const unit = await services.org.resolveUnit(text);
  if (unit.ok) return ok(`u${unit.value.id}`);
  // A typo of a name: say which names are close ("did you mean").
  for (const missed of [unit, committee]) if (!missed.ok && missed.error.key.endsWith('-closest')) return { ok: false, error: missed.error };
  return fail('tasks-unknown-filter', { text });
}

async function render(ctx: BotContext, code: FilterCode, page: number, services: Services): Promise<Result<{ html: string; keyboard: InlineKeyboard | undefined }>> {
  const asked = await filterFor(ctx, code, services);
  if (!asked.ok) return asked;
  const listed = await services.access.taskSummaries(ctx, asked.value);
  if (!listed.ok) return listed;
  const tasks = listed.value;
  const scope = services.access.scope(ctx);
  const filter = { ...asked.value, ...(scope.kind === 'unit' ? { unitId: scope.unitId } : {}) };
  const pages = Math.max(1, Math.ceil(tasks.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const shown = tasks.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const tr = translator(ctx);
  // A unit's own list counts its own parts' lights.
  const lightOf = (task: (typeof tasks)[number]) => {
    if (filter.unitId !== undefined) return task.parts.find((p) => p.unitId === filter.unitId)?.light ?? task.light;
    // A leader's own list counts the lights of the parts they oversee.
    const overseen = filter.unitIds ? task.parts.filter((p) => filter.unitIds!.includes(p.unitId)).map((p) => p.light) : [];
    return overseen.includes('red') ? 'red' : overseen.includes('yellow') ? 'yellow' : task.light;
  };
  const heading = t(ctx, 'tasks-heading', { count: tasks.length, red: tasks.filter((x) => lightOf(x) === 'red').length, yellow: tasks.filter((x) => lightOf(x) === 'yellow').length });
  const body = shown.length === 0 ? [t(ctx, 'tasks-empty')] : shown.map((task) => taskLine(tr, task, filter.unitId));
  const lines = [heading, ...body];
  if (shown.length > 0) lines.push('', t(ctx, 'tasks-legend', { yellowDays: services.config.rules.yellowDays }));
  if (pages > 1) lines.push(t(ctx, 'tasks-page', { page: current + 1, pages }));
  const keyboard = new InlineKeyboard();
  if (current > 0) keyboard.text(t(ctx, 'tasks-previous'), buttonData.tasksPage(current - 1, code));
  if (current < pages - 1) keyboard.text(t(ctx, 'tasks-next'), buttonData.tasksPage(current + 1, code));
  return ok({ html: lines.join('\n'), keyboard: pages > 1 ? keyboard : undefined });
}

export default defineCommand({
  name: 'tasks',
  roles: EVERYONE,
  places: ['unit', 'admin', 'leadership', 'private'],
  args: z.array(z.string()).max(4, 'args-tasks-filter').transform((tokens) => tokens.join(' ')),
  async handler(ctx, text, services) {
    const code = await filterFromText(text, services);
    if (!code.ok) return answerError(ctx, code.error);
    const rendered = await render(ctx, code.value, 0, services);
    if (!rendered.ok) return answerError(ctx, rendered.error);
    const { html, keyboard } = rendered.value;
    return answer(ctx, html, keyboard ? { reply_markup: keyboard } : {});
  },
  buttons: {
    prefix: buttonPrefix('tasksPage'),
    async handler(ctx, data, services) {
      const button = parseButton('tasksPage', data);
      if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
      const [page, code] = button;
      const rendered = await render(ctx, code, page, services);
      if (!rendered.ok) return void (await ctx.answerCallbackQuery({ text: plainText(t(ctx, rendered.error.key, rendered.error.vars)), show_alert: true }));
      const { html, keyboard } = rendered.value;
      await ctx.answerCallbackQuery();
      try {
        await ctx.editMessageText(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) });
      } catch (error) {
        // The same page pressed twice: the message already shows it.
        if (!(error instanceof GrammyError && /message is not modified/.test(error.description))) throw error;
      }
    },
  },
});
