-- Issue 17: every marketplace sort walks an index in the page's order and stops after the page, whatever the
-- filters, instead of fetching every match and sorting it. Measured with npm run bench:api's LIST_PATHS over
-- 100,000 properties (plans: `npx tsx bench/list-plans.ts` in backend/, also checked by
-- src/properties/list-plans.test.ts for every filter and sort).

-- GET /properties?sort=valuation&order=asc orders by "currentValuation" ASC NULLS LAST, id ASC. The DESC NULLS LAST
-- index read backwards gives NULLS FIRST, so PostgreSQL fetched every match and sorted it (country=DE: 12,502 rows,
-- 33 ms). Read forwards, this one stops at the page.
CREATE INDEX "properties_valuation_asc_idx" ON "properties"("currentValuation", "id");

-- GET /properties?sort=name (both orders): there was no index on name, so every match was sorted (type=RETAIL:
-- 9,376 rows, 25 ms).
CREATE INDEX "properties_name_idx" ON "properties"("name", "id");

-- GET /properties?city=<city>: the filter is lower(city) = lower($1) (a city matches whatever its case), which
-- the (country, city) index cannot serve; without it city=Lisbon&type=MULTIFAMILY read all 9,376 multifamily
-- rows (14 ms). An expression index, so it is not in prisma/schema (Prisma cannot express one; the schema-drift
-- check ignores it).
CREATE INDEX "properties_city_lower_idx" ON "properties"(lower("city"));

-- City and type (and country) are correlated: a city is in one country, and a city's mix of types is its own. With
-- per-column statistics PostgreSQL multiplies their selectivities, expects matches early in the sort index, and
-- walks all of it when the combination is rare or absent (city=Lisbon&type=MULTIFAMILY, no match: 96 ms). The
-- most common combinations give it the real counts, so it intersects the two filter indexes instead.
CREATE STATISTICS "properties_place_type_stats" (mcv) ON country, lower("city"), type FROM "properties";
