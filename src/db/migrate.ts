// The migration runner that runs at every start, before the Prisma client exists.
//
// It applies prisma/migrations/<provider>/<name>/migration.sql in name order and keeps the same
// `_prisma_migrations` table, with the same columns and meaning, as `prisma migrate deploy`, so that either
// tool accepts the other's history:
//   id                  a random UUID
//   checksum            sha256 (hex) of the migration.sql bytes
//   started_at          when the attempt began; finished_at when it succeeded (NULL while running or failed)
//   logs                the error of a failed attempt
//   rolled_back_at      set on a failed attempt that is known to have left nothing behind
//   applied_steps_count 1 once the migration's script has run (Prisma counts the whole script as one step)
//
// Unlike `prisma migrate deploy`, each migration runs in one transaction together with its row, so a failure
// leaves the database as it was. Such a failure is still recorded (logs + rolled_back_at) and thrown; the next
// start tries again. A row that is unfinished and not rolled back (a crash of another tool mid-migration)
// stops everything: the database may be half-migrated and needs a person.
//
// SQLite: a Prisma "redefine table" migration (create new, copy, drop old, rename) deletes child rows under
// ON DELETE CASCADE when foreign keys are enforced, and `PRAGMA foreign_keys=OFF` inside the script is
// ignored inside a transaction. So foreign keys go off before BEGIN, `PRAGMA foreign_key_check` runs before
// COMMIT (a violation rolls back), and the previous setting is restored afterwards.
//
// PostgreSQL: Prisma's advisory lock (72707369) is held for the whole run, so concurrent starts, and
// `prisma migrate deploy`, take turns.

import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export type DbProvider = 'sqlite' | 'postgresql';

/** Prisma's advisory lock key (used by the schema engine for migrate deploy/dev). */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** The table exactly as Prisma's schema engine creates it. */
export const PRISMA_MIGRATIONS_TABLE_SQL: Record<DbProvider, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
};

/** The repository's migrations directory for a provider: prisma/migrations/<provider>. */
export function defaultMigrationsDir(provider: DbProvider): string {
  return fileURLToPath(new URL(`../../prisma/migrations/${provider}`, import.meta.url));
}

type MigrationErrorCode =
  | 'NO_MIGRATIONS'
  | 'MISSING_SCRIPT'
  | 'FAILED_MIGRATION_IN_DATABASE'
  | 'CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED'
  | 'FOREIGN_KEY_VIOLATION';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly migration?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface MigrationScript {
  /** The folder name, e.g. 20261128000000_init. */
  name: string;
  sql: string;
  /** sha256 hex of the migration.sql bytes, as Prisma records it. */
  checksum: string;
}

export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Prisma accepts a stored checksum that matches the script as it is, or with its line endings switched
 * between LF and CRLF (a checkout on another OS); so does this runner.
 */
function checksumMatches(sql: string, checksum: string): boolean {
  if (migrationChecksum(sql) === checksum) return true;
  const lf = sql.replace(/\r\n/g, '\n');
  return migrationChecksum(lf) === checksum || migrationChecksum(lf.replace(/\n/g, '\r\n')) === checksum;
}

/** The names of the migrations in a directory, in the order they apply. */
export const migrationNames = (dir: string): string[] => readMigrations(dir).map((m) => m.name);

/** Every <dir>/<name>/migration.sql, sorted by name as Prisma sorts them. */
function readMigrations(dir: string): MigrationScript[] {
  if (!existsSync(dir)) {
    throw new MigrationError('NO_MIGRATIONS', `migrations directory not found: ${dir}`);
  }
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new MigrationError('MISSING_SCRIPT', `migration ${name} has no migration.sql (${file})`, name);
      }
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number | bigint;
}

const isSet = (v: unknown) => v !== null && v !== undefined;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Refuses a history that Prisma would refuse (a failed migration) and one whose applied scripts were edited.
 * Returns the names that count as applied.
 */
function checkHistory(rows: MigrationRow[], scripts: MigrationScript[], where: string): Set<string> {
  const failed = rows.find((r) => !isSet(r.finished_at) && !isSet(r.rolled_back_at));
  if (failed) {
    throw new MigrationError(
      'FAILED_MIGRATION_IN_DATABASE',
      `Migration "${failed.migration_name}" in ${where} started at ${String(failed.started_at)} and never finished ` +
        `(it is not marked rolled back either), so the database may be partly migrated and no further migration ` +
        `will be applied. Check the database against prisma/migrations/.../${failed.migration_name}/migration.sql, ` +
        `repair it by hand, then mark the attempt rolled back: ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = CURRENT_TIMESTAMP WHERE id = '${failed.id}'; ` +
        `(or \`prisma migrate resolve --rolled-back ${failed.migration_name}\` where the native engine exists).` +
        (failed.logs ? `\nIts log: ${failed.logs}` : ''),
      failed.migration_name,
    );
  }
  const byName = new Map(scripts.map((s) => [s.name, s]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (!isSet(row.finished_at) || isSet(row.rolled_back_at)) continue;
    applied.add(row.migration_name);
    const script = byName.get(row.migration_name);
    if (script && !checksumMatches(script.sql, row.checksum)) {
      throw new MigrationError(
        'CHECKSUM_MISMATCH',
        `Migration "${row.migration_name}" was modified after it was applied to ${where}: its migration.sql now has ` +
          `checksum ${script.checksum}, but the database recorded ${row.checksum}. Applied migrations must not be ` +
          `edited: restore the file (git checkout) and put the change in a new migration (npm run db:migration <name>).`,
        row.migration_name,
      );
    }
  }
  return applied;
}

// ------------------------------------------------------------------------------------------------ SQLite

/** Timestamps written the way Prisma's engine writes them through the better-sqlite3 adapter. */
const sqliteNow = () => new Date().toISOString().replace('Z', '+00:00');

function applySqlite(db: BetterSqlite3.Database, dir: string): string[] {
  const scripts = readMigrations(dir);
  const where = `SQLite database ${db.name}`;
  const hasTable = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
    .get();
  if (!hasTable) db.exec(PRISMA_MIGRATIONS_TABLE_SQL.sqlite);

  const readRows = () => db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY started_at ASC`).all() as MigrationRow[];
  const applied = checkHistory(readRows(), scripts, where);
  const done: string[] = [];

  for (const script of scripts) {
    if (applied.has(script.name)) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number | bigint;
    db.pragma('foreign_keys = OFF');
    try {
      db.exec('BEGIN IMMEDIATE');
      // Another process may have applied it while this one waited for the write lock.
      let appliedMeanwhile: boolean;
      try {
        appliedMeanwhile = checkHistory(readRows(), scripts, where).has(script.name);
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
      if (appliedMeanwhile) {
        db.exec('COMMIT');
        continue;
      }
      const id = randomUUID();
      try {
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
        ).run(id, script.checksum, sqliteNow(), script.name);
        db.exec(script.sql);
        const violations = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string; fkid: number }[];
        if (violations.length > 0) {
          const sample = violations
            .slice(0, 5)
            .map((v) => `${v.table} rowid ${v.rowid} -> ${v.parent}`)
            .join('; ');
          throw new MigrationError(
            'FOREIGN_KEY_VIOLATION',
            `${violations.length} foreign key violation(s) after the script ran: ${sample}`,
            script.name,
          );
        }
        db.prepare(
          `UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`,
        ).run(sqliteNow(), id);
        db.exec('COMMIT');
        done.push(script.name);
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        const at = sqliteNow();
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name, logs, rolled_back_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?, 0)`,
        ).run(id, script.checksum, at, script.name, errorText(err), at);
        throw failed(script.name, where, err);
      }
    } finally {
      db.pragma(`foreign_keys = ${Number(foreignKeys) ? 'ON' : 'OFF'}`);
    }
  }
  return done;
}

function failed(name: string, where: string, err: unknown): MigrationError {
  const code = err instanceof MigrationError ? err.code : 'MIGRATION_FAILED';
  return new MigrationError(
    code,
    `Migration "${name}" failed on ${where} and was rolled back (nothing of it was kept): ${errorText(err)}`,
    name,
    { cause: err },
  );
}

// -------------------------------------------------------------------------------------------- PostgreSQL

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function applyPostgres(client: pg.ClientBase, dir: string, schema: string | undefined): Promise<string[]> {
  const scripts = readMigrations(dir);
  await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`);
  try {
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }
    const current = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
    if (!current) throw new Error('PostgreSQL: no current schema (the search_path names no existing schema)');
    const where = `PostgreSQL schema "${current}"`;
    const exists = await client.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_prisma_migrations'`,
      [current],
    );
    if (exists.rowCount === 0) await client.query(PRISMA_MIGRATIONS_TABLE_SQL.postgresql);

    const rows = (await client.query<MigrationRow>(`SELECT * FROM _prisma_migrations ORDER BY started_at ASC`)).rows;
    const applied = checkHistory(rows, scripts, where);
    const done: string[] = [];
    for (const script of scripts) {
      if (applied.has(script.name)) continue;
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 0)`,
          [id, script.checksum, script.name],
        );
        await client.query(script.sql);
        await client.query(`UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query('COMMIT');
        done.push(script.name);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        await client
          .query(
            `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, logs, rolled_back_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, now(), 0)`,
            [id, script.checksum, script.name, errorText(err)],
          )
          .catch(() => undefined);
        throw failed(script.name, where, err);
      }
    }
    return done;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`).catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------------------------ public

interface ApplyOptions {
  /** PostgreSQL only: the schema to migrate (created if missing; the connection's search_path is set to it). */
  schema?: string;
}

/**
 * Applies every migration in dir that the database has not recorded, in name order, one transaction each.
 * Returns the names applied now (empty when the database was up to date). Throws MigrationError when the
 * history has a failed migration, an applied migration was edited, or a migration fails.
 *
 * The connection is left as it was, except that on PostgreSQL with `schema` its search_path is that schema.
 */
export async function applyMigrations(db: BetterSqlite3.Database, provider: 'sqlite', dir?: string): Promise<string[]>;
export async function applyMigrations(
  db: pg.ClientBase,
  provider: 'postgresql',
  dir?: string,
  options?: ApplyOptions,
): Promise<string[]>;
export async function applyMigrations(
  db: BetterSqlite3.Database | pg.ClientBase,
  provider: DbProvider,
  dir: string = defaultMigrationsDir(provider),
  options: ApplyOptions = {},
): Promise<string[]> {
  if (provider === 'sqlite') return applySqlite(db as BetterSqlite3.Database, dir);
  return applyPostgres(db as pg.ClientBase, dir, options.schema);
}
