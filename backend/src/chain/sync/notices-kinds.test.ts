/**
 * The class of "a deposit nobody is told of" (CapitalDeposited was synced into the read models and the ledger, but
 * notified no one): every event of the rent distributor's ABI either tells the token's holders (DISTRIBUTOR_NOTICES,
 * with an event of its own and a template) or is allow-listed as silent with a reason; a deposit is never silent. A
 * new event on the contract fails here until someone decides which it is.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rentDistributorAbi } from "@freehold/deployments/abi";
import { NotificationEvent } from "../../generated/prisma/enums.ts";
import { TEMPLATES } from "../../notifications/templates.ts";
import { DISTRIBUTOR_NOTICES, SILENT_DISTRIBUTOR_EVENTS } from "./notices.ts";

const events = rentDistributorAbi.filter((x) => x.type === "event").map((x) => x.name);

describe("every event of the rent distributor", () => {
  it("notifies the holders or is allow-listed as silent, one or the other", () => {
    for (const name of events) {
      const notifies = Object.hasOwn(DISTRIBUTOR_NOTICES, name);
      const silent = Object.hasOwn(SILENT_DISTRIBUTOR_EVENTS, name);
      assert.ok(
        notifies !== silent,
        `${name}: ${notifies ? "both notifies and is silent" : "neither notifies nor is silent"}`,
      );
    }
    for (const name of [...Object.keys(DISTRIBUTOR_NOTICES), ...Object.keys(SILENT_DISTRIBUTOR_EVENTS)])
      assert.ok(events.includes(name as never), `${name} is not an event of the distributor`);
  });

  it("tells each deposit kind with an event of its own, a template and a dedupe key of its own", () => {
    const deposits = events.filter((name) => name.endsWith("Deposited"));
    assert.ok(deposits.length >= 2, "rent and capital");
    for (const name of deposits) assert.ok(Object.hasOwn(DISTRIBUTOR_NOTICES, name), `${name} is a deposit: told`);
    const notices = Object.values(DISTRIBUTOR_NOTICES);
    for (const { event } of notices) assert.ok(Object.values(NotificationEvent).includes(event) && TEMPLATES[event]);
    assert.equal(new Set(notices.map((n) => n.event)).size, notices.length, "each kind its own event (and preference)");
    assert.equal(new Set(notices.map((n) => n.key)).size, notices.length, "each kind its own dedupe key");
  });
});
