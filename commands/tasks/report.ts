import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { defineCommand, PROMPT_MARK } from '../../src/bot/registry.ts';
import { taskCode, TASK_LIMITS } from '../../src/domain/tasks.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { keepEvidence, evidenceOf } from '../../src/bot/evidence.ts';
import type { ReportValue } from '../../src/domain/reports.ts';
import { clip, formatAmount } from '../../src/render/format.ts';
import { restText, taskIdOf, unitOf } from '../shared/task-args.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';

/** 5, +5, 2.5, 5村 (the measure may follow), 60%, 60％. */
const VALUE = /^\+?(\d{1,10}(?:\.\d{1,4})?)\s*(%|％)?(\p{L}{0,8})$/u;

const reportArgs = z.array(z.string()).transform((tokens, zctx) => {
  if (tokens.length === 0) return null;
  const taskId = taskIdOf(tokens[0], zctx);
  if (taskId === null) return z.NEVER;
  const raw = (tokens[1] ?? '').normalize('NFKC');
  if (raw.startsWith('-')) {
    zctx.addIssue({ code: 'custom', message: 'args-report-negative' });
    return z.NEVER;
  }
  const match = VALUE.exec(raw);
  const number = match ? Number(match[1]) : NaN;
  if (!match || !Number.isFinite(number) || number <= 0 || number > TASK_LIMITS.amount || (match[2] && match[3])) {
    zctx.addIssue({ code: 'custom', message: 'args-report-value' });
    return z.NEVER;
  }
  if (match[2] && number > 100) {
    zctx.addIssue({ code: 'custom', message: 'args-report-percent' });
    return z.NEVER;
  }
  const value: ReportValue = match[2] ? { kind: 'percent', percent: number } : { kind: 'amount', amount: number };
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
    const reported = await services.tasks.report(
      { actor: ctx.actor, chatId: ctx.where.chatId },
      { taskId: args.taskId, unitId, value: args.value, note: args.note, evidence: evidence.map((e) => e.input) },
    );
    if (!reported.ok) return answerError(ctx, reported.error);
    const { code, unitName, quota, done, ratio } = reported.value;
    const measure = reported.value.measure ?? '';
    await answer(
      ctx,
      [
        t(ctx, 'report-done', {
          code,
          unit: unitName,
          value: args.value.kind === 'amount' ? `+${formatAmount(args.value.amount)} ${measure}`.trim() : `${args.value.percent}%`,
        }),
        quota !== null
          ? t(ctx, 'report-total-quota', { done: formatAmount(done), quota: formatAmount(quota), measure })
          : t(ctx, 'report-total-percent', { ratio: Math.round((ratio ?? 0) * 100) }),
        evidence.length > 0 ? t(ctx, 'report-evidence-kept', { count: evidence.length }) : t(ctx, 'report-no-evidence'),
      ].join('\n'),
    );
    await keepEvidence(ctx, services, evidence, reported.value.evidenceIds, (id, path) => services.tasks.keepEvidenceCopy(id, path));
  },
  buttons: {
    prefix: buttonPrefix('reportTask'),
    // A task picked from the list: ask for the amount as a reply, which completes "/report T12".
    async handler(ctx, data) {
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
