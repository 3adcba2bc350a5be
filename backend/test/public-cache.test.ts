/**
 * The public response cache against real PostgreSQL, with two API instances on one database: anonymous repeats
 * are served from memory byte for byte, and every committed change to a table the responses read (through either
 * instance, or straight SQL as the chain sync or a script would) drops the entries of every instance.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { REGISTRY_CHANNEL } from "../src/db/change-feed.ts";
import { API, createProperty, verifiedProperty } from "./support/fixtures.ts";
import { createTestContext, type ApiResponse, type TestContext, type TestUser } from "./support/harness.ts";

const HIT = "freehold; hit";
const MISS = "freehold; fwd=miss";
const BYPASS = "freehold; fwd=bypass";

/** Polls `read` until `done` holds (the change feed is asynchronous: a notification arrives after the commit). */
async function eventually(
  read: () => Promise<ApiResponse>,
  done: (r: ApiResponse) => boolean,
  what: string,
): Promise<ApiResponse> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const r = await read();
    if (done(r)) return r;
    if (Date.now() > deadline)
      assert.fail(`${what}: last response ${r.status} ${r.headers.get("cache-status")} ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("public response cache", () => {
  let a: TestContext;
  let b: TestContext;
  let sql: pg.Client;
  let manager: TestUser;
  let propertyId: string;
  const listPath = `${API}/properties?status=VERIFIED&sort=createdAt&order=desc&limit=20`;

  before(async () => {
    a = await createTestContext({}, { publicCache: true });
    b = await createTestContext({}, { publicCache: true, databaseUrl: a.databaseUrl });
    sql = new pg.Client({ connectionString: a.databaseUrl });
    await sql.connect();
    manager = await a.user("PROPERTY_MANAGER");
    const officer = await a.user("COMPLIANCE_OFFICER");
    propertyId = (await verifiedProperty(a, manager, officer)).property.id;
  });
  after(async () => {
    await sql.end();
    await b.close();
    await a.close();
  });

  it("serves an anonymous repeat from memory, byte for byte what the database gave, with the ETag", async () => {
    const first = await eventually(
      () => a.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === MISS,
      "first read is a stored miss",
    );
    const second = await a.anonymous.get(listPath);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("cache-status"), HIT);
    assert.equal(second.text, first.text);
    assert.ok(first.body.items.some((p: { id: string }) => p.id === propertyId));
    const detailPath = `${API}/properties/${propertyId}`;
    const d1 = await a.anonymous.get(detailPath);
    const d2 = await a.anonymous.get(detailPath);
    assert.equal(d2.headers.get("cache-status"), HIT);
    assert.equal(d2.text, d1.text);
    assert.equal(d2.headers.get("etag"), d1.headers.get("etag"));
    assert.ok(d2.headers.get("x-request-id"), "hits still carry a request id");
    assert.ok(d2.headers.get("content-security-policy"), "and the security headers");
  });

  it("drops the entries of every instance when either one commits a change", async () => {
    await eventually(
      () => b.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === HIT,
      "instance b warmed up",
    );
    await eventually(
      () => a.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === HIT,
      "instance a warmed up",
    );
    const valued = await a.as(manager).post(`${API}/properties/${propertyId}/valuations`, {
      amount: "7777777.00",
      currency: "EUR",
      method: "APPRAISAL",
      valuer: "CBRE",
      valuedOn: "2026-01-01",
    });
    assert.equal(valued.status, 201, valued.text);
    // the listed value is the approved one: the approval is the change the caches must see
    assert.equal((await a.as(a.admin).post(`${API}/valuations/${valued.body.id}/approve`, {})).status, 200);
    for (const instance of [a, b]) {
      const fresh = await eventually(
        () => instance.anonymous.get(listPath),
        (r) => Number(r.body.items.find((p: { id: string }) => p.id === propertyId)?.currentValuation) === 7777777,
        "the new valuation is listed",
      );
      assert.notEqual(fresh.headers.get("cache-status"), HIT);
    }
  });

  it("drops entries on a change made outside the API (chain sync, scripts), and on the property page", async () => {
    const detailPath = `${API}/properties/${propertyId}`;
    await eventually(
      () => b.anonymous.get(detailPath),
      (r) => r.headers.get("cache-status") === HIT,
      "detail cached",
    );
    await sql.query(`UPDATE properties SET name = 'Renamed by SQL' WHERE id = $1`, [propertyId]);
    await eventually(
      () => b.anonymous.get(detailPath),
      (r) => r.body.name === "Renamed by SQL",
      "the page shows the new name",
    );
  });

  it("never caches for signed-in callers: they see their own drafts and their own writes at once", async () => {
    const draft = await createProperty(a, manager, { name: "Private draft" });
    const mine = `${API}/properties?scope=all&sort=createdAt&order=desc&limit=20`;
    const own = await a.as(manager).get(mine);
    assert.equal(own.headers.get("cache-status"), BYPASS);
    assert.ok(own.body.items.some((p: { id: string }) => p.id === draft.id));
    const again = await a.as(manager).get(mine);
    assert.equal(again.headers.get("cache-status"), BYPASS);
    const anonymous = await eventually(
      () => a.anonymous.get(mine),
      (r) => r.headers.get("cache-status") === HIT,
      "anonymous cached",
    );
    assert.ok(
      !anonymous.body.items.some((p: { id: string }) => p.id === draft.id),
      "a draft is never in the anonymous page",
    );
  });

  it("serves signed-in investors what everyone gets from memory (the marketplace, public property pages)", async () => {
    const investor = await a.user("INVESTOR");
    const market = `${API}/properties?scope=public&sort=createdAt&order=desc&limit=20`;
    const first = await a.as(investor).get(market);
    assert.equal(first.status, 200, first.text);
    const again = await eventually(
      () => a.as(investor).get(market),
      (r) => r.headers.get("cache-status") === HIT,
      "a signed-in investor's marketplace repeat is a hit",
    );
    assert.equal(again.text, first.text);
    // stored from a signed-in request, served to anonymous visitors too: it is the same answer
    assert.equal((await a.anonymous.get(market)).headers.get("cache-status"), HIT);
    const page = await eventually(
      () => a.as(investor).get(`${API}/properties/${propertyId}`),
      (r) => r.headers.get("cache-status") === HIT,
      "a public property's page",
    );
    assert.equal(page.body.id, propertyId);
    // a manager always reads the database (a writer reads its own writes)
    assert.notEqual((await a.as(manager).get(market)).headers.get("cache-status"), HIT);
  });

  it("property: whoever asks, through whichever URL, the cached API answers exactly what the database answers", async () => {
    const plain = await createTestContext({}, { databaseUrl: a.databaseUrl });
    try {
      const officer = await a.user("COMPLIANCE_OFFICER");
      const investor = await a.user("INVESTOR");
      const otherManager = await a.user("PROPERTY_MANAGER");
      const callers = {
        anonymous: (c: TestContext) => c.anonymous,
        investor: (c: TestContext) => c.as(investor),
        owner: (c: TestContext) => c.as(manager),
        otherManager: (c: TestContext) => c.as(otherManager),
        officer: (c: TestContext) => c.as(officer),
        admin: (c: TestContext) => c.as(c.admin),
      };
      const draft = await createProperty(a, manager, { name: "Cache draft" });
      const paths = [
        ...["public", "all", "mine", undefined].flatMap((scope) =>
          ["createdAt", "name"].map(
            (sort) => `${API}/properties?${scope ? `scope=${scope}&` : ""}sort=${sort}&order=desc&limit=20`,
          ),
        ),
        `${API}/properties/${propertyId}`,
        `${API}/properties/${draft.id}`,
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.tuple(fc.constantFrom(...(Object.keys(callers) as (keyof typeof callers)[])), fc.constantFrom(...paths)),
            {
              minLength: 1,
              maxLength: 12,
            },
          ),
          async (requests) => {
            for (const [who, path] of requests) {
              const [cached, direct] = [await callers[who](a).get(path), await callers[who](plain).get(path)];
              assert.equal(cached.status, direct.status, `${who} ${path}`);
              // a refusal's problem names its own request (instance): compare what it says
              const said = (r: ApiResponse) =>
                r.status === 200 ? r.text : JSON.stringify([r.body.type, r.body.title, r.body.detail]);
              assert.equal(said(cached), said(direct), `${who} ${path} (${cached.headers.get("cache-status")})`);
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      await plain.close();
    }
  });

  it("does not cache refusals or invalid requests", async () => {
    for (const path of [`${API}/properties?limit=abc`, `${API}/properties/00000000-0000-4000-8000-000000000000`]) {
      const first = await a.anonymous.get(path);
      const second = await a.anonymous.get(path);
      assert.ok(first.status >= 400 && second.status === first.status, `${path}: ${first.status}`);
      assert.notEqual(second.headers.get("cache-status"), HIT);
    }
  });

  it("bypasses the cache while its change feed is down, and resumes once it reconnects", async () => {
    await eventually(
      () => a.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === HIT,
      "cached",
    );
    const killed = await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'freehold-change-feed' AND datname = current_database()`,
    );
    assert.equal(killed.rowCount, 2, "one feed connection per instance");
    await eventually(
      () => a.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === BYPASS,
      "bypassed while the feed is down",
    );
    await eventually(
      () => a.anonymous.get(listPath),
      (r) => r.headers.get("cache-status") === HIT,
      "cached again after reconnecting",
    );
  });

  it("every table the public responses read notifies at commit, and a rolled-back write does not", async () => {
    const listener = new pg.Client({ connectionString: a.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.payload ?? ""));
    await listener.query(`LISTEN ${REGISTRY_CHANNEL}`);
    try {
      await sql.query("BEGIN");
      await sql.query(`UPDATE properties SET name = name WHERE false`);
      await sql.query("ROLLBACK");
      const tables = [
        "properties",
        "land_titles",
        "encumbrances",
        "property_documents",
        "property_units",
        "valuations",
        "leases",
        "chain_offerings",
      ];
      // A statement-level trigger fires even when no row matches: each statement below notifies once, at commit.
      for (const table of tables) await sql.query(`DELETE FROM ${table} WHERE false`);
      const deadline = Date.now() + 5_000;
      while (heard.length < tables.length && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(heard, tables, "in commit order, nothing from the rolled-back transaction");
    } finally {
      await listener.end();
    }
  });
});
