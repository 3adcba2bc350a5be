/**
 * Full-text search (`q`, issue 17): generated names, cities and descriptions prove that every property whose text
 * holds the searched words is found (the last word also as a prefix), through every page; and that text shaped
 * like SQL or tsquery syntax is only ever words to look for.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { hasWords } from "./testing.ts";

const API = "/api/v1";
let t: TestContext;
let owner: TestUser;

before(async () => {
  t = await createTestContext();
  owner = await t.user("PROPERTY_MANAGER");
});
after(() => t.close());

/** A GET on a connection of its own (no keep-alive: a pooled socket the server is closing would fail the run). */
function fetchOnce(url: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"] ?? "", body }),
        );
      })
      .on("error", reject);
  });
}

/** Every id the search returns for `q`, following nextCursor to the end. */
async function search(q: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ q, limit: "7", sort: "name", order: "asc", ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${t.baseUrl}${API}/properties?${query}`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text) as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error(`more than 100 pages for ${q}`);
}

// Words of letters (ASCII in either case, and lowercase accented letters: the test cluster's C locale lowercases
// ASCII only) or numbers, joined by the separators people type in addresses.
const letter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZãçéüøñ");
const word = fc.oneof(
  fc.string({ unit: letter, minLength: 1, maxLength: 9 }),
  fc.integer({ min: 0, max: 99_999 }).map(String),
);
const sentence = fc
  .array(fc.tuple(word, fc.constantFrom(" ", ", ", " - ", " (", ") ", "; ")), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([w, sep], i) => (i === parts.length - 1 ? w : w + sep)).join(""));
const listing = fc.record({ name: sentence, city: sentence, description: fc.option(sentence, { nil: null }) });

async function insert(rows: { name: string; city: string; description: string | null }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const [row] = await t.db.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO properties (id, "ownerId", name, description, type, status, "addressLine1", city, country, currency, "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, $2, $3, 'RESIDENTIAL', 'VERIFIED', '1 Rua', $4, 'PT', 'EUR', now()) RETURNING id`,
      owner.id,
      r.name,
      r.description,
      r.city,
    );
    ids.push(row!.id);
  }
  return ids;
}

/** ASCII letters flipped to the other case at random (the search ignores case). */
const recase = (w: string, flips: boolean[]): string =>
  [...w].map((c, i) => (flips[i % flips.length] && /[a-z]/i.test(c) ? c.toUpperCase() : c.toLowerCase())).join("");

describe("full-text search (q)", () => {
  it("finds every property whose name, city or description holds the searched words, the last one as a prefix", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(listing, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        async (rows, pick, first, second, prefix, flips) => {
          const ids = await insert(rows);
          try {
            const target = rows[pick % rows.length]!;
            const text = `${target.name} ${target.city} ${target.description ?? ""}`;
            const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
            const last = words[second % words.length]!;
            // one word, or two: a whole word and the start of another (both may come from different fields)
            const q = recase(
              second % 2 ? `${words[first % words.length]!} ${last.slice(0, prefix)}` : last.slice(0, prefix),
              flips,
            );
            const found = new Set(await search(q));
            assert.ok(found.has(ids[pick % rows.length]!), `${JSON.stringify(q)} did not find ${JSON.stringify(text)}`);
            // and among the generated rows, only those the rule accepts
            for (const [i, r] of rows.entries())
              assert.equal(found.has(ids[i]!), hasWords(`${r.name} ${r.city} ${r.description ?? ""}`, q), q);
          } finally {
            await t.db.$executeRawUnsafe(`DELETE FROM properties WHERE id = ANY($1::uuid[])`, ids);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reads SQL, tsquery operators and quotes as plain text: never an error, never a change", async () => {
    const [marker] = await insert([{ name: "Harbour View", city: "Porto", description: "drop table nothing" }]);
    const count = async () => (await t.db.property.count()) as number;
    const before = await count();
    const nasty = [
      `'; DROP TABLE properties; --`,
      `harbour' OR '1'='1`,
      `harbour & !view`,
      `harbour | x:*`,
      `view <-> harbour`,
      `(harbour`,
      `\\'harbour\\`,
      `"harbour view"`,
      `harbour:A`,
      `%_%`,
      `drop table`,
    ];
    for (const q of nasty) await search(q);
    // Operators are not operators: "harbour & !view" still finds the harbour with a view.
    assert.deepEqual(await search("harbour & !view"), [marker]);
    assert.deepEqual(await search(`'; DROP TABLE properties; --`), []);
    assert.deepEqual(await search("drop table"), [marker]);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 100, unit: "binary" }), async (q) => {
        const res = await fetchOnce(`${t.baseUrl}${API}/properties?q=${encodeURIComponent(q)}`);
        assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${JSON.stringify(q)}: ${res.body}`);
        if (res.status === 400) assert.match(res.contentType, /^application\/problem\+json/);
      }),
      { numRuns: 60 },
    );
    assert.equal(await count(), before);
  });
});
