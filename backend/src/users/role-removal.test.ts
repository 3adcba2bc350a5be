/**
 * Issue 12.5: rights follow roles. The stakeholder rights on a property (see it before it is public, move it
 * through the workflow, draft and read its leases and tenants, read its rent and cap table) come with the
 * PROPERTY_MANAGER role: an owner or manager of record whose role was removed keeps only what every user with
 * their remaining roles has, at once (sessions read roles on every request); the rights come back with the role.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { client, createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, createProperty, etag, leaseInput, unit } from "../../test/support/fixtures.ts";
import type { MatrixRow, World } from "../../test/authz/types.ts";
import { loadRows, matrixWorld } from "../../test/support/authz-matrix.ts";

describe("12.5 rights follow roles (real PostgreSQL)", () => {
  let t: TestContext;
  let world: World;

  before(async () => {
    t = await createTestContext();
    world = await matrixWorld(t);
  });
  after(async () => t.close());

  async function setRoles(user: TestUser, roles: string[]) {
    const me = await t.as(t.admin).get(`${API}/users/${user.id}`);
    const res = await t.as(t.admin).put(`${API}/users/${user.id}/roles`, { roles }, { headers: etag(me.body.version) });
    assert.equal(res.status, 200, res.text);
  }

  it("12.5 a manager whose role was removed can no longer move its property or read its leases and tenants", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const property = await createProperty(t, manager);
    const u = await unit(t, manager, property.id);
    const drafted = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(property.id, u.id, { tenantName: "Tenant Person" }));
    assert.equal(drafted.status, 201, drafted.text);
    const leases = async () =>
      (await t.as(manager).get(`${API}/leases?propertyId=${property.id}`)).body.items as unknown[];
    assert.equal((await leases()).length, 1);

    await setRoles(manager, ["INVESTOR"]);
    const version = (await t.as(t.admin).get(`${API}/properties/${property.id}`)).body.version as number;
    const moved = await t
      .as(manager)
      .post(`${API}/properties/${property.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(version) });
    assert.ok([403, 404].includes(moved.status), `moved by a former manager: ${moved.status} ${moved.text}`);
    assert.equal(
      (await t.as(manager).get(`${API}/properties/${property.id}`)).status,
      404,
      "a draft is not theirs to see any more",
    );
    assert.deepEqual(await leases(), [], "no leases listed");
    const lease = await t.as(manager).get(`${API}/leases/${drafted.body.id}`);
    assert.equal(lease.status, 404);
    assert.ok(!lease.text.includes("Tenant Person"));
    const mine = await t.as(manager).get(`${API}/properties?scope=mine`);
    assert.ok(mine.status === 400 || !JSON.stringify(mine.body).includes(property.id), "own drafts are not listed");
    const all = await t.as(manager).get(`${API}/properties?limit=100`);
    assert.ok(!JSON.stringify(all.body).includes(property.id));
    assert.equal(
      (await t.db.property.findUniqueOrThrow({ where: { id: property.id } })).status,
      "DRAFT",
      "nothing moved",
    );

    // the relation of record stays: the role back, the rights back
    await setRoles(manager, ["INVESTOR", "PROPERTY_MANAGER"]);
    assert.equal((await leases()).length, 1);
    const submitted = await t
      .as(manager)
      .post(`${API}/properties/${property.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(version) });
    assert.equal(submitted.status, 200, submitted.text);
  });

  it("12.5 every route the owning manager may use denies a former manager like an investor, and writes nothing", async () => {
    const rows: MatrixRow[] = await loadRows();
    // routes where owning a property is what grants the right (investors are refused them)
    const stakeholderRows = rows.filter(
      (r) => r.allow !== "everyone" && r.allow.includes("owner") && !r.allow.includes("investor"),
    );
    assert.ok(stakeholderRows.length >= 15, `only ${stakeholderRows.length} stakeholder routes found`);
    const selfService: string[] = [];
    for (const row of stakeholderRows) {
      const former = await t.user("PROPERTY_MANAGER");
      const formerWorld: World = { ...world, owner: former, users: { ...world.users, owner: former } };
      const req = await row.request(formerWorld, "owner");
      // the user's own wallet (their portfolio) is theirs whatever their roles: not a right of a property's stakeholder
      if (req.path.includes(former.address)) {
        selfService.push(row.route);
        continue;
      }
      await setRoles(former, ["INVESTOR"]);
      const auditBefore = await t.db.auditEntry.count();
      const [method] = row.route.split(" ") as [string];
      const res = await client(t.baseUrl, former.cookie).request(method, req.path, req.form ? undefined : req.body, {
        ...(req.headers ? { headers: req.headers } : {}),
        ...(req.form ? { raw: req.form } : {}),
      });
      assert.ok(
        [403, 404].includes(res.status),
        `${row.route} as a former manager -> ${res.status} ${res.text.slice(0, 200)}`,
      );
      assert.equal(await t.db.auditEntry.count(), auditBefore, `${row.route}: a refused request wrote to the registry`);
    }
    assert.deepEqual(selfService, ["GET /chain/portfolio/:wallet"]);
  });
});
