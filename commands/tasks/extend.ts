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
import { evidenceOf, keepEvidence } from '../../src/bot/evidence.ts';
import { restText, taskIdOf, unitOf } from '../shared/task-args.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { Services } from '../../src/container.ts';
import { PROMPT_MARK } from '../../src/bot/registry.ts';

export default defineCommand({
  name: 'extend',
  roles: ['admin', 'liaison'],
  // The office group too: a denial's reason is a reply there.
  places: ['unit', 'private', 'admin'],
  args: z
    .array(z.string())
    .min(3, 'args-extend')
    .transform((tokens, zctx) => {
      // "/extend deny 5 #812 reason": the reply to the prompt a Deny button opens (#812: the request's message).
      if (tokens[0] === DENY) {
        const extensionId = Number(tokens[1]);
        const messageId = /^#\d+$/u.test(tokens[2] ?? '') ? Number(tokens[2]!.slice(1)) : null;
        const reason = restText(tokens.slice(messageId === null ? 2 : 3), zctx, 'args-extend-deny-reason');
        if (!Number.isSafeInteger(extensionId) || reason === null) return z.NEVER;
        return { deny: { extensionId, messageId, reason } } as const;
      }
      const taskId = taskIdOf(tokens[0], zctx);
      if (taskId === null) return z.NEVER;
      const reason = restText(tokens.slice(2), zctx, 'args-extend');
      return { taskId, date: tokens[1]!, reason: reason ?? '' };
    }),
  async handler(ctx, args, services) {
    if (args.deny) return deny(ctx, args.deny, services);
    const unitId = unitOf(ctx);
    if (unitId === null) return answer(ctx, t(ctx, 'task-which-unit'));
    const toDate = typedDate(services, args.date);
    if (toDate === null) return answer(ctx, badArgumentsText(ctx, 'extend', { key: 'args-bad-date', vars: { text: clip(args.date) } }));
    // A photo or file captioned "/extend T12 …" (the reason's proof) is kept with the request.
    const evidence = evidenceOf(ctx.msg);
    const requested = await services.tasks.requestExtension(
      { actor: ctx.actor, chatId: ctx.where.chatId },
      { taskId: args.taskId, unitId, toDate, reason: args.reason, evidence: evidence.map((e) => e.input) },
    );
    if (!requested.ok) return answerError(ctx, requested.error);
    const { task, extensionId, dueDate, evidenceIds } = requested.value;
    const code = taskCode(task.id);
    const unit = task.assignments.find((a) => a.unitId === unitId)?.unit.name ?? '';
    await services.broadcasts.notices.toOffice(
      noticeEvents.extensionRequested(extensionId),
      (tr) => tr('extend-office-request', { code, title: task.title, unit, from: dueDate, to: toDate, reason: args.reason, who: ctx.actor.displayName }),
      new InlineKeyboard().text(t(ctx, 'extend-approve-button'), buttonData.extension('approve', extensionId)).text(t(ctx, 'extend-deny-button'), buttonData.extension('deny', extensionId)),
    );
    const kept = evidence.length > 0 ? `\n${t(ctx, 'report-evidence-kept', { count: evidence.length })}` : '';
    await answer(ctx, t(ctx, 'extend-requested', { code, to: toDate }) + kept);
    await keepEvidence(ctx, services, evidence, evidenceIds, (id, path) => services.tasks.keepEvidenceCopy(id, path));
  },
  buttons: {
    prefix: buttonPrefix('extension'),
    // Approving is the office's, though liaisons may ask.
    roles: ['admin'],
    async handler(ctx, data, services) {
      const button = parseButton('extension', data);
      if (!button) {
        await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true });
        return;
      }
      const [verdict, id] = button;
      if (verdict === 'deny') {
        // A denial needs a reason: the reply to this prompt completes "/extend deny <id> #<message>".
        await ctx.answerCallbackQuery();
        const code = /T\d+/u.exec(ctx.callbackQuery?.message?.text ?? '')?.[0] ?? '';
        await ctx.reply(`${PROMPT_MARK} /extend ${DENY} ${id} #${ctx.callbackQuery?.message?.message_id ?? 0}\n${t(ctx, 'extend-deny-prompt', { code })}`, {
          reply_markup: { force_reply: true, selective: true, input_field_placeholder: t(ctx, 'extend-deny-placeholder') },
        });
        return;
      }
      const decided = await services.tasks.decideExtension({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, id, { approve: true });
      if (!decided.ok) {
        await ctx.answerCallbackQuery({ text: t(ctx, decided.error.key, decided.error.vars), show_alert: true });
        return;
      }
      const { extension, task, unitName, code } = decided.value;
      const vars = { code, title: task.title, unit: unitName ?? '', to: extension.toDate, from: extension.fromDate, who: ctx.actor.displayName };
      await ctx.answerCallbackQuery();
      // The request stays readable above the verdict; its buttons go.
      const request = escapeHtml(ctx.callbackQuery?.message?.text ?? '').slice(0, 3500);
      await ctx.editMessageText(`${request}\n\n${t(ctx, 'extend-office-approved', vars)}`, { parse_mode: 'HTML' });
      await services.broadcasts.notices.toChat(noticeEvents.extensionDecided(extension.id), extension.requestChatId, (tr) => tr('extend-unit-approved', vars));
    },
  },
});

const DENY = 'deny';

/** The office's reasoned "no": the unit is told why, and the request's buttons go. */
async function deny(ctx: BotContext, args: { extensionId: number; messageId: number | null; reason: string }, services: Services): Promise<void> {
  const decided = await services.tasks.decideExtension({ actor: ctx.actor, chatId: ctx.where.chatId }, args.extensionId, { approve: false, reason: args.reason });
  if (!decided.ok) return answerError(ctx, decided.error);
  const { extension, task, unitName, code, dueDate } = decided.value;
  // The unit's part keeps its own deadline, which may differ from the task's and from what was asked to be moved.
  const vars = { code, title: task.title, unit: unitName ?? '', to: extension.toDate, from: dueDate, who: ctx.actor.displayName, reason: args.reason };
  if (args.messageId !== null && ctx.chat) {
    // The request above loses its buttons; it may be gone or too old to edit, which changes nothing.
    await ctx.api.editMessageReplyMarkup(ctx.chat.id, args.messageId, { reply_markup: undefined }).catch(() => undefined);
  }
  await services.broadcasts.notices.toChat(noticeEvents.extensionDecided(extension.id), extension.requestChatId, (tr) => tr('extend-unit-denied', vars));
  return answer(ctx, t(ctx, 'extend-office-denied', vars));
}
