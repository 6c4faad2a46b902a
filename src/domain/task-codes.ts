import { parseCode } from './codes.ts';

/** The most tasks one command takes at once: a preview longer than this is not read, only confirmed. */
const MAX_TASKS_AT_ONCE = 100;

/** Between codes of a list: T16,T17 · T16，T17 · T16、T17 · T16;T17 (full-width forms read as their ASCII ones). */
const LIST = /[,、;]/;
/** Between the ends of a range: T16-T30 · T16~T30 · T16–T30 · T16—T30 · T16至T30 · T16到T30. */
const RANGE = /^(.+?)(?:-|~|–|—|至|到)(.+)$/;
const LONE_RANGE = /^(?:-|~|–|—|至|到)$/;

type TaskCodesError =
  | { key: 'args-task-code'; vars: { token: string } }
  | { key: 'args-task-range-reversed'; vars: { from: string; to: string } }
  | { key: 'args-task-codes-too-many'; vars: { max: number } };

type TaskCodes = { ok: true; ids: number[]; rest: string[] } | ({ ok: false } & TaskCodesError);

type Piece = { ids: [number, number] } | TaskCodesError | null;

const code = (text: string) => parseCode(text, 'T');

/** One piece of a list: a code (T16) or a range (T16-T30, T16-30); null when it is neither. */
function pieceOf(text: string): Piece {
  const single = code(text);
  if (single !== null) return { ids: [single, single] };
  const range = RANGE.exec(text);
  const from = range && code(range[1]!);
  const to = range && code(range[2]!);
  if (from === null || to === null || from === undefined || to === undefined) return null;
  if (to < from) return { key: 'args-task-range-reversed', vars: { from: `T${from}`, to: `T${to}` } };
  return { ids: [from, to] };
}

const piecesOf = (token: string) => token.normalize('NFKC').split(LIST).map((p) => p.trim());
/** Written as a code on purpose: with its letter (T17, #17), as a range, or as a list. */
const deliberate = (token: string) => {
  const text = token.normalize('NFKC').trim();
  return /^[Tt#]/.test(text) || LIST.test(text) || RANGE.test(text);
};

/** "T16 - T30", typed with spaces around the dash, is the range T16-T30. */
function joinSpacedRanges(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const before = out.at(-1);
    const after = tokens[i + 1];
    if (LONE_RANGE.test(tokens[i]!.normalize('NFKC')) && before !== undefined && after !== undefined && code(piecesOf(before).at(-1)!) !== null && code(piecesOf(after)[0]!) !== null) {
      out[out.length - 1] = `${before}-${after}`;
      i++;
    } else out.push(tokens[i]!);
  }
  return out;
}

/**
 * The tasks a command names at its start, and the words after them (a reason): `T16`, `T16 T17`, `T16,T17`,
 * `T16，T17`, `T16-T30`, `T16 - T30`, `T16-30`, mixed, in any order; each task once, in the order typed.
 * The first token is always a code (any form parseCode reads, 16 too). After it, a token counts as codes only
 * when written as one on purpose (with its letter, as a range or a list, or right after a trailing comma): a
 * reason may start with a number ("/close T12 3 个村已验收"). A token that starts as codes and then is not
 * ("T17,x") is an error, not a reason. A reversed range, or more than MAX_TASKS_AT_ONCE tasks, is an error too.
 */
export function parseTaskCodes(typed: readonly string[], max = MAX_TASKS_AT_ONCE): TaskCodes {
  const tokens = joinSpacedRanges(typed);
  const ids = new Set<number>();
  let i = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const pieces = piecesOf(token);
    const first = pieces.find((p) => p !== '');
    if (i > 0 && first !== undefined) {
      const continued = LIST.test(tokens[i - 1]!.normalize('NFKC').trim().slice(-1));
      if (!((continued || deliberate(token)) && pieceOf(first) !== null)) break;
    }
    for (const text of pieces) {
      if (text === '') continue;
      const piece = pieceOf(text);
      if (piece === null) return { ok: false, key: 'args-task-code', vars: { token: text } };
      if (!('ids' in piece)) return { ok: false, ...piece };
      const [from, to] = piece.ids;
      if (to - from + 1 > max) return { ok: false, key: 'args-task-codes-too-many', vars: { max } };
      for (let id = from; id <= to; id++) ids.add(id);
      if (ids.size > max) return { ok: false, key: 'args-task-codes-too-many', vars: { max } };
    }
  }
  if (ids.size === 0) return { ok: false, key: 'args-task-code', vars: { token: tokens[0] ?? '' } };
  return { ok: true, ids: [...ids], rest: tokens.slice(i) };
}
