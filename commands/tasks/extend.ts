import { InlineKeyboard } from 'grammy';
import { clip } from '../../src/render/format.ts';
import { z } from 'zod';
import { badArgumentsText } from '../../src/bot/router.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { typedDate } from '../shared/dates.ts';
import { escapeHtml } from '../../src/render/html.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { restText, taskIdOf, unitOf } from '../shared/task-args.ts';

export default defineCommand({
  name: 'extend',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private'],
  args: z
    .array(z.string())
    .min(3, 'args-extend')
    .transform((tokens, zctx) => {
      const taskId = taskIdOf(tokens[0], zctx);
      if (taskId === null) return z.NEVER;
      const reason = restText(tokens.slice(2), zctx, 'args-extend');
      return { taskId, date: tokens[1]!, reason: reason ?? '' };
    }),
  async handler(ctx, args, services) {
    const unitId = unitOf(ctx);
    if (unitId === null) return answer(ctx, t(ctx, 'task-which-unit'));
    const toDate = typedDate(services, args.date);
    if (toDate === null) return answer(ctx, badArgumentsText(ctx, 'extend', { key: 'args-bad-date', vars: { text: clip(args.date) } }));
    const requested = await services.tasks.requestExtension({ actor: ctx.actor, chatId: ctx.where.chatId }, { taskId: args.taskId, unitId, toDate, reason: args.reason });
    if (!requested.ok) return answerError(ctx, requested.error);
    const { task, extensionId } = requested.value;
    const code = taskCode(task.id);
    const unit = task.assignments.find((a) => a.unitId === unitId)?.unit.name ?? '';
    await services.broadcasts.notices.toOffice(
      noticeEvents.extensionRequested(extensionId),
      (tr) => tr('extend-office-request', { code, title: task.title, unit, from: task.dueDate, to: toDate, reason: args.reason, who: ctx.actor.displayName }),
      new InlineKeyboard().text(t(ctx, 'extend-approve-button'), buttonData.extension('approve', extensionId)).text(t(ctx, 'extend-deny-button'), buttonData.extension('deny', extensionId)),
    );
    return answer(ctx, t(ctx, 'extend-requested', { code, to: toDate }));
  },
  buttons: {
    prefix: buttonPrefix('extension'),
    async handler(ctx, data, services) {
      const button = parseButton('extension', data);
      if (!button) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true });
        return;
      }
      const [verdict, id] = button;
      const decided = await services.tasks.decideExtension({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, id, verdict === 'approve');
      if (!decided.ok) {
        await ctx.answerCallbackQuery({ text: t(ctx, decided.error.key, decided.error.vars), show_alert: true });
        return;
      }
      const { extension, task, unitName, code } = decided.value;
      const approved = extension.status === 'approved';
      const vars = { code, title: task.title, unit: unitName ?? '', to: extension.toDate, from: extension.fromDate, who: ctx.actor.displayName };
      await ctx.answerCallbackQuery();
      // The request stays readable above the verdict; its buttons go.
      const request = escapeHtml(ctx.callbackQuery?.message?.text ?? '').slice(0, 3500);
      await ctx.editMessageText(`${request}\n\n${t(ctx, approved ? 'extend-office-approved' : 'extend-office-denied', vars)}`, { parse_mode: 'HTML' });
      await services.broadcasts.notices.toChat(noticeEvents.extensionDecided(extension.id), extension.requestChatId, (tr) => tr(approved ? 'extend-unit-approved' : 'extend-unit-denied', vars));
    },
  },
});
