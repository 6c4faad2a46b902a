-- CreateTable
CREATE TABLE "DigestSnapshot" (
    "date" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DigestSnapshot_pkey" PRIMARY KEY ("date")
);
