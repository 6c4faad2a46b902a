import { z } from 'zod';
import { parseProblemCode } from '../../src/domain/problems.ts';
import { clip } from '../../src/render/format.ts';
import { restText } from './task-args.ts';

/** /verb P7 [text]: the problem and the rest. */
export const problemAndText = (textRequired: string | null) =>
  z
    .array(z.string())
    .min(1, 'args-problem-code')
    .transform((tokens, zctx) => {
      const problemId = parseProblemCode(tokens[0]!);
      if (problemId === null) {
        zctx.addIssue({ code: 'custom', message: 'args-problem-code', params: { token: clip(tokens[0]!) } });
        return z.NEVER;
      }
      return { problemId, text: restText(tokens.slice(1), zctx, textRequired) };
    });
