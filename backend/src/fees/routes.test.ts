/**
 * Issue 20: the fee routes' unhappy paths, by generators: any query that is not a pair of ISO 8601 times in order
 * is a 400 problem+json naming the field, never a 5xx; any valid window answers 200 (nothing synced: no revenue,
 * no schedule). Who may call them is the authorization matrix's (test/authz/fees.ts); what they return on a real
 * chain is src/chain/sync/fees.test.ts's.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";

const REVENUE = `${API}/admin/fees/revenue`;
const instant = fc.date({
  min: new Date("1970-01-01T00:00:00Z"),
  max: new Date("2200-01-01T00:00:00Z"),
  noInvalidDate: true,
});

describe("20 fee routes: bad input", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t?.close());

  it("refuses anything that is not an ISO 8601 time as from or to, with problem+json", async () => {
    const notATime = fc
      .string({ maxLength: 40 })
      .filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d{2}-\d{2}T/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("from", "to"), notATime, async (field, value) => {
        const res = await t.as(t.admin).get(`${REVENUE}?${field}=${encodeURIComponent(value)}`);
        assert.equal(res.status, 400, `${field}=${JSON.stringify(value)}: ${res.text}`);
        assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
        assert.ok(
          JSON.stringify(res.body.errors).includes(field),
          `the problem names ${field}: ${JSON.stringify(res.body)}`,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("refuses a window that ends before it starts, and answers any other window", async () => {
    await fc.assert(
      fc.asyncProperty(instant, instant, async (a, b) => {
        const res = await t.as(t.admin).get(`${REVENUE}?from=${a.toISOString()}&to=${b.toISOString()}`);
        if (a.getTime() > b.getTime()) {
          assert.equal(res.status, 400, res.text);
          assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
        } else {
          assert.equal(res.status, 200, res.text);
          assert.deepEqual([res.body.from, res.body.to], [a.toISOString(), b.toISOString()]);
          assert.deepEqual([res.body.totals, res.body.properties], [[], []]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives an empty schedule before the sync has read the fee contract", async () => {
    const res = await t.anonymous.get(`${API}/fees`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.kinds, res.body.overrides], [[], []]);
  });
});
