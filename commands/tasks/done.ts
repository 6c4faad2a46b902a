import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { evidenceOf, keepEvidence } from '../../src/bot/evidence.ts';
import { restText, taskIdOf, unitOf } from '../shared/task-args.ts';

/** The word before an admin's reason for accepting the lead's "done" before every cooperating unit is done. */
const OVERRIDE_WORDS = new Set(['force', '强制']);

export default defineCommand({
  name: 'done',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private'],
  args: z
    .array(z.string())
    .min(1, 'args-task-code')
    .transform((tokens, zctx) => {
      const taskId = taskIdOf(tokens[0], zctx);
      if (taskId === null) return z.NEVER;
      const override = OVERRIDE_WORDS.has((tokens[1] ?? '').toLowerCase());
      const text = restText(tokens.slice(override ? 2 : 1), zctx, override ? 'args-done-override-reason' : null);
      return { taskId, note: override ? null : text, overrideReason: override ? text : null };
    }),
  async handler(ctx, args, services) {
    const unitId = unitOf(ctx);
    if (unitId === null) return answer(ctx, t(ctx, 'task-which-unit'));
    // A photo or file captioned "/done T12" is kept as the part's evidence, as /report keeps a report's.
    const evidence = evidenceOf(ctx.msg);
    const done = await services.tasks.markDone(
      { actor: ctx.actor, chatId: ctx.where.chatId },
      { taskId: args.taskId, unitId, note: args.note, overrideReason: args.overrideReason, evidence: evidence.map((e) => e.input) },
    );
    if (!done.ok) return answerError(ctx, done.error);
    const { task, finished, evidenceIds } = done.value;
    const kept = evidence.length > 0 ? `\n${t(ctx, 'report-evidence-kept', { count: evidence.length })}` : '';
    const code = taskCode(task.id);
    const unit = task.assignments.find((a) => a.unitId === unitId)?.unit.name ?? '';
    if (finished) {
      await services.broadcasts.notices.toOffice(noticeEvents.taskDone(task.id, ctx.update.update_id), (tr) => tr('done-office-notice', { code, title: task.title, unit }));
      await answer(ctx, t(ctx, 'done-finished', { code, title: task.title }) + kept);
    } else await answer(ctx, t(ctx, 'done-part', { code, unit }) + kept);
    await keepEvidence(ctx, services, evidence, evidenceIds, (id, path) => services.tasks.keepEvidenceCopy(id, path));
  },
});
