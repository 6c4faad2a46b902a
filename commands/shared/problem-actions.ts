import type { BotContext } from '../../src/bot/context.ts';
import { keepEvidence } from '../../src/bot/evidence.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import type { Services } from '../../src/container.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { problemCode } from '../../src/domain/problems.ts';
import { Html } from '../../src/render/html.ts';
import type { EvidenceInput } from '../../src/domain/reports.ts';

/** Keeps copies of a problem's photos (before or after) next to their Telegram file ids. */
export const keepProblemEvidence = (ctx: BotContext, services: Services, evidence: { input: EvidenceInput }[], ids: number[]) =>
  keepEvidence(ctx, services, evidence, ids, (id, path) => services.problems.keepEvidenceCopy(id, path));

/** /reject P7 reason: the office sends a fixed problem back to its unit (/reject routes here by the P). */
export async function rejectProblem(ctx: BotContext, problemId: number, reason: string, services: Services): Promise<void> {
  const rejected = await services.problems.reject({ actor: ctx.actor, chatId: ctx.where.chatId }, problemId, reason);
  if (!rejected.ok) return answerError(ctx, rejected.error);
  const { problem, round } = rejected.value;
  const code = problemCode(problem.id);
  await services.broadcasts.notices.toUnits(noticeEvents.problemRejected(problem.id, round), [problem.unitId], (tr) =>
    tr('problem-rejected-unit', { code, kind: new Html(tr(`problem-kind-${problem.kind}`)), reason, due: problem.dueDate }),
  );
  return answer(ctx, t(ctx, 'problem-rejected-done', { code, unit: problem.unit.name, reason }));
}
