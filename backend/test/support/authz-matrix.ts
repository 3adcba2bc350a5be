/**
 * Every route x every caller (anonymous, investor, owning manager, another manager, compliance officer, admin)
 * -> allowed or denied, driven by the rows in test/authz/. The rows run in several test files (`describeMatrix`
 * over a few row files each), so no one file nears the per-file timeout on a loaded machine; `authz-matrix.test.ts`
 * checks that every declared route has exactly one row and every row file runs in exactly one of them.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { allRoutes } from "../../src/http/routes.ts";
import { client, createTestContext, signIn, type TestContext } from "./harness.ts";
import { CALLERS, type MatrixRow, type World } from "../authz/types.ts";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../authz");

/** The row files of test/authz/ (every .ts file there but the types). */
export async function rowFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".ts") && f !== "types.ts").sort();
}

/** The rows of `files` (names in test/authz/), every row file's when omitted. */
export async function loadRows(files?: readonly string[]): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const file of files ?? (await rowFiles()))
    rows.push(...((await import(path.join(dir, file))) as { rows: MatrixRow[] }).rows);
  return rows;
}

/**
 * Which test file runs which row files: each group starts its own backend, so the groups run in parallel and none
 * nears the per-file timeout. `authz-matrix.test.ts` fails when a row file is in no group or in two.
 */
export const MATRIX_GROUPS = {
  registry: ["registry.ts"],
  compliance: ["kyc-aml.ts", "placements.ts", "relay.ts", "fees.ts", "dashboard.ts", "rent-summary.ts"],
  money: ["notifications.ts", "financials.ts", "valuations.ts", "chain.ts", "portfolio.ts"],
} as const satisfies Record<string, readonly string[]>;

export const declaredRoutes = allRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
const isPublic = (route: string): boolean =>
  allRoutes.some((r) => `${r.method.toUpperCase()} ${r.path}` === route && r.access === "public");

/** The matrix's callers: one user of each role (the owner owns what rows create), and the admin. */
export async function matrixWorld(t: TestContext): Promise<World> {
  const [investor, owner, otherManager, officer] = await Promise.all([
    t.user("INVESTOR"),
    t.user("PROPERTY_MANAGER"),
    t.user("PROPERTY_MANAGER"),
    t.user("COMPLIANCE_OFFICER"),
  ]);
  return { t, owner, users: { investor, owner, otherManager, officer, admin: t.admin } };
}

/** Runs the rows of `files` (names in test/authz/) against one backend with one set of users. */
export async function describeMatrix(title: string, files: readonly string[]): Promise<void> {
  const rows = await loadRows(files);
  describe(`authorization matrix: ${title}`, () => {
    let t: TestContext;
    let world: World;
    before(async () => {
      // With the session cache on, as production runs: every caller after its first request is served the actor
      // from memory, so the matrix also holds for cached actors.
      t = await createTestContext({}, { sessionCache: true });
      const [investor, owner, otherManager, officer] = await Promise.all([
        t.user("INVESTOR"),
        t.user("PROPERTY_MANAGER"),
        t.user("PROPERTY_MANAGER"),
        t.user("COMPLIANCE_OFFICER"),
      ]);
      world = { t, owner, users: { investor, owner, otherManager, officer, admin: t.admin } };
    });
    after(async () => t.close());

    for (const row of rows) {
      it(row.route, async () => {
        const [method] = row.route.split(" ") as [string];
        for (const caller of CALLERS) {
          const allowed = row.allow === "everyone" || row.allow.includes(caller);
          const req = await row.request(world, caller);
          let cookie: string | undefined;
          if (caller !== "anonymous") {
            const user = world.users[caller];
            cookie = req.freshSession ? (await signIn(t.baseUrl, t.config, user.account)).cookie : user.cookie;
          }
          const auditBefore = await t.db.auditEntry.count();
          const res = await client(t.baseUrl, cookie).request(method, req.path, req.form ? undefined : req.body, {
            ...(req.headers ? { headers: req.headers } : {}),
            ...(req.form ? { raw: req.form } : {}),
          });
          const where = `${row.route} as ${caller} -> ${res.status} ${res.text.slice(0, 200)}`;
          if (allowed) {
            assert.ok(res.status >= 200 && res.status < 300, `expected allow: ${where}`);
          } else {
            // Anonymous callers of a signed-in route get 401; on a public route an invisible resource is a 404.
            const expected = caller === "anonymous" && !isPublic(row.route) ? [401] : [403, 404];
            assert.ok(expected.includes(res.status), `expected deny (${expected.join("/")}): ${where}`);
            assert.equal(
              await t.db.auditEntry.count(),
              auditBefore,
              `a denied request wrote to the registry: ${where}`,
            );
          }
        }
      });
    }
  });
}
