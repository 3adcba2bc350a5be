/** How statement figures read: amounts in the statement's unit (content.ts `amountDecimals`), rates, and the names of kinds. */
import { MINOR_UNIT_DECIMALS, rescale } from "../core/coin-amounts.ts";
import type { StatementKind } from "../generated/prisma/enums.ts";
import type { LedgerKind } from "../portfolio/ledger.ts";
import type { VoteLine } from "./votes.ts";

/**
 * An amount in units of 10^-`decimals` of the currency (the statement's `amountDecimals`, at least 2) as the currency
 * reads, to the cent (halves away from zero), grouped: "-1,234.56".
 */
export function formatAmount(v: bigint, decimals: number): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const perCent = 10n ** BigInt(Math.max(0, decimals - MINOR_UNIT_DECIMALS));
  const cents = rescale(abs + perCent / 2n, decimals, MINOR_UNIT_DECIMALS);
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = `${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

export function formatIrr(irr: number | null): string {
  return irr === null ? "n/a" : `${(irr * 100).toFixed(2)} %`;
}

export const KIND_TITLES: Record<StatementKind, string> = {
  MONTHLY: "Monthly statement",
  QUARTERLY: "Quarterly statement",
  ANNUAL: "Annual statement",
  TAX_ANNUAL: "Annual tax summary",
};

export const TRANSACTION_LABELS: Record<LedgerKind, string> = {
  SUBSCRIPTION_PAID: "Subscription paid",
  REFUND: "Refund",
  UNITS_CLAIMED: "Units claimed",
  TRADE_BUY: "Bought (trade)",
  TRADE_SELL: "Sold (trade)",
  TRANSFER_IN: "Transfer in",
  TRANSFER_OUT: "Transfer out",
  EXIT_REDEEMED: "Redeemed (property sold)",
  RENT_CLAIMED: "Rent received",
  CAPITAL_RETURNED: "Capital returned (refinance)",
};

const PROPOSAL_TITLES: Record<VoteLine["kind"], string> = {
  sale: "Sale",
  refinance: "Refinance",
  managerChange: "Manager change",
  capitalExpenditure: "Capital expenditure",
  decision: "Decision",
  unknown: "Unknown",
};

/** "Sale (minimum 120.00 tUSD)", "Refinance (500.00 tUSD)" (in the token's coin), "Decision"; amounts in units of 10^-`decimals`. */
export function proposalTitle(v: VoteLine, decimals: number): string {
  const title = PROPOSAL_TITLES[v.kind];
  if (v.amount === null) return title;
  const amount = `${formatAmount(v.amount, decimals)} ${v.coin}`.trim();
  return `${title} (${v.kind === "sale" ? `minimum ${amount}` : amount})`;
}

/** "Approved", "Rejected", or "Open" when not decided by the period end. */
export function voteResult(v: VoteLine): string {
  return v.result ? (v.result.approved ? "Approved" : "Rejected") : "Open";
}

/** The decided tallies as "for / against / abstain" (units); empty while open. */
export function voteTallies(v: VoteLine): string {
  return v.result ? `${v.result.for} / ${v.result.against} / ${v.result.abstain}` : "";
}

const OWN_VOTES: Record<VoteLine["ownVote"], string> = {
  for: "For",
  against: "Against",
  abstain: "Abstain",
  none: "Did not vote",
};

/** "For (31)": how the wallet's identity voted, with its weight. */
export function ownVote(v: VoteLine): string {
  return v.ownWeight === null ? OWN_VOTES[v.ownVote] : `${OWN_VOTES[v.ownVote]} (${v.ownWeight})`;
}
