-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN "heartbeatAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProcessedUpdate" (
    "updateId" BIGINT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" TEXT,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "handledAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_ProcessedUpdate" ("receivedAt", "updateId") SELECT "receivedAt", "updateId" FROM "ProcessedUpdate";
DROP TABLE "ProcessedUpdate";
ALTER TABLE "new_ProcessedUpdate" RENAME TO "ProcessedUpdate";
CREATE INDEX "ProcessedUpdate_receivedAt_idx" ON "ProcessedUpdate"("receivedAt");
CREATE INDEX "ProcessedUpdate_handledAt_idx" ON "ProcessedUpdate"("handledAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
