/**
 * Finds what a person meant by a typed name: an exact name or alias wins, otherwise a unique prefix.
 * Used for units and committees alike, so every command resolves names the same way.
 */
type NameMatch<T> = { kind: 'one'; item: T } | { kind: 'none' } | { kind: 'many'; items: T[] };

export function matchByName<T>(items: readonly T[], query: string, namesOf: (item: T) => readonly (string | null)[]): NameMatch<T> {
  const wanted = normalize(query);
  if (wanted === '') return { kind: 'none' };
  const names = (item: T) => namesOf(item).filter((n): n is string => !!n).map(normalize);
  const exact = items.filter((item) => names(item).includes(wanted));
  if (exact.length === 1) return { kind: 'one', item: exact[0]! };
  if (exact.length > 1) return { kind: 'many', items: exact };
  const prefixed = items.filter((item) => names(item).some((n) => n.startsWith(wanted)));
  if (prefixed.length === 1) return { kind: 'one', item: prefixed[0]! };
  if (prefixed.length > 1) return { kind: 'many', items: prefixed };
  return { kind: 'none' };
}

const normalize = (s: string) => s.normalize('NFKC').trim().toLowerCase();
