-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "robotId" INTEGER;

-- CreateTable
CREATE TABLE "Robot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "unitId" INTEGER,
    "secretEnv" TEXT,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastSentAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "failingSince" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Robot_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RobotImage" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "png" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AlertTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alertId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "chatId" BIGINT,
    "sends" INTEGER NOT NULL DEFAULT 0,
    "lastSentAt" DATETIME,
    "ackedAt" DATETIME,
    "ackedByTelegramId" BIGINT,
    "ackedByName" TEXT,
    "ackNote" TEXT,
    "escalatedAt" DATETIME,
    CONSTRAINT "AlertTarget_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertTarget_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AlertTarget" ("ackedAt", "ackedByName", "ackedByTelegramId", "alertId", "chatId", "escalatedAt", "id", "lastSentAt", "sends", "unitId") SELECT "ackedAt", "ackedByName", "ackedByTelegramId", "alertId", "chatId", "escalatedAt", "id", "lastSentAt", "sends", "unitId" FROM "AlertTarget";
DROP TABLE "AlertTarget";
ALTER TABLE "new_AlertTarget" RENAME TO "AlertTarget";
CREATE INDEX "AlertTarget_alertId_idx" ON "AlertTarget"("alertId");
CREATE UNIQUE INDEX "AlertTarget_alertId_chatId_key" ON "AlertTarget"("alertId", "chatId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Robot_url_key" ON "Robot"("url");

-- CreateIndex
CREATE INDEX "Robot_owner_unitId_idx" ON "Robot"("owner", "unitId");

-- CreateIndex
CREATE INDEX "Outbox_robotId_status_idx" ON "Outbox"("robotId", "status");
