-- Fee revenue synced from the chain (issue 20): the fee schedule per kind (PlatformFees' events), per-token
-- overrides, every fee paid (offering proceeds, rent, trades), and the primary fee each offering fixed at launch.
-- Filled by the chain sync (src/chain/sync/fees.ts), which also backfills rows for events stored before this.

-- AlterTable
ALTER TABLE "chain_offerings" ADD COLUMN     "feeBps" INTEGER,
ADD COLUMN     "feeRecipient" TEXT;

-- CreateTable
CREATE TABLE "chain_fee_schedules" (
    "chainId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "bps" INTEGER NOT NULL,
    "collector" TEXT NOT NULL,
    "pendingBps" INTEGER,
    "pendingEffectiveAt" TIMESTAMP(3),

    CONSTRAINT "chain_fee_schedules_pkey" PRIMARY KEY ("chainId","kind")
);

-- CreateTable
CREATE TABLE "chain_fee_overrides" (
    "chainId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "bps" INTEGER NOT NULL,

    CONSTRAINT "chain_fee_overrides_pkey" PRIMARY KEY ("chainId","kind","token")
);

-- CreateTable
CREATE TABLE "chain_fee_payments" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "propertyId" UUID,
    "paymentToken" TEXT,
    "collector" TEXT,
    "amount" DECIMAL(78,0) NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,
    "txHash" TEXT NOT NULL,

    CONSTRAINT "chain_fee_payments_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

-- CreateIndex
CREATE INDEX "chain_fee_payments_chainId_blockTime_idx" ON "chain_fee_payments"("chainId", "blockTime");

-- CreateIndex
-- token first: the (propertyId, chainId) lookups of the property pages keep their own index.
CREATE INDEX "chain_offerings_token_chainId_idx" ON "chain_offerings"("token", "chainId");

