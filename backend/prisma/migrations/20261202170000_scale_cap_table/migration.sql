-- Cap tables at scale (issue 17): GET /chain/properties/:id/cap-table summed every Transfer of the token on each
-- request (p99 ~5 s at 10,000 holders). Balances are now kept per (token, holder, partition) by the chain sync in
-- the transaction that stores (or rolls back) the events, and the route reads one keyset page of them.

-- CreateTable
CREATE TABLE "chain_holder_balances" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "balance" DECIMAL(78,0) NOT NULL,

    -- GET /chain/properties/:id/cap-table (src/chain/sync/read-models.ts capTable): WHERE "chainId" = $1 AND
    -- token = $2 AND (holder, partition) > ($3, $4) ORDER BY holder, partition LIMIT n, an index range scan that
    -- reads only the page; and the sync's INSERT ... ON CONFLICT ("chainId", token, holder, partition) upsert.
    CONSTRAINT "chain_holder_balances_pkey" PRIMARY KEY ("chainId","token","holder","partition")
);

-- The balances of the events stored before this migration (the same sums the old query made).
INSERT INTO "chain_holder_balances" ("chainId", "token", "holder", "partition", "balance")
SELECT "chainId", token, holder, partition, SUM(delta) FROM (
  SELECT "chainId", address AS token, "toAddr" AS holder, partition, amount AS delta FROM "chain_events"
    WHERE contract = 'PropertyToken' AND name = 'Transfer' AND "toAddr" <> '0x0000000000000000000000000000000000000000'
  UNION ALL
  SELECT "chainId", address, "fromAddr", partition, -amount FROM "chain_events"
    WHERE contract = 'PropertyToken' AND name = 'Transfer' AND "fromAddr" <> '0x0000000000000000000000000000000000000000'
) moves
GROUP BY "chainId", token, holder, partition HAVING SUM(delta) <> 0;
