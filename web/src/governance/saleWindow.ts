/**
 * Whether the exit takes an approved sale now, and what the manager reads when it does not (audit 2026-12).
 * `PropertyExit.depositProceeds` refuses a sale from its vote's end plus one voting period on (`ExitSaleExpired`)
 * and on a supply other than the one voted on (`ExitSupplyChanged`), checked in that order: the panel decides the
 * same way, so it never offers a deposit the exit refuses. Pure: the panel reads the chain, this module decides.
 */
import { formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { kindName, statusOf, type ChainProposal } from "./proposals";

export type SaleWindow =
  /** The exit takes the sale: until `deadline` (unix seconds; undefined while the governor's terms load). */
  | { kind: "open"; deadline: number | undefined }
  /** The approval ran out at `deadline`. */
  | { kind: "expired"; deadline: number }
  /** The holders voted on `votedOn` units; the token has `supply` now. */
  | { kind: "supplyChanged"; votedOn: bigint; supply: bigint };

/**
 * Where the approved `sale` stands at the chain's time `now`, given its `deadline` (its vote's end plus one voting
 * period) and the token's `supply` (undefined while it loads: not yet known to differ).
 */
export function saleWindow(
  sale: { supplyAtSnapshot: bigint },
  at: { now: number; deadline: number | undefined; supply: bigint | undefined },
): SaleWindow {
  if (at.deadline !== undefined && at.now >= at.deadline) return { kind: "expired", deadline: at.deadline };
  if (at.supply !== undefined && at.supply !== sale.supplyAtSnapshot)
    return { kind: "supplyChanged", votedOn: sale.supplyAtSnapshot, supply: at.supply };
  return { kind: "open", deadline: at.deadline };
}

/**
 * What the manager reads when the exit refuses the approved sale #`sale`, and what to do: propose it again, or, when
 * a later sale proposal #`revote` is still undecided, wait for the holders' decision on it.
 */
export function refusedSaleText(
  refused: Exclude<SaleWindow, { kind: "open" }>,
  proposals: { sale: bigint; revote?: bigint | undefined },
): string {
  const why =
    refused.kind === "expired"
      ? `The holders' approval of sale #${proposals.sale} ran out on ${formatDateTime(new Date(refused.deadline * 1000))}, one voting period after their vote: the exit no longer takes it.`
      : `Sale #${proposals.sale} was voted on ${formatUnits(refused.votedOn)}; the token has ${formatUnits(refused.supply)} now, and the exit takes a sale only on the units its holders voted on.`;
  const next =
    proposals.revote === undefined
      ? "Propose the sale again (“Open a vote”, above); once the holders approve it, deposit its proceeds here."
      : `The sale is put to the holders again (#${proposals.revote}): once they approve it, deposit its proceeds here.`;
  return `${why} ${next}`;
}

/**
 * The sale the exit would take (the latest approved sale proposal) and a later sale proposal not decided yet (voting,
 * or ended and not finalized): the manager already put the sale to the holders again.
 */
export function salesOf<P extends Pick<ChainProposal, "kind" | "endTime" | "outcome"> & { id: bigint }>(
  proposals: readonly P[],
  now: number,
): { approved: P | undefined; revote: bigint | undefined } {
  const sales = proposals.filter((p) => kindName(p.kind) === "sale").sort((a, b) => (a.id < b.id ? 1 : -1));
  const approved = sales.find((p) => statusOf(p, now) === "approved");
  const revote = approved
    ? sales.find((p) => p.id > approved.id && ["active", "awaitingFinalization"].includes(statusOf(p, now)))?.id
    : undefined;
  return { approved, revote };
}
