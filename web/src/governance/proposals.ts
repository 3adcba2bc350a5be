/**
 * Holder votes as the page shows them (issue 19): what a proposal decides, where it stands on the chain's clock,
 * and the governor's own arithmetic (PropertyGovernor `_approved`), so a tally shown as approved is approved on chain.
 * Pure: the components read the chain and the API, this module only decides what to say.
 */
import type { Address } from "viem";
import type { components } from "../api/generated/openapi";
import { formatMoney, type Coin } from "../format/amounts";

/** `ProposalKind` of IPropertyGovernor.sol, by the API's names, in the governor's order (`propose` takes the index). */
export const KIND_INDEX = { sale: 0, refinance: 1, managerChange: 2, capitalExpenditure: 3, decision: 4 } as const;
export type ProposalKindName = keyof typeof KIND_INDEX;
export const KIND_NAMES = Object.keys(KIND_INDEX) as ProposalKindName[];

export const KIND_LABELS: Record<ProposalKindName | "unknown", string> = {
  sale: "Sale",
  refinance: "Refinance",
  managerChange: "Change of manager",
  capitalExpenditure: "Capital expenditure",
  decision: "Decision",
  unknown: "Other",
};

/** What `propose` takes besides the kind: a price or an amount, a new manager's wallet, or neither. */
export function fieldOf(kind: ProposalKindName): "amount" | "account" | "none" {
  if (kind === "managerChange") return "account";
  if (kind === "decision") return "none";
  return "amount";
}

/** The kind by the governor's index (an index the app does not know reads as `unknown`). */
export function kindName(index: number): ProposalKindName | "unknown" {
  return KIND_NAMES[index] ?? "unknown";
}

/** One line saying what the holders decide. */
export function summaryOf(
  p: { kind: ProposalKindName | "unknown"; amount: bigint; account: string | null },
  coin: Coin,
): string {
  const money = formatMoney(p.amount, coin);
  switch (p.kind) {
    case "sale":
      return `Sell the property for at least ${money}`;
    case "refinance":
      return `Refinance: ${money}`;
    case "capitalExpenditure":
      return `Capital expenditure of ${money}`;
    case "managerChange":
      return "Hand the property to a new manager (wallet in the proposal)";
    default:
      return "A decision described in the proposal's document";
  }
}

/** The fields of `governor.proposal(id)` the page uses (the stored `Proposal`). */
export interface ChainProposal {
  kind: number;
  amount: bigint;
  account: Address;
  endTime: number;
  /** 0 until finalized, then 1 approved or 2 rejected. */
  outcome: number;
  supplyAtSnapshot: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
}

export interface VoteTerms {
  quorumBps: number;
  approvalBps: number;
}

/** The votes (for, against or abstain) that reach the quorum: the least `v` with `v x 10,000 >= quorumBps x supply`. */
export function quorumVotes(supplyAtSnapshot: bigint, quorumBps: number): bigint {
  return (supplyAtSnapshot * BigInt(quorumBps) + 9_999n) / 10_000n;
}

/** Whether the tally approves, exactly as the governor decides it once the vote ended. */
export function isApproved(p: ChainProposal, terms: VoteTerms): boolean {
  const cast = p.forVotes + p.againstVotes + p.abstainVotes;
  if (cast * 10_000n < BigInt(terms.quorumBps) * p.supplyAtSnapshot) return false;
  return p.forVotes !== 0n && p.forVotes * 10_000n >= BigInt(terms.approvalBps) * (p.forVotes + p.againstVotes);
}

/** The API's proposal status, which the page also derives from the chain (`statusOf`). */
export type VoteStatus = components["schemas"]["Proposal"]["status"];

export const STATUS_LABELS: Record<VoteStatus, { label: string; tone: "ok" | "bad" | "info" | "warn" }> = {
  active: { label: "Voting", tone: "info" },
  awaitingFinalization: { label: "Ended, not finalized", tone: "warn" },
  approved: { label: "Approved", tone: "ok" },
  rejected: { label: "Rejected", tone: "bad" },
};

/**
 * Where a proposal stands at `now`, the latest block's time: the chain's clock decides when votes stop, not the
 * reader's (nor the server's), so the page never offers a vote the governor would refuse.
 */
export function statusOf(p: Pick<ChainProposal, "endTime" | "outcome">, now: number): VoteStatus {
  if (p.outcome === 1) return "approved";
  if (p.outcome === 2) return "rejected";
  return now < p.endTime ? "active" : "awaitingFinalization";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "2 days 3 hours left", "1 hour 1 minute left", "less than a minute left", or "Voting ended". */
export function timeLeftText(endTime: number, now: number): string {
  const left = endTime - now;
  if (left <= 0) return "Voting ended";
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3_600);
  const minutes = Math.floor((left % 3_600) / 60);
  // The smaller part only when it is not zero: "1 day left", not "1 day 0 hours left".
  const two = (large: string, n: number, unit: string) => `${large}${n > 0 ? ` ${plural(n, unit)}` : ""} left`;
  if (days > 0) return two(plural(days, "day"), hours, "hour");
  if (hours > 0) return two(plural(hours, "hour"), minutes, "minute");
  if (minutes > 0) return `${plural(minutes, "minute")} left`;
  return "less than a minute left";
}
