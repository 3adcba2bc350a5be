/**
 * The marketplace list reads a page, not the table (issue 17). For any combination of the equality filters
 * (status, type, country, city), sort, order and page size, PostgreSQL's plan over 30,000 properties examines at
 * most a page's budget of property rows (below): it walks an index in the page's order and stops, or intersects the
 * filters' indexes. Before the list indexes migration,
 * country=DE&sort=valuation&order=asc fetched and sorted every German property, sort=name every match, and a rare
 * city + type combination walked the whole table. The row count is PostgreSQL's own (EXPLAIN ANALYZE), so this
 * holds on any machine; the timings are bench:api's business. The plans checked are those the API gets: the page
 * statement planned for its values, which also reads the page's stored cards (and no others), and for a page the
 * API prepares (its text holds every value its plan depends on: read.ts), its generic plan too.
 * Full-text `q` is held to the same budget over descriptions whose words are rare, mid-frequency or common, and
 * over words that never occur together (which PostgreSQL's estimates sent through the whole table, until read.ts
 * stopped trusting them); its pages are held to its matches in order. So are a page anywhere after a cursor (it
 * seeks to the cursor) and a valuation range sorted by valuation.
 * Not covered here: a valuation range sorted by another column (no single B-tree serves a range on one column in
 * the order of another; PostgreSQL reads about `limit / share of matches` rows), and a search for the leading word
 * of names sorted by name ("Property 5" walks every name before "Property 5" in the index: the matches are where the
 * walk starts late, a correlation no statistic describes).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { createPool } from "../db/pool.ts";
import { pageBudget, pageRowsExamined } from "../../test/support/plans.ts";
import { listPageSql, listPropertiesJson } from "./read.ts";
import { ListPropertiesQuery } from "./schemas.ts";
import { PUBLIC_STATUSES } from "./access.ts";
import { encodeCursor } from "../core/cursor.ts";

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
const budget = (limit: number, matches: number): number => pageBudget(limit, matches, PROPERTIES);
const CITIES = ["Lisbon", "Porto", "Madrid", "Berlin", "Paris", "Austin"];
const COUNTRIES = ["PT", "PT", "ES", "DE", "FR", "US"];
const TYPES = ["RESIDENTIAL", "MULTIFAMILY", "COMMERCIAL", "INDUSTRIAL", "RETAIL", "HOSPITALITY", "MIXED_USE", "LAND"];
const PUBLIC = ["VERIFIED", "TOKENIZED", "OFFERING", "FUNDED"];

let client: pg.Client;
let url: string;

before(async () => {
  url = await freshDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (id, address, roles, "updatedAt") VALUES (gen_random_uuid(), '0x000000000000000000000000000000000000bEEF', ARRAY['PROPERTY_MANAGER']::"Role"[], now()) RETURNING id`,
  );
  // The benchmark's world (bench/seed.ts): city fixes the country, types and statuses cycle, valuations spread.
  await client.query(
    `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, country, currency,
       description, "currentValuation", "statusChangedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, $1, 'Property ' || g, ($3::text[])[1 + g % 8]::"PropertyType",
       (ARRAY['VERIFIED','VERIFIED','TOKENIZED','OFFERING','FUNDED','DRAFT','SUBMITTED','VERIFIED'])[1 + (g / 8) % 8]::"PropertyStatus",
       g || ' Main Street', ($4::text[])[1 + g % 6], ($5::text[])[1 + g % 6], 'EUR',
       -- words for the search besides the name's number (each in one property): a zone in 1 property of 40 and a word
       -- in every description, the zone drawn from a hash of g so that it follows neither the sort orders nor the
       -- other filters. No word between 1 in 40 and 1 in 30,000, as in bench:api's world: the word statistics then
       -- keep no rare word, which is what made PostgreSQL walk the table for one (migration search_statistics).
       'zone' || lpad((('x' || left(md5('zone' || g), 7))::bit(28)::int % 40)::text, 2, '0') || ' garden',
       CASE WHEN g % 50 = 0 THEN NULL ELSE 100000 + (g * 7919) % 9900000 END, now(), now() - (g || ' minutes')::interval, now()
     FROM generate_series(1, $2::int) AS g`,
    [rows[0]!.id, PROPERTIES, TYPES, CITIES, COUNTRIES],
  );
  // as autovacuum does after a bulk insert: the GIN index's pending list (fastupdate) merged into its tree
  await client.query("VACUUM ANALYZE properties");
});
after(() => client.end());

/**
 * Public properties the query's filters match, found here rather than by the code under test: `q`'s words
 * must each be a word of the name, the city or the description (in any case), the last one only its beginning.
 */
function matching(query: Record<string, string>): { where: string; args: unknown[] } {
  const words = (query["q"] ?? "").toLowerCase().split(" ").filter(Boolean);
  const patterns = words.map((w, i) => `(^| )${w}${i === words.length - 1 ? "" : "( |$)"}`);
  return {
    where: `status = ANY($1::"PropertyStatus"[]) AND ($2::text IS NULL OR status::text = $2)
        AND ($3::text IS NULL OR type::text = $3) AND ($4::text IS NULL OR country = $4)
        AND ($5::text IS NULL OR lower(city) = lower($5))
        AND lower(name) || ' ' || lower(city) || ' ' || description ~ ALL($6::text[])
        AND ($7::numeric IS NULL OR "currentValuation" >= $7) AND ($8::numeric IS NULL OR "currentValuation" <= $8)`,
    args: [
      PUBLIC_STATUSES,
      query["status"] ?? null,
      query["type"] ?? null,
      query["country"] ?? null,
      query["city"] ?? null,
      patterns,
      query["minValuation"] ?? null,
      query["maxValuation"] ?? null,
    ],
  };
}

async function matches(query: Record<string, string>): Promise<number> {
  const { where, args } = matching(query);
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM properties WHERE ${where}`, args);
  return rows[0]!.n;
}

/** The query's sort as an ORDER BY of the column, then id (valuations without one last, in both orders). */
function sortOrder(query: Record<string, string>): string {
  const column = { createdAt: `"createdAt"`, name: "name", valuation: `"currentValuation"` }[query["sort"]!];
  const order = query["order"] === "asc" ? "ASC" : "DESC";
  return `ORDER BY ${column} ${order} NULLS LAST, id ${order}`;
}

/** The ids of the query's matches from the `offset`th on, in the sort's order. */
async function pageIds(query: Record<string, string>, offset: number): Promise<string[]> {
  const { where, args } = matching(query);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM properties WHERE ${where} ${sortOrder(query)} LIMIT ${Number(query["limit"])} OFFSET ${offset}`,
    args,
  );
  return rows.map((r) => r.id);
}

/**
 * The cursor the API hands out after the query's `offset`th match (its sort key as read.ts encodes it: createdAt
 * with microseconds, valuation as the column's text), or null when there are not that many.
 */
async function cursorAt(query: Record<string, string>, offset: number): Promise<string | null> {
  const { where, args } = matching(query);
  const key = {
    createdAt: `to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    name: "name",
    valuation: `"currentValuation"::text`,
  }[query["sort"]!];
  const { rows } = await client.query<{ key: string | null; id: string }>(
    `SELECT ${key} AS key, id FROM properties WHERE ${where} ${sortOrder(query)} OFFSET ${offset - 1} LIMIT 1`,
    args,
  );
  return rows[0] ? encodeCursor([rows[0].key, rows[0].id]) : null;
}

const CHAIN_ID = 31337;

/** Rows of `table` the page statement examines, in the plans the API may run it with (planned for its values, generic). */
async function rowsExamined(query: Record<string, string>, table = "properties"): Promise<number> {
  return pageRowsExamined(client, table, listPageSql(null, ListPropertiesQuery.parse(query), CHAIN_ID));
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

/**
 * The first walk a search's statement takes whatever the words (read.ts, searchPageSql): 8 public rows per row of the
 * page, and the unlisted ones between them (a quarter of the seed's rows). It is the price of not trusting
 * PostgreSQL's estimate of the words: a search that the walk does not answer has read it for nothing.
 */
const nearWalk = (limit: number): number => (8 * (limit + 1) * 4) / 3;

/**
 * A search's budget: a page's, or a walk in the page's order as long as the (limit + 1)th match falls (how far is
 * random: in one run the second of 57 matches came at row 2,453, twice the mean), up to a third of the table, and the
 * first walk. `k + 4 sqrt(k) + 5` times the mean gap between matches bounds the kth match's position with probability
 * above 99.99%. Walking the table for a word that is rare (its matches never fill the page) is above it.
 */
function searchBudget(limit: number, matches: number): number {
  const k = limit + 1;
  const tail = matches > limit ? ((k + 4 * Math.sqrt(k) + 5) * PROPERTIES) / matches : 0;
  return Math.max(budget(limit, matches), Math.min(tail, PROPERTIES / 3)) + nearWalk(limit);
}

/**
 * A search: one property's name, a zone (1 in 40) or a prefix of ten zones, the word of every description, a city
 * (1 in 6).
 */
const searchWords = fc.oneof(
  fc.integer({ min: 10_000, max: PROPERTIES }).map((n) => `property ${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `zone${n}`),
  fc.integer({ min: 0, max: 39 }).map((n) => `zone${String(n).padStart(2, "0")}`),
  fc.constant("garden"),
  fc.constantFrom(...CITIES),
);
/**
 * Words that are each common and never in one property, whose matches PostgreSQL estimates as the product of their
 * shares: two cities (1 in 36 expected), a zone and a prefix of ten other zones (1 in 160).
 */
const wordsNeverTogether = fc.oneof(
  fc
    .tuple(fc.constantFrom(...CITIES), fc.constantFrom(...CITIES))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => [a, b]),
  fc
    .tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 1, max: 3 }))
    .filter(([zone, prefix]) => Math.floor(zone / 10) !== prefix)
    .map(([zone, prefix]) => [`zone${String(zone).padStart(2, "0")}`, `zone${prefix}`]),
);
const searchQuery = fc
  .record({
    words: fc.oneof(fc.array(searchWords, { minLength: 1, maxLength: 2 }), wordsNeverTogether),
    type: optional(fc.constantFrom(...TYPES)),
    country: optional(fc.constantFrom(...new Set(COUNTRIES))),
    sort: fc.constantFrom("createdAt", "name", "valuation"),
    order: fc.constantFrom("asc", "desc"),
    limit: fc.constantFrom(1, 20, 100),
  })
  .map(({ words, ...fields }) => {
    const query: Record<string, string> = { q: words.join(" ") };
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

  it(`any filters and sort examine at most the page's budget of ${PROPERTIES} property rows`, async () => {
    await fc.assert(
      fc.asyncProperty(listQuery, async (query) => {
        const examined = await rowsExamined(query);
        const most = budget(Number(query["limit"]), await matches(query));
        assert.ok(examined <= most, `${JSON.stringify(query)} examined ${examined} property rows (budget ${most})`);
        // the card is evaluated above the sort and the limit: for the returned rows, not for every match
        const cards = await rowsExamined(query, "property_cards");
        assert.ok(cards <= Number(query["limit"]) + 1, `${JSON.stringify(query)} read ${cards} stored cards`);
      }),
      { numRuns: 300 },
    );
  });

  it("a page anywhere in any list, after a cursor, examines at most a first page's budget (a seek, not a re-walk)", async () => {
    await fc.assert(
      fc.asyncProperty(listQuery, fc.double({ min: 0, max: 1, noNaN: true }), async (query, part) => {
        const found = await matches(query);
        const depth = Math.ceil(part * found);
        fc.pre(depth > 0);
        const examined = await rowsExamined({ ...query, cursor: (await cursorAt(query, depth))! });
        const most = budget(Number(query["limit"]), found);
        assert.ok(
          examined <= most,
          `${JSON.stringify(query)} after row ${depth} examined ${examined} (budget ${most})`,
        );
      }),
      { numRuns: Number(process.env["RUNS"] ?? 100) },
    );
  });

  it("a search's page anywhere after a cursor examines at most its first page's budget", async () => {
    await fc.assert(
      // a depth in rows rather than a share of the matches: deep pages of the searches that have many (the walks'
      // stretches are longest there; a share found none in 3,000 runs), the last match of those that have fewer
      fc.asyncProperty(searchQuery, fc.integer({ min: 1, max: 5_000 }), async (query, depth) => {
        const found = await matches(query);
        fc.pre(found > 0);
        const examined = await rowsExamined({ ...query, cursor: (await cursorAt(query, Math.min(depth, found)))! });
        const most = searchBudget(Number(query["limit"]), found);
        assert.ok(
          examined <= most,
          `${JSON.stringify(query)} after row ${depth} examined ${examined} (budget ${most})`,
        );
      }),
      { numRuns: Number(process.env["RUNS"] ?? 100) },
    );
  });

  it("a valuation range sorted by valuation reads a page of the range, not the valuations above it (bench:api)", async () => {
    // bench:api's FR 500,000-5,000,000 by valuation walked the sort key's index from the top, through every valuation
    // above the range (21 ms over 100,000 properties), once the sort key became an expression the range did not name
    const amount = fc.integer({ min: 1, max: 100 }).map((n) => String(n * 100_000));
    await fc.assert(
      fc.asyncProperty(listQuery, amount, amount, fc.constantFrom("min", "max", "both"), async (base, a, b, bounds) => {
        const [low, high] = Number(a) <= Number(b) ? [a, b] : [b, a];
        const query: Record<string, string> = { ...base, sort: "valuation" };
        if (bounds !== "max") query["minValuation"] = low;
        if (bounds !== "min") query["maxValuation"] = high;
        const examined = await rowsExamined(query);
        const most = budget(Number(query["limit"]), await matches(query));
        assert.ok(examined <= most, `${JSON.stringify(query)} examined ${examined} property rows (budget ${most})`);
      }),
      { numRuns: Number(process.env["RUNS"] ?? 200) },
    );
  });

  it("a search for one property's name reads that property, not the table (bench:api's Property 99999)", async () => {
    for (const q of ["Property 23456", "property 12345 garden"]) {
      const query = { q, sort: "name", order: "asc", limit: "20" };
      assert.equal(await matches(query), 1, `the seed's property ${q} is public`);
      const examined = await rowsExamined(query);
      assert.ok(examined <= nearWalk(20) + 50, `${q}: examined ${examined} property rows for one match`);
    }
  });

  it("words that are each common but never in one property read the matches, not the table (a CI counterexample)", async () => {
    // zone00 is in 1 property of 40 and zone1* (zone10 to zone19) in 1 of 4, never together: PostgreSQL multiplies
    // their shares, expects about 190 matches and walked the createdAt index for one of them, through every row.
    for (const sort of ["createdAt", "name", "valuation"])
      for (const order of ["asc", "desc"]) {
        const query = { q: "zone00 zone1", sort, order, limit: "1" };
        assert.equal(await matches(query), 0);
        const examined = await rowsExamined(query);
        assert.ok(examined <= budget(1, 0), `${JSON.stringify(query)} examined ${examined} property rows`);
      }
  });

  it(`any search, with any filters and sort, examines at most the page's budget of ${PROPERTIES} property rows`, async () => {
    await fc.assert(
      fc.asyncProperty(searchQuery, async (query) => {
        const examined = await rowsExamined(query);
        const found = await matches(query);
        const most = searchBudget(Number(query["limit"]), found);
        assert.ok(
          examined <= most,
          `${JSON.stringify(query)} examined ${examined} property rows (budget ${most}, ${found} matches)`,
        );
        const cards = await rowsExamined(query, "property_cards");
        assert.ok(cards <= Number(query["limit"]) + 1, `${JSON.stringify(query)} read ${cards} stored cards`);
      }),
      { numRuns: Number(process.env["RUNS"] ?? 200) },
    );
  });

  it("any search's pages are its matches in the sort's order, however the statement finds them", async () => {
    const pool = createPool(url, 1);
    try {
      await fc.assert(
        fc.asyncProperty(searchQuery, async (query) => {
          const limit = Number(query["limit"]);
          let cursor: string | null = null;
          // the first pages, through the cursors the API hands out
          for (let page = 0; page < 3; page++) {
            const parsed = ListPropertiesQuery.parse(cursor ? { ...query, cursor } : query);
            const body = JSON.parse(await listPropertiesJson(pool, null, parsed, CHAIN_ID)) as {
              items: { id: string }[];
              nextCursor: string | null;
            };
            const expected = await pageIds(query, page * limit);
            assert.deepEqual(
              body.items.map((item) => item.id),
              expected,
              `${JSON.stringify(query)} page ${page + 1}`,
            );
            const more = (await pageIds(query, (page + 1) * limit)).length > 0;
            assert.equal(body.nextCursor !== null, more, `${JSON.stringify(query)} page ${page + 1}: a next page`);
            if (!body.nextCursor) break;
            cursor = body.nextCursor;
          }
        }),
        { numRuns: Number(process.env["RUNS"] ?? 100) },
      );
    } finally {
      await pool.end();
    }
  });

  // A prepared statement is planned for any values after its first five runs (generic plan). The list's page
  // statement was prepared with its filters as parameters, and the generic plan of a combination that matches nothing
  // (Lisbon has no multifamily properties) walked all 30,000 rows: its EXPLAIN planned for the values, so this file
  // did not see it. Now a page is prepared only when its text holds every value its plan depends on (the closed-set
  // filters as literals; a city is a parameter, so that page runs unnamed), and rowsExamined above reads the generic
  // plan of every prepared page too.
  it("the list prepares a page only when the text holds the values its plan depends on", async () => {
    const pool = createPool(url, 1);
    try {
      const rare = ListPropertiesQuery.parse({ city: "Lisbon", type: "MULTIFAMILY", sort: "createdAt", order: "desc" });
      const common = ListPropertiesQuery.parse({ country: "PT", sort: "createdAt", order: "desc", limit: "20" });
      for (let run = 0; run < 8; run++) {
        assert.equal(await listPropertiesJson(pool, null, rare, CHAIN_ID), `{"items":[],"nextCursor":null}`);
        const page = JSON.parse(await listPropertiesJson(pool, null, common, CHAIN_ID)) as { items: unknown[] };
        assert.equal(page.items.length, 20);
      }
      const { rows: prepared } = await pool.query<{ statement: string; generic: number }>(
        "SELECT statement, generic_plans AS generic FROM pg_prepared_statements",
      );
      assert.deepEqual(
        prepared.map((p) => p.statement),
        [listPageSql(null, common, CHAIN_ID).sql],
      );
      assert.match(prepared[0]!.statement, /country = 'PT'::char\(2\)/);
      // planned for its values five times, then its one plan (as good: the values are in the text) from the sixth
      assert.equal(Number(prepared[0]!.generic), 3);
    } finally {
      await pool.end();
    }
  });

  it("a city and a type that never go together read no row of either index's other filter (migration list_cards)", async () => {
    const query = { city: "Lisbon", type: "MULTIFAMILY", sort: "createdAt", order: "desc", limit: "20" };
    const { sql, args } = listPageSql(null, ListPropertiesQuery.parse(query), CHAIN_ID);
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: IndexedPlan }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      args,
    );
    // before: a BitmapAnd of the type index (every multifamily property) and the city index (every Lisbon one)
    assert.equal(indexEntriesRead(rows[0]!["QUERY PLAN"][0].Plan), 0);
  });
});

interface IndexedPlan {
  "Node Type": string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: IndexedPlan[];
}

/** Index entries the plan's bitmap index scans read (a plain index scan's entries are its rows, counted above). */
function indexEntriesRead(node: IndexedPlan): number {
  const own = node["Node Type"] === "Bitmap Index Scan" ? node["Actual Rows"] * node["Actual Loops"] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + indexEntriesRead(child), 0);
}
