import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { defineCommand, PROMPT_MARK, usageKey } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { typedDate } from '../shared/dates.ts';
import type { UserError } from '../../src/domain/result.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { taskCode, type NewTaskInput } from '../../src/domain/tasks.ts';
import { formatAmount, clip } from '../../src/render/format.ts';
import type { Services } from '../../src/container.ts';
import { taskFormArgs, type TaskForm } from '../shared/newtask-form.ts';
import { pressGuided, startGuided } from '../shared/newtask-guided.ts';
import { OFFICE } from '../shared/places.ts';
import { answerErrors } from '../shared/errors.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';

const DRAFT_KIND = 'newtask';
/** A line with every name wrong gets the first few problems, not a wall of them. */
const ERRORS_SHOWN = 10;

/** A task waiting for the office's confirmation, with the names it is shown with. */
interface TaskDraft {
  input: NewTaskInput;
  committee: string;
  units: Record<number, string>;
}

/** Resolves every name in the one-line form; every problem is reported at once, not one per try. */
async function resolveForm(form: TaskForm, services: Services): Promise<{ input?: NewTaskInput; errors: UserError[] }> {
  const errors: UserError[] = [];
  const names = await services.org.resolver();
  const committee = names.committee(form.committee);
  if (!committee.ok) errors.push(committee.error);
  const resolve = (name: string) => {
    const unit = names.unit(name);
    if (!unit.ok) errors.push(unit.error);
    return unit.ok ? unit.value : null;
  };
  const lead = resolve(form.lead);
  if (lead?.office) errors.push({ key: 'task-lead-office', vars: { unit: lead.name } });
  const cooperating = form.with.map(resolve).filter((u) => u !== null);
  const quotas = new Map<number, number>();
  for (const { unit: name, amount } of form.quota) {
    const unit = resolve(name);
    if (!unit) continue;
    if (unit.id !== lead?.id && !cooperating.some((c) => c.id === unit.id)) errors.push({ key: 'newtask-quota-unassigned', vars: { unit: unit.name } });
    if (quotas.has(unit.id)) errors.push({ key: 'newtask-quota-twice', vars: { unit: unit.name } });
    quotas.set(unit.id, amount);
  }
  const dueDate = typedDate(services, form.due);
  if (dueDate === null) errors.push({ key: 'args-bad-date', vars: { text: clip(form.due) } });
  if (errors.length > 0 || !committee.ok || lead === null || dueDate === null) return { errors };
  const input: NewTaskInput = {
    title: form.title,
    committeeId: committee.value.id,
    description: form.description,
    dueDate,
    measure: form.measure,
    assignments: [lead, ...cooperating].map((unit, i) => ({ unitId: unit.id, role: i === 0 ? 'lead' : 'cooperating', quota: quotas.get(unit.id) ?? null })),
  };
  const checked = services.tasks.check(input);
  return checked.ok ? { input, errors } : { errors: [checked.error] };
}

function previewOf(ctx: BotContext, draft: TaskDraft): string {
  const { input } = draft;
  const lines = [t(ctx, 'newtask-preview-title', { title: input.title }), t(ctx, 'newtask-preview-meta', { committee: draft.committee, due: input.dueDate })];
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

/** Shows the task as it will be saved, with Save and Cancel; nothing is written to the tasks yet. */
async function preview(ctx: BotContext, input: NewTaskInput, services: Services): Promise<void> {
  const checked = services.tasks.check(input);
  if (!checked.ok) return answerError(ctx, checked.error);
  const [units, committees] = await Promise.all([services.org.units(), services.org.committees()]);
  const draft: TaskDraft = {
    input,
    committee: committees.find((c) => c.id === input.committeeId)?.shortName ?? '',
    units: Object.fromEntries(units.filter((u) => input.assignments.some((a) => a.unitId === u.id)).map((u) => [u.id, u.name])),
  };
  const id = await services.drafts.save(DRAFT_KIND, ctx.actor.telegramId, ctx.where.chatId, draft);
  const keyboard = new InlineKeyboard().text(t(ctx, 'newtask-save-button'), buttonData.newtask('save', id)).text(t(ctx, 'newtask-cancel-button'), buttonData.newtask('cancel', id));
  return answer(ctx, `${t(ctx, 'newtask-preview-heading')}\n${previewOf(ctx, draft)}`, { reply_markup: keyboard });
}

async function finish(ctx: BotContext, verb: string, id: number, services: Services): Promise<void> {
  const opened = await services.drafts.open<TaskDraft>(DRAFT_KIND, id, ctx.actor.telegramId);
  // A double press must not create the task twice: whoever removes the draft goes on.
  if (!opened.ok || !(await services.drafts.finish(id))) {
    await ctx.answerCallbackQuery({ text: t(ctx, opened.ok ? 'draft-gone' : opened.error.key), show_alert: true });
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
  const unitIds = task.assignments.map((a) => a.unitId);
  await services.broadcasts.notices.toUnits(noticeEvents.taskCreated(task.id), unitIds, (tr) =>
    tr('task-new-unit-notice', { code, title: task.title, due: task.dueDate, lead, committee: draft.committee }),
  );
  await services.tasks.markAnnounced(new Map([[task.id, unitIds]]));
}

export default defineCommand({
  name: 'newtask',
  roles: OFFICE,
  places: ['private', 'admin'],
  args: taskFormArgs,
  async handler(ctx, form, services) {
    if (form === null) {
      // The title first, as a reply to this prompt; then the rest with buttons.
      return answer(ctx, `${PROMPT_MARK} /newtask\n${t(ctx, 'guided-ask-title')}\n\n${t(ctx, 'newtask-intro')}\n${t(ctx, 'cmd-newtask-usage')}`, {
        reply_markup: { force_reply: true, input_field_placeholder: t(ctx, 'guided-title-placeholder') },
      });
    }
    if (form.guided) return startGuided(ctx, form.title, services);
    const { input, errors } = await resolveForm(form, services);
    if (!input) {
      return answerErrors(ctx, errors.map((e) => t(ctx, e.key, e.vars)), ERRORS_SHOWN, { tail: t(ctx, usageKey('newtask')) });
    }
    return preview(ctx, input, services);
  },
  buttons: {
    prefix: buttonPrefix('newtask'),
    async handler(ctx, data, services) {
      // A step of the guided flow, or Save / Cancel under a preview.
      const guided = parseButton('newtaskGuided', data);
      if (guided) {
        const [, id, action, arg] = guided;
        const input = await pressGuided(ctx, id, action, arg, services);
        if (input === 'cancelled') await ctx.editMessageText(t(ctx, 'newtask-cancelled'));
        else if (input) await preview(ctx, input, services);
        return;
      }
      const button = parseButton('newtask', data);
      if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
      await finish(ctx, button[0], button[1], services);
    },
  },
});
