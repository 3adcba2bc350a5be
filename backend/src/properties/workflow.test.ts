/**
 * The property status a governing offering gives (`statusFromChain`), when private-placement invitations were used:
 * an invited subscriber pays the invitation's price, not the offering's, and a refund returns exactly what was paid,
 * so refunds are open while the escrow still owes someone (paid - refunded > 0), whatever the units sold would cost
 * at the public price. The review's two cases (2026-12); the class (generated offerings of public and invited
 * subscriptions at random prices, random refunds, cancelled, failed or finalized, against a model of the escrow,
 * through the sync's own SQL) is chain/sync/offerings-paid.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FINALIZE_WINDOW_SECONDS, statusFromChain, type OfferingFacts } from "./workflow.ts";

const START = 1_000n;
const END = 2_000n;
/** A time when an offering that missed nothing is settled: after its end and its finalization window. */
const LATE = END + FINALIZE_WINDOW_SECONDS + 1n;

interface Subscription {
  units: bigint;
  /** The price this subscriber paid per unit: the offering's, or an invitation's. */
  price: bigint;
  refunded: boolean;
}

/** The facts the chain sync keeps for an offering with these subscriptions (each refund returns what was paid). */
function factsOf(subs: readonly Subscription[], outcome: OfferingFacts["outcome"]): OfferingFacts {
  const sum = (f: (s: Subscription) => bigint): bigint => subs.reduce((a, s) => a + f(s), 0n);
  return {
    outcome,
    startTime: START,
    endTime: END,
    softCap: 1n,
    hardCap: 1_000_000n,
    unitsSold: sum((s) => s.units),
    paid: sum((s) => s.units * s.price),
    refunded: sum((s) => (s.refunded ? s.units * s.price : 0n)),
  };
}

describe("statusFromChain with invitation prices (review 2026-12)", () => {
  it("discount: everyone refunded, escrow empty -> VERIFIED, not REFUNDING forever", () => {
    // Public price 100; A buys 10 publicly (1,000), B 10 by invitation at 80 (800); cancelled; both refund (1,800).
    const subs = [
      { units: 10n, price: 100n, refunded: true },
      { units: 10n, price: 80n, refunded: true },
    ];
    assert.equal(statusFromChain(factsOf(subs, "cancelled"), LATE), "VERIFIED");
    // Before B's refund, 800 is still owed.
    assert.equal(
      statusFromChain(factsOf([subs[0]!, { ...subs[1]!, refunded: false }], "cancelled"), LATE),
      "REFUNDING",
    );
  });

  it("premium: A's 500 still in escrow -> REFUNDING, not VERIFIED", () => {
    // Public price 100; A 5 publicly (500), B 10 at 150 (1,500), C 5 publicly (500); B and C refund (2,000 = 20 x 100).
    const subs = [
      { units: 5n, price: 100n, refunded: false },
      { units: 10n, price: 150n, refunded: true },
      { units: 5n, price: 100n, refunded: true },
    ];
    assert.equal(statusFromChain(factsOf(subs, "cancelled"), LATE), "REFUNDING");
    // Failed (end passed, soft cap missed) rather than cancelled: the same.
    const failed = { ...factsOf(subs, "open"), softCap: 1_000n };
    assert.equal(statusFromChain(failed, END + 1n), "REFUNDING");
    // A refunds too: nothing owed.
    assert.equal(
      statusFromChain(
        factsOf(
          subs.map((s) => ({ ...s, refunded: true })),
          "cancelled",
        ),
        LATE,
      ),
      "VERIFIED",
    );
  });
});
