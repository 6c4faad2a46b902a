import type { BotContext } from '../../src/bot/context.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { Html } from '../../src/i18n/index.ts';
import type { Services } from '../../src/services/index.ts';
import { problemCode } from '../../src/domain/problems.ts';
import { problemAndText } from './fixed.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

/** /reject P7 reason: the office sends a fixed problem back to its unit (commands/reject.ts routes here by the P). */
export async function rejectProblem(ctx: BotContext, problemId: number, reason: string, services: Services): Promise<void> {
  const rejected = await services.problems.reject({ actor: ctx.actor, chatId: ctx.where.chatId }, problemId, reason);
  if (!rejected.ok) return answer(ctx, t(ctx, rejected.error.key, rejected.error.vars));
  const { problem, round } = rejected.value;
  const code = problemCode(problem.id);
  await services.notifier.toUnits(`problem:${problem.id}:rejected:${round}`, [problem.unitId], (tr) =>
    tr('problem-rejected-unit', { code, kind: new Html(tr(`problem-kind-${problem.kind}`)), reason, due: problem.dueDate }),
  );
  return answer(ctx, t(ctx, 'problem-rejected-done', { code, unit: problem.unit.name, reason }));
}

export default defineCommand({
  name: 'verify',
  roles: OFFICE,
  places: ANYWHERE,
  args: problemAndText(null),
  async handler(ctx, { problemId, text }, services) {
    const verified = await services.problems.verify({ actor: ctx.actor, chatId: ctx.where.chatId }, problemId, text);
    if (!verified.ok) return answer(ctx, t(ctx, verified.error.key, verified.error.vars));
    const { problem } = verified.value;
    const code = problemCode(problem.id);
    await services.notifier.toUnits(`problem:${problem.id}:closed`, [problem.unitId], (tr) =>
      tr('problem-closed-unit', { code, kind: new Html(tr(`problem-kind-${problem.kind}`)), where: problem.location ?? '-' }),
    );
    return answer(ctx, t(ctx, 'problem-closed-done', { code, unit: problem.unit.name }));
  },
});
