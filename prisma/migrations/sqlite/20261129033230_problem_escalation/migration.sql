-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Problem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "foundBy" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "dueDate" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reportedByTelegramId" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "rejectedAt" DATETIME,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Problem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Problem" ("closedAt", "createdAt", "description", "dueDate", "foundBy", "id", "kind", "latitude", "location", "longitude", "reportedByTelegramId", "status", "unitId", "updatedAt") SELECT "closedAt", "createdAt", "description", "dueDate", "foundBy", "id", "kind", "latitude", "location", "longitude", "reportedByTelegramId", "status", "unitId", "updatedAt" FROM "Problem";
DROP TABLE "Problem";
ALTER TABLE "new_Problem" RENAME TO "Problem";
CREATE INDEX "Problem_status_idx" ON "Problem"("status");
CREATE INDEX "Problem_unitId_idx" ON "Problem"("unitId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
