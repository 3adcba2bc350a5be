-- Issue 17: GET /properties?country=PT&city=Austin (a city and a country that do not go together, or rarely do)
-- read every Austin: the lower(city) index found them and the country was a filter on each row, so the rows read
-- grew with the city's share of the table (5,000 of 30,000 in src/properties/list-plans.test.ts, whose generated
-- queries found it). With the country in the same index both are index conditions and the plan reads the matches
-- only; a city alone still uses the leading column. An expression index, so it is not in prisma/schema.
DROP INDEX "properties_city_lower_idx";
CREATE INDEX "properties_city_country_idx" ON "properties"(lower("city"), "country");
