import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { PROMPT_MARK } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { addUnitPage } from '../../src/bot/unit-buttons.ts';
import { addDays } from '../../src/domain/calendar.ts';
import { FOUND_BY, PROBLEM_KINDS, PROBLEM_LIMITS, type FoundBy, type ProblemKind } from '../../src/domain/problems.ts';
import { KIND_ICONS } from '../../src/render/problems.ts';
import type { Services } from '../../src/container.ts';
import type { NewProblemInput } from '../../src/services/problems.ts';
import { buttonData, parseButton } from '../../src/render/buttons.ts';
import { lengthOf } from '../../src/domain/text.ts';

/**
 * A bare /problem: kind, found-by level, responsible unit and deadline are picked with buttons on one message
 * edited step by step; then the bot asks for the place as a reply, which may carry the photo or be a Telegram
 * location. The state lives in a draft, so a restart in the middle loses nothing, and only its owner moves it.
 */
interface ProblemDraft {
  step: 'kind' | 'found' | 'unit' | 'due' | 'where';
  kind: ProblemKind | null;
  foundBy: FoundBy | null;
  unitId: number | null;
  /** the unit came from the chat or the liaison, so there is no unit step */
  unitGiven: boolean;
  dueDate: string | null;
  page: number;
}

const GUIDED_PROBLEM = 'problem-guided';
/** Offered deadlines besides the kind's default, in days from today. */
const QUICK_DAYS = [1, 3, 7, 15, 30];

/** The token the place prompt carries: `/problem G12` completes draft 12 with the reply. */
const guidedToken = (draftId: number) => `G${draftId}`;
export const parseGuidedToken = (token: string): number | null => {
  const match = /^G(\d{1,9})$/.exec(token);
  return match ? Number(match[1]) : null;
};

export async function startGuidedProblem(ctx: BotContext, services: Services): Promise<void> {
  const { actor, where } = ctx;
  // In a unit's group it is that unit's problem; a liaison's is their own unit's anywhere.
  const unitId = where.place === 'unit' ? where.unitId : actor.role === 'liaison' ? actor.unitId : null;
  if (actor.role !== 'admin' && actor.role !== 'leader' && actor.role !== 'liaison') return answer(ctx, t(ctx, 'problem-create-not-allowed'));
  if (actor.role === 'liaison' && unitId !== actor.unitId) return answer(ctx, t(ctx, 'problem-not-your-unit'));
  const draft: ProblemDraft = { step: 'kind', kind: null, foundBy: null, unitId, unitGiven: unitId !== null, dueDate: null, page: 0 };
  const id = await services.drafts.save(GUIDED_PROBLEM, actor.telegramId, where.chatId, draft);
  const { text, keyboard } = await screen(ctx, id, draft, services);
  await answer(ctx, text, { reply_markup: keyboard });
}

/** One press: `<draftId>:<action>[:<arg>]`. */
export async function pressGuidedProblem(ctx: BotContext, data: string, services: Services): Promise<void> {
  const button = parseButton('problemGuided', data);
  if (!button) {
    await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true });
    return;
  }
  const [id, action, arg = ''] = button;
  const opened = await services.drafts.open<ProblemDraft>(GUIDED_PROBLEM, id, ctx.actor.telegramId);
  if (!opened.ok) {
    await ctx.answerCallbackQuery({ text: t(ctx, opened.error.key), show_alert: true });
    return;
  }
  const draft = opened.value;
  if (action === 'x') {
    await services.drafts.finish(id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(t(ctx, 'problem-guided-cancelled'), { parse_mode: 'HTML' });
    return;
  }
  const number = /^\d{1,9}$/.test(arg) ? Number(arg) : null;
  const moved =
    action === 'k' && draft.step === 'kind' && (PROBLEM_KINDS as readonly string[]).includes(arg) ? { kind: arg, step: 'found' }
    : action === 'f' && draft.step === 'found' && (FOUND_BY as readonly string[]).includes(arg) ? { foundBy: arg, step: draft.unitGiven ? 'due' : 'unit' }
    : action === 'u' && draft.step === 'unit' && number !== null ? { unitId: number, step: 'due' }
    : action === 'p' && draft.step === 'unit' && number !== null ? { page: number }
    : action === 'd' && draft.step === 'due' && /^\d{4}-\d{2}-\d{2}$/.test(arg) ? { dueDate: arg, step: 'where' }
    : null;
  // A button of an older screen of this draft (or forged data) changes nothing.
  if (moved === null) {
    await ctx.answerCallbackQuery({ text: t(ctx, 'draft-gone'), show_alert: true });
    return;
  }
  Object.assign(draft, moved);
  await services.drafts.update(id, draft);
  await ctx.answerCallbackQuery();
  const { text, keyboard } = await screen(ctx, id, draft, services);
  await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
  if (draft.step === 'where') {
    await ctx.reply(`${PROMPT_MARK} /problem ${guidedToken(id)}\n${t(ctx, 'problem-guided-prompt')}`, {
      reply_markup: { force_reply: true, selective: true, input_field_placeholder: t(ctx, 'problem-guided-placeholder') },
    });
  }
}

/**
 * The reply to the place prompt: its first word is the place (quotes keep spaces in it), the rest the note;
 * its photo or document is the "before" evidence; a location sent as the reply gives the coordinates. Returns
 * the problem to create, or an error key (the draft stays, so the person can simply reply again).
 */
export async function guidedInput(
  ctx: BotContext,
  draftId: number,
  words: readonly string[],
  services: Services,
): Promise<{ ok: true; input: Omit<NewProblemInput, 'evidence'> } | { ok: false; key: string; vars?: Record<string, string | number> }> {
  const opened = await services.drafts.open<ProblemDraft>(GUIDED_PROBLEM, draftId, ctx.actor.telegramId);
  if (!opened.ok) return { ok: false, key: opened.error.key };
  const draft = opened.value;
  if (draft.step !== 'where' || !draft.kind || !draft.foundBy || draft.unitId === null || !draft.dueDate) return { ok: false, key: 'draft-gone' };
  const [first = '', ...rest] = words.map((word) => word.normalize('NFKC').trim()).filter(Boolean);
  const location = ctx.msg?.location;
  if (first === '' && !location) return { ok: false, key: 'problem-guided-where-missing' };
  if (lengthOf(first) > PROBLEM_LIMITS.where) return { ok: false, key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.where } };
  const description = rest.join(' ');
  if (lengthOf(description) > PROBLEM_LIMITS.description) return { ok: false, key: 'args-text-too-long', vars: { max: PROBLEM_LIMITS.description } };
  // Whoever removes the draft goes on: a second reply must not report the problem twice.
  if (!(await services.drafts.finish(draftId))) return { ok: false, key: 'draft-gone' };
  return {
    ok: true,
    input: {
      kind: draft.kind,
      description: description === '' ? null : description,
      location: first === '' ? null : first,
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      foundBy: draft.foundBy,
      unitId: draft.unitId,
      dueDate: draft.dueDate,
    },
  };
}

async function screen(ctx: BotContext, id: number, draft: ProblemDraft, services: Services) {
  const keyboard = new InlineKeyboard();
  const data = (action: string, arg?: string | number) => buttonData.problemGuided(id, action, arg);
  const units = (await services.org.units()).filter((u) => u.kind === 'department' || u.kind === 'township');
  const lines = [t(ctx, 'problem-guided-title')];
  if (draft.kind) lines.push(t(ctx, 'problem-guided-kind', { kind: `${KIND_ICONS[draft.kind]} ${t(ctx, `problem-kind-${draft.kind}`)}` }));
  if (draft.foundBy) lines.push(t(ctx, 'problem-guided-found', { found: t(ctx, `problem-found-${draft.foundBy}`) }));
  if (draft.unitId !== null) lines.push(t(ctx, 'problem-guided-unit', { unit: units.find((u) => u.id === draft.unitId)?.name ?? '' }));
  if (draft.dueDate) lines.push(t(ctx, 'problem-guided-due', { due: draft.dueDate }));
  lines.push('', t(ctx, `problem-guided-step-${draft.step}`));

  if (draft.step === 'kind') {
    for (const [i, kind] of PROBLEM_KINDS.entries()) {
      keyboard.text(`${KIND_ICONS[kind]} ${t(ctx, `problem-kind-${kind}`)}`, data('k', kind));
      if (i % 3 === 2) keyboard.row();
    }
  } else if (draft.step === 'found') {
    for (const level of FOUND_BY) keyboard.text(t(ctx, `problem-found-${level}`), data('f', level));
  } else if (draft.step === 'unit') {
    addUnitPage(ctx, keyboard, units, draft.page, data, 'u');
  } else if (draft.step === 'due') {
    const today = services.problems.today();
    const byDefault = services.problems.defaultDueDate(draft.kind!);
    const dates = [...new Set([byDefault, ...QUICK_DAYS.map((d) => addDays(today, d))])].sort();
    for (const [i, date] of dates.entries()) {
      keyboard.text(date === byDefault ? t(ctx, 'problem-guided-default-due', { date }) : date, data('d', date));
      if (i % 3 === 2) keyboard.row();
    }
  }
  if (draft.step !== 'where') keyboard.row().text(t(ctx, 'newtask-cancel-button'), data('x'));
  return { text: lines.join('\n'), keyboard };
}
