-- AlterTable
ALTER TABLE "Problem" ADD COLUMN     "escalationLevel" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rejectedAt" TIMESTAMP(3);
