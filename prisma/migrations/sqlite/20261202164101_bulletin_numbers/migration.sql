-- CreateTable
CREATE TABLE "Bulletin" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "draftId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL,
    "publishedBy" BIGINT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_draftId_key" ON "Bulletin"("draftId");

-- CreateIndex
CREATE UNIQUE INDEX "Bulletin_year_number_key" ON "Bulletin"("year", "number");
