-- The offering read model keeps what its subscribers paid (the sum of its Subscribed events' `paid`): an invitation
-- (issue 20) sells at its own price, so unitsSold x pricePerUnit is not what the escrow took in, and the property's
-- status compares refunds with this (properties/workflow.ts statusFromChain).
ALTER TABLE "chain_offerings" ADD COLUMN "paid" DECIMAL(78,0) NOT NULL DEFAULT 0;

UPDATE "chain_offerings" o SET "paid" = s.total
FROM (SELECT "chainId", address, SUM((args->>'paid')::numeric) AS total FROM "chain_events" WHERE name = 'Subscribed' GROUP BY "chainId", address) s
WHERE s."chainId" = o."chainId" AND s.address = o.address;
