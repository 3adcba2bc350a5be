-- Every payment coin the chain sync meets, with its ERC-20 symbol() and decimals() read once (review finding: a coin
-- named only by a settlement order or an exit had unknown decimals, so its holders' positions went unpriced, because
-- coins were known only through the offerings launched in them). The sync stores a row for each coin of an offering's
-- terms, of an OrderPosted and of an ExitLaunched (src/chain/sync/coins.ts); a coin that did not answer keeps null
-- symbol or decimals and is asked again at the sync's next start, which also reads the coins of events stored before
-- this migration. The portfolio ledger reads it (src/portfolio/ledger.ts).

-- CreateTable
CREATE TABLE "chain_coins" (
    "chainId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "symbol" TEXT,
    "decimals" INTEGER,

    CONSTRAINT "chain_coins_pkey" PRIMARY KEY ("chainId","address")
);

-- ERC-20 decimals are a uint8.
ALTER TABLE "chain_coins" ADD CONSTRAINT "chain_coins_decimals_check" CHECK ("decimals" IS NULL OR "decimals" BETWEEN 0 AND 255);

-- The offering coins already read (migration offering_payment_coin): each coin's first answer, a known one first.
INSERT INTO "chain_coins" ("chainId", address, symbol, decimals)
SELECT DISTINCT ON ("chainId", "paymentToken") "chainId", "paymentToken", "paymentSymbol", "paymentDecimals"
FROM chain_offerings WHERE "paymentToken" IS NOT NULL
ORDER BY "chainId", "paymentToken", ("paymentDecimals" IS NULL), ("paymentSymbol" IS NULL), "discoveredBlock";
