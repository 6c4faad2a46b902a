-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TaskAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "quota" REAL,
    "dueDate" TEXT NOT NULL,
    "doneAt" DATETIME,
    "doneNote" TEXT,
    "doneOverride" TEXT,
    CONSTRAINT "TaskAssignment_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TaskAssignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Each part gets its own deadline, starting from its task's.
INSERT INTO "new_TaskAssignment" ("doneAt", "doneNote", "id", "quota", "role", "taskId", "unitId", "dueDate") SELECT a."doneAt", a."doneNote", a."id", a."quota", a."role", a."taskId", a."unitId", t."dueDate" FROM "TaskAssignment" a JOIN "Task" t ON t."id" = a."taskId";
DROP TABLE "TaskAssignment";
ALTER TABLE "new_TaskAssignment" RENAME TO "TaskAssignment";
CREATE INDEX "TaskAssignment_unitId_idx" ON "TaskAssignment"("unitId");
CREATE INDEX "TaskAssignment_dueDate_idx" ON "TaskAssignment"("dueDate");
CREATE UNIQUE INDEX "TaskAssignment_taskId_unitId_key" ON "TaskAssignment"("taskId", "unitId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
