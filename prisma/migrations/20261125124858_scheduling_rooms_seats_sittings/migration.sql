-- CreateEnum
CREATE TYPE "SittingComponent" AS ENUM ('theory', 'practical', 'committee_review');

-- CreateEnum
CREATE TYPE "SittingStatus" AS ENUM ('draft', 'published', 'open', 'closed', 'cancelled');

-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "columns" INTEGER,
ADD COLUMN     "rows" INTEGER,
ADD COLUMN     "spareSeats" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Seat" (
    "id" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    "label" VARCHAR(16) NOT NULL,
    "machineId" VARCHAR(64),
    "spare" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Seat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sitting" (
    "id" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "component" "SittingComponent" NOT NULL,
    "subject" VARCHAR(32),
    "occupationId" UUID,
    "level" "Level",
    "name" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "SittingStatus" NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMPTZ(3),
    "createdByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Sitting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SittingRoom" (
    "id" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "spareSeats" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SittingRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SittingInvigilator" (
    "id" UUID NOT NULL,
    "sittingRoomId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "chief" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SittingInvigilator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatAssignment" (
    "id" UUID NOT NULL,
    "sittingId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "roomId" UUID NOT NULL,
    "seatId" UUID NOT NULL,
    "assignedByUserId" UUID,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,

    CONSTRAINT "SeatAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdmissionTicket" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "ticketNumber" VARCHAR(32) NOT NULL,
    "fileSha256" VARCHAR(64),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AdmissionTicket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Seat_roomId_row_column_key" ON "Seat"("roomId", "row", "column");

-- CreateIndex
CREATE UNIQUE INDEX "Seat_roomId_label_key" ON "Seat"("roomId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "Seat_roomId_machineId_key" ON "Seat"("roomId", "machineId");

-- CreateIndex
CREATE UNIQUE INDEX "Seat_id_roomId_key" ON "Seat"("id", "roomId");

-- CreateIndex
CREATE INDEX "Sitting_batchId_startsAt_idx" ON "Sitting"("batchId", "startsAt");

-- CreateIndex
CREATE INDEX "Sitting_startsAt_endsAt_idx" ON "Sitting"("startsAt", "endsAt");

-- CreateIndex
CREATE INDEX "SittingRoom_roomId_idx" ON "SittingRoom"("roomId");

-- CreateIndex
CREATE UNIQUE INDEX "SittingRoom_sittingId_roomId_key" ON "SittingRoom"("sittingId", "roomId");

-- CreateIndex
CREATE INDEX "SittingInvigilator_userId_idx" ON "SittingInvigilator"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SittingInvigilator_sittingRoomId_userId_key" ON "SittingInvigilator"("sittingRoomId", "userId");

-- CreateIndex
CREATE INDEX "SeatAssignment_applicationId_idx" ON "SeatAssignment"("applicationId");

-- CreateIndex
CREATE INDEX "SeatAssignment_sittingId_roomId_idx" ON "SeatAssignment"("sittingId", "roomId");

-- CreateIndex
CREATE UNIQUE INDEX "SeatAssignment_sittingId_seatId_key" ON "SeatAssignment"("sittingId", "seatId");

-- CreateIndex
CREATE UNIQUE INDEX "SeatAssignment_sittingId_applicationId_key" ON "SeatAssignment"("sittingId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AdmissionTicket_applicationId_key" ON "AdmissionTicket"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AdmissionTicket_ticketNumber_key" ON "AdmissionTicket"("ticketNumber");

-- CreateIndex
CREATE INDEX "AdmissionTicket_batchId_idx" ON "AdmissionTicket"("batchId");

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sitting" ADD CONSTRAINT "Sitting_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sitting" ADD CONSTRAINT "Sitting_occupationId_fkey" FOREIGN KEY ("occupationId") REFERENCES "Occupation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SittingRoom" ADD CONSTRAINT "SittingRoom_sittingId_fkey" FOREIGN KEY ("sittingId") REFERENCES "Sitting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SittingRoom" ADD CONSTRAINT "SittingRoom_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SittingInvigilator" ADD CONSTRAINT "SittingInvigilator_sittingRoomId_fkey" FOREIGN KEY ("sittingRoomId") REFERENCES "SittingRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SittingInvigilator" ADD CONSTRAINT "SittingInvigilator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAssignment" ADD CONSTRAINT "SeatAssignment_sittingId_fkey" FOREIGN KEY ("sittingId") REFERENCES "Sitting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAssignment" ADD CONSTRAINT "SeatAssignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAssignment" ADD CONSTRAINT "SeatAssignment_sittingId_roomId_fkey" FOREIGN KEY ("sittingId", "roomId") REFERENCES "SittingRoom"("sittingId", "roomId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatAssignment" ADD CONSTRAINT "SeatAssignment_seatId_roomId_fkey" FOREIGN KEY ("seatId", "roomId") REFERENCES "Seat"("id", "roomId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdmissionTicket" ADD CONSTRAINT "AdmissionTicket_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdmissionTicket" ADD CONSTRAINT "AdmissionTicket_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written checks (Prisma does not model CHECK constraints; the diff ignores them)
ALTER TABLE "Room" ADD CONSTRAINT "Room_seat_map_check"
  CHECK ("capacity" >= 0 AND "spareSeats" >= 0 AND ("rows" IS NULL) = ("columns" IS NULL) AND ("rows" IS NULL OR ("rows" > 0 AND "columns" > 0)));
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_position_check" CHECK ("row" >= 1 AND "column" >= 1);
ALTER TABLE "Sitting" ADD CONSTRAINT "Sitting_time_check"
  CHECK ("durationMinutes" > 0 AND "endsAt" = "startsAt" + make_interval(mins => "durationMinutes"));
ALTER TABLE "SittingRoom" ADD CONSTRAINT "SittingRoom_spareSeats_check" CHECK ("spareSeats" IS NULL OR "spareSeats" >= 0);
