// Timestamps as raw reads give them in text, read digit by digit: summaries() reads about 100,000 of them at a
// province's size, and Date's own parser took a tenth of its time. Only the one form the databases write is read
// here; anything else goes to Date's parser, so the answer is always the one it would give.

const HYPHEN = 45;
const COLON = 58;
const DOT = 46;
const SPACE = 32;
const T = 84;

/**
 * The instant of `YYYY-MM-DD HH:MM:SS[.fraction]` (a space or a T between date and time) read as UTC, when `text`
 * is that and then one of `suffixes` exactly; null for anything else (another form, a field out of range, a year
 * before 100, which Date.UTC would read as 19xx).
 */
export function utcInstantMs(text: string, suffixes: readonly string[]): number | null {
  if (text.length < 19 || text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return null;
  const separator = text.charCodeAt(10);
  if (separator !== SPACE && separator !== T) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  let end = 19;
  let ms = 0;
  if (text.charCodeAt(19) === DOT) {
    end = 20;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end === 20) return null;
    // Milliseconds are the fraction's first three digits; further ones (PostgreSQL's microseconds) are dropped, as Date does.
    for (let i = 20; i < 23; i++) ms = ms * 10 + (i < end ? text.charCodeAt(i) - 48 : 0);
  }
  if (!endsWithOneOf(text, end, suffixes)) return null;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number written in text[from, to), or -1 when a character there is not a digit (every field is then out of range). */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

function endsWithOneOf(text: string, end: number, suffixes: readonly string[]): boolean {
  for (const suffix of suffixes) if (text.length - end === suffix.length && text.endsWith(suffix)) return true;
  return false;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
