import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from '../../src/cli/backup.ts';
import { openDatabase } from '../../src/db/client.ts';
import { tempDir } from './helpers.ts';

/** A backup taken while the bot writes holds one consistent state, with every row committed before it began. */
describe('SQLite backup and restore', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('copies the database during writes and the evidence folder, and restores both', async () => {
    const file = path.join(tmp.dir, 'live', 'duban.db');
    const evidence = path.join(tmp.dir, 'live', 'evidence');
    const database = await openDatabase(`file:${file}`);
    await database.close();
    mkdirSync(evidence, { recursive: true });
    writeFileSync(path.join(evidence, 'photo-1.jpg'), 'jpeg bytes');

    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    const insert = writer.prepare(`INSERT INTO "AuditLog" ("action", "entity", "entityId", "after") VALUES ('test.write', 'test', ?, ?)`);
    let committed = 0;
    // Rows big enough that the copy takes several steps (the backup API copies 100 pages a step).
    const write = () => insert.run(String(++committed), 'x'.repeat(500));
    writer.transaction(() => {
      for (let i = 0; i < 5_000; i++) write();
    })();
    const beforeBackup = committed;
    // Writes keep coming while the copy runs: a bounded number, one each tick.
    let writing = true;
    const loop = (async () => {
      for (let i = 0; writing && i < 5_000; i++) {
        write();
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const dir = path.join(tmp.dir, 'backup-1');
    try {
      const result = await backupSqlite(file, evidence, dir);
      expect(result.evidence).toBe(true);
      expect(result.pages).toBeGreaterThan(300);
    } finally {
      writing = false;
      await loop;
      writer.close();
    }
    expect(committed, 'writes went on during the copy').toBeGreaterThan(beforeBackup);

    const copy = new BetterSqlite3(path.join(dir, 'duban.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = (copy.prepare(`SELECT "entityId" FROM "AuditLog" WHERE "action" = 'test.write'`).all() as { entityId: string }[]).map((r) => Number(r.entityId));
      // Every row committed before the backup began is there, and what is there is a gap-free prefix: one state.
      expect(ids.length).toBeGreaterThanOrEqual(beforeBackup);
      expect(ids.length).toBeLessThanOrEqual(committed);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Math.max(...ids)).toBe(ids.length);
    } finally {
      copy.close();
    }

    await expect(backupSqlite(file, evidence, dir)).rejects.toThrow(/already exists/);
    const target = path.join(tmp.dir, 'restored', 'duban.db');
    const targetEvidence = path.join(tmp.dir, 'restored', 'evidence');
    await restoreSqlite(dir, target, targetEvidence);
    await expect(restoreSqlite(dir, target, targetEvidence)).rejects.toThrow(/--force/);
    await restoreSqlite(dir, target, targetEvidence, true);
    expect(readFileSync(path.join(targetEvidence, 'photo-1.jpg'), 'utf8')).toBe('jpeg bytes');
    // The restored file opens as the bot opens it: migrations already applied, nothing to do.
    const restored = await openDatabase(`file:${target}`);
    try {
      expect(restored.appliedMigrations).toEqual([]);
      expect(await restored.prisma.auditLog.count({ where: { action: 'test.write' } })).toBeGreaterThanOrEqual(beforeBackup);
    } finally {
      await restored.close();
    }
  });
});
