import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, parseDatabaseUrl } from '../../src/db/client.ts';
import {
  applyMigrations,
  defaultMigrationsDir,
  migrationChecksum,
  MigrationError,
  PRISMA_MIGRATIONS_TABLE_SQL,
} from '../../src/db/migrate.ts';
import { addMigration, copyRepoMigrations, repoMigrationNames, SQLITE_REDEFINE_UNIT, tempDir, UUID_RE } from './helpers.ts';

interface Row {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: string | null;
  started_at: string;
  applied_steps_count: number;
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const rows = (db: Database.Database) =>
  db.prepare('SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name').all() as Row[];

async function rejection(p: Promise<unknown>): Promise<MigrationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationError);
  return err as MigrationError;
}

describe('parseDatabaseUrl', () => {
  it('classifies SQLite and PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('file:./data/duban.db', '/srv/app')).toEqual({ provider: 'sqlite', file: '/srv/app/data/duban.db' });
    expect(parseDatabaseUrl('./x.db', '/srv')).toEqual({ provider: 'sqlite', file: '/srv/x.db' });
    expect(parseDatabaseUrl('file:/abs/y.db?connection_limit=1')).toEqual({ provider: 'sqlite', file: '/abs/y.db' });
    const pg = parseDatabaseUrl('postgres://u:secret@db:5433/duban?schema=s1&sslmode=disable');
    expect(pg).toMatchObject({ provider: 'postgresql', schema: 's1', location: 'db:5433/duban?schema=s1' });
    expect(pg.provider === 'postgresql' && pg.connectionString).not.toContain('schema=');
    expect(() => parseDatabaseUrl('mysql://x/y')).toThrow(/unsupported scheme/);
    expect(() => parseDatabaseUrl('file::memory:')).toThrow(/must be a file/);
    expect(() => parseDatabaseUrl('postgresql://h/d?schema=a;drop')).toThrow(/plain identifier/);
  });
});

describe('openDatabase on SQLite', () => {
  it('migrates an empty file (creating its directory), then applies nothing on the next start', async () => {
    const file = path.join(tmp.dir, 'nested', 'data', 'duban.db');
    const first = await openDatabase(`file:${file}`);
    try {
      expect(first.provider).toBe('sqlite');
      expect(first.location).toBe(file);
      expect(first.appliedMigrations).toEqual(repoMigrationNames('sqlite'));
      expect(first.appliedMigrations[0]).toBe('20261128000000_init');
      expect(await first.ping()).toBe(true);

      // The schema works through Prisma, including the cascades the schema declares.
      const p = first.prisma;
      const county = await p.unit.create({ data: { name: '县委', kind: 'leader' } });
      const bureau = await p.unit.create({ data: { name: '生态环境局', kind: 'department', parentId: county.id } });
      await p.chatBinding.create({ data: { chatId: -1001234567890n, kind: 'unit', unitId: bureau.id } });
      await p.member.create({ data: { telegramId: 9007199254740993n, displayName: 'Li', unitId: bureau.id } });
      await p.unit.delete({ where: { id: bureau.id } });
      expect(await p.chatBinding.count()).toBe(0); // ON DELETE CASCADE
      expect((await p.member.findFirstOrThrow()).unitId).toBeNull(); // ON DELETE SET NULL
      expect((await p.member.findFirstOrThrow()).telegramId).toBe(9007199254740993n);
    } finally {
      await first.close();
      await first.close(); // twice is fine
    }

    const second = await openDatabase(file);
    try {
      expect(second.appliedMigrations).toEqual([]);
      expect(await second.prisma.member.count()).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('sets WAL, synchronous=NORMAL, foreign keys and a busy timeout on the Prisma connection', async () => {
    const db = await openDatabase(path.join(tmp.dir, 'p.db'), { busyTimeoutMs: 4321 });
    try {
      const one = async (sql: string) => Object.values(((await db.prisma.$queryRawUnsafe(sql)) as object[])[0]!)[0];
      expect(await one('PRAGMA journal_mode')).toBe('wal');
      expect(Number(await one('PRAGMA synchronous'))).toBe(1);
      expect(Number(await one('PRAGMA foreign_keys'))).toBe(1);
      expect(Number(await one('PRAGMA busy_timeout'))).toBe(4321);
    } finally {
      await db.close();
    }
  });

  it('records _prisma_migrations exactly as Prisma does', async () => {
    const file = path.join(tmp.dir, 'rows.db');
    await (await openDatabase(file)).close();
    const raw = new Database(file, { readonly: true });
    try {
      const ddl = raw.prepare(`SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'`).get() as { sql: string };
      expect(ddl.sql).toBe(PRISMA_MIGRATIONS_TABLE_SQL.sqlite);
      const recorded = rows(raw);
      expect(recorded.map((r) => r.migration_name)).toEqual(repoMigrationNames('sqlite'));
      for (const r of recorded) {
        const bytes = readFileSync(path.join(defaultMigrationsDir('sqlite'), r.migration_name, 'migration.sql'));
        expect(r.id).toMatch(UUID_RE);
        expect(r.checksum).toBe(migrationChecksum(bytes));
        expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(r.finished_at).not.toBeNull();
        expect(Date.parse(r.finished_at!)).toBeGreaterThanOrEqual(Date.parse(r.started_at));
        expect(r.logs).toBeNull();
        expect(r.rolled_back_at).toBeNull();
        expect(r.applied_steps_count).toBe(1);
      }
    } finally {
      raw.close();
    }
  });
});

describe('applyMigrations on SQLite', () => {
  it('refuses a migration that was edited after it was applied, and accepts a line-ending change', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const db = new Database(path.join(tmp.dir, 'tamper.db'));
    try {
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual(repoMigrationNames('sqlite'));
      const file = path.join(dir, '20261128000000_init', 'migration.sql');
      const original = readFileSync(file, 'utf8');

      writeFileSync(file, original.replace(/\n/g, '\r\n')); // a Windows checkout: Prisma accepts it too
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual([]);

      writeFileSync(file, `${original}\nCREATE TABLE "Sneaky" ("id" INTEGER);\n`);
      const err = await rejection(applyMigrations(db, 'sqlite', dir));
      expect(err.code).toBe('CHECKSUM_MISMATCH');
      expect(err.migration).toBe('20261128000000_init');
      expect(err.message).toMatch(/20261128000000_init.*modified after it was applied/);
      expect(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Sneaky'`).get()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('refuses to go past a failed (unfinished, not rolled back) migration until it is resolved', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const db = new Database(path.join(tmp.dir, 'failed.db'));
    try {
      await applyMigrations(db, 'sqlite', dir);
      // What `prisma migrate deploy` leaves when a script fails half-way.
      db.prepare(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, applied_steps_count) VALUES ('f00', 'abc', '20261201000000_half', 'boom', 0)`,
      ).run();
      addMigration(dir, '20261202000000_next', 'CREATE TABLE "Next" ("id" INTEGER PRIMARY KEY);\n');

      const err = await rejection(applyMigrations(db, 'sqlite', dir));
      expect(err.code).toBe('FAILED_MIGRATION_IN_DATABASE');
      expect(err.message).toContain('20261201000000_half');
      expect(err.message).toContain('rolled_back_at');
      expect(err.message).toContain('boom');
      expect(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Next'`).get()).toBeUndefined();

      db.prepare(`UPDATE "_prisma_migrations" SET rolled_back_at = CURRENT_TIMESTAMP WHERE id = 'f00'`).run();
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual(['20261202000000_next']);
    } finally {
      db.close();
    }
  });

  it('rolls a failing migration back entirely, records the attempt, and retries it next time', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const db = new Database(path.join(tmp.dir, 'fail.db'));
    try {
      await applyMigrations(db, 'sqlite', dir);
      const file = addMigration(dir, '20261203000000_bad', 'CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "Nope" VALUES (1);\n');

      const err = await rejection(applyMigrations(db, 'sqlite', dir));
      expect(err.code).toBe('MIGRATION_FAILED');
      expect(err.message).toMatch(/20261203000000_bad.*rolled back.*no such table: Nope/);
      expect(db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Half'`).get()).toBeUndefined();
      const attempt = rows(db).find((r) => r.migration_name === '20261203000000_bad')!;
      expect(attempt).toMatchObject({ finished_at: null, applied_steps_count: 0 });
      expect(attempt.rolled_back_at).not.toBeNull();
      expect(attempt.logs).toContain('no such table: Nope');

      writeFileSync(file, 'CREATE TABLE "Half" ("id" INTEGER);\n');
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual(['20261203000000_bad']);
      expect(rows(db).filter((r) => r.migration_name === '20261203000000_bad')).toHaveLength(2);
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('keeps child rows under ON DELETE CASCADE when a migration rebuilds their parent table', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const file = path.join(tmp.dir, 'cascade.db');
    const db = new Database(file);
    try {
      db.pragma('foreign_keys = ON');
      await applyMigrations(db, 'sqlite', dir);
      const now = new Date().toISOString();
      db.prepare(`INSERT INTO "Unit" (id, name, kind, updatedAt) VALUES (1, '县委', 'leader', ?)`).run(now);
      db.prepare(`INSERT INTO "Unit" (id, name, kind, parentId, updatedAt) VALUES (2, '生态环境局', 'department', 1, ?)`).run(now);
      db.prepare(`INSERT INTO "ChatBinding" (chatId, kind, unitId, updatedAt) VALUES (-100500, 'unit', 2, ?)`).run(now);
      db.prepare(`INSERT INTO "Member" (telegramId, displayName, unitId, updatedAt) VALUES (42, 'Li', 2, ?)`).run(now);
      db.prepare(`INSERT INTO "Committee" (code, name, shortName, officeUnitId, updatedAt) VALUES ('c1', '大气', '大气', 2, ?)`).run(now);

      // The hazard is real: the same script in a plain transaction with foreign keys on loses the rows.
      const copy = path.join(tmp.dir, 'naive.db');
      db.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(file, copy);
      const naive = new Database(copy);
      naive.pragma('foreign_keys = ON');
      naive.exec(`BEGIN;\n${SQLITE_REDEFINE_UNIT}\nCOMMIT;`);
      expect(naive.prepare('SELECT count(*) AS n FROM "ChatBinding"').get()).toEqual({ n: 0 });
      expect(naive.prepare('SELECT unitId FROM "Member"').get()).toEqual({ unitId: null });
      naive.close();

      addMigration(dir, '20261204000000_unit_kind_optional', SQLITE_REDEFINE_UNIT);
      expect(await applyMigrations(db, 'sqlite', dir)).toEqual(['20261204000000_unit_kind_optional']);
      expect(db.prepare('SELECT chatId, unitId FROM "ChatBinding"').all()).toEqual([{ chatId: -100500, unitId: 2 }]);
      expect(db.prepare('SELECT unitId FROM "Member"').get()).toEqual({ unitId: 2 });
      expect(db.prepare('SELECT officeUnitId FROM "Committee"').get()).toEqual({ officeUnitId: 2 });
      expect(db.prepare('SELECT parentId FROM "Unit" WHERE id = 2').get()).toEqual({ parentId: 1 });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1); // restored
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The rebuilt table still enforces its constraints.
      db.prepare(`INSERT INTO "Unit" (name, updatedAt) VALUES ('no kind now', ?)`).run(now);
      expect(() => db.prepare(`INSERT INTO "ChatBinding" (chatId, kind, unitId, updatedAt) VALUES (1, 'unit', 999, ?)`).run(now)).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      db.close();
    }
  });

  it('rolls back a migration that leaves a foreign key violation, and restores foreign_keys=OFF if it was off', async () => {
    const dir = copyRepoMigrations('sqlite', tmp.dir);
    const db = new Database(path.join(tmp.dir, 'fk.db'));
    try {
      db.pragma('foreign_keys = OFF');
      await applyMigrations(db, 'sqlite', dir);
      addMigration(
        dir,
        '20261205000000_orphan',
        `INSERT INTO "ChatBinding" (chatId, kind, unitId, updatedAt) VALUES (7, 'unit', 12345, '2026-01-01T00:00:00.000Z');\n`,
      );
      const err = await rejection(applyMigrations(db, 'sqlite', dir));
      expect(err.code).toBe('FOREIGN_KEY_VIOLATION');
      expect(err.message).toMatch(/ChatBinding.*Unit/);
      expect(db.prepare('SELECT count(*) AS n FROM "ChatBinding"').get()).toEqual({ n: 0 });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('says clearly when the migrations directory is missing or a folder has no migration.sql', async () => {
    const db = new Database(':memory:');
    try {
      const missing = await rejection(applyMigrations(db, 'sqlite', path.join(tmp.dir, 'nope')));
      expect(missing.code).toBe('NO_MIGRATIONS');
      const dir = copyRepoMigrations('sqlite', tmp.dir);
      appendFileSync(path.join(dir, 'README'), 'a file is ignored');
      addMigration(dir, '20261206000000_x', 'SELECT 1;');
      const { rmSync } = await import('node:fs');
      rmSync(path.join(dir, '20261206000000_x', 'migration.sql'));
      const noScript = await rejection(applyMigrations(db, 'sqlite', dir));
      expect(noScript.code).toBe('MISSING_SCRIPT');
      expect(noScript.message).toContain('20261206000000_x');
    } finally {
      db.close();
    }
  });
});
