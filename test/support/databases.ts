import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { seedIfEmpty } from '../../src/services/org-seed.ts';
import { createTempPgSchema, pgForSuite } from './postgres.ts';

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** Why this backend cannot run here; the suite reports itself skipped with it. */
  skipped: string | undefined;
  /** A fresh migrated database, with the default organisation when `seeded`. */
  open(options?: { seeded?: boolean }): Promise<{ database: Database; close(): Promise<void> }>;
}

export const ORG_FILE = new URL('../../prisma/org.yaml', import.meta.url).pathname;

/** The same service suite runs on both databases: a temp SQLite file, and a temp PostgreSQL schema. */
export async function backends(suite: string): Promise<Backend[]> {
  const pg = await pgForSuite(suite);
  const seed = async (database: Database, seeded: boolean | undefined) => {
    if (seeded ?? true) await seedIfEmpty(database.prisma, ORG_FILE);
  };
  return [
    {
      name: 'SQLite',
      skipped: undefined,
      async open(options = {}) {
        const dir = mkdtempSync(join(tmpdir(), 'duban-svc-'));
        const database = await openDatabase(`file:${join(dir, 'duban.db')}`);
        await seed(database, options.seeded);
        return {
          database,
          async close() {
            await database.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'PostgreSQL',
      skipped: pg.ok ? undefined : pg.reason,
      async open(options = {}) {
        const schema = await createTempPgSchema('duban_svc');
        const database = await openDatabase(schema.url);
        await seed(database, options.seeded);
        return {
          database,
          async close() {
            await database.close();
            await schema.drop();
          },
        };
      },
    },
  ];
}
