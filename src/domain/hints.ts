import { parseTaskCode } from './tasks.ts';

/**
 * A message that reads like a report typed without the slash ("T13 完成1个村", "T13 3", "t13 60% 已排查"): the
 * command it most likely meant, or null. The amount is the first number in the text (a percentage kept as
 * one); with none, nothing is guessed.
 */
export function reportWithoutSlash(text: string): { code: string; amount: string; note: string } | null {
  const m = /^\s*([Tt]\s?\d{1,9})[\s,，:：]+(.{1,200})$/su.exec(text.normalize('NFKC'));
  if (!m) return null;
  const taskId = parseTaskCode(m[1]!.replace(/\s/gu, ''));
  if (taskId === null) return null;
  const rest = m[2]!.trim();
  const amount = /(\d+(?:\.\d+)?%?)/u.exec(rest)?.[1];
  if (amount === undefined) return null;
  // "T13 3" is the amount alone; "T13 完成1个村" keeps its words as the note.
  const note = rest === amount ? '' : rest;
  return { code: `T${taskId}`, amount, note };
}
