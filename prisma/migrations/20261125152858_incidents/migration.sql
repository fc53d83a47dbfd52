-- CreateEnum
CREATE TYPE "IncidentCategory" AS ENUM ('irregularity', 'technical_failure', 'other');

-- CreateTable
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "category" "IncidentCategory" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedByUserId" UUID NOT NULL,
    "attemptIds" UUID[],
    "narrative" TEXT NOT NULL,
    "actionTaken" TEXT,
    "amendedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentAttachment" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "fileName" VARCHAR(255) NOT NULL,
    "mediaType" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,
    "uploadedBy" UUID NOT NULL,

    CONSTRAINT "IncidentAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Incident_sittingId_roomId_occurredAt_idx" ON "Incident"("sittingId", "roomId", "occurredAt");

-- CreateIndex
CREATE INDEX "IncidentAttachment_incidentId_idx" ON "IncidentAttachment"("incidentId");

-- AddForeignKey
ALTER TABLE "IncidentAttachment" ADD CONSTRAINT "IncidentAttachment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
