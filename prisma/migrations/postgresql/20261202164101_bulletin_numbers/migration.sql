-- CreateTable
CREATE TABLE "Bulletin" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "draftId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "publishedBy" BIGINT NOT NULL,

    CONSTRAINT "Bulletin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_draftId_key" ON "Bulletin"("draftId");

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_year_number_key" ON "Bulletin"("year", "number");
