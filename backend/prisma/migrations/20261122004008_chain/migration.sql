-- CreateEnum
CREATE TYPE "ChainTxStatus" AS ENUM ('SIGNED', 'MINED', 'CONFIRMED', 'REVERTED', 'DROPPED');

-- CreateTable
CREATE TABLE "chain_signers" (
    "chainId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "nextNonce" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chain_signers_pkey" PRIMARY KEY ("chainId","address")
);

-- CreateTable
CREATE TABLE "chain_transactions" (
    "id" UUID NOT NULL,
    "chainId" INTEGER NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "nonce" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "rawTx" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "status" "ChainTxStatus" NOT NULL DEFAULT 'SIGNED',
    "broadcasts" INTEGER NOT NULL DEFAULT 0,
    "lastBroadcastAt" TIMESTAMP(3),
    "blockNumber" INTEGER,
    "blockHash" TEXT,
    "gasUsed" BIGINT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "chain_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chain_identity_dispatches" (
    "changeId" UUID NOT NULL,
    "transactionId" UUID,
    "notBefore" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chain_identity_dispatches_pkey" PRIMARY KEY ("changeId")
);

-- CreateTable
CREATE TABLE "chain_cursors" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chain_cursors_pkey" PRIMARY KEY ("chainId")
);

-- CreateTable
CREATE TABLE "chain_blocks" (
    "chainId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "parentHash" TEXT NOT NULL,

    CONSTRAINT "chain_blocks_pkey" PRIMARY KEY ("chainId","number")
);

-- CreateTable
CREATE TABLE "chain_contracts" (
    "chainId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "propertyId" TEXT,
    "token" TEXT,
    "fromBlock" INTEGER NOT NULL,
    "discoveredBlock" INTEGER,

    CONSTRAINT "chain_contracts_pkey" PRIMARY KEY ("chainId","address")
);

-- CreateTable
CREATE TABLE "chain_events" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,
    "address" TEXT NOT NULL,
    "contract" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token" TEXT,
    "partition" TEXT,
    "fromAddr" TEXT,
    "toAddr" TEXT,
    "amount" DECIMAL(78,0),
    "args" JSONB NOT NULL,

    CONSTRAINT "chain_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "chain_transactions_txHash_key" ON "chain_transactions"("txHash");

-- CreateIndex
CREATE INDEX "chain_transactions_status_idx" ON "chain_transactions"("status");

-- CreateIndex
CREATE UNIQUE INDEX "chain_transactions_chainId_fromAddress_nonce_key" ON "chain_transactions"("chainId", "fromAddress", "nonce");

-- CreateIndex
CREATE INDEX "chain_identity_dispatches_transactionId_idx" ON "chain_identity_dispatches"("transactionId");

-- CreateIndex
CREATE INDEX "chain_contracts_chainId_propertyId_idx" ON "chain_contracts"("chainId", "propertyId");

-- CreateIndex
CREATE INDEX "chain_events_chainId_token_blockNumber_idx" ON "chain_events"("chainId", "token", "blockNumber");

-- CreateIndex
CREATE INDEX "chain_events_chainId_address_name_idx" ON "chain_events"("chainId", "address", "name");

-- CreateIndex
CREATE INDEX "chain_events_chainId_toAddr_idx" ON "chain_events"("chainId", "toAddr");

-- CreateIndex
CREATE INDEX "chain_events_chainId_fromAddr_idx" ON "chain_events"("chainId", "fromAddr");

-- CreateIndex
CREATE UNIQUE INDEX "chain_events_chainId_blockNumber_logIndex_key" ON "chain_events"("chainId", "blockNumber", "logIndex");


