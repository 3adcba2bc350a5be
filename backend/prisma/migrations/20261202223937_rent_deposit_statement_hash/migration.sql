-- Issue 16: a rent deposit names the SHA-256 of the closed period statement it pays out (RentDeposited's
-- statementHash), kept as a column so a period finds the deposit that paid it.
-- AlterTable
ALTER TABLE "chain_events" ADD COLUMN     "statementHash" TEXT;

-- Deposits stored before this migration carry the hash in their decoded arguments (none did before issue 16).
UPDATE "chain_events" SET "statementHash" = args->>'statementHash'
WHERE contract = 'RentDistributor' AND name = 'RentDeposited' AND args ? 'statementHash';

-- CreateIndex
CREATE INDEX "chain_events_chainId_token_statementHash_idx" ON "chain_events"("chainId", "token", "statementHash");
