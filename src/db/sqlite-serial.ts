// One connection, one writer at a time: the SQLite side of src/db/client.ts.
//
// @prisma/adapter-better-sqlite3 opens ONE better-sqlite3 connection and its mutex covers only interactive
// transactions. A query outside a transaction does not wait for it, so while a transaction is open every other
// query (another update, the sender) runs INSIDE it, and is undone with it if it rolls back. serializeAdapter()
// puts every statement outside a transaction, and each whole transaction, behind one mutex; serial() runs
// synchronous better-sqlite3 work behind the same mutex (the fast path for hot writes).

import type BetterSqlite3 from 'better-sqlite3';
import type { IsolationLevel, SqlDriverAdapter, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/** Runs `fn` synchronously inside one SQLite transaction on the app's connection, never interleaved with Prisma. */
export type Serial = <T>(fn: (db: BetterSqlite3.Database) => T) => Promise<T>;

/** A FIFO mutex. `release` hands the lock straight to the next waiter, so nobody can barge in between. */
export class Mutex {
  #locked = false;
  readonly #waiters: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  /** Takes the lock if it is free, without waiting. */
  tryAcquire(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

async function holding<T>(mutex: Mutex, fn: () => Promise<T>): Promise<T> {
  await mutex.acquire();
  try {
    return await fn();
  } finally {
    mutex.release();
  }
}

/**
 * The adapter, with every statement outside a transaction behind `mutex`, and each transaction holding it from
 * BEGIN to COMMIT/ROLLBACK (the transaction's own statements do not take it again).
 * `client` is the adapter's better-sqlite3 connection: a transaction whose COMMIT failed is rolled back on it,
 * so it can never stay open under the next holder.
 */
export function serializeAdapter(adapter: SqlDriverAdapter, client: BetterSqlite3.Database, mutex: Mutex): SqlDriverAdapter {
  const serialized: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => holding(mutex, () => adapter.queryRaw(query)),
    executeRaw: (query: SqlQuery) => holding(mutex, () => adapter.executeRaw(query)),
    executeScript: (script: string) => holding(mutex, () => adapter.executeScript(script)),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      await mutex.acquire();
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        mutex.release();
        throw error;
      }
      return holdingTransaction(tx, client, mutex);
    },
    dispose: () => adapter.dispose(),
  };
  if (adapter.getConnectionInfo) serialized.getConnectionInfo = () => adapter.getConnectionInfo!();
  return serialized;
}

function holdingTransaction(tx: Transaction, client: BetterSqlite3.Database, mutex: Mutex): Transaction {
  let released = false;
  const end = async (how: () => Promise<void>) => {
    try {
      await how();
    } finally {
      if (!released) {
        released = true;
        try {
          // Prisma sends COMMIT/ROLLBACK itself before calling commit()/rollback(); if that failed, the
          // transaction would still be open on the connection.
          if (client.open && client.inTransaction) client.exec('ROLLBACK');
        } finally {
          mutex.release();
        }
      }
    }
  };
  const wrapped: Transaction = {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: SqlQuery) => tx.queryRaw(query),
    executeRaw: (query: SqlQuery) => tx.executeRaw(query),
    commit: () => end(() => tx.commit()),
    rollback: () => end(() => tx.rollback()),
  };
  if (tx.createSavepoint) wrapped.createSavepoint = (name: string) => tx.createSavepoint!(name);
  if (tx.rollbackToSavepoint) wrapped.rollbackToSavepoint = (name: string) => tx.rollbackToSavepoint!(name);
  if (tx.releaseSavepoint) wrapped.releaseSavepoint = (name: string) => tx.releaseSavepoint!(name);
  return wrapped;
}

/**
 * serial() over a connection that may not be open yet: `connection()` gives the current one (opening it if needed).
 * When the mutex is free the work runs at once, in the caller's tick.
 */
export function makeSerial(mutex: Mutex, connection: () => BetterSqlite3.Database | Promise<BetterSqlite3.Database>): Serial {
  const run = <T>(db: BetterSqlite3.Database, fn: (db: BetterSqlite3.Database) => T): T => {
    try {
      return db.transaction(fn)(db);
    } finally {
      mutex.release();
    }
  };
  return <T>(fn: (db: BetterSqlite3.Database) => T): Promise<T> => {
    const db = connection();
    if (!(db instanceof Promise) && mutex.tryAcquire()) {
      try {
        return Promise.resolve(run(db, fn));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return Promise.resolve(db).then(async (open) => {
      await mutex.acquire();
      return run(open, fn);
    });
  };
}

// ───────────────────────────── for the fast paths ─────────────────────────────

/**
 * A DateTime as the Prisma better-sqlite3 adapter stores it (its default `timestampFormat: 'iso8601'`):
 * `2026-11-20T02:00:00.000+00:00`, as TEXT. Ordering and range filters compare these strings.
 */
export const sqliteTimestamp = (date: Date): string => date.toISOString().replace('Z', '+00:00');

const statementCache = new WeakMap<BetterSqlite3.Database, Map<unknown, unknown>>();

/**
 * Prepared statements cached per connection: `build` runs once per connection (it is also the cache key, so
 * pass a module-level function).
 */
export function prepared<S>(db: BetterSqlite3.Database, build: (db: BetterSqlite3.Database) => S): S {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statements = cache.get(build) as S | undefined;
  if (statements === undefined) cache.set(build, (statements = build(db)));
  return statements;
}

const serials = new WeakMap<object, Serial>();

/** Ties a Prisma client to its serial(); services that get only the client find it with serialOf(). */
export function registerSerial(prisma: object, serial: Serial): void {
  serials.set(prisma, serial);
}

/** The serial() of an SQLite app client, or undefined (PostgreSQL, or a client not opened by openDatabase). */
export function serialOf(prisma: object): Serial | undefined {
  return serials.get(prisma);
}
