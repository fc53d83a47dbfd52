-- CreateEnum
CREATE TYPE "ItemType" AS ENUM ('single', 'multiple', 'true_false', 'fill_blank', 'short_answer');

-- CreateTable
CREATE TABLE "QuestionBank" (
    "id" UUID NOT NULL,
    "occupationCode" VARCHAR(16) NOT NULL,
    "occupationName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "QuestionBank_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankItem" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "externalId" VARCHAR(64) NOT NULL,
    "subject" VARCHAR(32),
    "latestVersion" INTEGER NOT NULL,
    "retiredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankItemVersion" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" VARCHAR(64) NOT NULL,
    "type" "ItemType" NOT NULL,
    "levels" "Level"[],
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "pointsTenths" INTEGER NOT NULL,
    "stem" TEXT NOT NULL,
    "options" JSONB,
    "key" JSONB NOT NULL,
    "rubric" JSONB,
    "explanation" TEXT,
    "source" TEXT NOT NULL,
    "imageSha256" VARCHAR(64),
    "importId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankItemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankImage" (
    "sha256" VARCHAR(64) NOT NULL,
    "mediaType" VARCHAR(32) NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankImage_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "BankImport" (
    "id" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "source" TEXT NOT NULL,
    "itemsTotal" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "newVersions" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "retired" INTEGER NOT NULL,
    "importedBy" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QuestionBank_occupationCode_key" ON "QuestionBank"("occupationCode");

-- CreateIndex
CREATE UNIQUE INDEX "BankItem_bankId_externalId_key" ON "BankItem"("bankId", "externalId");

-- CreateIndex
CREATE INDEX "BankItemVersion_itemId_contentHash_idx" ON "BankItemVersion"("itemId", "contentHash");

-- CreateIndex
CREATE INDEX "BankItemVersion_importId_idx" ON "BankItemVersion"("importId");

-- CreateIndex
CREATE UNIQUE INDEX "BankItemVersion_itemId_version_key" ON "BankItemVersion"("itemId", "version");

-- CreateIndex
CREATE INDEX "BankImport_bankId_createdAt_idx" ON "BankImport"("bankId", "createdAt");

-- AddForeignKey
ALTER TABLE "BankItem" ADD CONSTRAINT "BankItem_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "QuestionBank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankItemVersion" ADD CONSTRAINT "BankItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "BankItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankItemVersion" ADD CONSTRAINT "BankItemVersion_imageSha256_fkey" FOREIGN KEY ("imageSha256") REFERENCES "BankImage"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankItemVersion" ADD CONSTRAINT "BankItemVersion_importId_fkey" FOREIGN KEY ("importId") REFERENCES "BankImport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankImport" ADD CONSTRAINT "BankImport_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "QuestionBank"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
