-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "handoffThread" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "sentRef" TEXT;

-- CreateIndex
CREATE INDEX "Conversation_handoffThread_idx" ON "Conversation"("handoffThread");

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_sentRef_idx" ON "OutboxMessage"("channel", "sentRef");

