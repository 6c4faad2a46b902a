/**
 * Splits a command's argument text into tokens. Quotes ("…", “…”, 「…」) keep spaces inside one token,
 * so a note or a name with spaces can be passed as a single argument.
 */
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』' };

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let closing: string | null = null;
  let inToken = false;
  for (const ch of text) {
    if (closing !== null) {
      if (ch === closing) closing = null;
      else current += ch;
    } else if (ch in QUOTES && !inToken) {
      closing = QUOTES[ch]!;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}
