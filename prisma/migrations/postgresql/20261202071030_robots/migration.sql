-- AlterTable
ALTER TABLE "AlertTarget" ADD COLUMN     "ackNote" TEXT,
ALTER COLUMN "chatId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "robotId" INTEGER;

-- CreateTable
CREATE TABLE "Robot" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "unitId" INTEGER,
    "secretEnv" TEXT,
    "mentions" TEXT NOT NULL DEFAULT '[]',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastSentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Robot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RobotImage" (
    "token" TEXT NOT NULL,
    "png" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RobotImage_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE UNIQUE INDEX "Robot_url_key" ON "Robot"("url");

-- CreateIndex
CREATE INDEX "Robot_owner_unitId_idx" ON "Robot"("owner", "unitId");

-- CreateIndex
CREATE INDEX "Outbox_robotId_status_idx" ON "Outbox"("robotId", "status");

-- AddForeignKey
ALTER TABLE "Robot" ADD CONSTRAINT "Robot_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
