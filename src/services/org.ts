import type { Committee, Db, Unit } from '../db/types.ts';
import { matchByName } from '../domain/names.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { TtlCache } from './ttl-cache.ts';

type UnitWithChats = Unit & { chats: { chatId: bigint }[] };
type CommitteeWithOffice = Committee & { officeUnit: { name: string } | null };

const CANDIDATES_SHOWN = 8;

/** Reads the organisation (units, committees) and resolves the names people type. */
export class OrgService {
  // The organisation changes rarely (an import, a CLI run), so a short cache is safe and saves a query per command.
  private readonly unitCache = new TtlCache<'all', UnitWithChats[]>(30_000);
  private readonly committeeCache = new TtlCache<'all', CommitteeWithOffice[]>(30_000);

  constructor(private readonly db: Db) {}

  units(): Promise<UnitWithChats[]> {
    return this.unitCache.get('all', () =>
      this.db.unit.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { chats: { select: { chatId: true } } } }),
    );
  }

  /** The units a post supervises: those one link below it on the responsibility chain (as escalation goes up it). */
  async supervisedBy(postId: number): Promise<number[]> {
    return (await this.units()).filter((u) => u.parentId === postId).map((u) => u.id);
  }

  committees(): Promise<CommitteeWithOffice[]> {
    return this.committeeCache.get('all', () =>
      this.db.committee.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { officeUnit: { select: { name: true } } } }),
    );
  }

  async resolveUnit(query: string): Promise<Result<UnitWithChats>> {
    return matchUnit(await this.units(), query);
  }

  async resolveCommittee(query: string): Promise<Result<CommitteeWithOffice>> {
    return matchCommittee(await this.committees(), query);
  }

  /** Resolves many names against one read of the organisation (an import resolves hundreds). */
  async resolver(): Promise<{ unit: (name: string) => Result<UnitWithChats>; committee: (name: string) => Result<CommitteeWithOffice> }> {
    const [units, committees] = await Promise.all([this.units(), this.committees()]);
    return { unit: (name) => matchUnit(units, name), committee: (name) => matchCommittee(committees, name) };
  }

  invalidate(): void {
    this.unitCache.clear();
    this.committeeCache.clear();
  }
}

function matchUnit(units: UnitWithChats[], query: string): Result<UnitWithChats> {
  const match = matchByName(units, query, (u) => [u.name, u.shortName, ...aliasesOf(u)]);
  if (match.kind === 'one') return ok(match.item);
  if (match.kind === 'none') {
    return match.closest.length === 0 ? fail('unit-unknown', { name: query }) : fail('unit-unknown-closest', { name: query, closest: nameList(match.closest) });
  }
  return fail('unit-ambiguous', { name: query, candidates: candidateList(match.items.map((u) => u.name)) });
}

function matchCommittee(committees: CommitteeWithOffice[], query: string): Result<CommitteeWithOffice> {
  const match = matchByName(committees, query, (c) => [c.name, c.shortName, c.code]);
  if (match.kind === 'one') return ok(match.item);
  if (match.kind === 'none') {
    return match.closest.length === 0 ? fail('committee-unknown', { name: query }) : fail('committee-unknown-closest', { name: query, closest: nameList(match.closest) });
  }
  return fail('committee-ambiguous', { name: query, candidates: candidateList(match.items.map((c) => c.name)) });
}

const aliasesOf = (unit: Unit): string[] => (unit.aliases === '' ? [] : unit.aliases.split('\n'));

/** The closest names, for "did you mean". */
const nameList = (items: { name: string }[]): string => items.map((i) => i.name).join('、');

const candidateList = (names: string[]): string =>
  names.slice(0, CANDIDATES_SHOWN).join('、') + (names.length > CANDIDATES_SHOWN ? ' …' : '');
