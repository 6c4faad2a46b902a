import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { reportValueText } from '../../src/render/task-detail.ts';
import { restText, unitOf } from '../shared/task-args.ts';
import { plainValue, reportTargetOf, reportValueOf, resolveTarget } from '../shared/report-target.ts';

/** /correct T12 3 [reason]: the unit's last report on T12 now says 3; /correct R57 3 reason: the office. */
export default defineCommand({
  name: 'correct',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private', 'admin'],
  args: z
    .array(z.string())
    .min(2, 'args-correct')
    .transform((tokens, zctx) => {
      const target = reportTargetOf(tokens[0], zctx);
      if (target === null) return z.NEVER;
      const value = reportValueOf(tokens[1], zctx);
      if (value === null) return z.NEVER;
      return { target, value, reason: restText(tokens.slice(2), zctx, null) };
    }),
  async handler(ctx, args, services) {
    const target = resolveTarget(args.target, unitOf(ctx));
    if (target === null) return answer(ctx, t(ctx, 'task-which-unit'));
    const done = await services.corrections.correct({ actor: ctx.actor, chatId: ctx.where.chatId }, target, args.value, args.reason);
    if (!done.ok) return answerError(ctx, done.error);
    const { code, unitName, reportId, before } = done.value;
    return answer(
      ctx,
      t(ctx, 'correct-corrected', {
        code,
        unit: unitName,
        id: reportId,
        from: reportValueText(plainValue(before), null),
        to: reportValueText(plainValue(args.value), null),
      }),
    );
  },
});
