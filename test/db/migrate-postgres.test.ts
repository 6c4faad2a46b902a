import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import {
  applyMigrations,
  defaultMigrationsDir,
  migrationChecksum,
  MigrationError,
  PRISMA_ADVISORY_LOCK_KEY,
} from '../../src/db/migrate.ts';
import { createTempPgSchema, pgForSuite, type TempPgSchema } from '../support/postgres.ts';
import { addMigration, copyRepoMigrations, repoMigrationNames, tempDir, UUID_RE } from './helpers.ts';

const server = await pgForSuite('test/db/migrate-postgres.test.ts (migrations on PostgreSQL)');

interface Row {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe.skipIf(!server.ok)('migrations on PostgreSQL', () => {
  const serverUrl = server.ok ? server.url : '';
  let schema: TempPgSchema;
  let tmp: ReturnType<typeof tempDir>;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });
  beforeEach(async () => {
    schema = await createTempPgSchema('dbtest');
    tmp = tempDir();
  });
  afterEach(async () => {
    await schema?.drop();
    tmp?.remove();
  });

  /** A connection of its own, migrating into the temporary schema. */
  async function withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  const apply = (dir: string) => withClient((c) => applyMigrations(c, 'postgresql', dir, { schema: schema.schema }));
  const rows = async () =>
    (await admin.query<Row>(`SELECT * FROM "${schema.schema}"._prisma_migrations ORDER BY started_at, migration_name`)).rows;
  const tableExists = async (name: string) =>
    (await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2`, [schema.schema, name]))
      .rowCount === 1;

  it('migrates an empty schema through openDatabase, then applies nothing on the next start', async () => {
    const first = await openDatabase(schema.url);
    try {
      expect(first.provider).toBe('postgresql');
      expect(first.location).toContain(`?schema=${schema.schema}`);
      expect(first.appliedMigrations).toEqual(repoMigrationNames('postgresql'));
      expect(await first.ping()).toBe(true);

      const p = first.prisma;
      const unit = await p.unit.create({ data: { name: '生态环境局', kind: 'department' } });
      await p.chatBinding.create({ data: { chatId: -1001234567890n, kind: 'unit', unitId: unit.id } });
      await p.member.create({ data: { telegramId: 9007199254740993n, displayName: 'Li', unitId: unit.id } });
      await p.unit.delete({ where: { id: unit.id } });
      expect(await p.chatBinding.count()).toBe(0);
      expect((await p.member.findFirstOrThrow()).telegramId).toBe(9007199254740993n);
      // Raw SQL without a schema name lands in the same schema as the model queries.
      const raw = (await p.$queryRawUnsafe('SELECT current_schema() AS s, count(*)::int AS n FROM "Member"')) as { s: string; n: number }[];
      expect(raw).toEqual([{ s: schema.schema, n: 1 }]);
    } finally {
      await first.close();
    }
    for (const t of ['Committee', 'Unit', 'Member', 'ChatBinding', 'AuditLog', 'ProcessedUpdate', '_prisma_migrations']) {
      expect(await tableExists(t)).toBe(true);
    }

    const second = await openDatabase(schema.url);
    try {
      expect(second.appliedMigrations).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('creates the schema when it does not exist yet', async () => {
    await schema.drop();
    const db = await openDatabase(schema.url);
    try {
      expect(db.appliedMigrations).toEqual(repoMigrationNames('postgresql'));
    } finally {
      await db.close();
    }
  });

  it('records _prisma_migrations exactly as Prisma does', async () => {
    await apply(defaultMigrationsDir('postgresql'));
    const columns = await admin.query<{ column_name: string; data_type: string; len: number | null; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      [schema.schema],
    );
    expect(columns.rows).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const recorded = await rows();
    expect(recorded.map((r) => r.migration_name)).toEqual(repoMigrationNames('postgresql'));
    for (const r of recorded) {
      const bytes = readFileSync(path.join(defaultMigrationsDir('postgresql'), r.migration_name, 'migration.sql'));
      expect(r.id).toMatch(UUID_RE);
      expect(r.checksum).toBe(migrationChecksum(bytes));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    }
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = copyRepoMigrations('postgresql', tmp.dir);
    await apply(dir);
    const file = path.join(dir, '20261128000000_init', 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nCREATE TABLE "Sneaky" ("id" INTEGER);\n`);
    const err = await apply(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).code).toBe('CHECKSUM_MISMATCH');
    expect((err as MigrationError).message).toContain('20261128000000_init');
    expect(await tableExists('Sneaky')).toBe(false);
  });

  it('refuses to go past a failed migration row, and rolls a failing migration back entirely', async () => {
    const dir = copyRepoMigrations('postgresql', tmp.dir);
    await apply(dir);

    const file = addMigration(dir, '20261203000000_bad', 'CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "Nope" VALUES (1);\n');
    const failed = await apply(dir).then(
      () => undefined,
      (e: unknown) => e as MigrationError,
    );
    expect(failed?.code).toBe('MIGRATION_FAILED');
    expect(failed?.message).toMatch(/20261203000000_bad.*rolled back.*"Nope" does not exist/);
    expect(await tableExists('Half')).toBe(false);
    const attempt = (await rows()).find((r) => r.migration_name === '20261203000000_bad')!;
    expect(attempt.finished_at).toBeNull();
    expect(attempt.rolled_back_at).toBeInstanceOf(Date);
    expect(attempt.logs).toContain('"Nope" does not exist');
    writeFileSync(file, 'CREATE TABLE "Half" ("id" INTEGER);\n');
    expect(await apply(dir)).toEqual(['20261203000000_bad']);

    // A half-finished attempt left by another tool stops everything.
    await admin.query(
      `INSERT INTO "${schema.schema}"._prisma_migrations (id, checksum, migration_name, logs) VALUES ('f00', 'abc', '20261204000000_half', 'boom')`,
    );
    addMigration(dir, '20261205000000_next', 'CREATE TABLE "Next" ("id" INTEGER);\n');
    const blocked = await apply(dir).then(
      () => undefined,
      (e: unknown) => e as MigrationError,
    );
    expect(blocked?.code).toBe('FAILED_MIGRATION_IN_DATABASE');
    expect(blocked?.message).toContain('20261204000000_half');
    expect(await tableExists('Next')).toBe(false);
    await admin.query(`UPDATE "${schema.schema}"._prisma_migrations SET rolled_back_at = now() WHERE id = 'f00'`);
    expect(await apply(dir)).toEqual(['20261205000000_next']);
  });

  it("waits for Prisma's advisory lock, so concurrent starts apply each migration once", async () => {
    const holder = new pg.Client({ connectionString: serverUrl });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`);
      let settled = false;
      const runs = [apply(defaultMigrationsDir('postgresql')), apply(defaultMigrationsDir('postgresql'))];
      void Promise.all(runs).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 400));
      expect(settled).toBe(false);
      expect(await tableExists('_prisma_migrations')).toBe(false);
      await holder.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`);
      const [a, b] = await Promise.all(runs);
      expect([...a!, ...b!].sort()).toEqual(repoMigrationNames('postgresql'));
      expect((await rows()).length).toBe(repoMigrationNames('postgresql').length);
    } finally {
      await holder.end();
    }
  });
});
