/**
 * Property-based tests (fast-check) at every write route of the authorization registry (test/authz/registry.ts).
 * Invariants of every request: never a 5xx; a refusal is problem+json and changes nothing in the database (the
 * fingerprint of every table before = after, support/fingerprint.ts); and the audit chain stays valid after
 * everything that was accepted.
 *
 * The classes of input, and where each is covered:
 * - several of the route's own body fields wrong at once (any subset of its zod keys, each any scalar: wrong types,
 *   impossible dates, huge numbers, NUL, 5,000-character strings, arrays, objects; plus one unknown key): HERE,
 *   every run. fuzz-openapi.test.ts changes one leaf of a valid body at a time, so this combination is this file's;
 * - path ids that name nothing or are not ids, If-Match and Idempotency-Key variants: here as a second dimension of
 *   every run, and in fuzz-openapi.test.ts for every operation;
 * - upload routes: the shaped fields as form fields with random bytes as the file, here; malformed multipart in
 *   fuzz-openapi.test.ts;
 * - arbitrary JSON values and malformed JSON bodies: fuzz-openapi.test.ts only (jsonValue and raw broken JSON at
 *   every operation, anonymous and every role); they were 3 runs in 8 here, the same class twice.
 *
 * Runs: FUZZ_RUNS per route (default 10) from a fixed seed per route (FUZZ_SEED, default 1412), so a CI run is
 * repeatable and a failure names its seed and path; FUZZ_SEED=random explores new cases.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { z } from "zod";
import { allRoutes } from "../src/http/routes.ts";
import { client, createTestContext, type TestContext } from "./support/harness.ts";
import { matrixWorld } from "./support/authz-matrix.ts";
import { openFingerprint } from "./support/fingerprint.ts";
import { rows as registryRows } from "./authz/registry.ts";
import type { Caller, MatrixRow, World } from "./authz/types.ts";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 10);
const SEED = process.env["FUZZ_SEED"] === "random" ? undefined : Number(process.env["FUZZ_SEED"] ?? 1412);

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    "2026-02-30",
    "2026-01-01",
    "9999-99-99",
    "1e309",
    "-1",
    "0",
    "0.001",
    "100000000000000000.00",
    "NaN",
    "EUR",
    "PT",
    "ACTIVE",
    "VERIFIED",
    "ADMIN",
    "\u0000",
    "💥".repeat(50),
    "x".repeat(5_000),
  ),
  fc.uuid(),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** Objects with the route's own keys (so values reach the rules), each any scalar, sometimes with one junk key. */
function payloads(schema: z.ZodType | undefined): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  if (!keys.length) return fc.constant({});
  return fc
    .dictionary(fc.constantFrom(...keys), scalar, { maxKeys: keys.length })
    .chain((base) =>
      fc
        .record({ extra: fc.option(scalar) })
        .map(({ extra }) => (extra === null ? base : { ...base, [`k${JSON.stringify(extra).slice(0, 5)}`]: extra })),
    );
}

describe("property-based: random payloads at every write route", () => {
  let t: TestContext;
  let world: World;
  let fingerprint: Awaited<ReturnType<typeof openFingerprint>>;
  before(async () => {
    t = await createTestContext();
    world = await matrixWorld(t);
    fingerprint = await openFingerprint(t.databaseUrl);
  });
  after(async () => {
    await fingerprint.close();
    await t.close();
  });

  it("the fingerprint sees an insert, an update (even to the same value) and a delete", async () => {
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      const id = "00000000-0000-4000-8000-00000000f00d";
      for (const sql of [
        `INSERT INTO users (id, address, "updatedAt") VALUES ('${id}', '0xfingerprint', now())`,
        `UPDATE users SET "displayNameKeyId" = "displayNameKeyId" WHERE id = '${id}'`,
        `DELETE FROM users WHERE id = '${id}'`,
      ]) {
        const before = await fingerprint.take();
        await c.query(sql);
        assert.notEqual(await fingerprint.take(), before, sql);
      }
      assert.equal(await fingerprint.take(), await fingerprint.take(), "reading changes nothing");
    } finally {
      await c.end();
    }
  });

  const writes = allRoutes.filter((r) => r.method !== "get" && !r.path.startsWith("/auth/logout"));
  const rowFor = (route: string): MatrixRow | undefined => registryRows.find((r) => r.route === route);

  for (const [index, route] of writes.entries()) {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const row = rowFor(name);
    if (!row) continue; // routes of other domains carry their own property tests
    it(`${name}: never a 5xx, never a partial write`, async () => {
      const caller: Exclude<Caller, "anonymous"> =
        row.allow === "everyone" || row.allow.includes("admin")
          ? "admin"
          : row.allow.includes("owner")
            ? "owner"
            : "officer";
      const valid = await row.request(world, caller);
      const user = world.users[caller];
      const http = client(t.baseUrl, user.cookie);
      const pathVariants = fc.oneof(
        { weight: 6, arbitrary: fc.constant(valid.path) },
        {
          weight: 1,
          arbitrary: fc
            .uuid()
            .map((u) => valid.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, u)),
        },
        {
          weight: 1,
          arbitrary: fc
            .string({ maxLength: 12 })
            .map((s) =>
              valid.path.replace(
                /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
                encodeURIComponent(s) || "x",
              ),
            ),
        },
      );
      const headerVariants = fc.record({
        ifMatch: fc.option(
          fc.oneof(
            fc.constant(valid.headers?.["if-match"] ?? '"1"'),
            fc.string({ maxLength: 12 }),
            fc.nat().map((n) => `"${n}"`),
          ),
          { nil: undefined },
        ),
        key: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constant("fuzz-key-00000001")), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(
          payloads(route.body),
          pathVariants,
          headerVariants,
          fc.uint8Array({ maxLength: 64 }),
          async (body, path, h, bytes) => {
            const headers: Record<string, string> = {};
            if (h.ifMatch !== undefined) headers["if-match"] = h.ifMatch.replace(/[^\x20-\x7e]/g, "");
            if (h.key !== undefined) headers["idempotency-key"] = h.key.replace(/[^\x20-\x7e]/g, "");
            const before = await fingerprint.take();
            let res;
            if (route.upload) {
              const form = new FormData();
              if (body && typeof body === "object" && !Array.isArray(body))
                for (const [k, v] of Object.entries(body))
                  form.append(k, typeof v === "string" ? v : JSON.stringify(v));
              if (bytes.length % 3 !== 0) form.append(route.upload.field, new Blob([bytes]), "f.bin");
              res = await http.request(route.method.toUpperCase(), path, undefined, { headers, raw: form });
            } else {
              res = await http.request(
                route.method.toUpperCase(),
                path,
                typeof body === "string" ? body : JSON.stringify(body),
                { headers: { "content-type": "application/json", ...headers } },
              );
            }
            assert.ok(
              res.status < 500,
              `${name} answered ${res.status}: ${res.text.slice(0, 300)} for ${JSON.stringify(body).slice(0, 200)}`,
            );
            if (res.status >= 400) {
              assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
              assert.equal(
                await fingerprint.take(),
                before,
                `${name} refused (${res.status}) but changed the database`,
              );
            }
          },
        ),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED + index }) },
      );
    });
  }

  it("leaves a valid audit chain behind", async () => {
    const res = await client(t.baseUrl, t.admin.cookie).get("/api/v1/audit/verify");
    assert.equal(res.body.valid, true);
  });
});
