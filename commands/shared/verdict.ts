import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import type { Services } from '../../src/container.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import type { Translate } from '../../src/render/html.ts';
import type { Decided, Verdict, VerdictStep } from '../../src/services/tasks.ts';
import { ANYWHERE, OFFICE } from './places.ts';
import { taskCodesAndText } from './task-args.ts';

/** The verdicts that take several tasks at once (/reject sends one task back, with its own reason). */
type BatchVerdict = Exclude<Verdict, 'reject'>;

/** A verdict on several tasks waiting for the office's Confirm: what was typed, planned again on Confirm. */
interface VerdictDraft {
  taskIds: number[];
  reason: string | null;
}

const draftKind = (name: BatchVerdict) => `verdict-${name}`;

/**
 * The office's verdicts on tasks share one shape: /<verb> T12 [reason]. The units that had been told of a task
 * hear of the verdict in their groups, since it changes what they have to do; a unit never told of a task (an
 * import nobody announced) hears nothing of it. /cancel, /close and /reopen take several tasks (T16-T18 T20,T21):
 * those get one preview with Confirm / Cancel, nothing changes before Confirm, and each unit group then gets ONE
 * message listing its own tasks among them.
 */
export const verdictCommand = (name: Verdict, reasonRequired: boolean) =>
  defineCommand({
    name,
    roles: OFFICE,
    places: ANYWHERE,
    args: taskCodesAndText(reasonRequired ? `args-${name}-reason` : null),
    async handler(ctx, { taskIds, text }, services) {
      if (taskIds.length === 1 || name === 'reject') return decideOne(ctx, name, taskIds[0]!, text, services);
      return preview(ctx, name, { taskIds, reason: text }, services);
    },
    ...(name === 'reject'
      ? {}
      : {
          buttons: {
            prefix: buttonPrefix(`${name}Batch`),
            async handler(ctx: BotContext, data: string, services: Services) {
              const button = parseButton(`${name}Batch`, data);
              if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
              await confirm(ctx, name, button[0], button[1], services);
            },
          },
        }),
  });

async function decideOne(ctx: BotContext, name: Verdict, taskId: number, text: string | null, services: Services): Promise<void> {
  const decided = await services.tasks.decide({ actor: ctx.actor, chatId: ctx.where.chatId }, taskId, name, text);
  if (!decided.ok) return answerError(ctx, decided.error);
  const { task, told } = decided.value;
  const vars = { code: taskCode(task.id), title: task.title, reason: text ?? '-' };
  await services.broadcasts.notices.toUnits(noticeEvents.taskDecided(task.id, name, ctx.update.update_id), told, (tr) => tr(`${name}-unit-notice`, vars));
  return answer(ctx, t(ctx, `${name}-done`, vars));
}

const verbOf = (ctx: BotContext, name: BatchVerdict) => t(ctx, `verdict-verb-${name}`);

/** What Confirm will do, task by task: those that take the verdict, then those left as they are and why. */
function planText(ctx: BotContext, name: BatchVerdict, steps: readonly VerdictStep[], reason: string | null): string {
  const verb = verbOf(ctx, name);
  const taking = steps.filter((s) => s.to !== null);
  const skipped = steps.filter((s) => s.to === null);
  const lines = [t(ctx, 'verdict-batch-preview', { verb, count: steps.length })];
  if (reason !== null) lines.push(t(ctx, 'verdict-reason', { reason }));
  if (taking.length > 0) lines.push('', t(ctx, 'verdict-batch-will', { verb, count: taking.length }));
  for (const { task } of taking) lines.push(t(ctx, 'verdict-batch-line', { code: taskCode(task.id), title: task.title }));
  if (skipped.length > 0) lines.push('', t(ctx, 'verdict-batch-skips', { count: skipped.length }));
  for (const { task, skip } of skipped) lines.push(t(ctx, 'verdict-batch-skip-line', { code: taskCode(task.id), title: task.title, why: t(ctx, `verdict-skip-${skip}`) }));
  return lines.join('\n');
}

/** Shows what the verdict will do with Confirm / Cancel; writes nothing but the draft. */
async function preview(ctx: BotContext, name: BatchVerdict, draft: VerdictDraft, services: Services): Promise<void> {
  const planned = await services.tasks.planVerdicts({ actor: ctx.actor, chatId: ctx.where.chatId }, draft.taskIds, name);
  if (!planned.ok) return answerError(ctx, planned.error);
  const text = planText(ctx, name, planned.value, draft.reason);
  if (planned.value.every((s) => s.to === null)) return answer(ctx, `${text}\n\n${t(ctx, 'verdict-batch-nothing', { verb: verbOf(ctx, name) })}`);
  const id = await services.drafts.save(draftKind(name), ctx.actor.telegramId, ctx.where.chatId, draft);
  const keyboard = new InlineKeyboard()
    .text(t(ctx, 'verdict-batch-confirm-button', { verb: verbOf(ctx, name) }), buttonData.verdictBatch(name, 'confirm', id))
    .text(t(ctx, 'verdict-batch-drop-button'), buttonData.verdictBatch(name, 'drop', id));
  return answer(ctx, text, { reply_markup: keyboard });
}

/** Confirm or Cancel under a preview. Whoever removes the draft goes on: a second press changes nothing. */
async function confirm(ctx: BotContext, name: BatchVerdict, verb: 'confirm' | 'drop', draftId: number, services: Services): Promise<void> {
  const opened = await services.drafts.open<VerdictDraft>(draftKind(name), draftId, ctx.actor.telegramId);
  if (!opened.ok || !(await services.drafts.finish(draftId))) {
    await ctx.answerCallbackQuery({ text: t(ctx, opened.ok ? 'draft-gone' : opened.error.key), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  // The buttons go; the answer follows the preview (which may have been long enough to be split).
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  if (verb === 'drop') return answer(ctx, t(ctx, 'verdict-batch-dropped'));
  const { taskIds, reason } = opened.value;
  const decided = await services.tasks.decideMany({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, taskIds, name, reason);
  if (!decided.ok) return answerError(ctx, decided.error);
  const { decided: done, skipped } = decided.value;
  const lines = [t(ctx, 'verdict-batch-done', { past: t(ctx, `verdict-past-${name}`), count: done.length, codes: done.map((d) => taskCode(d.task.id)).join('、') || '-' })];
  if (skipped.length > 0) lines.push(t(ctx, 'verdict-batch-done-skipped', { count: skipped.length, codes: skipped.map((s) => taskCode(s.task.id)).join('、') }));
  await services.broadcasts.notices.toEachUnit(noticeEvents.tasksDecided(name, draftId), unitNotices(name, done, reason));
  return answer(ctx, lines.join('\n'));
}

/** Each unit told of some of the tasks: one text listing those (one task reads as the single verdict's notice). */
function unitNotices(name: BatchVerdict, decided: readonly Decided[], reason: string | null): Map<number, (tr: Translate) => string> {
  const byUnit = new Map<number, Decided[]>();
  for (const d of decided) for (const unitId of d.told) byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), d]);
  return new Map(
    [...byUnit].map(([unitId, tasks]) => [
      unitId,
      (tr: Translate) => {
        if (tasks.length === 1) return tr(`${name}-unit-notice`, { code: taskCode(tasks[0]!.task.id), title: tasks[0]!.task.title, reason: reason ?? '-' });
        const lines = [tr(`${name}-units-notice`, { count: tasks.length })];
        for (const { task } of tasks) lines.push(tr('verdict-batch-line', { code: taskCode(task.id), title: task.title }));
        if (reason !== null) lines.push(tr('verdict-reason', { reason }));
        return lines.join('\n');
      },
    ]),
  );
}
