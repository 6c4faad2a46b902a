import type { Db, Tx } from '../db/types.ts';
import { fail, ok, type Result } from '../domain/result.ts';

const DRAFT_LIFETIME_MS = 24 * 3600 * 1000;

/**
 * Work a person has started and not yet confirmed, kept in the database so that a button pressed after a
 * restart, or on another instance, still finds it. Only its owner may finish it.
 */
export class DraftService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async save(kind: string, ownerTelegramId: bigint, chatId: bigint, payload: unknown): Promise<number> {
    const row = await this.db.draft.create({ data: { kind, ownerTelegramId, chatId, payload: JSON.stringify(payload), createdAt: this.now() } });
    return row.id;
  }

  async update(id: number, payload: unknown): Promise<void> {
    await this.db.draft.update({ where: { id }, data: { payload: JSON.stringify(payload) } });
  }

  /** The draft's payload; `db` is a transaction's client when the draft is read inside one (publishing it). */
  async open<T>(kind: string, id: number, ownerTelegramId: bigint, db: Db | Tx = this.db): Promise<Result<T>> {
    const row = await db.draft.findUnique({ where: { id } });
    if (!row || row.kind !== kind || row.createdAt.getTime() < this.now().getTime() - DRAFT_LIFETIME_MS) return fail('draft-gone');
    if (row.ownerTelegramId !== ownerTelegramId) return fail('draft-not-yours');
    return ok(JSON.parse(row.payload) as T);
  }

  /** Removes a finished draft; false when someone (a second press) finished it first. */
  async finish(id: number): Promise<boolean> {
    const { count } = await this.db.draft.deleteMany({ where: { id } });
    return count === 1;
  }

  /** Deletes the drafts past their lifetime (a day); returns how many. */
  async prune(): Promise<number> {
    return (await this.db.draft.deleteMany({ where: { createdAt: { lt: new Date(this.now().getTime() - DRAFT_LIFETIME_MS) } } })).count;
  }
}
