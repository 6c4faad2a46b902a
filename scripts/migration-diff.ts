// Writes the next migration for both databases after prisma/schema.prisma was edited:
//
//   npm run db:migration <name>          (tsx scripts/migration-diff.ts <name>)
//   npm run db:migration -- --check      (exit 1 if the migrations do not match the schema; writes nothing)
//
// For each provider it asks Prisma's own schema engine — the WebAssembly build of the exact engine commit
// that `prisma` 7.10.0 ships, from @prisma/schema-engine-wasm — for the SQL that takes the database from
// "every migration in prisma/migrations/<provider>/ applied" to "prisma/schema.prisma", and writes it to
// prisma/migrations/<provider>/<timestamp>_<name>/migration.sql (and migration_lock.toml), laid out as
// `prisma migrate dev` would. The native engine that `prisma migrate dev` needs cannot be downloaded here.
//
// The engine replays the existing migrations into a shadow database to learn where they lead:
// - SQLite: an in-memory database (nothing needed).
// - PostgreSQL: a throw-away database created (and dropped) on the server named by SHADOW_DATABASE_URL, or
//   DATABASE_URL when it is a postgres URL, or postgresql://postgres@127.0.0.1:5432/postgres. With no server
//   reachable the PostgreSQL side fails with a clear message and nothing is written (--only=sqlite would
//   skip it, leaving prisma/migrations/postgresql behind: avoid).
//
// Options: --timestamp=YYYYMMDDHHMMSS (default: now, UTC), --only=sqlite|postgresql, --check.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils';
import * as wasmBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { derivePostgresSchema, ROOT, SQLITE_SCHEMA } from './prisma-generate.ts';

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];
export const MIGRATIONS_ROOT = path.join(ROOT, 'prisma', 'migrations');
const EMPTY_MIGRATION = '-- This is an empty migration.';

// ---------------------------------------------------------------------------------------------------------
// The WebAssembly schema engine. Its package is built for bundlers (`import * as wasm from "./x.wasm"`),
// which Node does not load, so instantiate the .wasm against its JS glue by hand, once per process.

interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let engineModuleReady: Promise<typeof wasmBindings> | undefined;

function loadEngineModule(): Promise<typeof wasmBindings> {
  engineModuleReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bytes = readFileSync(path.join(dir, 'schema_engine_bg.wasm'));
    // The project's lib settings carry no WebAssembly typings; this is the little that is used.
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const glue = wasmBindings as unknown as Record<string, unknown> & { __wbg_set_wasm(exports: unknown): void };
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    const prismaEngineCommit = readEnginesCommit();
    const wasmCommit = wasmBindings.version();
    if (prismaEngineCommit && prismaEngineCommit !== wasmCommit) {
      throw new Error(
        `@prisma/schema-engine-wasm is built from engine commit ${wasmCommit}, but prisma uses ${prismaEngineCommit}. ` +
          `Install @prisma/schema-engine-wasm@<prisma version>-<n>.${prismaEngineCommit} (npm view @prisma/schema-engine-wasm versions).`,
      );
    }
    return wasmBindings;
  })();
  return engineModuleReady;
}

function readEnginesCommit(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require('@prisma/engines-version/package.json') as { prisma?: { enginesVersion?: string } };
    return pkg.prisma?.enginesVersion;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Driver adapters for the engine, with the fixes the engine needs (see shared notes/prisma-offline.md).

type Cleanup = () => Promise<void>;

/** better-sqlite3 refuses several statements in one prepare(); the shadow replay sends whole scripts. */
function sqliteScriptTolerant(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** Remembers every adapter it hands out, so that they can all be closed: the engine does not always. */
abstract class TrackingFactory {
  readonly cleanups: Cleanup[] = [];
  protected track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    let disposed = false;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
    };
    this.cleanups.push(() => adapter.dispose());
    return adapter;
  }
  async cleanup(): Promise<void> {
    for (const c of this.cleanups.splice(0)) await c().catch(() => undefined);
  }
}

class SqliteEngineFactory extends TrackingFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName = '@prisma/adapter-better-sqlite3';
  readonly #inner: PrismaBetterSqlite3;
  constructor(url = ':memory:') {
    super();
    this.#inner = new PrismaBetterSqlite3({ url }, { shadowDatabaseUrl: ':memory:' });
  }
  async connect(): Promise<SqlDriverAdapter> {
    return this.track(sqliteScriptTolerant(await this.#inner.connect()));
  }
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.track(sqliteScriptTolerant(await this.#inner.connectToShadowDb()));
  }
}

/** adapter-pg rejects PostgreSQL's internal "char" type (OID 18) that the engine's introspection selects. */
function charAsText<T extends SqlQueryable>(queryable: T): T {
  const q = queryable as T & { performIO(query: SqlQuery): Promise<{ fields: { dataTypeID: number }[] }> };
  const performIO = q.performIO.bind(q);
  q.performIO = async (query: SqlQuery) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return queryable;
}

function pgCompatible(adapter: SqlDriverAdapter): SqlDriverAdapter {
  charAsText(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => charAsText(await startTransaction(isolationLevel));
  return adapter;
}

/**
 * adapter-pg's own connectToShadowDb connects the "shadow" to the main database when the URL names one and
 * cannot drop it afterwards; this factory creates a uniquely named database itself and drops it on dispose.
 */
class PgEngineFactory extends TrackingFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  constructor(readonly serverUrl: string) {
    super();
  }
  async connect(): Promise<SqlDriverAdapter> {
    return this.track(pgCompatible(await new PrismaPg({ connectionString: this.serverUrl }).connect()));
  }
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `duban_shadow_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: this.serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    url.searchParams.delete('schema');
    const adapter = pgCompatible(await new PrismaPg({ connectionString: url.toString() }).connect());
    let dropped = false;
    const drop: Cleanup = async () => {
      if (dropped) return;
      dropped = true;
      const c = new pg.Client({ connectionString: this.serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    };
    this.cleanups.push(drop);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await drop();
    };
    return this.track(adapter);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export function shadowServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.SHADOW_DATABASE_URL, env.DATABASE_URL];
  for (const c of candidates) if (c && /^postgres(ql)?:\/\//.test(c)) return c;
  return 'postgresql://postgres@127.0.0.1:5432/postgres';
}

// ---------------------------------------------------------------------------------------------------------
// Migrations directories, as Prisma reads and writes them.

export function migrationsDir(provider: Provider, root: string = MIGRATIONS_ROOT): string {
  return path.join(root, provider);
}

export function lockfileText(provider: Provider): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

/** The same MigrationList the Prisma CLI builds: every sub-directory, sorted by name, with its migration.sql. */
export function readMigrationList(dir: string): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockfile = { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null };
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => statSync(path.join(dir, n)).isDirectory())
        .sort((a, b) => a.localeCompare(b))
    : [];
  return {
    baseDir: dir,
    lockfile,
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      let content: { tag: 'ok'; value: string } | { tag: 'error'; value: string };
      try {
        content = { tag: 'ok', value: readFileSync(file, 'utf8') };
      } catch (err) {
        content = { tag: 'error', value: (err as Error).message };
      }
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  };
}

export function schemaFor(provider: Provider, schemaPath: string = SQLITE_SCHEMA): { path: string; content: string } {
  const sqlite = readFileSync(schemaPath, 'utf8');
  if (provider === 'sqlite') return { path: schemaPath, content: sqlite };
  return { path: path.join(path.dirname(schemaPath), 'generated', 'postgresql.prisma'), content: derivePostgresSchema(sqlite) };
}

// ---------------------------------------------------------------------------------------------------------

export interface DiffOptions {
  /** The Prisma schema to reach (defaults to prisma/schema.prisma, converted for postgresql). */
  schema?: { path: string; content: string };
  /** The provider's migrations directory (defaults to prisma/migrations/<provider>). */
  dir?: string;
  /** A PostgreSQL server URL where a shadow database may be created and dropped. */
  pgServerUrl?: string;
}

/**
 * The SQL that takes a database from "all migrations in dir applied" to the schema, or null if there is
 * nothing to do.
 */
export async function diffMigrations(provider: Provider, options: DiffOptions = {}): Promise<string | null> {
  const bindings = await loadEngineModule();
  const schema = options.schema ?? schemaFor(provider);
  const list = readMigrationList(options.dir ?? migrationsDir(provider));
  // The engine learns the connector from the lockfile; a first migration has none yet.
  list.lockfile.content ??= lockfileText(provider);
  const factory = provider === 'sqlite' ? new SqliteEngineFactory() : new PgEngineFactory(options.pgServerUrl ?? shadowServerUrl());
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      (line: string) => logs.push(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    const result = await engine.diff({
      from: { tag: 'migrations', ...list },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const script = result.stdout ?? '';
    if (script.trim() === '' || script.trim() === EMPTY_MIGRATION) return null;
    return script;
  } catch (err) {
    const detail = err instanceof Error ? err.message : JSON.stringify(err);
    const hint =
      provider === 'postgresql'
        ? `\n(The PostgreSQL side replays the migrations into a throw-away database on ${redact(factory instanceof PgEngineFactory ? factory.serverUrl : '')}: ` +
          'start PostgreSQL there or set SHADOW_DATABASE_URL to a server where this user may CREATE DATABASE. Nothing was written.)'
        : '';
    throw new Error(`${provider}: schema engine diff failed: ${detail.trim()}${hint}${logs.length > 1 ? `\nengine log:\n${logs.join('\n')}` : ''}`);
  } finally {
    engine?.free();
    await factory.cleanup();
  }
}

/**
 * Applies the migrations in dir to the database at url with the schema engine itself — the code behind
 * `prisma migrate deploy`. The app uses src/db/migrate.ts; this exists to check that both agree.
 */
export async function applyWithEngine(provider: Provider, url: string, dir: string = migrationsDir(provider)): Promise<string[]> {
  const bindings = await loadEngineModule();
  const schema = schemaFor(provider);
  const list = readMigrationList(dir);
  const factory = provider === 'sqlite' ? new SqliteEngineFactory(url) : new PgEngineFactory(url);
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    engine = await bindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      (line: string) => logs.push(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    const out = await engine.applyMigrations({ migrationsList: list, filters: { externalTables: [], externalEnums: [] } });
    return out.appliedMigrationNames;
  } catch (err) {
    const detail = err instanceof Error ? err.message : JSON.stringify(err);
    throw new Error(`${provider}: schema engine applyMigrations failed: ${detail}`);
  } finally {
    engine?.free();
    await factory.cleanup();
  }
}

export function timestampNow(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/** Prisma-style migration name: lower case, anything but [a-z0-9_] becomes _. */
export function slug(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 200);
}

export function writeMigration(provider: Provider, folder: string, script: string, root: string = MIGRATIONS_ROOT): string {
  const dir = migrationsDir(provider, root);
  const target = path.join(dir, folder);
  if (existsSync(target)) throw new Error(`The migration directory already exists at ${target}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'migration.sql'), script, 'utf8');
  writeFileSync(path.join(dir, 'migration_lock.toml'), lockfileText(provider), 'utf8');
  return target;
}

async function main(argv: string[]): Promise<number> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m) flags.set(m[1]!, m[2] ?? 'true');
    else positional.push(a);
  }
  const check = flags.has('check');
  const only = flags.get('only');
  if (only && !PROVIDERS.includes(only as Provider)) throw new Error(`--only must be one of ${PROVIDERS.join(', ')}`);
  const providers = only ? [only as Provider] : [...PROVIDERS];
  const name = slug(positional.join(' '));
  if (!check && !name) {
    console.error('usage: npm run db:migration <name> [-- --timestamp=YYYYMMDDHHMMSS --only=sqlite|postgresql --check]');
    return 2;
  }
  const timestamp = flags.get('timestamp') ?? timestampNow();
  if (!/^\d{14}$/.test(timestamp)) throw new Error('--timestamp must be YYYYMMDDHHMMSS');

  const scripts = new Map<Provider, string | null>();
  for (const provider of providers) scripts.set(provider, await diffMigrations(provider));

  let pending = 0;
  for (const provider of providers) {
    const script = scripts.get(provider) ?? null;
    if (script === null) {
      console.log(`${provider}: no changes — migrations match prisma/schema.prisma`);
      continue;
    }
    pending++;
    if (check) {
      console.log(`${provider}: prisma/schema.prisma has changes that no migration holds:\n${script}`);
    } else {
      const target = writeMigration(provider, `${timestamp}_${name}`, script);
      console.log(`${provider}: wrote ${path.relative(ROOT, path.join(target, 'migration.sql'))}`);
    }
  }
  return check && pending > 0 ? 1 : 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
