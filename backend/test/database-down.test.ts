/**
 * Finding (issue 18, fault run `npm run chaos`): with the database down, requests answered 500 "internal". A
 * dependency outage is a 503 problem with Retry-After (clients and load balancers retry), and the service answers
 * normally again once the database is back. Real PostgreSQL: the test's database stops accepting connections and
 * every open connection of the app is terminated, as in a fast shutdown.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { createPool } from "../src/db/pool.ts";
import { fromDatabaseError, isDatabaseUnavailable } from "../src/http/problem.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API } from "./support/fixtures.ts";

describe("database down", () => {
  let t: TestContext;
  let investor: TestUser;
  let admin: pg.Client;
  let name: string;
  const setConnections = async (allow: boolean): Promise<void> => {
    await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allow}`);
    if (!allow) await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
  };
  before(async () => {
    t = await createTestContext();
    investor = await t.user();
    name = new URL(t.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env["FREEHOLD_TEST_PG_ADMIN_URL"] });
    await admin.connect();
  });
  after(async () => {
    await setConnections(true).catch(() => undefined);
    await admin.end();
    await t.close();
  });

  it("answers 503 with Retry-After while the database is unreachable, and 200 once it is back", async () => {
    await setConnections(false);
    for (const [who, path] of [
      [t.anonymous, `${API}/properties`],
      [t.as(investor), `${API}/auth/me`],
      [t.as(investor), `${API}/kyc/applications`],
    ] as const) {
      // Twice: the first use of a terminated pooled connection and a new connection that is refused.
      for (const attempt of [1, 2]) {
        const res = await who.get(path);
        assert.equal(res.status, 503, `${path} (attempt ${attempt}): ${res.text}`);
        assert.equal(res.headers.get("retry-after"), "5");
        assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
        assert.equal((res.body as { code: string }).code, "unavailable");
      }
    }
    await setConnections(true);
    const back = await t.anonymous.get(`${API}/properties`);
    assert.equal(back.status, 200, back.text);
    assert.equal((await t.as(investor).get(`${API}/auth/me`)).status, 200);
  });

  it("classifies every connection-class SQLSTATE and shutdown code as an outage, however wrapped, and no data error", () => {
    const sqlState = fc.stringMatching(/^[0-9A-Z]{5}$/);
    const wrap = (code: string, how: number): unknown =>
      [
        Object.assign(new Error("pg"), { code }),
        new Error("adapter", { cause: { originalCode: code, message: "x" } }),
        new Error("outer", { cause: new Error("middle", { cause: Object.assign(new Error("pg"), { code }) }) }),
      ][how];
    fc.assert(
      fc.property(sqlState, fc.nat(2), (code, how) => {
        const outage = code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code);
        assert.equal(isDatabaseUnavailable(wrap(code, how)), outage, code);
        if (outage) assert.equal(fromDatabaseError(wrap(code, how))?.code, "unavailable");
      }),
    );
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"])
      assert.ok(isDatabaseUnavailable(new Error("x", { cause: Object.assign(new Error(code), { code }) })));
    // Refusals stay refusals.
    for (const code of ["23505", "23514", "40001", "22P02"])
      assert.notEqual(fromDatabaseError(Object.assign(new Error("x"), { code }))?.code, "unavailable");
  });

  // Finding (issue 18, fault run, seed 1234): a fast shutdown of the database killed the backend process: a pooled
  // connection that is terminated while checked out between queries, or while idle, emits 'error', and without a
  // listener Node ends the process. The connection must simply be dead for its next query.
  it("a pooled connection terminated while checked out or idle does not end the process", async () => {
    const pool = createPool(t.databaseUrl, 2);
    const checkedOut = await pool.connect();
    await pool.query("SELECT 1"); // a second connection, idle in the pool afterwards
    await setConnections(false);
    await new Promise((r) => setTimeout(r, 300)); // the termination reaches both sockets
    // ... and its next query fails with an error the mapping answers as an outage (503), not a 500.
    await assert.rejects(checkedOut.query("SELECT 1"), (error: Error) => {
      assert.ok(isDatabaseUnavailable(error), error.message);
      return true;
    });
    checkedOut.release(true);
    await setConnections(true);
    assert.equal((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one, 1);
    await pool.end();
  });
});
