import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Update } from 'grammy/types';
import type { Db, Tx } from '../db/types.ts';
import { Batches } from '../db/batches.ts';
import { named, pgTimestamp, poolOf } from '../db/pg-pool.ts';
import { prepared, serialOf, sqliteTimestamp } from '../db/sqlite-serial.ts';

/** An update whose handling was started this many times and never finished is given up (it may be what kills the process). */
const MAX_ATTEMPTS = 3;
const DAY_MS = 24 * 3600 * 1000;

interface UnfinishedRow {
  updateId: bigint | number | string;
  payload: string;
  attempts: number;
}

/**
 * The updates received, each handled at least once and at most once to completion.
 *
 * An update is recorded, with its body, before it is handled; an id recorded before is not handled again (a
 * webhook retry, a restart before the offset was confirmed, a second delivery). Its handling then marks it
 * handled — a command's own transaction can do that itself, so that its change and the mark commit together.
 * One whose process died before the mark (Telegram will not send it again: its offset was confirmed) is claimed
 * and handled again by `unfinished()`: on SQLite (one instance) at the next start, on PostgreSQL once its
 * claim is older than the lease.
 */
export class UpdateLog {
  /** Ids claimed by `unfinished()` here: their second handling passes `receive()`. */
  private readonly replaying = new Set<number>();
  /** Ids a command's transaction marked handled (committedWithChange): handled() skips them once. */
  private readonly markedWithChange = new Set<number>();
  /** The receive statements on PostgreSQL: one for the updates of a burst (see receiveBatch). */
  private receiving?: Batches<{ id: bigint; payload: string }, boolean>;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly instanceId = 'single',
  ) {}

  /**
   * Records an update before it is handled; false when it was recorded before (and is not being handled again
   * here). One statement (INSERT … ON CONFLICT DO NOTHING; no row inserted = seen before): on SQLite a cached one
   * run in serial(), on PostgreSQL one for the updates of a burst (receiveBatch).
   */
  async receive(update: Update): Promise<boolean> {
    if (this.replaying.delete(update.update_id)) return true;
    const id = BigInt(update.update_id);
    // Wall-clock times, as Prisma's @default(now()) writes them: leases are about processes, not the app's clock.
    const receivedAt = new Date();
    const payload = JSON.stringify(update);
    const serial = serialOf(this.db);
    if (serial) return (await serial((db) => prepared(db, insertStatement).run(id, sqliteTimestamp(receivedAt), payload, this.instanceId, sqliteTimestamp(receivedAt)).changes)) > 0;
    const pool = poolOf(this.db);
    if (pool) {
      this.receiving ??= new Batches((batch) => receiveBatch(pool, batch, this.instanceId));
      return this.receiving.add({ id, payload });
    }
    const inserted = await this.db.$executeRaw`
      INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt", "payload", "claimedBy", "claimedAt", "attempts")
      VALUES (${id}, ${receivedAt}, ${payload}, ${this.instanceId}, ${receivedAt}, 1) ON CONFLICT DO NOTHING`;
    return inserted > 0;
  }

  /**
   * Marks an update handled and forgets its body. Pass the transaction that makes the update's change, so that
   * both commit together (a crash in between can neither lose the change nor make it twice). Idempotent.
   */
  async handled(updateId: number, tx?: Tx): Promise<void> {
    if (!tx && this.markedWithChange.delete(updateId)) return;
    const id = BigInt(updateId);
    const at = new Date();
    const serial = tx ? undefined : serialOf(this.db);
    if (serial) {
      await serial((db) => markHandledOnSqlite(db, updateId));
      return;
    }
    const pool = tx ? undefined : poolOf(this.db);
    if (pool) {
      await pool.query(named('update-handled', PG_HANDLED, [pgTimestamp(at), id]));
      return;
    }
    await (tx ?? this.db).$executeRaw`UPDATE "ProcessedUpdate" SET "handledAt" = ${at}, "payload" = NULL WHERE "updateId" = ${id} AND "handledAt" IS NULL`;
  }

  /**
   * A command's own statement marked the update handled as it committed (markHandledSql, markHandledOnSqlite): the mark after the
   * handler has nothing left to do.
   */
  committedWithChange(updateId: number): void {
    this.markedWithChange.add(updateId);
  }

  /**
   * Claims the updates whose handling started and never finished — on SQLite every one another process
   * started (one instance runs: that process is gone), on PostgreSQL those claimed longer than `leaseMs` ago —
   * and returns them, oldest first, to be handled again. Each is tried MAX_ATTEMPTS times at most.
   */
  async unfinished(provider: 'sqlite' | 'postgresql', leaseMs: number): Promise<{ updates: Update[]; givenUp: number[] }> {
    const at = new Date();
    const expired = new Date(at.getTime() - leaseMs);
    const abandoned = provider === 'sqlite' ? { claimedBy: { not: this.instanceId } } : { claimedAt: { lt: expired } };
    const candidates = await this.db.processedUpdate.findMany({
      where: { handledAt: null, payload: { not: null }, ...abandoned },
      select: { updateId: true, payload: true, attempts: true, claimedAt: true },
      orderBy: { updateId: 'asc' },
      take: 1000,
    });
    const updates: Update[] = [];
    const givenUp: number[] = [];
    for (const row of candidates as UnfinishedRow[]) {
      const updateId = Number(row.updateId);
      if (row.attempts >= MAX_ATTEMPTS) {
        await this.handled(updateId);
        givenUp.push(updateId);
        continue;
      }
      // Claimed only if nobody claimed it meanwhile (another instance starting at the same time).
      const { count } = await this.db.processedUpdate.updateMany({
        where: { updateId: BigInt(updateId), handledAt: null, attempts: row.attempts, ...abandoned },
        data: { claimedBy: this.instanceId, claimedAt: at, attempts: { increment: 1 } },
      });
      if (count === 0) continue;
      this.replaying.add(updateId);
      updates.push(JSON.parse(row.payload) as Update);
    }
    return { updates, givenUp };
  }

  /** Forgets updates received more than `days` ago (UPDATE_RETENTION_DAYS): Telegram does not re-deliver them after a day. */
  async prune(days: number): Promise<number> {
    const before = new Date(this.now().getTime() - days * DAY_MS);
    return (await this.db.processedUpdate.deleteMany({ where: { receivedAt: { lt: before } } })).count;
  }
}

export const PG_RECEIVE =
  'INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt", "payload", "claimedBy", "claimedAt", "attempts") ' +
  'SELECT u.id, $3::timestamp, u.payload, $4, $3::timestamp, 1 FROM unnest($1::bigint[], $2::text[]) AS u(id, payload) ' +
  'ON CONFLICT DO NOTHING RETURNING "updateId"';
/**
 * Records a burst of updates on PostgreSQL, one commit for all: whether each was recorded now. Each is still
 * handled only once it is recorded; an id twice in one burst is recorded once, and the first to ask handles it.
 */
async function receiveBatch(pool: pg.Pool, batch: { id: bigint; payload: string }[], instanceId: string): Promise<boolean[]> {
  const values = [batch.map((r) => r.id.toString()), batch.map((r) => r.payload), pgTimestamp(new Date()), instanceId];
  const { rows } = await pool.query<{ updateId: string }>(named('update-receive', PG_RECEIVE, values));
  const inserted = new Set(rows.map((r) => String(r.updateId)));
  return batch.map((r) => inserted.delete(r.id.toString()));
}

const PG_HANDLED = 'UPDATE "ProcessedUpdate" SET "handledAt" = $1, "payload" = NULL WHERE "updateId" = $2 AND "handledAt" IS NULL';

/**
 * The mark as part of a command's own PostgreSQL statement, with the time at $`at`, for the updates `which` picks
 * (a condition on "updateId" that holds only where the change was written): a CTE (`WITH … , handled AS (…)`), so
 * that the change and the mark commit together.
 */
export const markHandledSql = (at: number, which: string): string =>
  `"handled" AS (UPDATE "ProcessedUpdate" SET "handledAt" = $${at}, "payload" = NULL WHERE ${which} AND "handledAt" IS NULL)`;

const insertStatement = (db: BetterSqlite3.Database) =>
  db.prepare(
    'INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt", "payload", "claimedBy", "claimedAt", "attempts") VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING',
  );

const handledStatement = (db: BetterSqlite3.Database) =>
  db.prepare('UPDATE "ProcessedUpdate" SET "handledAt" = ?, "payload" = NULL WHERE "updateId" = ? AND "handledAt" IS NULL');

/** The mark as part of a command's own serial() work on SQLite, so that its change and the mark commit together. */
export function markHandledOnSqlite(db: BetterSqlite3.Database, updateId: number): void {
  prepared(db, handledStatement).run(sqliteTimestamp(new Date()), BigInt(updateId));
}
