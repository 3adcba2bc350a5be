/**
 * Property-based tests (fast-check): random and malformed payloads, headers and path parameters thrown at every
 * write route. Invariants: never a 5xx; a refused request (4xx) changes nothing in the database (fingerprint of
 * every table's content before = after); and the audit chain stays valid after everything that was accepted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { z } from "zod";
import { allRoutes } from "../src/http/routes.ts";
import { client, createTestContext, type TestContext } from "./support/harness.ts";
import { rows as registryRows } from "./authz/registry.ts";
import type { Caller, MatrixRow, World } from "./authz/types.ts";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 15);

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("2026-02-30", "2026-01-01", "9999-99-99", "1e309", "-1", "0", "0.001", "100000000000000000.00", "NaN", "EUR", "PT", "ACTIVE", "VERIFIED", "ADMIN", "\u0000", "💥".repeat(50), "x".repeat(5_000)),
  fc.uuid(),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** Objects with the route's own keys (so values reach the rules), plus junk keys and arbitrary JSON. */
function payloads(schema: z.ZodType | undefined): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const shaped = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), scalar, { maxKeys: keys.length }).chain((base) => fc.record({ extra: fc.option(scalar) }).map(({ extra }) => (extra === null ? base : { ...base, [`k${JSON.stringify(extra).slice(0, 5)}`]: extra })))
    : fc.constant({});
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 2, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constantFrom("{not json", "[1,2", '{"a":', "null", "") });
}

async function fingerprint(databaseUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const tables = (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`)).rows.map((r) => r.t);
    const parts = await Promise.all(tables.map(async (t) => (await c.query<{ h: string | null }>(`SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) AS h FROM "${t}" x`)).rows[0]!.h ?? "-"));
    return tables.map((t, i) => `${t}:${parts[i]}`).join("|");
  } finally {
    await c.end();
  }
}

describe("property-based: random payloads at every write route", () => {
  let t: TestContext;
  let world: World;
  before(async () => {
    t = await createTestContext();
    const [investor, owner, otherManager, officer] = await Promise.all([t.user("INVESTOR"), t.user("PROPERTY_MANAGER"), t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    world = { t, owner, users: { investor, owner, otherManager, officer, admin: t.admin } };
  });
  after(async () => t.close());

  const writes = allRoutes.filter((r) => r.method !== "get" && !r.path.startsWith("/auth/logout"));
  const rowFor = (route: string): MatrixRow | undefined => registryRows.find((r) => r.route === route);

  for (const route of writes) {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const row = rowFor(name);
    if (!row) continue; // routes of other domains carry their own property tests
    it(`${name}: never a 5xx, never a partial write`, async () => {
      const caller: Exclude<Caller, "anonymous"> = row.allow === "everyone" || row.allow.includes("admin") ? "admin" : row.allow.includes("owner") ? "owner" : "officer";
      const valid = await row.request(world, caller);
      const user = world.users[caller];
      const http = client(t.baseUrl, user.cookie);
      const pathVariants = fc.oneof(
        { weight: 6, arbitrary: fc.constant(valid.path) },
        { weight: 1, arbitrary: fc.uuid().map((u) => valid.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, u)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((s) => valid.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, encodeURIComponent(s) || "x")) },
      );
      const headerVariants = fc.record({
        ifMatch: fc.option(fc.oneof(fc.constant(valid.headers?.["if-match"] ?? '"1"'), fc.string({ maxLength: 12 }), fc.nat().map((n) => `"${n}"`)), { nil: undefined }),
        key: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constant("fuzz-key-00000001")), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(payloads(route.body), pathVariants, headerVariants, fc.uint8Array({ maxLength: 64 }), async (body, path, h, bytes) => {
          const headers: Record<string, string> = {};
          if (h.ifMatch !== undefined) headers["if-match"] = h.ifMatch.replace(/[^\x20-\x7e]/g, "");
          if (h.key !== undefined) headers["idempotency-key"] = h.key.replace(/[^\x20-\x7e]/g, "");
          const before = await fingerprint(t.databaseUrl);
          let res;
          if (route.upload) {
            const form = new FormData();
            if (body && typeof body === "object" && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) form.append(k, typeof v === "string" ? v : JSON.stringify(v));
            if (bytes.length % 3 !== 0) form.append(route.upload.field, new Blob([bytes]), "f.bin");
            res = await http.request(route.method.toUpperCase(), path, undefined, { headers, raw: form });
          } else {
            res = await http.request(route.method.toUpperCase(), path, typeof body === "string" ? body : JSON.stringify(body), { headers: { "content-type": "application/json", ...headers } });
          }
          assert.ok(res.status < 500, `${name} answered ${res.status}: ${res.text.slice(0, 300)} for ${JSON.stringify(body).slice(0, 200)}`);
          if (res.status >= 400) {
            assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
            assert.equal(await fingerprint(t.databaseUrl), before, `${name} refused (${res.status}) but changed the database`);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("leaves a valid audit chain behind", async () => {
    const res = await client(t.baseUrl, t.admin.cookie).get("/api/v1/audit/verify");
    assert.equal(res.body.valid, true);
  });
});
