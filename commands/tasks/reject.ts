import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { looksLikeProblemCode } from '../../src/domain/problems.ts';
import { problemAndText } from '../shared/problem-args.ts';
import { taskAndText } from '../shared/task-args.ts';
import { verdictCommand } from '../shared/verdict.ts';
import { rejectProblem } from '../shared/problem-actions.ts';

const forTask = verdictCommand('reject', true);
const taskArgs = taskAndText('args-reject-reason');
const problemArgs = problemAndText('args-reject-reason');

/** A nested schema's result, its issues passed on as they are (the router shows the first). */
function forward<T>(parsed: { success: true; data: T } | { success: false; error: z.ZodError }, zctx: z.RefinementCtx): T {
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    zctx.addIssue({ code: 'custom', message: issue.message, ...(issue.code === 'custom' && issue.params ? { params: issue.params } : {}) });
  }
  return z.NEVER;
}

/** /reject T12 reason sends a task back; /reject P7 reason a fixed problem (routed by the P prefix). */
export default defineCommand({
  ...forTask,
  args: z
    .array(z.string())
    .transform((tokens, zctx) =>
      looksLikeProblemCode(tokens[0])
        ? ({ of: 'problem', ...forward(problemArgs.safeParse(tokens), zctx) } as const)
        : ({ of: 'task', ...forward(taskArgs.safeParse(tokens), zctx) } as const),
    ),
  async handler(ctx, args, services) {
    if (args.of === 'problem') return rejectProblem(ctx, args.problemId, args.text ?? '', services);
    return forTask.handler(ctx, { taskIds: [args.taskId], text: args.text }, services);
  },
});
