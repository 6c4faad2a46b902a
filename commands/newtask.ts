import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../src/bot/context.ts';
import { defineCommand } from '../src/bot/registry.ts';
import { answer, answerError, t } from '../src/bot/reply.ts';
import { parseUserDate } from '../src/domain/calendar.ts';
import { taskCode } from '../src/domain/tasks.ts';
import { formatAmount } from '../src/render/format.ts';
import type { Services } from '../src/services/index.ts';
import type { NewTaskInput } from '../src/services/tasks.ts';
import { taskFormArgs, type TaskForm } from './newtask-form.ts';
import { OFFICE } from './places.ts';

/** A task waiting for the office's confirmation, with the names it will be shown with. */
interface TaskDraft {
  input: NewTaskInput;
  committee: string;
  units: Record<number, string>;
}

/** Resolves every name in the form; every problem is reported at once, not one per try. */
async function resolveForm(form: TaskForm, services: Services): Promise<{ draft?: TaskDraft; errors: { key: string; vars?: Record<string, string | number> }[] }> {
  const errors: { key: string; vars?: Record<string, string | number> }[] = [];
  const units: Record<number, string> = {};
  const committee = await services.org.resolveCommittee(form.committee);
  if (!committee.ok) errors.push(committee.error);
  const resolve = async (name: string) => {
    const unit = await services.org.resolveUnit(name);
    if (!unit.ok) {
      errors.push(unit.error);
      return null;
    }
    units[unit.value.id] = unit.value.name;
    return unit.value.id;
  };
  const lead = await resolve(form.lead);
  const cooperating: number[] = [];
  for (const name of form.with) {
    const id = await resolve(name);
    if (id !== null) cooperating.push(id);
  }
  const quotas = new Map<number, number>();
  for (const { unit, amount } of form.quota) {
    const id = await resolve(unit);
    if (id === null) continue;
    if (id !== lead && !cooperating.includes(id)) errors.push({ key: 'newtask-quota-unassigned', vars: { unit: units[id]! } });
    quotas.set(id, amount);
  }
  const dueDate = parseUserDate(form.due, services.tasks.queries.today());
  if (dueDate === null) errors.push({ key: 'args-bad-date', vars: { text: form.due.slice(0, 20) } });
  if (errors.length > 0 || !committee.ok || lead === null || dueDate === null) return { errors };
  const input: NewTaskInput = {
    title: form.title,
    committeeId: committee.value.id,
    description: form.description,
    dueDate,
    measure: form.measure,
    assignments: [lead, ...cooperating].map((unitId, i) => ({ unitId, role: i === 0 ? 'lead' : 'cooperating', quota: quotas.get(unitId) ?? null })),
  };
  const checked = services.tasks.check(input);
  if (!checked.ok) return { errors: [checked.error] };
  return { draft: { input, committee: committee.value.shortName, units }, errors };
}

export function previewOf(ctx: BotContext, draft: TaskDraft): string {
  const { input } = draft;
  const lines = [
    t(ctx, 'newtask-preview-title', { title: input.title }),
    t(ctx, 'newtask-preview-meta', { committee: draft.committee, due: input.dueDate }),
  ];
  for (const a of input.assignments) {
    lines.push(
      t(ctx, 'newtask-preview-unit', {
        unit: draft.units[a.unitId] ?? '',
        role: t(ctx, `task-role-${a.role}`),
        quota: a.quota === null ? '-' : `${formatAmount(a.quota)}${input.measure ?? ''}`,
      }),
    );
  }
  if (input.description) lines.push(t(ctx, 'detail-description', { text: input.description }));
  return lines.join('\n');
}

export default defineCommand({
  name: 'newtask',
  roles: OFFICE,
  places: ['private', 'admin'],
  args: taskFormArgs,
  async handler(ctx, form, services) {
    if (form === null) return answer(ctx, `${t(ctx, 'newtask-intro')}\n${t(ctx, 'cmd-newtask-usage')}`);
    const { draft, errors } = await resolveForm(form, services);
    if (!draft) return answer(ctx, [...errors.map((e) => t(ctx, e.key, e.vars)), t(ctx, 'cmd-newtask-usage')].join('\n'));
    const id = await services.drafts.save('newtask', ctx.actor.telegramId, ctx.where.chatId, draft);
    const keyboard = new InlineKeyboard().text(t(ctx, 'newtask-save-button'), `nt:save:${id}`).text(t(ctx, 'newtask-cancel-button'), `nt:cancel:${id}`);
    return answer(ctx, `${t(ctx, 'newtask-preview-heading')}\n${previewOf(ctx, draft)}`, { reply_markup: keyboard });
  },
  buttons: {
    prefix: 'nt',
    async handler(ctx, data, services) {
      const [verb, rawId] = data.split(':');
      const id = Number(rawId);
      const opened = await services.drafts.open<TaskDraft>('newtask', id, ctx.actor.telegramId);
      if (!opened.ok) {
        await ctx.answerCallbackQuery({ text: t(ctx, opened.error.key), show_alert: true });
        return;
      }
      // A double press must not create the task twice: whoever removes the draft goes on.
      if (!(await services.drafts.finish(id))) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
        return;
      }
      await ctx.answerCallbackQuery();
      const draft = opened.value;
      if (verb !== 'save') {
        await ctx.editMessageText(`${previewOf(ctx, draft)}\n\n${t(ctx, 'newtask-cancelled')}`, { parse_mode: 'HTML' });
        return;
      }
      const created = await services.tasks.create({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, draft.input);
      if (!created.ok) {
        await ctx.editMessageText(`${previewOf(ctx, draft)}\n\n${t(ctx, created.error.key, created.error.vars)}`, { parse_mode: 'HTML' });
        return;
      }
      const task = created.value;
      const code = taskCode(task.id);
      await ctx.editMessageText(`${previewOf(ctx, draft)}\n\n${t(ctx, 'newtask-saved', { code })}`, { parse_mode: 'HTML' });
      const lead = task.assignments.find((a) => a.role === 'lead')?.unit.name ?? '';
      await services.notifier.toUnits(
        task.assignments.map((a) => a.unitId),
        (tr) => tr('task-new-unit-notice', { code, title: task.title, due: task.dueDate, lead, committee: draft.committee }),
      );
    },
  },
});
