-- CreateIndex
CREATE INDEX "Customer_storeId_onFileAt_idx" ON "Customer"("storeId", "onFileAt");

