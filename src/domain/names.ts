/**
 * Finds what a person meant by a typed name: an exact name, short name or alias wins, otherwise a unique
 * prefix; when nothing matches, the closest names are offered ("did you mean"). Used for units and
 * committees alike, so every command resolves names the same way.
 *
 * Names are compared as people type them: NFKC, case-insensitive, spaces ignored, and without the
 * suffixes of a township's or sub-district's full title (王庄镇人民政府 is 王庄镇, 东城街道办事处 is
 * 东城街道) or a leading 县 (县住建局 is 住建局).
 */
type NameMatch<T> = { kind: 'one'; item: T } | { kind: 'none'; closest: T[] } | { kind: 'many'; items: T[] };

/** At most this many "did you mean" names. */
const CLOSEST_SHOWN = 3;

export function matchByName<T>(items: readonly T[], query: string, namesOf: (item: T) => readonly (string | null)[]): NameMatch<T> {
  const wanted = normalizeName(query);
  if (wanted === '') return { kind: 'none', closest: [] };
  const names = (item: T) => namesOf(item).filter((n): n is string => !!n).map(normalizeName);
  const exact = items.filter((item) => names(item).includes(wanted));
  if (exact.length === 1) return { kind: 'one', item: exact[0]! };
  if (exact.length > 1) return { kind: 'many', items: exact };
  const prefixed = items.filter((item) => names(item).some((n) => n.startsWith(wanted)));
  if (prefixed.length === 1) return { kind: 'one', item: prefixed[0]! };
  if (prefixed.length > 1) return { kind: 'many', items: prefixed };
  return { kind: 'none', closest: closestTo(items, wanted, names) };
}

const SUFFIXES = ['人民政府', '办事处'];

/** A name as it is compared: 'Ｗang庄镇 人民政府 ' and '王庄镇' alike lose what does not tell units apart. */
export function normalizeName(s: string): string {
  let name = s.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
  for (const suffix of SUFFIXES) if (name.length > suffix.length + 1 && name.endsWith(suffix)) name = name.slice(0, -suffix.length);
  if (name.length > 2 && name.startsWith('县')) name = name.slice(1);
  return name;
}

/**
 * The names within a typo or two of the query: by edit distance over characters (a wrong character counts
 * one: 城关真 → 城关镇, 大豚镇 → 大屯镇, 住建委 → 住建局), allowing one edit per three characters, at least
 * one; a name that contains the query or is contained in it (环境局 → 生态环境局) counts as close too.
 */
function closestTo<T>(items: readonly T[], wanted: string, names: (item: T) => string[]): T[] {
  const scored: { item: T; distance: number }[] = [];
  for (const item of items) {
    let best = Infinity;
    for (const name of names(item)) {
      const allowed = Math.max(1, Math.floor(Math.max([...wanted].length, [...name].length) / 3));
      const distance = editDistance(wanted, name);
      if (distance <= allowed) best = Math.min(best, distance);
      else if ([...wanted].length >= 2 && (name.includes(wanted) || wanted.includes(name))) best = Math.min(best, allowed + 1);
    }
    if (best < Infinity) scored.push({ item, distance: best });
  }
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, CLOSEST_SHOWN)
    .map((s) => s.item);
}

/** Levenshtein distance over code points. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

const HAN_END = /\p{Script=Han}$/u;
const HAN_START = /^\p{Script=Han}/u;

/** A person's name from Telegram's first and last name: 王 + 主任 is 王主任, Alice + Wang is Alice Wang. */
export function personName(first: string, last: string | undefined): string {
  const a = first.trim();
  const b = (last ?? '').trim();
  if (a === '' || b === '') return a || b;
  return HAN_END.test(a) && HAN_START.test(b) ? `${a}${b}` : `${a} ${b}`;
}
