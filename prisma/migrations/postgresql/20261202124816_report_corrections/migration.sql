-- AlterTable
ALTER TABLE "ProgressReport" ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "correctedAt" TIMESTAMP(3),
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);
