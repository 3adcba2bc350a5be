/**
 * invitationRoomRefusal against a model of the offering's booking rules (PropertyOffering._book / _recordTicket):
 * an invitation is kept exactly when some amount from its minimum up could be booked for the invited identity.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { invitationRoomRefusal, type OfferingRoom } from "./room.ts";

const NOW = new Date("2026-12-06T10:00:00Z");
const open = (over: Partial<OfferingRoom> = {}): OfferingRoom => ({
  outcome: "open",
  endTime: new Date(NOW.getTime() + 86_400_000),
  hardCap: 1_000n,
  maxTicket: 400n,
  unitsSold: 380n,
  identityUnits: 0n,
  ...over,
});

describe("placements: an invitation's room in its offering", () => {
  it("refuses a minimum above the maximum per investor (review 2026-12-06 M3: 450-900 units where the maximum was 400)", () => {
    assert.equal(invitationRoomRefusal(open(), 450n, NOW)?.rule, "invitation_above_max_ticket");
    assert.equal(invitationRoomRefusal(open(), 400n, NOW), null);
  });

  it("counts the identity's earlier subscriptions against the maximum, and refuses past the end or after the outcome", () => {
    assert.equal(invitationRoomRefusal(open({ identityUnits: 100n }), 301n, NOW)?.rule, "invitation_above_max_ticket");
    assert.equal(invitationRoomRefusal(open({ endTime: NOW }), 1n, NOW)?.rule, "offering_closed");
    assert.equal(invitationRoomRefusal(open({ outcome: "finalized" }), 1n, NOW)?.rule, "offering_closed");
  });

  it("class: kept exactly when the offering could book some amount from the minimum up for the identity", () => {
    const room = fc
      .record({
        outcome: fc.constantFrom("open", "open", "finalized", "cancelled"),
        endOffset: fc.integer({ min: -2, max: 2 }),
        hardCap: fc.bigInt({ min: 1n, max: 2_000n }),
        maxTicket: fc.bigInt({ min: 1n, max: 2_000n }),
        soldShare: fc.double({ min: 0, max: 1, noNaN: true }),
        identityShare: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((r): OfferingRoom => {
        const unitsSold = BigInt(Math.floor(Number(r.hardCap) * r.soldShare));
        const identityUnits = BigInt(
          Math.floor(Number(r.maxTicket < unitsSold ? r.maxTicket : unitsSold) * r.identityShare),
        );
        return {
          outcome: r.outcome,
          endTime: new Date(NOW.getTime() + r.endOffset * 1000),
          hardCap: r.hardCap,
          maxTicket: r.maxTicket,
          unitsSold,
          identityUnits,
        };
      });
    fc.assert(
      fc.property(room, fc.bigInt({ min: 1n, max: 2_100n }), (r, min) => {
        // The model: the contract books `units` when the offering is active, units <= hardCap - sold, and the
        // identity's total stays within maxTicket. Some units >= min fit iff min itself does.
        const active = r.outcome === "open" && NOW.getTime() < r.endTime.getTime();
        const books = (units: bigint) =>
          active && units <= r.hardCap - r.unitsSold && r.identityUnits + units <= r.maxTicket;
        const anyFits = [min, min + 1n, min + 10n].some(books);
        assert.equal(
          invitationRoomRefusal(r, min, NOW) === null,
          anyFits,
          JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
