/** What a manager reads about the platform's fees before launching and depositing (issue 20). */
import type { FeeIncrease } from "../../contracts/fees";
import { formatBps } from "../../format/amounts";
import { formatDate } from "../../format/dates";

/** The primary fee a launch now fixes in the offering's terms. */
export function launchFeeText(bps: number): string {
  if (bps === 0)
    return "The platform takes no primary fee from an offering launched now; that is fixed in its terms at launch.";
  return `The platform's primary fee, now ${formatBps(bps)}, is taken from the proceeds as they are released to the treasury. It is fixed in the offering's terms at launch: later changes to the fee schedule do not apply to it.`;
}

/** An announced increase reaches only offerings launched on or after its day. */
export function launchIncreaseText(bps: number, increase: FeeIncrease): string {
  return `The platform's primary fee rises to ${formatBps(increase.bps)} on ${formatDate(increase.effectiveAt)}: an offering launched before then keeps ${formatBps(bps)}.`;
}

/** A deposit is gross: the management fee leaves at once, holders share the rest. */
export function depositFeeText(bps: number): string {
  if (bps === 0) return "The platform takes no management fee on this property's rent: holders share all of it.";
  return `The amount is what you pay in: the platform's management fee of ${formatBps(bps)} is taken from it at the deposit, and holders share the rest.`;
}
