-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "disconnectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "lockReason" TEXT,
ADD COLUMN     "lockedAt" TIMESTAMPTZ(3),
ADD COLUMN     "warnings" INTEGER NOT NULL DEFAULT 0;
