import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { evidenceOf } from '../../src/bot/evidence.ts';
import { problemSummary } from '../../src/render/problems.ts';
import { problemCode } from '../../src/domain/problems.ts';
import { keepProblemEvidence } from '../shared/problem-actions.ts';
import { problemAndText } from '../shared/problem-args.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';

export default defineCommand({
  name: 'fixed',
  roles: ['admin', 'liaison'],
  places: ['unit', 'private', 'admin'],
  args: problemAndText(null),
  async handler(ctx, { problemId, text }, services) {
    const problems = services.problems;
    const evidence = evidenceOf(ctx.msg);
    const fixed = await problems.fix({ actor: ctx.actor, chatId: ctx.where.chatId }, { problemId, note: text, evidence: evidence.map((e) => e.input) });
    if (!fixed.ok) return answerError(ctx, fixed.error);
    const { problem, round, evidenceIds } = fixed.value;
    const code = problemCode(problem.id);
    const today = problems.today();
    await answer(ctx, [t(ctx, 'problem-fixed-done', { code }), t(ctx, 'problem-evidence-kept', { count: evidence.length })].join('\n'));
    await services.broadcasts.notices.toOffice(noticeEvents.problemFixed(problem.id, round), (tr) =>
      [
        tr('problem-fixed-office', { code, unit: problem.unit.name, who: ctx.actor.displayName }),
        problemSummary(tr, problem, today),
        text !== null ? tr('problem-fixed-note', { text }) : '',
        tr('problem-fixed-photos', { count: evidence.length }),
        tr('problem-fixed-hint', { code }),
      ]
        .filter(Boolean)
        .join('\n'),
    );
    await keepProblemEvidence(ctx, services, evidence, evidenceIds);
  },
});
