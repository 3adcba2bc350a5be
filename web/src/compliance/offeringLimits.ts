/**
 * The offering's own limits (state, dates, tickets, caps), checked in the browser before the investor pays, so
 * the wallet is only opened for a subscription the contract will accept. The contract remains the authority.
 */
import { formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";

export type OfferingState = "Pending" | "Active" | "Succeeded" | "Failed" | "Finalized" | "Cancelled";

/** `PropertyOffering.state()` returns the enum index in this order (docs/design/contracts.md). */
export const OFFERING_STATES: readonly OfferingState[] = [
  "Pending",
  "Active",
  "Succeeded",
  "Failed",
  "Finalized",
  "Cancelled",
];

export function offeringStateFromIndex(index: number): OfferingState {
  const state = OFFERING_STATES[index];
  if (!state) throw new RangeError(`Unknown offering state ${index}`);
  return state;
}

export interface OfferingTerms {
  state: OfferingState;
  startTime: number;
  endTime: number;
  hardCap: bigint;
  unitsSold: bigint;
  minTicket: bigint;
  maxTicket: bigint;
}

export interface LimitProblem {
  /** Which field the problem is about, for placing the message next to it. */
  field: "units" | "offering";
  message: string;
}

/**
 * Every reason the contract would refuse `units` for an identity that already subscribed `alreadySubscribed`,
 * at unix time `now`. Empty when the subscription fits the terms.
 */
export function checkOfferingLimits(
  terms: OfferingTerms,
  units: bigint,
  alreadySubscribed: bigint,
  now: number,
): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (terms.state === "Cancelled")
    return [{ field: "offering", message: "This offering was cancelled. Subscribers can claim a full refund." }];
  if (terms.state === "Finalized" || terms.state === "Succeeded")
    return [{ field: "offering", message: "This offering is closed: it is fully subscribed or has ended." }];
  if (terms.state === "Failed")
    return [
      { field: "offering", message: "This offering ended below its minimum. Subscribers can claim a full refund." },
    ];
  if (now < terms.startTime) {
    problems.push({ field: "offering", message: `This offering opens on ${formatDateTime(terms.startTime)}.` });
  } else if (now >= terms.endTime) {
    problems.push({ field: "offering", message: `This offering closed on ${formatDateTime(terms.endTime)}.` });
  }
  const remaining = terms.hardCap > terms.unitsSold ? terms.hardCap - terms.unitsSold : 0n;
  if (remaining === 0n) {
    problems.push({ field: "offering", message: "This offering is fully subscribed." });
    return problems;
  }
  const total = alreadySubscribed + units;
  if (total < terms.minTicket) {
    problems.push({
      field: "units",
      message: `The minimum investment is ${formatUnits(terms.minTicket)}${alreadySubscribed > 0n ? ` in total (you have ${formatUnits(alreadySubscribed)})` : ""}.`,
    });
  }
  if (terms.maxTicket > 0n && total > terms.maxTicket) {
    const left = terms.maxTicket > alreadySubscribed ? terms.maxTicket - alreadySubscribed : 0n;
    problems.push({
      field: "units",
      message:
        left === 0n
          ? `You have reached the maximum of ${formatUnits(terms.maxTicket)} per investor.`
          : `The maximum per investor is ${formatUnits(terms.maxTicket)}: you can add up to ${formatUnits(left)}.`,
    });
  }
  if (units > remaining) {
    problems.push({ field: "units", message: `Only ${formatUnits(remaining)} are left in this offering.` });
  }
  return problems;
}

/** What each offering state means for an investor: a short label and a sentence (never the enum's name). */
export const OFFERING_STATE_TEXT: Record<OfferingState, { label: string; sentence: string }> = {
  Pending: { label: "Not open yet", sentence: "Subscriptions have not opened yet." },
  Active: { label: "Open", sentence: "Open for subscriptions: payments are held in escrow until the offering closes." },
  Succeeded: {
    label: "Target reached",
    sentence: "The offering reached its target and is closed to new subscriptions; the issuer finalizes it next.",
  },
  Failed: {
    label: "Did not reach its minimum",
    sentence: "The offering closed below its minimum: every subscriber takes back what they paid.",
  },
  Finalized: { label: "Completed", sentence: "The offering completed: subscribers claim their units." },
  Cancelled: {
    label: "Cancelled",
    sentence: "The issuer cancelled the offering: every subscriber takes back what they paid.",
  },
};
