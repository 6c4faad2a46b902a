import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/types.ts';
import { prepared, serialOf, sqliteTimestamp } from '../db/sqlite-serial.ts';

const RETENTION_MS = 7 * 24 * 3600 * 1000;

/** The updates already handled: a webhook retry, a restart before the offset was confirmed, or a second delivery stop here. */
export class UpdateLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Records an update id; false when it was recorded before. One statement (INSERT … ON CONFLICT DO NOTHING;
   * no row inserted = seen before), on SQLite a cached one run in serial().
   */
  async firstTime(updateId: number): Promise<boolean> {
    const id = BigInt(updateId);
    // receivedAt is the wall clock, as Prisma's @default(now()) wrote it.
    const receivedAt = new Date();
    const serial = serialOf(this.db);
    const inserted = serial
      ? await serial((db) => prepared(db, processedUpdateInsert).run(id, sqliteTimestamp(receivedAt)).changes)
      : await this.db.$executeRaw`INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (${id}, ${receivedAt}) ON CONFLICT DO NOTHING`;
    return inserted > 0;
  }

  /** Forgets updates older than a week: Telegram does not re-deliver them after a day. */
  async prune(): Promise<void> {
    await this.db.processedUpdate.deleteMany({ where: { receivedAt: { lt: new Date(this.now().getTime() - RETENTION_MS) } } });
  }
}

const processedUpdateInsert = (db: BetterSqlite3.Database) =>
  db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?) ON CONFLICT DO NOTHING');
