/**
 * Issue 16.4 PERIOD_TO_CLOSE: the manager of a property with a lease running in a month is told, once per property
 * and month, when the month ended `PERIOD_GRACE_DAYS` ago and its period is a draft or missing; a closed month, a
 * month without a lease, another property and a former manager are not; no tenant data in what is written.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { createProperty } from "../../test/support/fixtures.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { newLeaseWithContact } from "../leases/tenant-contact.ts";
import { inboxOf, verifiedEmail } from "../notifications/notifications.fixtures.ts";
import { notifyPeriodsToClose } from "./period-to-close.ts";

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => t.close());

async function leased(manager: TestUser, start: string, end: string): Promise<{ id: string; name: string }> {
  const name = `Leased ${start}`;
  const property = await createProperty(t, manager, { name });
  const unit = await t.db.propertyUnit.create({ data: { propertyId: property.id, label: "U-1" } });
  await t.db.lease.create({
    data: {
      propertyId: property.id,
      unitId: unit.id,
      ...newLeaseWithContact(keyRingFromConfig(t.config.kycKeys), { tenantName: "Tenant Person", tenantEmail: null }),
      status: "ACTIVE",
      startDate: new Date(start),
      endDate: new Date(end),
      rentAmount: "1000.00",
      depositAmount: "0",
      currency: "EUR",
      createdById: manager.id,
    },
  });
  return { id: property.id, name };
}

async function period(propertyId: string, createdById: string, month: number, closed: boolean): Promise<void> {
  const statement = JSON.stringify({ propertyId, month });
  await t.db.financialPeriod.create({
    data: {
      propertyId,
      year: 2026,
      month,
      currency: "EUR",
      createdById,
      ...(closed
        ? {
            status: "CLOSED",
            closedById: createdById,
            closedAt: new Date(),
            statement,
            statementSha256: createHash("sha256").update(statement).digest("hex"),
          }
        : {}),
    },
  });
}

describe("16.4 period to close", () => {
  it("a month ended N days ago with its period a draft or missing: its manager, once per property and month", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    await verifiedEmail(t, manager);
    const property = await leased(manager, "2026-01-15", "2026-12-31");
    await period(property.id, manager.id, 1, true);
    await period(property.id, manager.id, 2, false);
    const idle = await createProperty(t, manager, { name: "No lease" });

    // 4 April: March ended 4 days ago (not yet); January is closed; February is a draft.
    await notifyPeriodsToClose(t.db, new Date("2026-04-04T12:00:00Z"));
    let inbox = await inboxOf(t, manager.id, "PERIOD_TO_CLOSE");
    assert.deepEqual(
      inbox.map((n) => [n.data, n.email]),
      [[{ propertyId: property.id, propertyName: property.name, period: "2026-02" }, true]],
    );
    // 6 April: March too (missing); February is not told again; a re-run adds nothing.
    await notifyPeriodsToClose(t.db, new Date("2026-04-06T12:00:00Z"));
    await notifyPeriodsToClose(t.db, new Date("2026-04-06T12:00:00Z"));
    inbox = await inboxOf(t, manager.id, "PERIOD_TO_CLOSE");
    assert.deepEqual(
      inbox.map((n) => n.data["period"]),
      ["2026-02", "2026-03"],
    );
    assert.ok(inbox.every((n) => n.data["propertyId"] === property.id && n.data["propertyId"] !== idle.id));
    assert.ok(!JSON.stringify(inbox).includes("Tenant Person"), "no tenant data");
    // Closing March later does not undo what was said, and nothing new comes for it.
    await period(property.id, manager.id, 3, true);
    assert.equal(await notifyPeriodsToClose(t.db, new Date("2026-04-07T12:00:00Z")), 0);
  });

  it("nothing before the lease, and nothing for a former manager", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const property = await leased(manager, "2026-03-01", "2026-12-31");
    await notifyPeriodsToClose(t.db, new Date("2026-04-06T00:00:00Z"));
    assert.deepEqual(
      (await inboxOf(t, manager.id, "PERIOD_TO_CLOSE")).map((n) => [n.data["propertyId"], n.data["period"]]),
      [[property.id, "2026-03"]],
      "February had no lease running",
    );
    await t.db.user.update({ where: { id: manager.id }, data: { roles: ["INVESTOR"] } });
    await notifyPeriodsToClose(t.db, new Date("2026-05-06T00:00:00Z"));
    assert.equal((await inboxOf(t, manager.id, "PERIOD_TO_CLOSE")).length, 1, "April: no longer a manager");
  });
});
