// The tooling around the migrations: the derived PostgreSQL schema, the checked-in migrations against
// prisma/schema.prisma (via Prisma's own WebAssembly schema engine), and agreement between src/db/migrate.ts
// and the engine's applyMigrations — the code behind `prisma migrate deploy`.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, defaultMigrationsDir } from '../../src/db/migrate.ts';
import {
  applyWithEngine,
  diffMigrations,
  lockfileText,
  readMigrationList,
  schemaFor,
  slug,
  writeMigration,
} from '../../scripts/migration-diff.ts';
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from '../../scripts/prisma-generate.ts';
import { createTempPgDatabase, pgForSuite, pgServerUrl } from '../support/postgres.ts';
import { copyRepoMigrations, repoMigrationNames, SQLITE_REDEFINE_UNIT, tempDir } from './helpers.ts';

const server = await pgForSuite('test/db/migration-tools.test.ts (PostgreSQL part)');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

describe('prisma/generated/postgresql.prisma', () => {
  it('is the SQLite schema with the provider and the client output swapped', () => {
    const source = readFileSync(SQLITE_SCHEMA, 'utf8');
    const derived = derivePostgresSchema(source);
    expect(derived).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
    expect(derived).toContain('output       = "../../src/db/generated/postgresql"');
    expect(path.resolve(path.dirname(POSTGRES_SCHEMA), '../../src/db/generated/postgresql')).toBe(
      path.resolve(path.dirname(SQLITE_SCHEMA), '../src/db/generated/postgresql'),
    );
    // Everything else is untouched.
    const strip = (s: string) =>
      s
        .replace(/^\/\/ GENERATED.*\n\n/, '')
        .replace(/provider = "(sqlite|postgresql)"/, '')
        .replace(/output\s*=\s*"[^"]*"/, '');
    expect(strip(derived)).toBe(strip(source));
  });
});

describe('the checked-in migrations', () => {
  it('are laid out as Prisma lays them out', () => {
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const dir = defaultMigrationsDir(provider);
      expect(readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')).toBe(lockfileText(provider));
      const names = repoMigrationNames(provider);
      expect(names[0]).toBe('20261128000000_init');
      for (const n of names) expect(n).toMatch(/^\d{14}_[a-z0-9_]+$/);
      const sql = readFileSync(path.join(dir, names[0]!, 'migration.sql'), 'utf8');
      expect(sql).toContain('CREATE UNIQUE INDEX "Member_telegramId_key" ON "Member"("telegramId");');
    }
    // Both providers have the same history.
    expect(repoMigrationNames('postgresql')).toEqual(repoMigrationNames('sqlite'));
  });

  it('match prisma/schema.prisma on SQLite (else run: npm run db:migration <name>)', async () => {
    expect(await diffMigrations('sqlite')).toBeNull();
  });

  it.skipIf(!server.ok)('match prisma/schema.prisma on PostgreSQL (else run: npm run db:migration <name>)', async () => {
    expect(await diffMigrations('postgresql', { pgServerUrl: pgServerUrl() })).toBeNull();
    const left = await leftoverShadowDatabases();
    expect(left).toEqual([]);
  });
});

describe('npm run db:migration, in a scratch directory', () => {
  it('writes the first migration from nothing, then the next one after a schema edit', async () => {
    const root = path.join(tmp.dir, 'migrations');
    const dir = path.join(root, 'sqlite');
    const init = await diffMigrations('sqlite', { dir });
    // From nothing, one migration creates every model of the schema as it is now.
    for (const model of [...schemaFor('sqlite').content.matchAll(/^model (\w+) \{/gm)].map((m) => m[1])) {
      expect(init).toContain(`CREATE TABLE "${model}" (`);
    }
    writeMigration('sqlite', '20261128000000_init', init!, root);
    expect(readMigrationList(dir).lockfile.content).toBe(lockfileText('sqlite'));
    expect(await diffMigrations('sqlite', { dir })).toBeNull();

    const edited = schemaFor('sqlite');
    edited.content = edited.content.replace(/(\n\s+kind\s+)String\n/, '$1String?\n');
    const next = await diffMigrations('sqlite', { dir, schema: edited });
    // SQLite cannot drop NOT NULL in place: Prisma's redefine (new table, copy, drop, rename).
    expect(next).toContain('PRAGMA defer_foreign_keys=ON;');
    expect(next).toContain('CREATE TABLE "new_Unit" (');
    expect(next).toMatch(/"kind" TEXT,\n/);
    expect(next).toContain('ALTER TABLE "new_Unit" RENAME TO "Unit";');
    const folder = `20261204000000_${slug('Unit kind: optional!')}`;
    expect(folder).toBe('20261204000000_unit_kind_optional');
    writeMigration('sqlite', folder, next!, root);
    expect(() => writeMigration('sqlite', folder, next!, root)).toThrow(/already exists/);
    expect(await diffMigrations('sqlite', { dir, schema: edited })).toBeNull();
  });
});

describe('src/db/migrate.ts and prisma migrate deploy (the schema engine) agree', () => {
  it('on SQLite, each accepts the history the other wrote', async () => {
    const dir = defaultMigrationsDir('sqlite');
    const byEngine = path.join(tmp.dir, 'engine.db');
    expect(await applyWithEngine('sqlite', `file:${byEngine}`, dir)).toEqual(repoMigrationNames('sqlite'));
    const a = new Database(byEngine);
    try {
      expect(await applyMigrations(a, 'sqlite', dir)).toEqual([]);
    } finally {
      a.close();
    }

    const byRunner = path.join(tmp.dir, 'runner.db');
    const b = new Database(byRunner);
    try {
      expect(await applyMigrations(b, 'sqlite', dir)).toEqual(repoMigrationNames('sqlite'));
    } finally {
      b.close();
    }
    expect(await applyWithEngine('sqlite', `file:${byRunner}`, dir)).toEqual([]);
    expect(schemaDump(byRunner)).toEqual(schemaDump(byEngine));
  });

  it('on SQLite, the engine applies a migration the runner has not, after the runner applied the rest', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const file = path.join(tmp.dir, 'mixed.db');
    const db = new Database(file);
    try {
      await applyMigrations(db, 'sqlite', dir);
    } finally {
      db.close();
    }
    writeMigration('sqlite', '20261204000000_unit_kind_optional', SQLITE_REDEFINE_UNIT, tmp.dir);
    expect(await applyWithEngine('sqlite', `file:${file}`, dir)).toEqual(['20261204000000_unit_kind_optional']);
    const again = new Database(file);
    try {
      expect(await applyMigrations(again, 'sqlite', dir)).toEqual([]);
    } finally {
      again.close();
    }
  });

  it.skipIf(!server.ok)('on PostgreSQL, each accepts the history the other wrote', async () => {
    const dir = defaultMigrationsDir('postgresql');
    const engineDb = await createTempPgDatabase('engine');
    const runnerDb = await createTempPgDatabase('runner');
    try {
      expect(await applyWithEngine('postgresql', engineDb.url, dir)).toEqual(repoMigrationNames('postgresql'));
      expect(await withPg(engineDb.url, (c) => applyMigrations(c, 'postgresql', dir))).toEqual([]);

      expect(await withPg(runnerDb.url, (c) => applyMigrations(c, 'postgresql', dir))).toEqual(repoMigrationNames('postgresql'));
      expect(await applyWithEngine('postgresql', runnerDb.url, dir)).toEqual([]);

      const dump = (url: string) =>
        withPg(url, async (c) =>
          (
            await c.query(
              `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
                WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
            )
          ).rows,
        );
      expect(await dump(runnerDb.url)).toEqual(await dump(engineDb.url));
    } finally {
      await engineDb.drop();
      await runnerDb.drop();
    }
  });
});

function schemaDump(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all();
  } finally {
    db.close();
  }
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function leftoverShadowDatabases(): Promise<string[]> {
  return withPg(pgServerUrl(), async (c) =>
    (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'duban_shadow_%'`)).rows.map(
      (r) => r.datname,
    ),
  );
}
