// Opens the app's database — SQLite or PostgreSQL, chosen by the URL — after bringing its schema up to date.
//
//   file:./data/duban.db, ./data/duban.db, /abs/duban.db   SQLite (better-sqlite3 adapter); relative paths
//                                                          are relative to the working directory
//   postgresql://…, postgres://…                           PostgreSQL (pg adapter); `?schema=name` selects a
//                                                          schema (created if missing)
//
// The app is typed against the SQLite-generated client; the PostgreSQL-generated one has the same model API
// and is cast to it.
//
// SQLite: the adapter's one connection is shared by everything in the process, so every statement outside a
// transaction and every whole transaction take turns behind one mutex (src/db/sqlite-serial.ts); `serial()`
// runs synchronous better-sqlite3 work behind the same mutex.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaClient } from './generated/sqlite/client.ts';
import { applyMigrations, type DbProvider, defaultMigrationsDir, migrationNames } from './migrate.ts';
import { makeSerial, Mutex, registerSerial, serializeAdapter, type Serial } from './sqlite-serial.ts';
import { registerPool } from './pg-pool.ts';
import { PgSession } from './session.ts';


export interface Database {
  prisma: PrismaClient;
  provider: DbProvider;
  /** Migrations applied while opening (empty when the database was already up to date). */
  appliedMigrations: string[];
  /** Where the data is, without credentials: the SQLite file path, or host/database[?schema]. */
  location: string;
  /**
   * SQLite only: runs `fn` synchronously inside `db.transaction(fn)` on the app's connection, holding the mutex
   * that every Prisma statement and transaction takes, so it never interleaves with them. For hot paths; keep
   * `fn` short (nothing else runs meanwhile). The calls of one event-loop turn share one COMMIT (each in its
   * own savepoint; see makeSerial); the promise settles after it.
   */
  serial?: Serial;
  /**
   * PostgreSQL only: the process's own connection for advisory locks and LISTEN (see session.ts), opened on
   * first use and closed with the database. SQLite runs one instance and needs none.
   */
  session?(logger: ConstructorParameters<typeof PgSession>[2]): PgSession;
  /** True when a trivial query succeeds. Never throws. */
  ping(): Promise<boolean>;
  /** Disconnects; safe to call twice. */
  close(): Promise<void>;
}

interface OpenOptions {
  /** Root holding sqlite/ and postgresql/ migration directories (default: prisma/migrations). For tests. */
  migrationsRoot?: string;
  /** SQLite busy timeout in ms (default 5000). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in Prisma's pool (DATABASE_POOL_SIZE; default pg's 10). */
  poolSize?: number;
  /**
   * false: apply nothing, and refuse a database that is not there or not up to date (a dry run writes nothing,
   * and an old bot still running on the database must not find its schema changed under it).
   */
  migrate?: boolean;
}

type ParsedDatabaseUrl =
  | { provider: 'sqlite'; file: string }
  | { provider: 'postgresql'; connectionString: string; schema?: string; location: string };

/** Classifies a DATABASE_URL. Throws on a form it cannot open. */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): ParsedDatabaseUrl {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    const u = new URL(trimmed);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw new Error(`DATABASE_URL: schema "${schema}" must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)`);
    }
    const location = `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}${schema ? `?schema=${schema}` : ''}`;
    return { provider: 'postgresql', connectionString: u.toString(), ...(schema ? { schema } : {}), location };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new Error(`DATABASE_URL: unsupported scheme in "${trimmed.replace(/\/\/[^@/]*@/, '//…@')}" (use file:… or postgresql://…)`);
  }
  let file = trimmed.replace(/^file:/i, '');
  file = file.replace(/\?.*$/, '');
  if (file === '' || file === ':memory:') {
    throw new Error('DATABASE_URL: an SQLite database must be a file (the migration runner and Prisma use separate connections)');
  }
  return { provider: 'sqlite', file: path.resolve(cwd, file) };
}

/**
 * Prisma's query compiler is WebAssembly (3.3 MB), compiled when the client makes its first query. V8's default
 * compiles it twice, with Liftoff and then again with TurboFan in the background, which left ~50 MB more resident
 * for good (malloc'd while compiling, never given back) and took the first query ~550 ms instead of ~150 ms on 2
 * cores; warm, the compiler is as fast with Liftoff's code (3,000 queries in 3.6–4.1 s vs 3.3–4.6 s). Read by V8
 * when a module is compiled, so setting it here, before the first client exists, is in time.
 */
function compileQueryCompilerOnce(): void {
  setFlagsFromString('--liftoff-only');
}

/** Opens the database named by url, applies pending migrations, and returns the client. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const parsed = parseDatabaseUrl(url);
  compileQueryCompilerOnce();
  const migrationsDir = options.migrationsRoot
    ? path.join(options.migrationsRoot, parsed.provider)
    : defaultMigrationsDir(parsed.provider);
  if (options.migrate === false) {
    if (parsed.provider === 'sqlite' && !existsSync(parsed.file)) throw new Error(`no database at ${parsed.file}: start the bot once to create it`);
    const database = parsed.provider === 'sqlite' ? await openSqlite(parsed.file, null, options.busyTimeoutMs ?? 5000) : await openPostgres(parsed, null, options.poolSize);
    const behind = await pendingMigrations(database.prisma, migrationNames(migrationsDir));
    if (behind.length > 0) {
      await database.close();
      throw new Error(`the database at ${database.location} is ${behind.length} migration(s) behind (${behind.join(', ')}): start the bot once to apply them`);
    }
    return database;
  }
  return parsed.provider === 'sqlite'
    ? openSqlite(parsed.file, migrationsDir, options.busyTimeoutMs ?? 5000)
    : openPostgres(parsed, migrationsDir, options.poolSize);
}

/** The migrations in `names` the database has not finished. */
async function pendingMigrations(prisma: PrismaClient, names: readonly string[]): Promise<string[]> {
  const rows = await prisma
    .$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.migration_name));
  return names.filter((name) => !applied.has(name));
}

async function openSqlite(file: string, migrationsDir: string | null, busyTimeoutMs: number): Promise<Database> {
  const [{ default: BetterSqlite3 }, { PrismaBetterSqlite3 }, { PrismaClient: SqliteClient }] = await Promise.all([
    import('better-sqlite3'),
    import('@prisma/adapter-better-sqlite3'),
    import('./generated/sqlite/client.ts'),
  ]);
  mkdirSync(path.dirname(file), { recursive: true });

  const raw = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  let appliedMigrations: string[] = [];
  try {
    raw.pragma('journal_mode = WAL'); // persistent: stored in the file
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    if (migrationsDir !== null) appliedMigrations = await applyMigrations(raw, 'sqlite', migrationsDir);
  } finally {
    raw.close();
  }

  // Per-connection settings for every connection the client opens.
  const pragmas = `PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;`;
  const inner = new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs });
  const mutex = new Mutex();
  let connection: BetterSqlite3.Database | undefined;
  const factory: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await inner.connect();
      await adapter.executeScript(pragmas);
      const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
      if (!client || typeof client.prepare !== 'function' || typeof client.transaction !== 'function') {
        throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its better-sqlite3 connection as `client`');
      }
      connection = client;
      return serializeAdapter(adapter, client, mutex);
    },
  };
  const prisma = new SqliteClient({ adapter: factory });
  let closing = false;
  const serial = makeSerial(mutex, () => {
    if (connection?.open) return connection;
    if (closing) return Promise.reject(new Error('the database is closed'));
    // Prisma connects lazily; a serial() before any query opens the connection.
    return prisma.$connect().then(() => {
      if (!connection?.open) throw new Error('the SQLite connection is not open');
      return connection;
    });
  });
  registerSerial(prisma, serial);
  const database = wrap(prisma, 'sqlite', appliedMigrations, file);
  return {
    ...database,
    serial,
    close() {
      closing = true;
      return database.close();
    },
  };
}

async function openPostgres(
  parsed: Extract<ParsedDatabaseUrl, { provider: 'postgresql' }>,
  migrationsDir: string | null,
  poolSize: number | undefined,
): Promise<Database> {
  const [{ default: pg }, { PrismaPg }, { PrismaClient: PgClient }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
    import('./generated/postgresql/client.ts'),
  ]);
  let appliedMigrations: string[] = [];
  if (migrationsDir !== null) {
    const client = new pg.Client({ connectionString: parsed.connectionString });
    await client.connect();
    try {
      appliedMigrations = await applyMigrations(client, 'postgresql', migrationsDir, { schema: parsed.schema });
    } finally {
      await client.end();
    }
  }

  // The adapter qualifies model queries with the schema; search_path makes raw SQL agree.
  // Our pool, not the adapter's own: the hot paths (src/db/pg-pool.ts) run on it too. The adapter ends it.
  const pool = new pg.Pool({
    connectionString: parsed.connectionString,
    ...(poolSize ? { max: poolSize } : {}),
    // JIT compiles a statement once its estimated cost is high (the digest's sums over a province's parts) and
    // spends 100–300 ms doing so for a statement that runs in 100 ms: none of ours gains from it.
    options: ['-c jit=off', ...(parsed.schema ? [`-c search_path=${parsed.schema}`] : [])].join(' '),
  });
  const adapter = new PrismaPg(pool, { ...(parsed.schema ? { schema: parsed.schema } : {}), disposeExternalPool: true });
  const prisma = new PgClient({ adapter }) as unknown as PrismaClient;
  registerPool(prisma, pool);
  const database = wrap(prisma, 'postgresql', appliedMigrations, parsed.location);
  let session: PgSession | undefined;
  return {
    ...database,
    session(logger) {
      session ??= new PgSession(parsed.connectionString, parsed.schema, logger);
      return session;
    },
    async close() {
      await session?.close();
      await database.close();
    },
  };
}

function wrap(prisma: PrismaClient, provider: DbProvider, appliedMigrations: string[], location: string): Database {
  let closed: Promise<void> | undefined;
  return {
    prisma,
    provider,
    appliedMigrations,
    location,
    async ping() {
      try {
        await prisma.$queryRawUnsafe('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closed ??= prisma.$disconnect();
      return closed;
    },
  };
}
