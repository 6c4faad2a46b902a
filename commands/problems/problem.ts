import { z } from 'zod';
import type { BotContext } from '../../src/bot/context.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t, translator } from '../../src/bot/reply.ts';
import { evidenceOf } from '../../src/bot/evidence.ts';
import { usageKey } from '../../src/bot/registry.ts';
import { typedDate } from '../shared/dates.ts';
import type { UserError } from '../../src/domain/result.ts';
import { clip } from '../../src/render/format.ts';
import { problemSummary, renderProblemDetail } from '../../src/render/problems.ts';
import type { Services } from '../../src/container.ts';
import type { NewProblemInput } from '../../src/services/problems.ts';
import { guidedInput, parseGuidedToken, pressGuidedProblem, startGuidedProblem } from '../shared/problem-guided.ts';
import { parseProblemCode, parseProblemForm, problemCode, type ProblemForm } from '../../src/domain/problems.ts';
import { EVERYONE } from '../shared/places.ts';
import { answerErrors } from '../shared/errors.ts';
import { keepProblemEvidence } from '../shared/problem-actions.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import { localTime } from '../../src/domain/calendar.ts';
import { buttonPrefix } from '../../src/render/buttons.ts';

/** A line with every name wrong gets the first few problems, not a wall of them. */
const ERRORS_SHOWN = 8;

type ProblemArgs =
  | { mode: 'show'; id: number }
  | { mode: 'create'; form: ProblemForm }
  | { mode: 'invalid'; errors: UserError[] }
  | { mode: 'guided' }
  | { mode: 'guided-reply'; draftId: number; words: string[] };

/**
 * `/problem P7` shows one problem; a bare `/problem` starts the guided flow, whose place prompt comes back as
 * `/problem G12 <reply>`; anything else is the one-line form of a new one.
 */
const problemArgs = z.array(z.string()).transform((tokens): ProblemArgs => {
  if (tokens.length === 0) return { mode: 'guided' };
  const draftId = parseGuidedToken(tokens[0]!);
  if (draftId !== null) return { mode: 'guided-reply', draftId, words: tokens.slice(1) };
  if (tokens.length === 1 && !/[|｜]/u.test(tokens[0]!)) {
    const id = parseProblemCode(tokens[0]!);
    if (id !== null) return { mode: 'show', id };
  }
  const { form, errors } = parseProblemForm(tokens.join(' '));
  return form ? { mode: 'create', form } : { mode: 'invalid', errors };
});

/** The errors, then how the command is written. */
const answerProblemErrors = (ctx: BotContext, errors: UserError[]) =>
  answerErrors(ctx, errors.map((e) => t(ctx, e.key, e.vars)), ERRORS_SHOWN, { tail: t(ctx, usageKey('problem')) });

async function show(ctx: BotContext, id: number, services: Services): Promise<void> {
  const problems = services.problems;
  const detail = await services.access.problem(ctx, id);
  if (!detail.ok) return answerError(ctx, detail.error);
  return answer(ctx, renderProblemDetail(translator(ctx), detail.value, problems.today(), services.config.timeZone));
}

async function create(ctx: BotContext, form: ProblemForm, services: Services): Promise<void> {
  const { actor } = ctx;
  if (actor.role !== 'admin' && actor.role !== 'leader' && actor.role !== 'liaison') return answer(ctx, t(ctx, 'problem-create-not-allowed'));
  const problems = services.problems;
  const today = problems.today();
  const errors: UserError[] = [];
  let unitId: number | null = null;
  if (form.unit !== null) {
    const unit = await services.org.resolveUnit(form.unit);
    if (unit.ok) unitId = unit.value.id;
    else errors.push(unit.error);
  } else {
    // A liaison's problem is their own unit's; in a unit group, that unit's.
    unitId = ctx.where.place === 'unit' ? ctx.where.unitId : actor.role === 'liaison' ? actor.unitId : null;
    if (unitId === null) errors.push({ key: 'problem-which-unit' });
  }
  let dueDate = problems.defaultDueDate(form.kind);
  if (form.due !== null) {
    const parsed = typedDate(services, form.due, today);
    if (parsed === null) errors.push({ key: 'args-bad-date', vars: { text: clip(form.due) } });
    else dueDate = parsed;
  }
  // A Telegram location, replied to (a message with a caption cannot carry one itself).
  const location = ctx.msg?.reply_to_message?.location ?? ctx.msg?.location;
  if (form.where === null && !location) errors.push({ key: 'problem-where-missing' });
  if (errors.length > 0 || unitId === null) return answerProblemErrors(ctx, errors);

  await report(
    ctx,
    {
      kind: form.kind,
      description: form.description,
      location: form.where,
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      foundBy: form.foundBy ?? 'county',
      unitId,
      dueDate,
    },
    services,
  );
}

/** Records the problem with the message's photos, answers, tells the unit's group, then keeps the photos. */
async function report(ctx: BotContext, input: Omit<NewProblemInput, 'evidence'>, services: Services): Promise<void> {
  const problems = services.problems;
  const today = problems.today();
  const evidence = evidenceOf(ctx.msg);
  const created = await problems.create({ actor: ctx.actor, chatId: ctx.where.chatId }, { ...input, evidence: evidence.map((e) => e.input) });
  if (!created.ok) return answerError(ctx, created.error);
  const problem = created.value;
  const code = problemCode(problem.id);
  const groups = (await services.chats.unitGroups([problem.unitId])).map((g) => g.chatId);
  // Registered in the unit's own group: the confirmation is the notice there, one message and not two.
  const inOwnGroup = groups.includes(ctx.where.chatId);
  // Written in quiet hours, the notice waits for the morning: the answer says when.
  const held = services.broadcasts.notices.heldUntil();
  const told = held
    ? t(ctx, 'problem-unit-told-later', { unit: problem.unit.name, time: localTime(held, services.config.timeZone) })
    : t(ctx, 'problem-unit-told', { unit: problem.unit.name });
  await answer(
    ctx,
    [
      t(ctx, 'problem-created', { code }),
      problemSummary(translator(ctx), problem, today),
      evidence.length > 0 ? t(ctx, 'problem-evidence-kept', { count: evidence.length }) : t(ctx, 'problem-no-evidence'),
      inOwnGroup ? t(ctx, 'problem-unit-notice-hint', { code }) : groups.length > 0 ? told : t(ctx, 'problem-unit-no-group', { unit: problem.unit.name }),
    ].join('\n'),
  );
  await services.broadcasts.notices.toUnits(
    noticeEvents.problemCreated(problem.id),
    [problem.unitId],
    (tr) =>
      [tr('problem-unit-notice', { code }), problemSummary(tr, problem, today), evidence.length > 0 ? tr('problem-unit-notice-photos', { count: evidence.length, code }) : '', tr('problem-unit-notice-hint', { code })]
        .filter(Boolean)
        .join('\n'),
    ctx.where.chatId,
  );
  await keepProblemEvidence(ctx, services, evidence, problem.evidenceIds);
}

export default defineCommand({
  name: 'problem',
  roles: EVERYONE,
  places: ['unit', 'admin', 'leadership', 'private'],
  args: problemArgs,
  async handler(ctx, args, services) {
    if (args.mode === 'show') return show(ctx, args.id, services);
    if (args.mode === 'invalid') return answerProblemErrors(ctx, args.errors);
    if (args.mode === 'guided') return startGuidedProblem(ctx, services);
    if (args.mode === 'guided-reply') {
      const guided = await guidedInput(ctx, args.draftId, args.words, services);
      return guided.ok ? report(ctx, guided.input, services) : answerError(ctx, guided);
    }
    return create(ctx, args.form, services);
  },
  buttons: { prefix: buttonPrefix('problemGuided'), handler: (ctx, data, services) => pressGuidedProblem(ctx, data, services) },
});
