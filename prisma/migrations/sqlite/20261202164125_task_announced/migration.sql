-- AlterTable
ALTER TABLE "TaskAssignment" ADD COLUMN "announcedAt" DATETIME;

-- The tasks made before this column were told to their units when created (the new-task notice), except those
-- brought in by /import, which told nobody: the import's audit row names them ("T16").
UPDATE "TaskAssignment" SET "announcedAt" = (SELECT "createdAt" FROM "Task" WHERE "Task"."id" = "TaskAssignment"."taskId")
WHERE NOT EXISTS (
  SELECT 1 FROM "AuditLog" WHERE "AuditLog"."action" = 'task.import' AND "AuditLog"."after" LIKE '%"T' || "TaskAssignment"."taskId" || '"%'
);
