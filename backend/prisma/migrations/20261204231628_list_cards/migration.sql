-- Issue 17: the marketplace list (GET /properties) as one statement that reads stored cards. It built 20 cards per
-- request (the cover image, the rent yield and the governing offering: three subqueries each) in a second, prepared
-- statement, which cost as much PostgreSQL time as finding the page. Now each property's card is stored, kept by the
-- triggers below, and the page statement (src/properties/read.ts listPageSql) reads it by primary key for the page's
-- rows only; the property page reads its `chain` from the same row.

-- CreateTable
CREATE TABLE "property_cards" (
    "propertyId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "chains" JSON NOT NULL DEFAULT '{}',

    CONSTRAINT "property_cards_pkey" PRIMARY KEY ("propertyId")
);

-- AddForeignKey
ALTER TABLE "property_cards" ADD CONSTRAINT "property_cards_propertyId_fkey" FOREIGN KEY ("propertyId") REFERENCES "properties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- GET /properties?city=Lisbon&type=MULTIFAMILY (a city and a type that rarely or never go together): PostgreSQL
-- intersected the type index (9,376 entries over 100,000 properties) with the city index (16,667) to find no row,
-- 1.4 ms for an empty page; with both in one index it reads the matches only (0.01 ms). A city with a status, or a
-- city alone, still uses the leading column. An expression index, so it is not in prisma/schema.
CREATE INDEX "properties_city_type_idx" ON "properties"(lower("city"), "type", "status");

-- The card of each property in `ids`:
-- * `body`: `PropertySummary` JSON without `chain` and the closing brace, in the presenters' key order and formats
--   (src/properties/presenters.ts; read.test.ts compares them byte for byte): coordinates as JSON numbers
--   (trim_scale), amounts as the column's text, times as Date#toISOString prints them, the first IMAGE document as
--   the cover (its URL under the API prefix /api/v1), the gross yield of the ACTIVE leases in the property's currency
--   (x12 monthly, x4 quarterly, over the valuation, rounded down, at most MAX_YIELD_BPS = 2147483647 of
--   src/leases/summary.ts; computed in numeric, never overflowing);
-- * `chains`: `PropertyMarketChain` per chain id, the governing offering on that chain: launched by the property's
--   owner or manager, the finalized one, else the latest (src/chain/sync/offerings.ts launchedByStakeholder and
--   governingOrder, the rules the chain sync applies to the property's status).
CREATE FUNCTION "property_card_rows"(ids uuid[]) RETURNS TABLE ("propertyId" uuid, body text, chains json) LANGUAGE sql STABLE AS $$
  SELECT p.id, left(row_to_json(s)::text, -1),
    (SELECT coalesce(json_object_agg(g."chainId"::text, g.chain ORDER BY g."chainId"), '{}')
      FROM (SELECT DISTINCT ON (o."chainId") o."chainId", row_to_json(m) AS chain
        FROM chain_offerings o, LATERAL (SELECT o.token AS "tokenAddress", o."tokenSymbol", o.address AS "offeringAddress",
            o."pricePerUnit"::text AS "pricePerUnit", o."softCap"::text AS "softCap", o."hardCap"::text AS "hardCap",
            o."unitsSold"::text AS "unitsSold", extract(epoch FROM o."startTime")::bigint AS "startTime",
            extract(epoch FROM o."endTime")::bigint AS "endTime", o.outcome) m
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

-- Stores the cards of `ids`. The card rows are locked first, in id order: a concurrent writer of the same property
-- (a document and a lease added at once) waits for the other to commit, and the next statement, with a new snapshot
-- (READ COMMITTED), builds the card from both. In REPEATABLE READ the second writer's upsert fails with a
-- serialization error instead of storing a card without the first one's change.
CREATE FUNCTION "refresh_property_cards"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM property_cards WHERE "propertyId" = ANY(ids) ORDER BY "propertyId" FOR UPDATE;
  INSERT INTO property_cards ("propertyId", body, chains) SELECT r."propertyId", r.body, r.chains FROM property_card_rows(ids) r
    ON CONFLICT ("propertyId") DO UPDATE SET body = EXCLUDED.body, chains = EXCLUDED.chains
      WHERE (property_cards.body, property_cards.chains::text) IS DISTINCT FROM (EXCLUDED.body, EXCLUDED.chains::text);
END;
$$;

-- Statement-level triggers with transition tables: a bulk write (the chain sync's batches, a seed) refreshes its
-- properties' cards in one statement. A deleted property's card goes with it (ON DELETE CASCADE).
CREATE FUNCTION "property_cards_after_properties_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_property_cards(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END;
$$;

-- A write to a table with a "propertyId" column (one trigger per event: a trigger with transition tables has one).
CREATE FUNCTION "property_cards_after_child_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_property_cards(ARRAY(SELECT DISTINCT "propertyId" FROM new_rows WHERE "propertyId" IS NOT NULL));
  ELSIF TG_OP = 'UPDATE' THEN
    -- a row that moves to another property changes both cards
    PERFORM refresh_property_cards(ARRAY(SELECT "propertyId" FROM new_rows WHERE "propertyId" IS NOT NULL
      UNION SELECT "propertyId" FROM old_rows WHERE "propertyId" IS NOT NULL));
  ELSE
    PERFORM refresh_property_cards(ARRAY(SELECT DISTINCT "propertyId" FROM old_rows WHERE "propertyId" IS NOT NULL));
  END IF;
  RETURN NULL;
END;
$$;

-- Which offerings are a property's own depends on its stakeholders' wallet addresses (launchedByStakeholder).
CREATE FUNCTION "property_cards_after_users_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_property_cards(ARRAY(
    SELECT p.id FROM new_rows n JOIN old_rows o ON o.id = n.id, properties p
    WHERE n.address IS DISTINCT FROM o.address AND (p."ownerId" = n.id OR p."managerId" = n.id)));
  RETURN NULL;
END;
$$;

CREATE TRIGGER "properties_card_insert" AFTER INSERT ON "properties" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_properties_write"();
CREATE TRIGGER "properties_card_update" AFTER UPDATE ON "properties" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_properties_write"();
CREATE TRIGGER "users_card_update" AFTER UPDATE ON "users" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_users_update"();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['property_documents', 'leases', 'chain_offerings']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_child_write"()', t || '_card_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_child_write"()', t || '_card_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "property_cards_after_child_write"()', t || '_card_delete', t);
  END LOOP;
END;
$$;

-- The cards of the properties that exist when this migration runs.
SELECT refresh_property_cards(ARRAY(SELECT id FROM properties));
