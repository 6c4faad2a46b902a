-- DropIndex
DROP INDEX "ProgressReport_taskId_unitId_createdAt_idx";

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE INDEX "ProgressReport_taskId_unitId_createdAt_id_idx" ON "ProgressReport"("taskId", "unitId", "createdAt", "id");
