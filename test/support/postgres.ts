// PostgreSQL for tests: is a server there, and throw-away schemas/databases on it.
//
// The server is TEST_DATABASE_URL, or postgresql://postgres@127.0.0.1:5432/test (this machine kind runs one
// with trust auth). A suite that needs it does:
//
//   const pg = await pgForSuite('service tests (postgresql)');   // warns loudly when unavailable
//   describe.skipIf(!pg.ok)('… on postgresql', () => {
//     let tmp: TempPgSchema;
//     beforeAll(async () => { tmp = await createTempPgSchema(); });   // tmp.url has ?schema=…
//     afterAll(async () => { await tmp?.drop(); });
//   });

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export type PgAvailability = { ok: true; url: string } | { ok: false; reason: string };

export function pgServerUrl(): string {
  return process.env.TEST_DATABASE_URL?.trim() || DEFAULT_PG_URL;
}

const checked = new Map<string, Promise<PgAvailability>>();

/** Whether the test PostgreSQL server answers (checked once per process and URL, 3 s at most). */
export function pgAvailable(url: string = pgServerUrl()): Promise<PgAvailability> {
  let result = checked.get(url);
  if (!result) {
    result = (async (): Promise<PgAvailability> => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return { ok: true, url };
      } catch (err) {
        return { ok: false, reason: `PostgreSQL at ${redact(url)} is not reachable: ${(err as Error).message || String(err)}` };
      } finally {
        await client.end().catch(() => undefined);
      }
    })();
    checked.set(url, result);
  }
  return result;
}

/** pgAvailable(), plus a loud console.warn naming the suite when it will be skipped. */
export async function pgForSuite(suite: string, url?: string): Promise<PgAvailability> {
  const availability = await pgAvailable(url);
  if (!availability.ok) {
    const bar = '!'.repeat(100);
    console.warn(`\n${bar}\n!! SKIPPED: ${suite}\n!! ${availability.reason}\n!! Start PostgreSQL on 127.0.0.1:5432 or set TEST_DATABASE_URL.\n${bar}\n`);
  }
  return availability;
}

export function uniqueName(prefix = 'test'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TempPgSchema {
  /** The schema name (a plain identifier). */
  schema: string;
  /** The server URL with ?schema=<schema>, for openDatabase(). */
  url: string;
  /** DROP SCHEMA IF EXISTS … CASCADE (also after something re-created it). */
  drop(): Promise<void>;
}

/** Creates an empty schema with a unique name on the test server. Throws if the server is unreachable. */
export async function createTempPgSchema(prefix = 'test', serverUrl: string = pgServerUrl()): Promise<TempPgSchema> {
  const schema = uniqueName(prefix);
  await withClient(serverUrl, (c) => c.query(`CREATE SCHEMA "${schema}"`));
  const u = new URL(serverUrl);
  u.searchParams.set('schema', schema);
  return {
    schema,
    url: u.toString(),
    drop: () => dropPgSchema(schema, serverUrl),
  };
}

export async function dropPgSchema(schema: string, serverUrl: string = pgServerUrl()): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`));
}

export interface TempPgDatabase {
  name: string;
  /** The server URL pointing at the new database. */
  url: string;
  /** DROP DATABASE IF EXISTS … WITH (FORCE). */
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name (for tests that need a whole database, e.g. the public schema). */
export async function createTempPgDatabase(prefix = 'test', serverUrl: string = pgServerUrl()): Promise<TempPgDatabase> {
  const name = uniqueName(prefix);
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  u.searchParams.delete('schema');
  return {
    name,
    url: u.toString(),
    async drop() {
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
