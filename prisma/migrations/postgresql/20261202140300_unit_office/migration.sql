-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "office" BOOLEAN NOT NULL DEFAULT false;
