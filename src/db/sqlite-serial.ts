// One connection, one writer at a time: the SQLite side of src/db/client.ts.
//
// @prisma/adapter-better-sqlite3 opens ONE better-sqlite3 connection and its mutex covers only interactive
// transactions. A query outside a transaction does not wait for it, so while a transaction is open every other
// query (another update, the sender) runs INSIDE it, and is undone with it if it rolls back. serializeAdapter()
// puts every statement outside a transaction, and each whole transaction, behind one mutex; serial() runs
// synchronous better-sqlite3 work behind the same mutex (the fast path for hot writes), committing the calls
// of one event-loop turn together.

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

/** The most serial() calls committed together; bounds how long one batch holds the mutex. */
const MAX_BATCH = 256;
/** The real one, taken at load: a test's fake timers must not stall the database. */
const nextTurn = globalThis.setImmediate;

interface Job {
  fn: (db: BetterSqlite3.Database) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  done: boolean;
  value?: unknown;
  error?: unknown;
}

/**
 * serial() over a connection that may not be open yet: `connection()` gives the current one (opening it if needed).
 *
 * Group commit: the calls made within one turn of the event loop are run together at its end (setImmediate),
 * in order, in ONE transaction, each in its own savepoint: a call that throws undoes only its own work and
 * rejects only its own promise; every promise settles after the COMMIT, so a resolved serial() is durable
 * exactly as with a transaction of its own. One commit per batch instead of one per call is most of the cost
 * saved: a commit writes every touched page to the WAL and now and then checkpoints.
 */
export function makeSerial(mutex: Mutex, connection: () => BetterSqlite3.Database | Promise<BetterSqlite3.Database>): Serial {
  let queue: Job[] = [];
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    nextTurn(() => void flush());
  };

  const flush = async () => {
    let db: BetterSqlite3.Database;
    try {
      db = await connection();
      await mutex.acquire();
    } catch (error) {
      scheduled = false;
      const failed = queue;
      queue = [];
      for (const job of failed) job.reject(error);
      return;
    }
    const jobs = queue.length <= MAX_BATCH ? queue : queue.slice(0, MAX_BATCH);
    queue = queue.length <= MAX_BATCH ? [] : queue.slice(MAX_BATCH);
    scheduled = false;
    if (queue.length > 0) schedule();
    try {
      runBatch(db, jobs);
    } finally {
      mutex.release();
    }
    for (const job of jobs) {
      if (job.done) job.resolve(job.value);
      else job.reject(job.error);
    }
  };

  return <T>(fn: (db: BetterSqlite3.Database) => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject, done: false });
      schedule();
    });
}

/**
 * Runs the jobs in one transaction, each in a savepoint; marks each done with its value, or failed with why.
 * BEGIN IMMEDIATE: the write lock is taken at the start (waiting out another process's, up to the busy timeout).
 * With a deferred BEGIN, another process (an org import, a restore) could commit between a job's reads and its
 * first write, and SQLite fails that write at once with SQLITE_BUSY, busy timeout or not.
 */
function runBatch(db: BetterSqlite3.Database, jobs: Job[]): void {
  if (jobs.length === 1) {
    const job = jobs[0]!;
    try {
      job.value = db.transaction(job.fn).immediate(db);
      job.done = true;
    } catch (error) {
      job.error = error;
    }
    return;
  }
  try {
    db.transaction(() => {
      for (const job of jobs) {
        try {
          // Nested: better-sqlite3 makes it a SAVEPOINT, rolled back to if fn throws.
          job.value = db.transaction(job.fn)(db);
          job.done = true;
        } catch (error) {
          job.error = error;
        }
        // Some errors (I/O, full disk) make SQLite roll the whole transaction back: stop, and fail them all
        // below, rather than run the rest outside any transaction.
        if (!db.inTransaction) throw job.error ?? new Error('the SQLite transaction was rolled back');
      }
    }).immediate();
  } catch (error) {
    // Nothing of this batch was committed.
    for (const job of jobs) {
      if (job.done) {
        job.done = false;
        job.error = error;
      } else job.error ??= error;
    }
  }
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
