-- AlterTable
ALTER TABLE "ChatBinding" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;
