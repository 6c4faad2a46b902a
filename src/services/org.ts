import type { Committee, Db, Unit } from '../db/types.ts';
import { matchByName } from '../domain/names.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { TtlCache } from './ttl-cache.ts';

export type UnitWithChats = Unit & { chats: { chatId: bigint }[] };
export type CommitteeWithOffice = Committee & { officeUnit: { name: string } | null };

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

  committees(): Promise<CommitteeWithOffice[]> {
    return this.committeeCache.get('all', () =>
      this.db.committee.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { officeUnit: { select: { name: true } } } }),
    );
  }

  async resolveUnit(query: string): Promise<Result<UnitWithChats>> {
    const match = matchByName(await this.units(), query, (u) => [u.name, u.shortName]);
    if (match.kind === 'one') return ok(match.item);
    if (match.kind === 'none') return fail('unit-unknown', { name: query });
    return fail('unit-ambiguous', { name: query, candidates: candidateList(match.items.map((u) => u.name)) });
  }

  async resolveCommittee(query: string): Promise<Result<CommitteeWithOffice>> {
    const match = matchByName(await this.committees(), query, (c) => [c.name, c.shortName, c.code]);
    if (match.kind === 'one') return ok(match.item);
    if (match.kind === 'none') return fail('committee-unknown', { name: query });
    return fail('committee-ambiguous', { name: query, candidates: candidateList(match.items.map((c) => c.name)) });
  }

  invalidate(): void {
    this.unitCache.clear();
    this.committeeCache.clear();
  }
}

const candidateList = (names: string[]): string =>
  names.slice(0, CANDIDATES_SHOWN).join('、') + (names.length > CANDIDATES_SHOWN ? ' …' : '');
