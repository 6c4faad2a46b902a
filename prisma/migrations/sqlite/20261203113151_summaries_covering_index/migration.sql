-- DropIndex
DROP INDEX "ProgressReport_taskId_unitId_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "ProgressReport_part_newest_first_idx" ON "ProgressReport"("taskId", "unitId", "createdAt", "id", "withdrawnAt", "percent", "amount");
