-- AlterTable: each part gets its own deadline, starting from its task's.
ALTER TABLE "TaskAssignment" ADD COLUMN     "doneOverride" TEXT,
ADD COLUMN     "dueDate" TEXT;
UPDATE "TaskAssignment" a SET "dueDate" = t."dueDate" FROM "Task" t WHERE t."id" = a."taskId";
ALTER TABLE "TaskAssignment" ALTER COLUMN "dueDate" SET NOT NULL;

-- CreateIndex
CREATE INDEX "TaskAssignment_dueDate_idx" ON "TaskAssignment"("dueDate");
