const MAX_ID = 2 ** 31 - 1;

/**
 * An id as people type it after its letter (T for tasks, P for problems): T12, t12, #12, 12, and full-width
 * Ｔ１２ or ＃１２ → 12. Surrounding spaces are ignored; anything else (T, T-1, T0, 1.5, T12a, ids above
 * 2^31−1) → null.
 */
export function parseCode(token: string, letter: 'T' | 'P'): number | null {
  if (token.length > 32) return null;
  const match = new RegExp(`^[${letter}${letter.toLowerCase()}#]?(\\d{1,10})$`).exec(token.normalize('NFKC').trim());
  if (!match) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_ID ? id : null;
}
