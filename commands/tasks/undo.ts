import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { reportValueText } from '../../src/render/task-detail.ts';
import { restText, unitOf } from '../shared/task-args.ts';
import { plainValue, reportTargetOf, resolveTarget } from '../shared/report-target.ts';

/** /undo T12 [reason]: the unit's last report on T12 withdrawn; /undo R57 reason: the office, any report. */
export default defineCommand({
  name: 'undo',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private', 'admin'],
  args: z
    .array(z.string())
    .min(1, 'args-report-target')
    .transform((tokens, zctx) => {
      const target = reportTargetOf(tokens[0], zctx);
      if (target === null) return z.NEVER;
      return { target, reason: restText(tokens.slice(1), zctx, null) };
    }),
  async handler(ctx, args, services) {
    const target = resolveTarget(args.target, unitOf(ctx));
    if (target === null) return answer(ctx, t(ctx, 'task-which-unit'));
    const done = await services.corrections.withdraw({ actor: ctx.actor, chatId: ctx.where.chatId }, target, args.reason);
    if (!done.ok) return answerError(ctx, done.error);
    const { code, unitName, reportId, before } = done.value;
    return answer(ctx, t(ctx, 'correct-withdrawn', { code, unit: unitName, id: reportId, value: reportValueText(plainValue(before), null) }));
  },
});

