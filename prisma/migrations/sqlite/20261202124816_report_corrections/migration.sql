-- AlterTable
ALTER TABLE "ProgressReport" ADD COLUMN "changeReason" TEXT;
ALTER TABLE "ProgressReport" ADD COLUMN "correctedAt" DATETIME;
ALTER TABLE "ProgressReport" ADD COLUMN "withdrawnAt" DATETIME;
