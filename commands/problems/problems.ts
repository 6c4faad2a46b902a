import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t, translator } from '../../src/bot/reply.ts';
import { fail, ok, type Result } from '../../src/domain/result.ts';
import { clip } from '../../src/render/format.ts';
import { problemLine } from '../../src/render/problems.ts';
import type { Services } from '../../src/container.ts';
import { parseKind, parseProblemStatus, type ProblemStatus } from '../../src/domain/problems.ts';
import type { ProblemFilter } from '../../src/services/problems.ts';
import { EVERYONE } from '../shared/places.ts';

/** More than this many lines would bury the first ones; the rest are counted. */
const SHOWN = 60;

/**
 * The filter from the words typed: a status (open / fixed / closed / all), a kind, a unit. Without a status,
 * what is not closed yet. What the reader may see here is the access service's to decide.
 */
async function filterOf(words: string[], services: Services): Promise<Result<ProblemFilter>> {
  let statuses: ProblemStatus[] | undefined = ['open', 'fixed'];
  const filter: ProblemFilter = {};
  for (const word of words) {
    const status = parseProblemStatus(word);
    if (status !== null) {
      statuses = status === 'all' ? undefined : [status];
      continue;
    }
    const kind = parseKind(word);
    if (kind !== null) {
      filter.kind = kind;
      continue;
    }
    const unit = await services.org.resolveUnit(word);
    if (unit.ok) {
      filter.unitId = unit.value.id;
      continue;
    }
    return fail('problems-unknown-filter', { text: clip(word) });
  }
  return ok(statuses ? { ...filter, statuses } : filter);
}

export default defineCommand({
  name: 'problems',
  roles: EVERYONE,
  places: ['unit', 'admin', 'leadership', 'private'],
  args: z.array(z.string()).max(3, 'args-problems-filter'),
  async handler(ctx, words, services) {
    const filter = await filterOf(words, services);
    if (!filter.ok) return answerError(ctx, filter.error);
    const problems = services.problems;
    const listed = await services.access.problemList(ctx, filter.value);
    if (!listed.ok) return answerError(ctx, listed.error);
    const list = listed.value;
    const today = problems.today();
    const tr = translator(ctx);
    const overdue = list.filter((p) => p.status === 'open' && p.dueDate < today).length;
    const lines = [t(ctx, 'problems-heading', { count: list.length, overdue })];
    if (list.length === 0) lines.push(t(ctx, 'problems-empty'));
    lines.push(...list.slice(0, SHOWN).map((p) => problemLine(tr, p, today)));
    if (list.length > SHOWN) lines.push(t(ctx, 'problems-more', { count: list.length - SHOWN }));
    lines.push(t(ctx, 'problems-footer'));
    return answer(ctx, lines.join('\n'));
  },
});
