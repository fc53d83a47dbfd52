-- CreateEnum
CREATE TYPE "ApplicationType" AS ENUM ('normal', 'exceptional', 'transfer', 'recheck', 'lateral', 'title_bridge', 'veteran');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('draft', 'in_review', 'returned', 'publicity', 'approved', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('submit', 'approve', 'return', 'reject', 'withdraw');

-- CreateEnum
CREATE TYPE "PublicityStatus" AS ENUM ('running', 'closed', 'cancelled');

-- CreateEnum
CREATE TYPE "FeeStatus" AS ENUM ('unpaid', 'paid', 'cancelled');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "number" VARCHAR(32) NOT NULL,
    "batchId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "occupationId" UUID NOT NULL,
    "targetLevel" "Level" NOT NULL,
    "applicationType" "ApplicationType" NOT NULL,
    "exceptionalCategory" VARCHAR(64),
    "status" "ApplicationStatus" NOT NULL DEFAULT 'draft',
    "policyVersionId" UUID NOT NULL,
    "declared" JSONB NOT NULL,
    "eligibility" JSONB NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "stageIndex" INTEGER NOT NULL DEFAULT 0,
    "stageOrganisationId" UUID,
    "round" INTEGER NOT NULL DEFAULT 0,
    "deferredMaterials" TEXT[],
    "lockedAt" TIMESTAMPTZ(3),
    "createdByUserId" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationReview" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "stageIndex" INTEGER NOT NULL,
    "stageName" VARCHAR(40) NOT NULL,
    "organisationId" UUID,
    "decision" "ReviewDecision" NOT NULL,
    "reason" TEXT NOT NULL,
    "reviewerUserId" UUID,
    "reviewerName" VARCHAR(64),
    "policyVersionId" UUID NOT NULL,
    "eligibleAtDecision" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApplicationReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationMaterial" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "code" VARCHAR(48) NOT NULL,
    "fileName" VARCHAR(255) NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "mime" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "textChars" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "uploadedByUserId" UUID,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,
    "supersededAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApplicationMaterial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publicity" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "status" "PublicityStatus" NOT NULL DEFAULT 'running',
    "createdByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Publicity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicityEntry" (
    "id" UUID NOT NULL,
    "publicityId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "objection" TEXT,

    CONSTRAINT "PublicityEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeeOrder" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "item" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "reference" VARCHAR(32) NOT NULL,
    "status" "FeeStatus" NOT NULL DEFAULT 'unpaid',
    "paidAt" TIMESTAMPTZ(3),
    "paidAmountFen" INTEGER,
    "paymentMethod" VARCHAR(32),
    "bankTransactionId" VARCHAR(64),
    "confirmedByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FeeOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "holidays" DATE[],
    "makeupWorkdays" DATE[],
    "source" TEXT NOT NULL,
    "enteredByUserId" UUID,
    "enteredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'running',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "result" JSONB,
    "fileSha256" VARCHAR(64),
    "fileName" VARCHAR(255),
    "createdByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Application_number_key" ON "Application"("number");

-- CreateIndex
CREATE INDEX "Application_batchId_status_idx" ON "Application"("batchId", "status");

-- CreateIndex
CREATE INDEX "Application_stageOrganisationId_status_idx" ON "Application"("stageOrganisationId", "status");

-- CreateIndex
CREATE INDEX "Application_organisationId_idx" ON "Application"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Application_batchId_personId_key" ON "Application"("batchId", "personId");

-- CreateIndex
CREATE INDEX "ApplicationReview_applicationId_at_idx" ON "ApplicationReview"("applicationId", "at");

-- CreateIndex
CREATE INDEX "ApplicationMaterial_applicationId_code_idx" ON "ApplicationMaterial"("applicationId", "code");

-- CreateIndex
CREATE INDEX "Publicity_batchId_organisationId_idx" ON "Publicity"("batchId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicityEntry_publicityId_applicationId_key" ON "PublicityEntry"("publicityId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "FeeOrder_reference_key" ON "FeeOrder"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "FeeOrder_bankTransactionId_key" ON "FeeOrder"("bankTransactionId");

-- CreateIndex
CREATE UNIQUE INDEX "FeeOrder_applicationId_item_key" ON "FeeOrder"("applicationId", "item");

-- CreateIndex
CREATE INDEX "Job_createdByUserId_createdAt_idx" ON "Job"("createdByUserId", "createdAt");

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_occupationId_fkey" FOREIGN KEY ("occupationId") REFERENCES "Occupation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_policyVersionId_fkey" FOREIGN KEY ("policyVersionId") REFERENCES "PolicyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_stageOrganisationId_fkey" FOREIGN KEY ("stageOrganisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationReview" ADD CONSTRAINT "ApplicationReview_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationMaterial" ADD CONSTRAINT "ApplicationMaterial_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publicity" ADD CONSTRAINT "Publicity_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publicity" ADD CONSTRAINT "Publicity_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicityEntry" ADD CONSTRAINT "PublicityEntry_publicityId_fkey" FOREIGN KEY ("publicityId") REFERENCES "Publicity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicityEntry" ADD CONSTRAINT "PublicityEntry_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeOrder" ADD CONSTRAINT "FeeOrder_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A published policy version is immutable: its document and checksum can never change, and it can only
-- move on to `retired`. A change makes a new version.
CREATE FUNCTION policy_version_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    IF NEW.document IS DISTINCT FROM OLD.document OR NEW.checksum IS DISTINCT FROM OLD.checksum
       OR NEW.version IS DISTINCT FROM OLD.version OR NEW."policyId" IS DISTINCT FROM OLD."policyId" THEN
      RAISE EXCEPTION 'policy version %@% is published and cannot be changed; create a new version', OLD."policyId", OLD.version
        USING ERRCODE = 'P0001';
    END IF;
    IF NEW.status = 'draft' THEN
      RAISE EXCEPTION 'policy version %@% cannot return to draft', OLD."policyId", OLD.version USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER policy_version_immutable BEFORE UPDATE ON "PolicyVersion"
  FOR EACH ROW EXECUTE FUNCTION policy_version_immutable();

CREATE FUNCTION policy_version_no_delete() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'policy version %@% is published and cannot be deleted', OLD."policyId", OLD.version USING ERRCODE = 'P0001';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER policy_version_no_delete BEFORE DELETE ON "PolicyVersion"
  FOR EACH ROW EXECUTE FUNCTION policy_version_no_delete();

-- application numbers: <batch code>-<sequence>
CREATE SEQUENCE application_number_seq;
