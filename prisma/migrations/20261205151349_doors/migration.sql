-- DropIndex
DROP INDEX "Customer_storeId_phone_key";

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "leadAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "possibleDuplicateOfId" TEXT;
ALTER TABLE "Customer" ADD COLUMN "verifiedPhone" TEXT;

-- CreateTable
CREATE TABLE "StaffInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "staffId" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "StaffInvite_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "staffId" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "StaffSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SeenNonce" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ServiceSecret" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Staff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "teamId" TEXT,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "languages" TEXT NOT NULL DEFAULT 'zh',
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "onDuty" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "passwordHash" TEXT,
    "passwordSetAt" DATETIME,
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    CONSTRAINT "Staff_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Staff_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Staff" ("active", "createdAt", "email", "id", "languages", "nameEn", "nameZh", "onDuty", "role", "storeId", "teamId") SELECT "active", "createdAt", "email", "id", "languages", "nameEn", "nameZh", "onDuty", "role", "storeId", "teamId" FROM "Staff";
DROP TABLE "Staff";
ALTER TABLE "new_Staff" RENAME TO "Staff";
CREATE INDEX "Staff_storeId_role_idx" ON "Staff"("storeId", "role");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StaffInvite_staffId_idx" ON "StaffInvite"("staffId");

-- CreateIndex
CREATE INDEX "StaffSession_staffId_idx" ON "StaffSession"("staffId");

-- CreateIndex
CREATE INDEX "StaffSession_expiresAt_idx" ON "StaffSession"("expiresAt");

-- CreateIndex
CREATE INDEX "SeenNonce_seenAt_idx" ON "SeenNonce"("seenAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeenNonce_scope_nonce_key" ON "SeenNonce"("scope", "nonce");

-- CreateIndex
CREATE INDEX "Customer_storeId_phone_idx" ON "Customer"("storeId", "phone");

-- CreateIndex
CREATE INDEX "Customer_possibleDuplicateOfId_idx" ON "Customer"("possibleDuplicateOfId");

-- CreateIndex
CREATE INDEX "Customer_storeId_leadAt_idx" ON "Customer"("storeId", "leadAt");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_storeId_verifiedPhone_key" ON "Customer"("storeId", "verifiedPhone");


-- Backfill: every customer already on file is a lead from when they were created, except
-- web chat visitors who never left a contact nor booked (scripts could have made those).
UPDATE "Customer" SET "leadAt" = "createdAt"
 WHERE "source" <> 'web_chat' OR "phone" IS NOT NULL
    OR "id" IN (SELECT "customerId" FROM "TestDriveBooking");
-- Phones entered by staff (not typed in a chat) count as proven; they were unique per store.
UPDATE "Customer" SET "verifiedPhone" = "phone"
 WHERE "phone" IS NOT NULL AND "source" NOT IN ('web_chat', 'telegram', 'wechat');
