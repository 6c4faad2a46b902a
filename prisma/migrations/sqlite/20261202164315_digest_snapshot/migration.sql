-- CreateTable
CREATE TABLE "DigestSnapshot" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "figures" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
