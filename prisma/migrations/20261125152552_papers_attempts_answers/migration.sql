-- CreateEnum
CREATE TYPE "AttemptStatus" AS ENUM ('not_started', 'checked_in', 'ready', 'in_progress', 'paused', 'disconnected', 'submitted', 'force_submitted', 'voided');

-- CreateEnum
CREATE TYPE "MarkingStatus" AS ENUM ('pending', 'marked');

-- AlterTable
ALTER TABLE "Sitting" ADD COLUMN     "screenSwitchLimit" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "SittingRoom" ADD COLUMN     "startedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Blueprint" (
    "id" UUID NOT NULL,
    "occupationCode" VARCHAR(16) NOT NULL,
    "level" "Level" NOT NULL,
    "subject" VARCHAR(32) NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "specHash" VARCHAR(64) NOT NULL,
    "createdBy" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blueprint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Paper" (
    "id" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "blueprintId" UUID NOT NULL,
    "selectionSeed" VARCHAR(128) NOT NULL,
    "orderSeed" VARCHAR(160) NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "totalPointsTenths" INTEGER NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "contentKey" BYTEA NOT NULL,
    "assembledAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Paper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperItem" (
    "paperId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "section" INTEGER NOT NULL,
    "bankItemVersionId" UUID NOT NULL,
    "pointsTenths" INTEGER NOT NULL,
    "optionOrder" INTEGER[],

    CONSTRAINT "PaperItem_pkey" PRIMARY KEY ("paperId","position")
);

-- CreateTable
CREATE TABLE "Attempt" (
    "id" UUID NOT NULL,
    "paperId" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "status" "AttemptStatus" NOT NULL DEFAULT 'not_started',
    "checkedInAt" TIMESTAMPTZ(3),
    "readyAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "remainingMs" INTEGER,
    "pausedAt" TIMESTAMPTZ(3),
    "pausedMsTotal" INTEGER NOT NULL DEFAULT 0,
    "extraSeconds" INTEGER NOT NULL DEFAULT 0,
    "closedAt" TIMESTAMPTZ(3),
    "closedBy" VARCHAR(16),
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "activeClientId" VARCHAR(64),
    "clientSeenAt" TIMESTAMPTZ(3),
    "screenSwitches" INTEGER NOT NULL DEFAULT 0,
    "objectiveTenths" INTEGER,
    "pendingMarking" INTEGER,
    "scoreTenths" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnswerSave" (
    "attemptId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "response" JSONB,
    "idempotencyKey" VARCHAR(64) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AnswerSave_pkey" PRIMARY KEY ("attemptId","seq")
);

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "tokenHash" VARCHAR(64) NOT NULL,
    "clientId" VARCHAR(64) NOT NULL,
    "ip" VARCHAR(64),
    "userAgent" VARCHAR(512),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarkingTask" (
    "id" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "maxTenths" INTEGER NOT NULL,
    "status" "MarkingStatus" NOT NULL DEFAULT 'pending',
    "scoreTenths" INTEGER,
    "comment" TEXT,
    "markerUserId" UUID,
    "markedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarkingTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComponentScore" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "component" "SittingComponent" NOT NULL,
    "subject" VARCHAR(32),
    "scoreTenths" INTEGER NOT NULL,
    "final" BOOLEAN NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "attemptId" UUID,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ComponentScore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Blueprint_occupationCode_level_subject_version_key" ON "Blueprint"("occupationCode", "level", "subject", "version");

-- CreateIndex
CREATE INDEX "Paper_blueprintId_idx" ON "Paper"("blueprintId");

-- CreateIndex
CREATE UNIQUE INDEX "Paper_sittingId_applicationId_key" ON "Paper"("sittingId", "applicationId");

-- CreateIndex
CREATE INDEX "PaperItem_bankItemVersionId_idx" ON "PaperItem"("bankItemVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_paperId_key" ON "Attempt"("paperId");

-- CreateIndex
CREATE INDEX "Attempt_sittingId_status_idx" ON "Attempt"("sittingId", "status");

-- CreateIndex
CREATE INDEX "Attempt_status_endsAt_idx" ON "Attempt"("status", "endsAt");

-- CreateIndex
CREATE INDEX "Attempt_applicationId_idx" ON "Attempt"("applicationId");

-- CreateIndex
CREATE INDEX "AnswerSave_attemptId_position_seq_idx" ON "AnswerSave"("attemptId", "position", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSession_tokenHash_key" ON "ExamSession"("tokenHash");

-- CreateIndex
CREATE INDEX "ExamSession_attemptId_idx" ON "ExamSession"("attemptId");

-- CreateIndex
CREATE INDEX "MarkingTask_sittingId_status_idx" ON "MarkingTask"("sittingId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MarkingTask_attemptId_position_key" ON "MarkingTask"("attemptId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ComponentScore_applicationId_sittingId_key" ON "ComponentScore"("applicationId", "sittingId");

-- AddForeignKey
ALTER TABLE "Paper" ADD CONSTRAINT "Paper_sittingId_fkey" FOREIGN KEY ("sittingId") REFERENCES "Sitting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Paper" ADD CONSTRAINT "Paper_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Paper" ADD CONSTRAINT "Paper_blueprintId_fkey" FOREIGN KEY ("blueprintId") REFERENCES "Blueprint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperItem" ADD CONSTRAINT "PaperItem_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperItem" ADD CONSTRAINT "PaperItem_bankItemVersionId_fkey" FOREIGN KEY ("bankItemVersionId") REFERENCES "BankItemVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnswerSave" ADD CONSTRAINT "AnswerSave_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkingTask" ADD CONSTRAINT "MarkingTask_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComponentScore" ADD CONSTRAINT "ComponentScore_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
