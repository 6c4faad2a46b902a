import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import type { Services } from '../../src/container.ts';
import type { ReportInput, ReportReceipt, ReportValue } from '../../src/domain/reports.ts';
import { z } from 'zod';
import { defineCommand, PROMPT_MARK } from '../../src/bot/registry.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { keepEvidence, evidenceOf } from '../../src/bot/evidence.ts';
import { clip, formatAmount } from '../../src/render/format.ts';
import { restText, taskIdOf, unitOf } from '../shared/task-args.ts';
import { reportValueOf } from '../shared/report-target.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';

const reportArgs = z.array(z.string()).transform((tokens, zctx) => {
  if (tokens.length === 0) return null;
  const taskId = taskIdOf(tokens[0], zctx);
  if (taskId === null) return z.NEVER;
  const value = reportValueOf(tokens[1], zctx);
  if (value === null) return z.NEVER;
  const note = restText(tokens.slice(2), zctx, null);
  return { taskId, value, note };
});

export default defineCommand({
  name: 'report',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private'],
  args: reportArgs,
  async handler(ctx, args, services) {
    const unitId = unitOf(ctx);
    if (unitId === null) return answer(ctx, t(ctx, 'task-which-unit'));
    if (args === null) {
      // No task named: offer the unit's open tasks as buttons.
      const tasks = (await services.tasks.queries.summaries({ unitId })).filter((s) => s.status !== 'done');
      if (tasks.length === 0) return answer(ctx, t(ctx, 'report-nothing-open'));
      const keyboard = new InlineKeyboard();
      for (const task of tasks.slice(0, 20)) keyboard.text(clip(`${task.code} ${task.title}`, 60), buttonData.reportTask(task.id)).row();
      return answer(ctx, t(ctx, 'report-pick'), { reply_markup: keyboard });
    }
    const evidence = evidenceOf(ctx.msg);
    const input: ReportInput = { taskId: args.taskId, unitId, value: args.value, note: args.note, evidence: evidence.map((e) => e.input) };
    const reported = await services.tasks.report({ actor: ctx.actor, chatId: ctx.where.chatId, updateId: ctx.update.update_id }, input);
    if (!reported.ok && reported.error.key === 'report-duplicate') {
      // Held back, not lost: the sender may count it after all (the draft keeps it, evidence included).
      const draftId = await services.drafts.save(DUPLICATE_DRAFT, ctx.actor.telegramId, ctx.where.chatId, input);
      const keyboard = new InlineKeyboard()
        .text(t(ctx, 'report-duplicate-confirm-button'), buttonData.reportDuplicate('count', draftId))
        .text(t(ctx, 'report-duplicate-cancel-button'), buttonData.reportDuplicate('drop', draftId));
      return answer(ctx, t(ctx, reported.error.key, reported.error.vars), { reply_markup: keyboard });
    }
    if (!reported.ok) return answerError(ctx, reported.error);
    await answer(ctx, receiptText(ctx, reported.value, args.value, evidence.length));
    await keepEvidence(ctx, services, evidence, reported.value.evidenceIds, (id, path) => services.tasks.keepEvidenceCopy(id, path));
  },
  buttons: {
    prefix: buttonPrefix('reportTask'),
    // A task picked from the list: ask for the amount as a reply, which completes "/report T12".
    async handler(ctx, data, services) {
      const duplicate = parseButton('reportDuplicate', data);
      if (duplicate) return countDuplicate(ctx, services, duplicate[0], duplicate[1]);
      const button = parseButton('reportTask', data);
      if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
      const code = taskCode(button[0]);
      await ctx.answerCallbackQuery();
      await ctx.reply(`${PROMPT_MARK} /report ${code}\n${t(ctx, 'report-prompt', { code })}`, {
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: t(ctx, 'report-prompt-placeholder') },
      });
    },
  },
});

const DUPLICATE_DRAFT = 'report-duplicate';

function receiptText(ctx: BotContext, receipt: ReportReceipt, value: ReportValue, evidence: number): string {
  const { code, unitName, quota, done, ratio } = receipt;
  const measure = receipt.measure ?? '';
  return [
    t(ctx, 'report-done', {
      code,
      unit: unitName,
      value: value.kind === 'amount' ? `+${formatAmount(value.amount)} ${measure}`.trim() : `${value.percent}%`,
    }),
    quota !== null
      ? t(ctx, 'report-total-quota', { done: formatAmount(done), quota: formatAmount(quota), measure })
      : t(ctx, 'report-total-percent', { ratio: Math.round((ratio ?? 0) * 100) }),
    evidence > 0 ? t(ctx, 'report-evidence-kept', { count: evidence }) : t(ctx, 'report-no-evidence'),
  ].join('\n');
}

/** The sender's answer to "the same report again?": count it after all, or drop it. One press finishes it. */
async function countDuplicate(ctx: BotContext, services: Services, verb: 'count' | 'drop', draftId: number): Promise<void> {
  const draft = await services.drafts.open<ReportInput>(DUPLICATE_DRAFT, draftId, ctx.actor.telegramId);
  if (!draft.ok || !(await services.drafts.finish(draftId))) {
    await ctx.answerCallbackQuery({ text: t(ctx, draft.ok ? 'button-stale' : draft.error.key), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  if (verb === 'drop') return void (await ctx.editMessageText(t(ctx, 'report-duplicate-dropped')));
  const reported = await services.tasks.report({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, { ...draft.value, confirmedDuplicate: true });
  const text = reported.ok ? receiptText(ctx, reported.value, draft.value.value, draft.value.evidence.length) : t(ctx, reported.error.key, reported.error.vars);
  await ctx.editMessageText(text, { parse_mode: 'HTML' });
}
