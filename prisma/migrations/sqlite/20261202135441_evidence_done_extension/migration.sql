-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Evidence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER,
    "assignmentId" INTEGER,
    "extensionId" INTEGER,
    "kind" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileUniqueId" TEXT NOT NULL,
    "fileName" TEXT,
    "storedPath" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "TaskAssignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_extensionId_fkey" FOREIGN KEY ("extensionId") REFERENCES "Extension" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Evidence" ("createdAt", "fileId", "fileName", "fileUniqueId", "id", "kind", "reportId", "storedPath") SELECT "createdAt", "fileId", "fileName", "fileUniqueId", "id", "kind", "reportId", "storedPath" FROM "Evidence";
DROP TABLE "Evidence";
ALTER TABLE "new_Evidence" RENAME TO "Evidence";
CREATE INDEX "Evidence_reportId_idx" ON "Evidence"("reportId");
CREATE INDEX "Evidence_assignmentId_idx" ON "Evidence"("assignmentId");
CREATE INDEX "Evidence_extensionId_idx" ON "Evidence"("extensionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
