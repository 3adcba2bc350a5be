/**
 * Which marketplace pages are prepared (read.ts listPageSql, issue 17). A prepared statement may be run with a plan
 * made for any values (its generic plan), so it is prepared only when none of its parameters is a value its plan
 * depends on: its only parameters are the chain id (which picks a card's offering) and a search's words (never
 * estimated). Filters from closed sets are literals in its text; a city, a valuation range, an owner or manager, the
 * caller's own id and a cursor are parameters and keep the page unnamed. Over generated queries and callers, with no
 * database: list-plans.test.ts holds the generic plans of the prepared pages to a page's budget of rows.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Actor } from "../auth/actor.ts";
import { encodeCursor } from "../core/cursor.ts";
import { listPageSql } from "./read.ts";
import { ListPropertiesQuery, PropertyStatus, PropertyType } from "./schemas.ts";

const CHAIN_ID = 31337;
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const uuid = fc.uuid({ version: 4 });
const CURSOR_KEY = {
  createdAt: fc
    .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  name: fc.string({ minLength: 1, maxLength: 12 }),
  valuation: fc.option(fc.integer({ min: 0, max: 10_000_000 }).map(String), { nil: null }),
} as const;

const query = fc
  .record({
    status: optional(fc.constantFrom(...PropertyStatus.options)),
    type: optional(fc.constantFrom(...PropertyType.options)),
    country: optional(fc.constantFrom("PT", "ES", "DE", "US")),
    city: optional(fc.constantFrom("Lisbon", "porto", "O'Brien's Town")),
    minValuation: optional(fc.constantFrom("100000", "250000.5")),
    maxValuation: optional(fc.constantFrom("5000000")),
    q: optional(fc.constantFrom("lisbon", "property 11", "'; drop table properties; --")),
    ownerId: optional(uuid),
    managerId: optional(uuid),
    scope: fc.constantFrom("public", "mine", "all"),
    sort: fc.constantFrom("createdAt", "name", "valuation"),
    order: fc.constantFrom("asc", "desc"),
    limit: fc.constantFrom("1", "20", "100"),
    withCursor: fc.boolean(),
  })
  .chain(({ withCursor, ...fields }) =>
    (withCursor
      ? fc.tuple(CURSOR_KEY[fields.sort], uuid).map(([key, id]) => encodeCursor([key, id]))
      : fc.constant(undefined)
    ).map((cursor) => {
      const raw: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...fields, cursor })) if (value !== undefined) raw[key] = value;
      return ListPropertiesQuery.parse(raw);
    }),
  );

const actor: fc.Arbitrary<Actor> = fc.record({
  id: uuid,
  address: fc.constant("0x000000000000000000000000000000000000bEEF"),
  roles: fc.subarray(["INVESTOR", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER", "ADMIN"] as const),
});

describe("marketplace page statements", () => {
  it("a prepared page's only parameters are the chain id and the search's words", () => {
    fc.assert(
      fc.property(query, fc.option(actor, { nil: null }), (q, caller) => {
        if (q.scope === "mine" && !caller) return; // a 401 before any statement
        const { sql, args, prepare } = listPageSql(caller, q, CHAIN_ID);
        const neutral = [String(CHAIN_ID), ...(q.q ? [q.q] : [])];
        const valueDependent =
          q.city !== undefined ||
          q.minValuation !== undefined ||
          q.maxValuation !== undefined ||
          q.ownerId !== undefined ||
          q.managerId !== undefined ||
          q.cursor !== undefined ||
          args.includes(caller?.id);
        assert.equal(prepare, !valueDependent, `${JSON.stringify(q)} as ${JSON.stringify(caller)}`);
        if (prepare) assert.deepEqual(args, neutral);
        // the closed-set filters are literals of the text, whether prepared or not
        if (q.status) assert.ok(sql.includes(`status = '${q.status}'::"PropertyStatus"`));
        if (q.type) assert.ok(sql.includes(`type = '${q.type}'::"PropertyType"`));
        if (q.country) assert.ok(sql.includes(`country = '${q.country}'::char(2)`));
        // user text never reaches the text: the city and the words are parameters
        for (const text of [q.city, q.q]) if (text) assert.ok(!sql.includes(text) && args.includes(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("the marketplace's first pages are prepared: closed-set filters, a sort, a search", () => {
    for (const raw of [
      { status: "VERIFIED", country: "PT", type: "RESIDENTIAL", sort: "valuation", order: "desc" },
      { status: "OFFERING" },
      { q: "Property 11", sort: "name", order: "asc" },
    ]) {
      assert.equal(listPageSql(null, ListPropertiesQuery.parse(raw), CHAIN_ID).prepare, true, JSON.stringify(raw));
    }
    const mine = ListPropertiesQuery.parse({ scope: "mine" });
    const me: Actor = { id: randomUUID(), address: "0x000000000000000000000000000000000000bEEF", roles: ["INVESTOR"] };
    assert.equal(listPageSql(me, mine, CHAIN_ID).prepare, false);
  });
});
