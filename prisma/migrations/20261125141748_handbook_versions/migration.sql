-- CreateTable
CREATE TABLE "Handbook" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "fileSha256" VARCHAR(64) NOT NULL,
    "fileName" VARCHAR(255) NOT NULL,
    "pages" INTEGER NOT NULL,
    "planHash" VARCHAR(64) NOT NULL,
    "sittingIds" UUID[],
    "sittingHashes" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "deadline" DATE,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedByUserId" UUID NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "Handbook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Handbook_batchId_version_key" ON "Handbook"("batchId", "version");

-- AddForeignKey
ALTER TABLE "Handbook" ADD CONSTRAINT "Handbook_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
