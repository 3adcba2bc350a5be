/**
 * How a buyer's fill goes (issue 20), decided before anything is signed. The settlement takes the price from the
 * buyer with `transferFrom`, so it needs an allowance: a wallet that pays its own fee approves when the allowance
 * falls short, then fills; a wallet the relayer pays for cannot send an approval (a call on the coin, which does not
 * trust the platform's forwarder), so it signs the coin's permit and the relayer sends `fillWithPermit`, or a plain
 * `fill` when the allowance already covers the price. Pure, so the rule is tested on its own.
 */
import type { FeePayer } from "../../gasless/decision";

export type FillPlan =
  /** The wallet sends `fill`. */
  | "fill"
  /** The wallet approves the price, then sends `fill`. */
  | "approve-then-fill"
  /** The relayer sends `fill` (the allowance covers the price). */
  | "relay-fill"
  /** One permit signature; the relayer sends `fillWithPermit`. */
  | "relay-fill-with-permit"
  /** The relayer would pay, but the coin has no permit and the allowance falls short: ETH is needed to approve. */
  | "needs-eth";

export function fillPlan(options: { payer: FeePayer; hasPermit: boolean; allowance: bigint; cost: bigint }): FillPlan {
  const covered = options.allowance >= options.cost;
  if (options.payer === "wallet") return covered ? "fill" : "approve-then-fill";
  if (covered) return "relay-fill";
  return options.hasPermit ? "relay-fill-with-permit" : "needs-eth";
}
