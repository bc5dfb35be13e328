-- AlterTable
ALTER TABLE "CoachingSession" ADD COLUMN "threadKey" TEXT;

-- CreateIndex
CREATE INDEX "CoachingSession_threadKey_idx" ON "CoachingSession"("threadKey");

