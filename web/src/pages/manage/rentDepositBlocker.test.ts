/**
 * Review 2026-12 finding 1 (money): "Deposit rent" was offered while sold units were not delivered. The distributor
 * shares a deposit over the token's supply, which counts delivered (claimed) units only; a unit delivered later
 * starts with a negative correction and never earns from that deposit, so the subscribers still waiting lost it for
 * good. With no supply at all the deposit reverts (`DistributorNoSupply`) after the approval was mined.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OfferingState } from "../../compliance/offeringLimits";
import { rentDepositBlocker, rentDepositWarning } from "./rentDepositBlocker";

describe("finding 1: the rent deposit waits until every sold unit is delivered", () => {
  it("after finalization with 1,000 sold and 300 delivered, the deposit is blocked: 700 units are still to be delivered", () => {
    const blocker = rentDepositBlocker({ state: "Finalized", sold: 1_000n, settled: 300n, supply: 300n });
    expect(blocker).toMatchObject({ kind: "undelivered", units: 700n });
    expect(blocker?.message).toMatch(/700 units .* not delivered yet/);
  });

  it("with no supply the deposit is blocked with the reason (the distributor would refuse it after the approval)", () => {
    const blocker = rentDepositBlocker({ state: "Cancelled", sold: 40n, settled: 0n, supply: 0n });
    expect(blocker).toMatchObject({ kind: "no-supply" });
    expect(blocker?.message).toMatch(/no units? .*holders?/i);
  });

  it("every unit delivered (or refunded): the deposit is offered", () => {
    expect(rentDepositBlocker({ state: "Finalized", sold: 1_000n, settled: 1_000n, supply: 990n })).toBeNull();
  });

  it("while the offering still sells, subscribers' units are not delivered: blocked", () => {
    expect(rentDepositBlocker({ state: "Active", sold: 10n, settled: 0n, supply: 0n })).toMatchObject({
      kind: "undelivered",
      units: 10n,
    });
    expect(rentDepositBlocker({ state: "Succeeded", sold: 10n, settled: 0n, supply: 0n })?.message).toMatch(
      /finalize/i,
    );
  });

  it("units on hold do not stop every holder's rent: a hold may last for good (a confirmed sanctions match), so the deposit is offered with a warning", () => {
    const facts = { state: "Finalized", sold: 1_000n, settled: 990n, supply: 990n, held: 10n } as const;
    expect(rentDepositBlocker(facts)).toBeNull();
    expect(rentDepositWarning(facts)).toMatch(/10 units .* on hold .* will not receive this deposit's rent/);
    // The manager is not told why the units are held (it read "on hold with the compliance team").
    expect(rentDepositWarning(facts)).not.toMatch(/compliance|aml|sanction|screening|frozen|freeze/i);
    // Units still deliverable besides the held ones block as before, counted without the held ones.
    expect(rentDepositBlocker({ ...facts, settled: 900n })).toMatchObject({ kind: "undelivered", units: 90n });
    expect(rentDepositWarning({ ...facts, settled: 900n })).toBeNull();
    // Until the deliveries are read the held units are not known: blocked.
    expect(rentDepositBlocker({ ...facts, held: undefined })).toMatchObject({ kind: "undelivered", units: 10n });
  });

  it("after a failure or cancellation the unsettled subscriptions are refunds, not deliveries: only the supply counts", () => {
    expect(rentDepositBlocker({ state: "Failed", sold: 10n, settled: 2n, supply: 5n })).toBeNull();
  });
});

/**
 * The class: a small model of the offering and the distributor. Subscribers buy; the offering finalizes, fails or is
 * cancelled; some settle (a claim delivers units, a refund returns the money). A deposit is right only when the
 * distributor accepts it (supply > 0) and every subscriber who paid for units it will receive holds them already
 * (otherwise their share of this deposit goes to the others for good). The helper must offer the deposit exactly then.
 */
describe("finding 1 (class): the deposit is offered exactly when it is accepted and shares the rent with every buyer", () => {
  interface Subscriber {
    units: bigint;
    settled: "no" | "claimed" | "refunded";
    /** The token refuses to deliver them for now (a hold); only a finalized offering delivers. */
    held: boolean;
  }
  const STATES: OfferingState[] = ["Pending", "Active", "Succeeded", "Failed", "Finalized", "Cancelled"];
  const world = fc
    .record({
      state: fc.constantFrom(...STATES),
      subscribers: fc.array(
        fc.record({
          units: fc.bigInt({ min: 1n, max: 1_000n }),
          settle: fc.constantFrom("no", "yes"),
          refusedForGood: fc.boolean(),
          held: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
    })
    .map(({ state, subscribers }) => ({
      state,
      subscribers: subscribers.map(({ units, settle, refusedForGood, held }): Subscriber => {
        // Settling follows the contract: claims only after finalization (a refund instead when the token refuses the
        // units for good); refunds only after a failure or cancellation; nothing settles before the offering closes.
        // A held position can be neither delivered nor refunded, so it stays unsettled.
        const onHold = held && state === "Finalized";
        if (settle === "no" || onHold || state === "Pending" || state === "Active" || state === "Succeeded")
          return { units, settled: "no", held: onHold };
        if (state === "Finalized") return { units, settled: refusedForGood ? "refunded" : "claimed", held: false };
        return { units, settled: "refunded", held: false };
      }),
    }));

  it("for any offering and settlements, blocked iff the distributor refuses or a paying buyer has no units yet", () => {
    fc.assert(
      fc.property(world, ({ state, subscribers }) => {
        const sum = (pick: (s: Subscriber) => boolean) =>
          subscribers.filter(pick).reduce((total, s) => total + s.units, 0n);
        const sold = sum(() => true);
        const settled = sum((s) => s.settled !== "no");
        const supply = sum((s) => s.settled === "claimed");
        const held = sum((s) => s.held);
        // Buyers owed units that can be delivered now: every unsettled subscriber not on hold, unless the offering
        // failed or was cancelled (they get refunds). A held one cannot be served now, and may never be.
        const owedUnits =
          state !== "Failed" && state !== "Cancelled" && subscribers.some((s) => s.settled === "no" && !s.held);
        const right = supply > 0n && !owedUnits;
        const facts = { state, sold, settled, supply, held };
        const blocker = rentDepositBlocker(facts);
        expect(blocker === null).toBe(right);
        if (blocker?.kind === "undelivered") expect(blocker.units).toBe(sold - settled - held);
        if (blocker) expect(blocker.message.length).toBeGreaterThan(0);
        // Offered while units are on hold: the manager is told who will not share it.
        expect(rentDepositWarning(facts) !== null).toBe(right && held > 0n);
      }),
    );
  });
});
