/** What an investor reads about the primary fee before paying (issue 20): it is the issuer's, never added to a payment. */
import type { FeeIncrease } from "../../contracts/fees";
import { formatBps } from "../../format/amounts";
import { increaseSentence } from "../../ui/FeeSplit";

/** Where the offering's primary fee (fixed in its terms) comes from. */
export function primaryFeeText(offeringBps: number): string {
  if (offeringBps === 0) return "No fee is added to your payment, and the platform takes no fee on this offering.";
  return `No fee is added to your payment: the platform's primary fee of ${formatBps(offeringBps)} is taken from the issuer's proceeds when they are released, and is fixed in this offering's terms.`;
}

/** An announced increase of the primary fee: an open offering keeps the fee it started with. */
export function keepsFeeText(offeringBps: number, announced: FeeIncrease): string {
  return `${increaseSentence("primary fee", announced)} It does not apply to this offering, which keeps ${formatBps(offeringBps)}.`;
}
