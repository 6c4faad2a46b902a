-- CreateTable
CREATE TABLE "Problem" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "foundBy" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "dueDate" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reportedByTelegramId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProblemEvidence" (
    "id" SERIAL NOT NULL,
    "problemId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileUniqueId" TEXT NOT NULL,
    "storedPath" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProblemEvidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "level" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdByTelegramId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertTarget" (
    "id" SERIAL NOT NULL,
    "alertId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "chatId" BIGINT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 0,
    "lastSentAt" TIMESTAMP(3),
    "ackedAt" TIMESTAMP(3),
    "ackedByTelegramId" BIGINT,
    "ackedByName" TEXT,
    "escalatedAt" TIMESTAMP(3),

    CONSTRAINT "AlertTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Problem_status_idx" ON "Problem"("status");

-- CreateIndex
CREATE INDEX "Problem_unitId_idx" ON "Problem"("unitId");

-- CreateIndex
CREATE INDEX "ProblemEvidence_problemId_idx" ON "ProblemEvidence"("problemId");

-- CreateIndex
CREATE INDEX "AlertTarget_alertId_idx" ON "AlertTarget"("alertId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertTarget_alertId_chatId_key" ON "AlertTarget"("alertId", "chatId");

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemEvidence" ADD CONSTRAINT "ProblemEvidence_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertTarget" ADD CONSTRAINT "AlertTarget_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertTarget" ADD CONSTRAINT "AlertTarget_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
