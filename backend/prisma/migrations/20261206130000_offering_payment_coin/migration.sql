-- Each offering's payment coin as the chain says (issue: money views assumed 6 decimals). The factory launches an
-- offering, and registers its token's rent book, in the coin named at launch, which need not be the platform's
-- current one nor have 6 decimals: the chain sync reads the coin's ERC-20 symbol() and decimals() at the discovery
-- block (src/chain/sync/offerings.ts). Null when the coin did not answer: the unit of the offering's amounts is then
-- unknown and every money view says so. Rows stored before this migration are read by the sync's backfill at its
-- next start (chain-sync.ts backfillOfferings), and their cards refreshed by the chain_offerings triggers.

-- AlterTable
ALTER TABLE "chain_offerings" ADD COLUMN     "paymentDecimals" INTEGER,
ADD COLUMN     "paymentSymbol" TEXT;

-- ERC-20 decimals are a uint8.
ALTER TABLE "chain_offerings" ADD CONSTRAINT "chain_offerings_payment_decimals_check"
  CHECK ("paymentDecimals" IS NULL OR "paymentDecimals" BETWEEN 0 AND 255);

-- The card's `chain` (PropertyMarketChain) gains the offering's coin: { address, symbol, decimals }, or null while
-- its symbol or decimals are unknown. Otherwise as in migration list_cards.
CREATE OR REPLACE FUNCTION "property_card_rows"(ids uuid[]) RETURNS TABLE ("propertyId" uuid, body text, chains json) LANGUAGE sql STABLE AS $$
  SELECT p.id, left(row_to_json(s)::text, -1),
    (SELECT coalesce(json_object_agg(g."chainId"::text, g.chain ORDER BY g."chainId"), '{}')
      FROM (SELECT DISTINCT ON (o."chainId") o."chainId", row_to_json(m) AS chain
        FROM chain_offerings o, LATERAL (SELECT o.token AS "tokenAddress", o."tokenSymbol", o.address AS "offeringAddress",
            o."pricePerUnit"::text AS "pricePerUnit", o."softCap"::text AS "softCap", o."hardCap"::text AS "hardCap",
            o."unitsSold"::text AS "unitsSold", extract(epoch FROM o."startTime")::bigint AS "startTime",
            extract(epoch FROM o."endTime")::bigint AS "endTime", o.outcome,
            (SELECT c FROM (SELECT o."paymentToken" AS address, o."paymentSymbol" AS symbol, o."paymentDecimals" AS decimals) c
              WHERE o."paymentToken" IS NOT NULL AND o."paymentSymbol" IS NOT NULL AND o."paymentDecimals" IS NOT NULL) AS "paymentToken") m
        WHERE o."propertyId" = p.id
          AND EXISTS (SELECT 1 FROM users u WHERE u.address = o.launcher AND (u.id = p."ownerId" OR u.id = p."managerId"))
        ORDER BY o."chainId", (o.outcome = 'finalized') DESC, o."discoveredBlock" DESC, o.address) g)
  FROM properties p, LATERAL (SELECT p.id, p.name, p.type, p.status,
      (SELECT a FROM (SELECT p.city, p.region, p.country) a) AS address,
      (SELECT c FROM (SELECT trim_scale(p.latitude) AS latitude, trim_scale(p.longitude) AS longitude) c
        WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL) AS coordinates,
      p."floorAreaSqm"::text AS "floorAreaSqm", p.bedrooms, p.currency,
      p."currentValuation"::text AS "currentValuation", p."ownerId", p."managerId",
      to_char(p."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", p.version,
      (SELECT '/api/v1/properties/' || p.id || '/documents/' || d.id || '/content' FROM property_documents d
        WHERE d."propertyId" = p.id AND d.kind = 'IMAGE' ORDER BY d."createdAt", d.id LIMIT 1) AS "coverImageUrl",
      CASE WHEN p."currentValuation" > 0 THEN
        (SELECT least(floor(coalesce(sum(l."rentAmount" * CASE l.frequency WHEN 'MONTHLY' THEN 12 ELSE 4 END), 0) * 10000 / p."currentValuation"), 2147483647)::int
          FROM leases l WHERE l."propertyId" = p.id AND l.status = 'ACTIVE' AND l.currency = p.currency) END AS "yieldBps") s
  WHERE p.id = ANY(ids)
$$;

-- Every stored card with an offering gains its `paymentToken` (null until the sync has read the coin).
SELECT refresh_property_cards(ARRAY(SELECT DISTINCT "propertyId" FROM chain_offerings WHERE "propertyId" IS NOT NULL));
