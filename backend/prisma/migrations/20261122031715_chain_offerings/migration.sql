-- The offering read model of the chain sync (src/chain/sync/offerings.ts): terms read from the contract at the
-- discovery block, progress recomputed from chain_events. Joined by the property list on ("propertyId", "chainId").

-- CreateTable
CREATE TABLE "chain_offerings" (
    "chainId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "propertyId" UUID,
    "token" TEXT NOT NULL,
    "tokenSymbol" TEXT NOT NULL,
    "partition" TEXT,
    "paymentToken" TEXT,
    "pricePerUnit" DECIMAL(78,0),
    "softCap" DECIMAL(78,0),
    "hardCap" DECIMAL(78,0),
    "minTicket" DECIMAL(78,0),
    "maxTicket" DECIMAL(78,0),
    "startTime" TIMESTAMP(3),
    "endTime" TIMESTAMP(3),
    "unitsSold" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "investors" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT 'open',
    "discoveredBlock" INTEGER NOT NULL,

    CONSTRAINT "chain_offerings_pkey" PRIMARY KEY ("chainId","address")
);

-- CreateIndex
CREATE INDEX "chain_offerings_propertyId_chainId_idx" ON "chain_offerings"("propertyId", "chainId");

-- AddForeignKey
ALTER TABLE "chain_offerings" ADD CONSTRAINT "chain_offerings_chainId_address_fkey" FOREIGN KEY ("chainId", "address") REFERENCES "chain_contracts"("chainId", "address") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what the sync writes is always one of these.
ALTER TABLE "chain_offerings"
  ADD CONSTRAINT "chain_offerings_outcome_check" CHECK ("outcome" IN ('open', 'finalized', 'cancelled')),
  ADD CONSTRAINT "chain_offerings_progress_check" CHECK ("investors" >= 0 AND "unitsSold" >= 0),
  -- The terms are read in one call: all present, or all absent (terms() unreadable).
  ADD CONSTRAINT "chain_offerings_terms_check" CHECK (
    num_nonnulls("partition", "paymentToken", "pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket", "startTime", "endTime") IN (0, 9)
  );
