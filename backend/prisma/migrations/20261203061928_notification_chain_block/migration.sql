-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "chainBlock" INTEGER,
ADD COLUMN     "chainId" INTEGER;

-- CreateIndex
CREATE INDEX "notifications_chainId_chainBlock_idx" ON "notifications"("chainId", "chainBlock");

