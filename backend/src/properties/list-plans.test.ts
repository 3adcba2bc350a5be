/**
 * The marketplace list reads a page, not the table (issue 17). For any combination of the equality filters
 * (status, type, country, city), sort, order and page size, PostgreSQL's plan over 30,000 properties examines at
 * most a page's budget of property rows (below): it walks an index in the page's order and stops, or intersects the
 * filters' indexes. Before the list indexes migration,
 * country=DE&sort=valuation&order=asc fetched and sorted every German property, sort=name every match, and a rare
 * city + type combination walked the whole table. The row count is PostgreSQL's own (EXPLAIN ANALYZE), so this
 * holds on any machine; the timings are bench:api's business.
 * Not covered here: a valuation range sorted by another column (no single B-tree serves a range on one column in
 * the order of another; PostgreSQL reads about `limit / share of matches` rows) and full-text `q` (its plan depends on
 * word statistics; bench:api prints it).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { listPropertiesSql } from "./read.ts";
import { ListPropertiesQuery } from "./schemas.ts";
import { PUBLIC_STATUSES } from "./access.ts";

const PROPERTIES = 30_000;
/**
 * A page's budget. An index walk in the page's order reads about `(limit + 1) / share` rows, where `share` is the
 * part of the table the filters keep: a status and a country keep 1 row in 48, so a page of 100 reads about 4,850
 * rows whatever the table's size, and PostgreSQL rightly prefers that walk (its heap order follows createdAt) to
 * fetching the matches through the status index. So: 2,000 rows, or a quarter more than that walk as long as the
 * filters keep at least 1 row in 100. Fetching and sorting every match of a broad filter (a country: 5,000 rows for a
 * page of 20, whose walk reads about 126) or walking the table for a combination that matches few rows (the walk
 * never fills its page) is above it. The first CI run of this test found the 1-in-48 case over a flat budget of 40
 * rows per row of the page.
 */
const budget = (limit: number, matches: number): number => {
  const walk = matches > limit ? ((limit + 1) * PROPERTIES) / matches : Infinity;
  return Math.max(2_000, Math.min(1.25 * walk, 100 * (limit + 1)));
};
const CITIES = ["Lisbon", "Porto", "Madrid", "Berlin", "Paris", "Austin"];
const COUNTRIES = ["PT", "PT", "ES", "DE", "FR", "US"];
const TYPES = ["RESIDENTIAL", "MULTIFAMILY", "COMMERCIAL", "INDUSTRIAL", "RETAIL", "HOSPITALITY", "MIXED_USE", "LAND"];
const PUBLIC = ["VERIFIED", "TOKENIZED", "OFFERING", "FUNDED"];

let client: pg.Client;

before(async () => {
  client = new pg.Client({ connectionString: await freshDatabase() });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (id, address, roles, "updatedAt") VALUES (gen_random_uuid(), '0x000000000000000000000000000000000000bEEF', ARRAY['PROPERTY_MANAGER']::"Role"[], now()) RETURNING id`,
  );
  // The benchmark's world (bench/seed.ts): city fixes the country, types and statuses cycle, valuations spread.
  await client.query(
    `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency,
       "currentValuation", "statusChangedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $1, 'Property ' || g, ($3::text[])[1 + g % 8]::"PropertyType",
       (ARRAY['VERIFIED','VERIFIED','TOKENIZED','OFFERING','FUNDED','DRAFT','SUBMITTED','VERIFIED'])[1 + (g / 8) % 8]::"PropertyStatus",
       g || ' Main Street', ($4::text[])[1 + g % 6], ($5::text[])[1 + g % 6], 'EUR',
       CASE WHEN g % 50 = 0 THEN NULL ELSE 100000 + (g * 7919) % 9900000 END, now(), now() - (g || ' minutes')::interval, now()
     FROM generate_series(1, $2::int) AS g`,
    [rows[0]!.id, PROPERTIES, TYPES, CITIES, COUNTRIES],
  );
  await client.query("ANALYZE properties");
});
after(() => client.end());

interface PlanNode {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/** Property rows the plan read from the table or an index: returned by a scan plus those its filters dropped. */
function propertyRowsExamined(node: PlanNode): number {
  const own =
    node["Relation Name"] === "properties"
      ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) *
        node["Actual Loops"]
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + propertyRowsExamined(child), 0);
}

/** Public properties the query's filters match, counted here rather than by the code under test. */
async function matches(query: Record<string, string>): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM properties
      WHERE status = ANY($1::"PropertyStatus"[]) AND ($2::text IS NULL OR status::text = $2)
        AND ($3::text IS NULL OR type::text = $3) AND ($4::text IS NULL OR country = $4)
        AND ($5::text IS NULL OR lower(city) = lower($5))`,
    [PUBLIC_STATUSES, query["status"] ?? null, query["type"] ?? null, query["country"] ?? null, query["city"] ?? null],
  );
  return rows[0]!.n;
}

async function rowsExamined(query: Record<string, string>): Promise<number> {
  const { sql, args } = listPropertiesSql(null, ListPropertiesQuery.parse(query), 31337);
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
    args,
  );
  return propertyRowsExamined(rows[0]!["QUERY PLAN"][0].Plan);
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const listQuery = fc
  .record({
    status: optional(fc.constantFrom(...PUBLIC)),
    type: optional(fc.constantFrom(...TYPES)),
    country: optional(fc.constantFrom(...new Set(COUNTRIES))),
    city: optional(fc.constantFrom(...CITIES, "lisbon", "PORTO")),
    sort: fc.constantFrom("createdAt", "name", "valuation"),
    order: fc.constantFrom("asc", "desc"),
    limit: fc.constantFrom(1, 20, 100),
  })
  .map((fields) => {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) query[key] = String(value);
    return query;
  });

describe("marketplace list plans", () => {
  it("the benchmark's slow paths before the list indexes now read a page", async () => {
    const slowBefore: Record<string, string>[] = [
      { country: "DE", sort: "valuation", order: "asc", limit: "20" },
      { type: "RETAIL", sort: "name", order: "asc", limit: "20" },
      { city: "Lisbon", type: "MULTIFAMILY", sort: "createdAt", order: "desc", limit: "20" },
      // Found by the generated queries below: read every Austin (migration city_country_index).
      { country: "PT", city: "Austin", sort: "createdAt", order: "asc", limit: "1" },
    ];
    for (const query of slowBefore)
      assert.ok((await rowsExamined(query)) <= budget(20, await matches(query)), JSON.stringify(query));
  });

  it("a walk past filters that keep 1 row in 48 is within the budget (the first CI run's counterexample)", async () => {
    const query = { status: "OFFERING", country: "ES", sort: "createdAt", order: "asc", limit: "100" };
    const examined = await rowsExamined(query);
    assert.ok(examined <= budget(100, await matches(query)), `examined ${examined}`);
  });

  // The API's statements are prepared per connection (read.ts), so after a few runs PostgreSQL may plan them once
  // for any values (generic plan) instead of for the values at hand (custom plan): both must hold.
  for (const mode of ["force_custom_plan", "force_generic_plan"]) {
    it(`any filters and sort examine at most the page's budget of ${PROPERTIES} property rows (${mode})`, async () => {
      await client.query(`SET plan_cache_mode = ${mode}`);
      await fc.assert(
        fc.asyncProperty(listQuery, async (query) => {
          const examined = await rowsExamined(query);
          const most = budget(Number(query["limit"]), await matches(query));
          assert.ok(examined <= most, `${JSON.stringify(query)} examined ${examined} property rows (budget ${most})`);
        }),
        { numRuns: 300 },
      );
    });
  }
});
