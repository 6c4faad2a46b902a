// PostgreSQL hot paths (a /report, the update log) run their statements on the pool Prisma's adapter uses, as
// named prepared statements: through Prisma's runtime each one costs several times its time in PostgreSQL.
import type pg from 'pg';
import { utcInstantMs } from './timestamps.ts';

const pools = new WeakMap<object, pg.Pool>();

/** Ties a Prisma client to the pg pool under its adapter; services that get only the client find it with poolOf(). */
export function registerPool(prisma: object, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

/** The pg pool of a PostgreSQL app client, or undefined (SQLite, or a client not opened by openDatabase). */
export function poolOf(prisma: object): pg.Pool | undefined {
  return pools.get(prisma);
}

/**
 * A time for a Prisma DateTime column (timestamp without time zone, holding UTC): pg would send a Date in the
 * process's local time, which such a column takes as it is.
 */
export const pgTimestamp = (at: Date): string => at.toISOString();

/** A statement prepared once per connection (pg keeps named statements per connection) and run with `values`. */
export const named = (name: string, text: string, values: unknown[]): pg.QueryConfig => ({ name, text, values });

/**
 * A raw statement built with Prisma's sql tag, run on the pool as a named prepared statement (the name must say
 * everything its text depends on), its times sent as pgTimestamp sends them.
 */
export async function queryNamed<R extends pg.QueryResultRow>(pool: pg.Pool, name: string, statement: { text: string; values: unknown[] }): Promise<R[]> {
  const values = statement.values.map((v) => (v instanceof Date ? pgTimestamp(v) : v));
  return (await pool.query<R>(named(name, statement.text, values))).rows;
}

/**
 * The rows of a raw statement built with Prisma's sql tag (as arrays with rowMode 'array'), run on the pool or on
 * one of its connections (unprepared: for a statement whose text varies), its DateTime columns read as Prisma reads
 * them: pg would take a timestamp without time zone, which holds UTC, in the process's local time.
 */
export async function queryRows<R extends pg.QueryResultRow | unknown[]>(pool: pg.Pool | pg.PoolClient, statement: { text: string; values: unknown[] }, rowMode?: 'array'): Promise<R[]> {
  const values = statement.values.map((v) => (v instanceof Date ? pgTimestamp(v) : v));
  const types = await utcTimestamps();
  const result = rowMode ? await pool.query({ text: statement.text, values, types, rowMode }) : await pool.query({ text: statement.text, values, types });
  return result.rows as R[];
}

/**
 * The rows of a raw statement built with Prisma's sql tag, as queryRows reads them with rowMode 'array', handed to
 * `onRow` one by one as they arrive instead of gathered: at a province's size, rows kept until the last one came
 * were copied again by every young-generation GC in between. What `onRow` throws fails the read once the statement
 * is done (the connection is then usable again).
 */
export async function streamRows(client: pg.PoolClient, statement: { text: string; values: unknown[] }, onRow: (row: unknown[]) => void): Promise<void> {
  const values = statement.values.map((v) => (v instanceof Date ? pgTimestamp(v) : v));
  const [types, { Query }] = await Promise.all([utcTimestamps(), import('pg').then((module) => module.default)]);
  await new Promise<void>((resolve, reject) => {
    let failure: { error: unknown } | undefined;
    const config: pg.QueryArrayConfig = { text: statement.text, values, types, rowMode: 'array' };
    const query = new Query<unknown[]>(config);
    query.on('row', (row) => {
      if (failure) return;
      try {
        onRow(row);
      } catch (error) {
        failure = { error };
      }
    });
    query.on('error', reject);
    query.on('end', () => (failure ? reject(failure.error) : resolve()));
    void client.query(query);
  });
}

const TIMESTAMP_OID = 1114;
/** PostgreSQL writes a timestamp without time zone with no offset after it. */
const BARE = [''];
let utcTypes: pg.CustomTypesConfig | undefined;

/** pg's own parsers but for timestamps; pg is imported here only once a pool exists (SQLite never loads it). */
async function utcTimestamps(): Promise<pg.CustomTypesConfig> {
  if (utcTypes) return utcTypes;
  const { types } = (await import('pg')).default;
  const utc = (text: string) => {
    const ms = utcInstantMs(text, BARE);
    return ms === null ? new Date(`${text.replace(' ', 'T')}Z`) : new Date(ms);
  };
  utcTypes = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMP_OID ? utc : types.getTypeParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'] };
  return utcTypes;
}

/**
 * Runs `fn` in a transaction on one pooled connection (`begin` opens it): committed when it returns, rolled back
 * when it throws.
 */
export async function inPgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs `fn`'s reads on one pooled connection in one read-only snapshot (REPEATABLE READ): statements that
 * together make one answer see the data as it stood at one moment, none of them a write committed in between.
 */
export const inPgSnapshot = <T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
  inPgTransaction(pool, fn, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
