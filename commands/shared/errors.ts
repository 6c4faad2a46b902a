import type { BotContext } from '../../src/bot/context.ts';
import { answer, t } from '../../src/bot/reply.ts';

/**
 * Answers with a list of errors a person made: the first `max`, then "and N more" (a line with every name wrong
 * gets the first few problems, not a wall of them), between an optional head and tail (the usage line).
 */
export function answerErrors(ctx: BotContext, lines: readonly string[], max: number, frame: { head?: string; tail?: string } = {}): Promise<void> {
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(t(ctx, 'import-more-errors', { count: lines.length - max }));
  return answer(ctx, [...(frame.head === undefined ? [] : [frame.head]), ...shown, ...(frame.tail === undefined ? [] : [frame.tail])].join('\n'));
}
