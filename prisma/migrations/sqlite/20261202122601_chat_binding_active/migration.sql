-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChatBinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "unitId" INTEGER,
    "title" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChatBinding_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChatBinding" ("chatId", "createdAt", "id", "kind", "title", "unitId", "updatedAt") SELECT "chatId", "createdAt", "id", "kind", "title", "unitId", "updatedAt" FROM "ChatBinding";
DROP TABLE "ChatBinding";
ALTER TABLE "new_ChatBinding" RENAME TO "ChatBinding";
CREATE UNIQUE INDEX "ChatBinding_chatId_key" ON "ChatBinding"("chatId");
CREATE INDEX "ChatBinding_unitId_idx" ON "ChatBinding"("unitId");
CREATE INDEX "ChatBinding_kind_idx" ON "ChatBinding"("kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
