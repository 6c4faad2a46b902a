// Shared by the test/db suites: temporary directories and migration folders.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultMigrationsDir, type DbProvider } from '../../src/db/migrate.ts';

export function tempDir(prefix = 'duban-db-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The names of the repository's migrations for a provider, in order. */
export function repoMigrationNames(provider: DbProvider): string[] {
  const dir = defaultMigrationsDir(provider);
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort((a, b) => a.localeCompare(b));
}

/** Copies the repository's migrations for a provider into <root>/<provider>; returns that directory. */
export function copyRepoMigrations(provider: DbProvider, root: string): string {
  const target = path.join(root, provider);
  cpSync(defaultMigrationsDir(provider), target, { recursive: true });
  return target;
}

export function addMigration(dir: string, name: string, sql: string): string {
  mkdirSync(path.join(dir, name), { recursive: true });
  const file = path.join(dir, name, 'migration.sql');
  writeFileSync(file, sql);
  return file;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * What `prisma migrate dev` (via the schema engine) writes for SQLite when Unit.kind becomes optional:
 * a table redefinition of the parent of ChatBinding (ON DELETE CASCADE), Member, Committee (SET NULL).
 */
export const SQLITE_REDEFINE_UNIT = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "kind" TEXT,
    "parentId" INTEGER,
    "headName" TEXT,
    "headTitle" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Unit" ("createdAt", "headName", "headTitle", "id", "kind", "name", "parentId", "shortName", "sortOrder", "updatedAt") SELECT "createdAt", "headName", "headTitle", "id", "kind", "name", "parentId", "shortName", "sortOrder", "updatedAt" FROM "Unit";
DROP TABLE "Unit";
ALTER TABLE "new_Unit" RENAME TO "Unit";
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");
CREATE UNIQUE INDEX "Unit_shortName_key" ON "Unit"("shortName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
