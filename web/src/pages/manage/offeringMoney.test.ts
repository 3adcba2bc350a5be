/**
 * Review 2026-12 finding 2 (money shown): the manager's "Raised" and "Gross / Net proceeds to the treasury" were the
 * units sold x the public price. Invitation buyers pay their invitation's price, so those figures were wrong whenever
 * an invitation was redeemed; and after a cancellation or a failure the treasury receives nothing, while the panel
 * still showed net proceeds. The figures now come from the offering's books: what it holds (`escrowOwed()`) plus what
 * it released to the treasury.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OfferingState } from "../../compliance/offeringLimits";
import { offeringMoney } from "./offeringMoney";

const PUBLIC_PRICE = 100n;

describe("finding 2: the manager's money figures are the offering's books, not units x the public price", () => {
  it("10 public units at 100 and 5 invited units at 60: 1,300 raised (not 1,500)", () => {
    const money = offeringMoney({ state: "Active", escrowOwed: 1_300n, released: 0n });
    expect(money).toEqual({ kind: "proceeds", gross: 1_300n });
  });

  it("after releases the gross counts what left the escrow too", () => {
    expect(offeringMoney({ state: "Finalized", escrowOwed: 300n, released: 1_000n })).toEqual({
      kind: "proceeds",
      gross: 1_300n,
    });
  });

  it("a cancelled or failed offering shows what it still owes back, no proceeds (the treasury gets nothing)", () => {
    expect(offeringMoney({ state: "Cancelled", escrowOwed: 700n, released: 0n })).toEqual({
      kind: "refunds",
      owed: 700n,
    });
    expect(offeringMoney({ state: "Failed", escrowOwed: 0n, released: 0n })).toEqual({ kind: "refunds", owed: 0n });
  });
});

/** The class: a model of the offering's books (`PropertyOffering`: Sales, Invited, Released) over any history. */
describe("finding 2 (class): for any subscriptions at any prices, the gross is what the units kept paid", () => {
  const STATES: OfferingState[] = ["Pending", "Active", "Succeeded", "Failed", "Finalized", "Cancelled"];
  const history = fc.record({
    state: fc.constantFrom(...STATES),
    wallets: fc.array(
      fc.record({
        units: fc.bigInt({ min: 1n, max: 1_000n }),
        // null: the public price; else an invitation's own price (any positive price, above or below the public one).
        invitedPrice: fc.option(fc.bigInt({ min: 1n, max: 10_000n }), { nil: null }),
        settle: fc.constantFrom("no", "claim", "refund"),
        releasedAfterClaim: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
  });

  it("proceeds: every unrefunded wallet's payment at its own price; refunds: what is still owed back", () => {
    fc.assert(
      fc.property(history, ({ state, wallets }) => {
        const closed = state === "Finalized" || state === "Failed" || state === "Cancelled";
        const refundsOnly = state === "Failed" || state === "Cancelled";
        let escrowOwed = 0n;
        let released = 0n;
        let kept = 0n;
        for (const w of wallets) {
          const paid = w.units * (w.invitedPrice ?? PUBLIC_PRICE);
          escrowOwed += paid;
          // What the contract allows: claims after finalization only, refunds after failure/cancellation (or a claim
          // refused for good after finalization); releases of claimed units only.
          const settle = !closed ? "no" : refundsOnly ? (w.settle === "no" ? "no" : "refund") : w.settle;
          if (settle === "refund") escrowOwed -= paid;
          else kept += paid;
          if (settle === "claim" && w.releasedAfterClaim) {
            escrowOwed -= paid;
            released += paid;
          }
        }
        const money = offeringMoney({ state, escrowOwed, released });
        if (refundsOnly) expect(money).toEqual({ kind: "refunds", owed: escrowOwed });
        else expect(money).toEqual({ kind: "proceeds", gross: kept });
      }),
    );
  });
});
