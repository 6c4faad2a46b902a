import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { parseTaskCode, TASK_LIMITS } from '../../src/domain/tasks.ts';
import { lengthOf } from '../../src/domain/text.ts';
import { parseTaskCodes } from '../../src/domain/task-codes.ts';

/** A task as typed (T12, t12, #12 or 12), or an issue naming what was typed instead. */
export function taskIdOf(token: string | undefined, zctx: z.RefinementCtx): number | null {
  const id = token === undefined ? null : parseTaskCode(token);
  if (id === null) zctx.addIssue({ code: 'custom', message: 'args-task-code', params: { token: clip(token ?? '') } });
  return id;
}

export const taskCodeArg = z.string().transform((token, zctx) => taskIdOf(token, zctx) ?? z.NEVER);

/** Free text after the fixed arguments: a note, a reason. */
export const restText = (tokens: string[], zctx: z.RefinementCtx, required: string | null): string | null => {
  const text = tokens.join(' ').trim();
  if (text === '') {
    if (required) zctx.addIssue({ code: 'custom', message: required });
    return null;
  }
  if (lengthOf(text) > TASK_LIMITS.note) {
    zctx.addIssue({ code: 'custom', message: 'args-text-too-long', params: { max: TASK_LIMITS.note } });
    return null;
  }
  return text;
};

/** The task id and the rest, for commands of the form /verb T12 [text]. */
export const taskAndText = (textRequired: string | null) =>
  z
    .array(z.string())
    .min(1, 'args-task-code')
    .transform((tokens, zctx) => {
      const taskId = taskIdOf(tokens[0], zctx);
      if (taskId === null) return z.NEVER;
      return { taskId, text: restText(tokens.slice(1), zctx, textRequired) };
    });

/**
 * Several tasks and the rest, for /verb T16-T18 T20,T21 [text]: the codes as parseTaskCodes reads them (one
 * place for every command that takes several), then the text. One task is the same as taskAndText's.
 */
export const taskCodesAndText = (textRequired: string | null) =>
  z
    .array(z.string())
    .min(1, 'args-task-code')
    .transform((tokens, zctx) => {
      const codes = parseTaskCodes(tokens);
      if (!codes.ok) {
        const params = 'token' in codes.vars ? { token: clip(codes.vars.token) } : codes.vars;
        zctx.addIssue({ code: 'custom', message: codes.key, params });
        return z.NEVER;
      }
      return { taskIds: codes.ids, text: restText(codes.rest, zctx, textRequired) };
    });

/** The unit a liaison acts for: the group's unit in a unit group, else their own. */
export const unitOf = (ctx: BotContext): number | null => (ctx.where.place === 'unit' ? ctx.where.unitId : ctx.actor.unitId);
