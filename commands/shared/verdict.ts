import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { ANYWHERE, OFFICE } from './places.ts';
import { taskAndText } from './task-args.ts';

/**
 * The office's verdicts on a task share one shape: /<verb> T12 [reason]. The task's units hear of it in
 * their groups, since a verdict changes what they have to do.
 */
export const verdictCommand = (name: 'close' | 'reject' | 'reopen' | 'cancel', reasonRequired: boolean) =>
  defineCommand({
    name,
    roles: OFFICE,
    places: ANYWHERE,
    args: taskAndText(reasonRequired ? `args-${name}-reason` : null),
    async handler(ctx, { taskId, text }, services) {
      const decided = await services.tasks.decide({ actor: ctx.actor, chatId: ctx.where.chatId }, taskId, name, text);
      if (!decided.ok) return answerError(ctx, decided.error);
      const { task } = decided.value;
      const vars = { code: taskCode(task.id), title: task.title, reason: text ?? '-' };
      await services.broadcasts.notices.toUnits(
        noticeEvents.taskDecided(task.id, name, ctx.update.update_id),
        task.assignments.map((a) => a.unitId),
        (tr) => tr(`${name}-unit-notice`, vars),
      );
      return answer(ctx, t(ctx, `${name}-done`, vars));
    },
  });
