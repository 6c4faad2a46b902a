-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "aliases" TEXT NOT NULL DEFAULT '';
