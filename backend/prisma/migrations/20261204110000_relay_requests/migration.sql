-- CreateTable
CREATE TABLE "relay_requests" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "gas" BIGINT NOT NULL,
    "chainTransactionId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relay_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "relay_requests_chainTransactionId_key" ON "relay_requests"("chainTransactionId");

-- CreateIndex
CREATE INDEX "relay_requests_userId_createdAt_idx" ON "relay_requests"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "relay_requests" ADD CONSTRAINT "relay_requests_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relay_requests" ADD CONSTRAINT "relay_requests_chainTransactionId_fkey" FOREIGN KEY ("chainTransactionId") REFERENCES "chain_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

