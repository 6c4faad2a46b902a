-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "shortName" TEXT,
    "kind" TEXT NOT NULL,
    "parentId" INTEGER,
    "headName" TEXT,
    "headTitle" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "remindersPausedUntil" TEXT,
    "aliases" TEXT NOT NULL DEFAULT '',
    "office" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Unit" ("aliases", "createdAt", "headName", "headTitle", "id", "kind", "name", "parentId", "remindersPausedUntil", "shortName", "sortOrder", "updatedAt") SELECT "aliases", "createdAt", "headName", "headTitle", "id", "kind", "name", "parentId", "remindersPausedUntil", "shortName", "sortOrder", "updatedAt" FROM "Unit";
DROP TABLE "Unit";
ALTER TABLE "new_Unit" RENAME TO "Unit";
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");
CREATE UNIQUE INDEX "Unit_shortName_key" ON "Unit"("shortName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
