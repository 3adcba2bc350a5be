/**
 * Every route x every caller (anonymous, investor, owning manager, another manager, compliance officer, admin)
 * -> allowed or denied, driven by the rows in test/authz/. A route without a row fails the suite.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { allRoutes } from "../src/http/routes.ts";
import { client, createTestContext, signIn, type TestContext } from "./support/harness.ts";
import { CALLERS, type Caller, type MatrixRow, type World } from "./authz/types.ts";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "authz");
const rowFiles = (await readdir(dir)).filter((f) => f.endsWith(".ts") && f !== "types.ts");
const rows: MatrixRow[] = [];
for (const file of rowFiles) rows.push(...((await import(path.join(dir, file))) as { rows: MatrixRow[] }).rows);
const declared = allRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
const isPublic = (route: string): boolean =>
  allRoutes.some((r) => `${r.method.toUpperCase()} ${r.path}` === route && r.access === "public");

describe("authorization matrix", () => {
  let t: TestContext;
  let world: World;
  before(async () => {
    t = await createTestContext();
    const [investor, owner, otherManager, officer] = await Promise.all([
      t.user("INVESTOR"),
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
    ]);
    world = { t, owner, users: { investor, owner, otherManager, officer, admin: t.admin } };
  });
  after(async () => t.close());

  it("has exactly one row for every declared route", () => {
    const covered = rows.map((r) => r.route);
    assert.deepEqual(
      declared.filter((r) => !covered.includes(r)),
      [],
      "routes without a matrix row",
    );
    assert.deepEqual(
      covered.filter((r) => !declared.includes(r)),
      [],
      "rows for routes that do not exist",
    );
    assert.equal(new Set(covered).size, covered.length, "duplicate rows");
  });

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
          assert.equal(await t.db.auditEntry.count(), auditBefore, `a denied request wrote to the registry: ${where}`);
        }
      }
    });
  }
});

export type { Caller };
