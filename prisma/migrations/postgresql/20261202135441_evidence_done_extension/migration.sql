-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "assignmentId" INTEGER,
ADD COLUMN     "extensionId" INTEGER,
ALTER COLUMN "reportId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Evidence_assignmentId_idx" ON "Evidence"("assignmentId");

-- CreateIndex
CREATE INDEX "Evidence_extensionId_idx" ON "Evidence"("extensionId");

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "TaskAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_extensionId_fkey" FOREIGN KEY ("extensionId") REFERENCES "Extension"("id") ON DELETE CASCADE ON UPDATE CASCADE;
