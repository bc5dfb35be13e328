-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "handoffRelay" TEXT;

