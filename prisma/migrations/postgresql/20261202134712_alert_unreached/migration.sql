-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "unreached" TEXT NOT NULL DEFAULT '';
