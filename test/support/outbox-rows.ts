// Many outbox rows at once, in SQL (a fan-out's worth in well under a second), for the claim's plan test and bench.

import type { Database } from '../../src/db/client.ts';

export interface OutboxFill {
  /** pending Telegram rows, `chats` chats round-robin, due at `now` */
  pending: number;
  chats: number;
  /** sent rows (history the claim must not walk) */
  sent: number;
  /** pending rows held for later (a 429 or quiet hours) */
  later: number;
  now: Date;
  /** key prefix, so that one database can be filled twice */
  prefix?: string;
}

/** Inserts the rows with one statement per kind, then ANALYZEs so the planners see the real sizes. */
export async function fillOutbox(database: Database, fill: OutboxFill): Promise<void> {
  const db = database.prisma;
  const later = new Date(fill.now.getTime() + 8 * 3600_000);
  const p = fill.prefix ?? 'fill';
  const kinds: Array<[string, number, string, Date]> = [
    // History first, as in life: the sent rows have the lowest ids, so a walk of the primary key would cross them.
    ['sent', fill.sent, 'sent', fill.now],
    ['pending', fill.pending, 'pending', fill.now],
    ['later', fill.later, 'pending', later],
  ];
  for (const [name, count, status, notBefore] of kinds) {
    if (count === 0) continue;
    const key = `${p}:${name}:`;
    if (database.provider === 'sqlite') {
      await db.$executeRaw`
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
        INSERT INTO "Outbox" ("key", "chatId", "kind", "payload", "status", "attempts", "notBefore", "createdAt")
        SELECT ${key} || i, -1000000 - (i % ${fill.chats}), 'reminder', '{"method":"sendMessage","params":{"text":"x"}}', ${status}, 0, ${notBefore}, ${fill.now} FROM n`;
    } else {
      await db.$executeRaw`
        INSERT INTO "Outbox" ("key", "chatId", "kind", "payload", "status", "attempts", "notBefore", "createdAt")
        SELECT ${key} || i, -1000000 - (i % ${fill.chats}), 'reminder', '{"method":"sendMessage","params":{"text":"x"}}', ${status}, 0, ${notBefore}, ${fill.now}
        FROM generate_series(1, ${count}::int) AS i`;
    }
  }
  await db.$executeRawUnsafe(database.provider === 'sqlite' ? 'ANALYZE' : 'ANALYZE "Outbox"');
}

/** The plan of a statement, one line per step (SQLite's EXPLAIN QUERY PLAN details; PostgreSQL's EXPLAIN text). */
export async function planOf(database: Database, sql: { sql: string; text: string; values: unknown[] }): Promise<string[]> {
  const db = database.prisma;
  if (database.provider === 'sqlite') {
    const rows = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql.sql}`, ...sql.values);
    return rows.map((r) => r.detail);
  }
  const rows = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql.text}`, ...sql.values);
  return rows.map((r) => r['QUERY PLAN']);
}
