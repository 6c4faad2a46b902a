-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ProcessedUpdate" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "handledAt" TIMESTAMP(3),
ADD COLUMN     "payload" TEXT;

-- CreateIndex
CREATE INDEX "ProcessedUpdate_handledAt_idx" ON "ProcessedUpdate"("handledAt");
