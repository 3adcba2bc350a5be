-- Issue 12.14: a property's state follows the chain (properties/workflow.ts CHAIN_TRANSITIONS, chain/sync/property-state.ts).

-- Two chain-driven states between OFFERING and FUNDED / back to VERIFIED.
ALTER TYPE "PropertyStatus" ADD VALUE IF NOT EXISTS 'CLOSED' AFTER 'OFFERING';
ALTER TYPE "PropertyStatus" ADD VALUE IF NOT EXISTS 'REFUNDING' AFTER 'CLOSED';

-- Moves made by the chain sync have no user behind them.
ALTER TABLE "property_status_changes" ALTER COLUMN "actorId" DROP NOT NULL;

-- The offering read model keeps who launched it and what was refunded.
ALTER TABLE "chain_offerings" ADD COLUMN "refunded" DECIMAL(78,0) NOT NULL DEFAULT 0;
ALTER TABLE "chain_offerings" ADD COLUMN "launcher" TEXT;

UPDATE "chain_offerings" o SET "launcher" = e.args->>'manager'
FROM "chain_events" e
WHERE e."chainId" = o."chainId" AND e.name = 'PropertyLaunched' AND e.args->>'offering' = o.address;

UPDATE "chain_offerings" o SET "refunded" = r.total
FROM (SELECT "chainId", address, SUM((args->>'amount')::numeric) AS total FROM "chain_events" WHERE name = 'Refunded' GROUP BY "chainId", address) r
WHERE r."chainId" = o."chainId" AND r.address = o.address;
