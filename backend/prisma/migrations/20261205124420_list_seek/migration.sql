-- Issue 17: a page after a cursor seeks to the cursor instead of walking every page before it. The keyset condition
-- was "key greater, or equal with a greater id" (and for valuations "or missing"), an OR that no index range
-- serves: page 50 of 100 rows re-read the 5,000 rows before it, and the last page of a large list the whole table
-- (src/properties/list-plans.test.ts: "a page deep in any list" examined 6,797 rows where the first page reads 101).
-- It is now one row comparison, (key, id) > (cursor key, cursor id), which PostgreSQL reads as an index range on the
-- (createdAt, id) and (name, id) indexes. A valuation sorts its missing ones last in both orders, which no plain
-- column index gives as one range, so it sorts by an expression that puts them at the far end as an infinity
-- (src/properties/read.ts, SORT_KEY): these expression indexes replace the column ones. Expression indexes are not in
-- prisma/schema (Prisma cannot express one; the schema-drift check ignores them). Plans: `npx tsx bench/list-plans.ts`.

-- DropIndex
DROP INDEX "properties_search_valuation_idx";

-- DropIndex
DROP INDEX "properties_valuation_idx";

-- GET /properties?sort=valuation&order=desc (missing valuations last): walked in order, and seeked to after a cursor.
CREATE INDEX "properties_valuation_key_desc_idx" ON "properties"((coalesce("currentValuation", '-Infinity'::numeric)) DESC, "id" DESC);

-- GET /properties?sort=valuation&order=asc (missing valuations last). The (currentValuation, id) index stays for
-- valuation ranges.
CREATE INDEX "properties_valuation_key_asc_idx" ON "properties"((coalesce("currentValuation", 'Infinity'::numeric)), "id");

-- GET /properties?status=&country=&type=&sort=valuation&order=desc: the public filters, then the page in order.
CREATE INDEX "properties_search_valuation_key_idx" ON "properties"("status", "country", "type", (coalesce("currentValuation", '-Infinity'::numeric)) DESC, "id" DESC);
