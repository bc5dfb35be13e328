-- AlterTable
ALTER TABLE "Interaction" ADD COLUMN "eventKey" TEXT;

-- AlterTable
ALTER TABLE "TestDriveBooking" ADD COLUMN "eventKey" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "eventKey" TEXT;

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "eventKey" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "expiresAt" DATETIME;

-- AlterTable
ALTER TABLE "SeenNonce" ADD COLUMN "eventKey" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InboundEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" TEXT,
    "payload" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "receivedAt" DATETIME NOT NULL,
    "doneAt" DATETIME
);
INSERT INTO "new_InboundEvent" ("channel", "doneAt", "error", "eventId", "id", "receivedAt", "status") SELECT "channel", "doneAt", "error", "eventId", "id", "receivedAt", "status" FROM "InboundEvent";
DROP TABLE "InboundEvent";
ALTER TABLE "new_InboundEvent" RENAME TO "InboundEvent";
CREATE INDEX "InboundEvent_receivedAt_idx" ON "InboundEvent"("receivedAt");
CREATE INDEX "InboundEvent_status_leaseUntil_idx" ON "InboundEvent"("status", "leaseUntil");
CREATE UNIQUE INDEX "InboundEvent_channel_eventId_key" ON "InboundEvent"("channel", "eventId");
CREATE TABLE "new_JobRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "claimedBy" TEXT NOT NULL,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "finishedAt" DATETIME
);
INSERT INTO "new_JobRun" ("claimedBy", "error", "finishedAt", "id", "job", "slot", "startedAt", "status") SELECT "claimedBy", "error", "finishedAt", "id", "job", "slot", "startedAt", "status" FROM "JobRun";
DROP TABLE "JobRun";
ALTER TABLE "new_JobRun" RENAME TO "JobRun";
CREATE UNIQUE INDEX "JobRun_job_slot_key" ON "JobRun"("job", "slot");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Interaction_eventKey_key" ON "Interaction"("eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "TestDriveBooking_eventKey_key" ON "TestDriveBooking"("eventKey");

-- A retried turn could book a second car for the same customer and slot: keep the first
-- booking of each (customer, slot) and cancel the others, then let the database keep the rule.
UPDATE "TestDriveBooking" SET "status" = 'cancelled', "activeSlot" = NULL
 WHERE "activeSlot" IS NOT NULL AND EXISTS (
   SELECT 1 FROM "TestDriveBooking" AS "first"
    WHERE "first"."customerId" = "TestDriveBooking"."customerId"
      AND "first"."activeSlot" = "TestDriveBooking"."activeSlot"
      AND ("first"."createdAt" < "TestDriveBooking"."createdAt"
           OR ("first"."createdAt" = "TestDriveBooking"."createdAt" AND "first"."id" < "TestDriveBooking"."id")));

-- CreateIndex
CREATE UNIQUE INDEX "TestDriveBooking_customerId_activeSlot_key" ON "TestDriveBooking"("customerId", "activeSlot");

-- CreateIndex
CREATE UNIQUE INDEX "Order_eventKey_key" ON "Order"("eventKey");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_eventKey_key" ON "Complaint"("eventKey");

