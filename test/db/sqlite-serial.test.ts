// The app's SQLite connection is shared: a transaction must not take other work with it, and serial() must
// never interleave with a Prisma transaction.

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { Mutex, serialOf, sqliteTimestamp } from '../../src/db/sqlite-serial.ts';
import { tempDir } from './helpers.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SQLite: one mutex for statements, transactions and serial()', () => {
  let tmp: ReturnType<typeof tempDir>;
  let database: Database;

  beforeEach(async () => {
    tmp = tempDir('duban-serial-');
    database = await openDatabase(`file:${path.join(tmp.dir, 'duban.db')}`);
  });
  afterEach(async () => {
    await database.close();
    tmp.remove();
  });

  it('exposes serial() for SQLite, and finds it from the Prisma client', () => {
    expect(typeof database.serial).toBe('function');
    expect(serialOf(database.prisma)).toBe(database.serial);
  });

  it('a rolled-back interactive transaction no longer takes a concurrent outside write with it', async () => {
    const { prisma } = database;
    let outside: Promise<unknown> | undefined;
    let serialWrite: Promise<unknown> | undefined;
    const failed = prisma.$transaction(async (tx) => {
      await tx.processedUpdate.create({ data: { updateId: 1n } });
      // Other updates write while the transaction is open: through Prisma, and through serial().
      outside = prisma.processedUpdate.create({ data: { updateId: 2n } });
      serialWrite = database.serial!((db) => db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(3n, sqliteTimestamp(new Date())));
      await tick();
      await tx.processedUpdate.create({ data: { updateId: 4n } });
      throw new Error('roll back');
    });
    await expect(failed).rejects.toThrow('roll back');
    await outside;
    await serialWrite;
    const ids = (await prisma.processedUpdate.findMany({ orderBy: { updateId: 'asc' } })).map((r) => r.updateId);
    expect(ids).toEqual([2n, 3n]);
  });

  it('the outside write waits for the transaction: it sees the committed state, not the open one', async () => {
    const { prisma } = database;
    const order: string[] = [];
    let outside: Promise<number> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.processedUpdate.create({ data: { updateId: 10n } });
      outside = prisma.processedUpdate.count().then((n) => {
        order.push('outside read');
        return n;
      });
      await tick();
      order.push('transaction end');
    });
    expect(await outside).toBe(1);
    expect(order).toEqual(['transaction end', 'outside read']);
  });

  it('serial() and Prisma transactions never interleave', async () => {
    const { prisma } = database;
    const events: string[] = [];
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(
        prisma.$transaction(async (tx) => {
          events.push(`tx${i} begin`);
          const before = await tx.processedUpdate.count();
          await tx.processedUpdate.create({ data: { updateId: BigInt(100 + i) } });
          await tick();
          // Nothing written from outside while this transaction is open.
          expect(await tx.processedUpdate.count()).toBe(before + 1);
          events.push(`tx${i} end`);
        }),
      );
      work.push(
        database.serial!((db) => {
          events.push(`serial${i} begin`);
          // Inside serial() the connection is in serial()'s own transaction, never in Prisma's.
          expect(db.inTransaction).toBe(true);
          db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(BigInt(200 + i), sqliteTimestamp(new Date()));
          events.push(`serial${i} end`);
        }),
      );
      // Plain statements outside any transaction, in between.
      work.push(prisma.processedUpdate.create({ data: { updateId: BigInt(300 + i) } }));
    }
    await Promise.all(work);
    // Every begin is immediately followed by its own end: nothing ran inside anything else.
    expect(events).toHaveLength(80);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]!.replace(' begin', '')).toBe(events[i + 1]!.replace(' end', ''));
    }
    expect(await prisma.processedUpdate.count()).toBe(60);
  });

  it('serial() rolls back its own work when fn throws, and releases the mutex', async () => {
    await expect(
      database.serial!((db) => {
        db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(7n, sqliteTimestamp(new Date()));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await database.prisma.processedUpdate.count()).toBe(0);
    expect(await database.serial!((db) => db.prepare('SELECT 1 AS one').get())).toEqual({ one: 1n });
  });

  it('serial() calls of one turn share a commit, and one that throws undoes only its own work', async () => {
    const insert = (id: bigint) => (db: BetterSqlite3.Database) =>
      db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(id, sqliteTimestamp(new Date())).changes;
    const calls = [
      database.serial!(insert(1n)),
      database.serial!((db) => {
        insert(2n)(db);
        insert(1n)(db); // a duplicate key: this call fails, and its first insert is undone with it
      }),
      database.serial!(insert(3n)),
      database.serial!((db) => (db.prepare('SELECT count(*) AS n FROM "ProcessedUpdate"').safeIntegers(false).get() as { n: number }).n),
    ];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[3] as PromiseFulfilledResult<number>).value).toBe(2); // the later call sees the earlier ones' work
    const ids = (await database.prisma.processedUpdate.findMany({ orderBy: { updateId: 'asc' } })).map((r) => r.updateId);
    expect(ids).toEqual([1n, 3n]);
  });

  // Another process on the same file (an org import, a backup) commits while a serial() transaction runs. A
  // deferred BEGIN would let it commit between the transaction's reads and its first write, and SQLite then fails
  // that write at once with SQLITE_BUSY, whatever the busy timeout: the report would be lost. serial() takes the
  // write lock at BEGIN, so the other writer waits for it instead.
  for (const calls of [1, 3]) {
    it(`serial() holds the write lock from its start, so another connection cannot commit under it (${calls} call(s) in the turn)`, async () => {
      await database.prisma.processedUpdate.count();
      const other = new BetterSqlite3(path.join(tmp.dir, 'duban.db'), { timeout: 0 });
      try {
        const otherWrites: string[] = [];
        const runs = Array.from({ length: calls }, (_, i) =>
          database.serial!((db) => {
            db.prepare('SELECT COUNT(*) FROM "ProcessedUpdate"').get();
            try {
              other.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(900n + BigInt(i), sqliteTimestamp(new Date()));
              otherWrites.push('committed');
            } catch (error) {
              otherWrites.push((error as { code?: string }).code ?? String(error));
            }
            return db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(20n + BigInt(i), sqliteTimestamp(new Date())).changes;
          }),
        );
        expect(await Promise.all(runs)).toEqual(Array(calls).fill(1));
        expect(otherWrites).toEqual(Array(calls).fill('SQLITE_BUSY'));
      } finally {
        other.close();
      }
    });
  }

  it('serial() before any Prisma query opens the connection', async () => {
    const fresh = await openDatabase(`file:${path.join(tmp.dir, 'other.db')}`);
    try {
      expect(await fresh.serial!((db) => (db.prepare('SELECT count(*) AS n FROM "ProcessedUpdate"').safeIntegers(false).get() as { n: number }).n)).toBe(0);
    } finally {
      await fresh.close();
    }
    await expect(fresh.serial!(() => 1)).rejects.toThrow();
  });

  it('writes DateTime as Prisma does, so Prisma reads serial() rows back', async () => {
    const at = new Date('2026-11-20T02:00:00.123Z');
    await database.prisma.processedUpdate.create({ data: { updateId: 1n, receivedAt: at } });
    await database.serial!((db) => db.prepare('INSERT INTO "ProcessedUpdate" ("updateId", "receivedAt") VALUES (?, ?)').run(2n, sqliteTimestamp(at)));
    const raw = new BetterSqlite3(path.join(tmp.dir, 'duban.db'), { readonly: true });
    try {
      const stored = raw.prepare('SELECT "receivedAt" FROM "ProcessedUpdate" ORDER BY "updateId"').pluck().all();
      expect(stored).toEqual(['2026-11-20T02:00:00.123+00:00', '2026-11-20T02:00:00.123+00:00']);
    } finally {
      raw.close();
    }
    const rows = await database.prisma.processedUpdate.findMany({ where: { receivedAt: { gte: at } }, orderBy: { updateId: 'asc' } });
    expect(rows.map((r) => [r.updateId, r.receivedAt.toISOString()])).toEqual([
      [1n, at.toISOString()],
      [2n, at.toISOString()],
    ]);
  });
});

describe('Mutex', () => {
  it('hands over in order, and tryAcquire never barges past a waiter', async () => {
    const mutex = new Mutex();
    const order: number[] = [];
    await mutex.acquire();
    const waiting = [1, 2, 3].map((n) => mutex.acquire().then(() => {
      order.push(n);
      mutex.release();
    }));
    expect(mutex.tryAcquire()).toBe(false);
    mutex.release();
    expect(mutex.tryAcquire()).toBe(false); // handed to waiter 1, not free
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(mutex.locked).toBe(false);
  });
});
