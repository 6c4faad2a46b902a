import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { Html } from '../../src/render/html.ts';
import { problemCode } from '../../src/domain/problems.ts';
import { problemAndText } from '../shared/problem-args.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

export default defineCommand({
  name: 'verify',
  roles: OFFICE,
  places: ANYWHERE,
  args: problemAndText(null),
  async handler(ctx, { problemId, text }, services) {
    const verified = await services.problems.verify({ actor: ctx.actor, chatId: ctx.where.chatId }, problemId, text);
    if (!verified.ok) return answerError(ctx, verified.error);
    const { problem } = verified.value;
    const code = problemCode(problem.id);
    await services.broadcasts.notices.toUnits(noticeEvents.problemClosed(problem.id), [problem.unitId], (tr) =>
      tr('problem-closed-unit', { code, kind: new Html(tr(`problem-kind-${problem.kind}`)), where: problem.location ?? '-' }),
    );
    return answer(ctx, t(ctx, 'problem-closed-done', { code, unit: problem.unit.name }));
  },
});
