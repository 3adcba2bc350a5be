/**
 * The property state machine, in one place: every state, every edge, and who or what makes each move.
 *
 *   DRAFT -> SUBMITTED -> VERIFIED                       people (the registry workflow, `PROPERTY_TRANSITIONS`)
 *   VERIFIED -> TOKENIZED -> OFFERING -> CLOSED -> FUNDED -> EXITED  the chain (`CHAIN_TRANSITIONS`), from the synced events
 *        ^          |            |          |
 *        +------ REFUNDING <-----+----------+             failed or cancelled offering; back to VERIFIED (relaunch)
 *   with REJECTED and ARCHIVED.
 *
 * People never move a property along the chain-driven edges: the chain sync does, in the transaction that stores
 * the events (chain/sync/property-state.ts), so the registry cannot disagree with the chain, and a reorganisation
 * that removes the events moves it back (each chain edge read backwards). docs/design/property-state.md has the table.
 */
import type { PropertyStatus } from "../generated/prisma/client.ts";

export type Mover = "stakeholder" | "officer" | "admin";

export interface Transition {
  from: PropertyStatus;
  to: PropertyStatus;
  /** Who may make the move (admins may always act as stakeholders). */
  by: Mover[];
  reasonRequired?: boolean;
  /** The property's land title must be VERIFIED. */
  requiresVerifiedTitle?: boolean;
}

/** Moves people make through `POST /properties/:id/transitions`. */
export const PROPERTY_TRANSITIONS: Transition[] = [
  { from: "DRAFT", to: "SUBMITTED", by: ["stakeholder"] },
  { from: "SUBMITTED", to: "DRAFT", by: ["stakeholder"] },
  { from: "SUBMITTED", to: "VERIFIED", by: ["officer"], requiresVerifiedTitle: true },
  { from: "SUBMITTED", to: "REJECTED", by: ["officer"], reasonRequired: true },
  { from: "REJECTED", to: "DRAFT", by: ["stakeholder"] },
  { from: "DRAFT", to: "ARCHIVED", by: ["stakeholder"] },
  { from: "REJECTED", to: "ARCHIVED", by: ["stakeholder"] },
  { from: "VERIFIED", to: "ARCHIVED", by: ["admin"], reasonRequired: true },
  { from: "FUNDED", to: "ARCHIVED", by: ["admin"], reasonRequired: true },
];

export function findTransition(from: PropertyStatus, to: PropertyStatus): Transition | undefined {
  return PROPERTY_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** Descriptive fields may be edited only before submission (or after a rejection, to fix them). */
export const EDITABLE_STATUSES: PropertyStatus[] = ["DRAFT", "REJECTED"];

/**
 * The state of the property's governing offering as the contract computes it (`PropertyOffering._state`), at the
 * time of the last synced block: mirrored here from the offering read model so the registry follows it.
 */
export type OfferingPhase = "pending" | "active" | "succeeded" | "failed" | "finalized" | "cancelled";

/** What the chain sync knows about an offering (chain_offerings), amounts as bigints. */
export interface OfferingFacts {
  outcome: "open" | "finalized" | "cancelled";
  /** Unix seconds. */
  startTime: bigint;
  endTime: bigint;
  softCap: bigint;
  hardCap: bigint;
  unitsSold: bigint;
  /**
   * Payment-token base units paid in (its Subscribed events' `paid`): each subscription at the price it paid, the
   * offering's or, issue 20, an invitation's, so never `unitsSold * pricePerUnit` when invitations were redeemed.
   */
  paid: bigint;
  /** Payment-token base units refunded so far (its Refunded events' `amount`: each exactly what that wallet paid). */
  refunded: bigint;
  /** The token's exit recorded a sale (ProceedsDeposited, issue 19): the token is closed for good. */
  sold?: boolean;
}

/** PropertyOffering.FINALIZE_WINDOW: a success not finalized within it fails (refunds open). */
export const FINALIZE_WINDOW_SECONDS = 30n * 86_400n;

/** `PropertyOffering._state` at chain time `now` (unix seconds), line for line. */
export function offeringPhase(o: OfferingFacts, now: bigint): OfferingPhase {
  if (o.outcome === "finalized") return "finalized";
  if (o.outcome === "cancelled") return "cancelled";
  if (now < o.startTime) return "pending";
  if (now > o.endTime + FINALIZE_WINDOW_SECONDS - 1n) return "failed";
  if (o.unitsSold === o.hardCap) return "succeeded";
  if (now < o.endTime) return "active";
  return o.unitsSold < o.softCap ? "failed" : "succeeded";
}

/** The statuses the chain sync sets; a property in one of them (or VERIFIED) follows its governing offering. */
export const CHAIN_STATUSES = [
  "TOKENIZED",
  "OFFERING",
  "CLOSED",
  "FUNDED",
  "EXITED",
  "REFUNDING",
] as const satisfies readonly PropertyStatus[];
export type ChainStatus = (typeof CHAIN_STATUSES)[number];

/** The status a property with this governing offering has at chain time `now`. */
export function statusFromChain(o: OfferingFacts | null, now: bigint): PropertyStatus {
  if (!o) return "VERIFIED";
  // A sale needs holders, who exist only after the offering was finalized: a sold token's property has exited.
  if (o.sold && o.outcome === "finalized") return "EXITED";
  // Before finalization money leaves the escrow only as refunds: the escrow owes someone (escrowOwed() > 0) exactly
  // while less was refunded than was paid. The public price is no measure of it (invitations sell at their own).
  return statusOfPhase(offeringPhase(o, now), o.refunded < o.paid);
}

/** The property's status for its governing offering's phase; `refundsOpen`: the escrow still owes a subscriber. */
export function statusOfPhase(phase: OfferingPhase, refundsOpen: boolean): PropertyStatus {
  switch (phase) {
    case "pending":
      return "TOKENIZED";
    case "active":
      return "OFFERING";
    case "succeeded":
      return "CLOSED";
    case "finalized":
      return "FUNDED";
    case "failed":
    case "cancelled":
      // Subscribers take their money back with refund(); once every payment is refunded nothing is left open.
      return refundsOpen ? "REFUNDING" : "VERIFIED";
  }
}

export interface ChainTransition {
  from: PropertyStatus;
  to: PropertyStatus;
  /** The chain fact that makes the move, as recorded in the status history. */
  on: string;
}

/** Moves the chain sync makes (never people). A reorganisation moves a property back along the same edges. */
export const CHAIN_TRANSITIONS: ChainTransition[] = [
  { from: "VERIFIED", to: "TOKENIZED", on: "offering launched by the property's owner or manager" },
  { from: "TOKENIZED", to: "OFFERING", on: "offering opened (start time reached)" },
  {
    from: "OFFERING",
    to: "CLOSED",
    on: "offering filled (hard cap reached, or end time passed with the soft cap met)",
  },
  { from: "CLOSED", to: "FUNDED", on: "offering finalized (proceeds released, units claimable)" },
  { from: "FUNDED", to: "EXITED", on: "sale proceeds deposited on the exit (token closed, holders redeem)" },
  { from: "TOKENIZED", to: "VERIFIED", on: "offering cancelled before anything was sold" },
  { from: "OFFERING", to: "VERIFIED", on: "offering failed or cancelled with nothing sold" },
  { from: "OFFERING", to: "REFUNDING", on: "offering failed (soft cap missed) or cancelled: refunds open" },
  {
    from: "CLOSED",
    to: "REFUNDING",
    on: "offering cancelled, or not finalized within the finalization window: refunds open",
  },
  { from: "REFUNDING", to: "VERIFIED", on: "every subscriber refunded: the manager may launch again" },
  { from: "REFUNDING", to: "TOKENIZED", on: "offering relaunched while refunds of the previous one are open" },
];

/**
 * The edges from `from` to `to`, shortest first: along CHAIN_TRANSITIONS when the sync stored new blocks (several
 * facts synced at once, e.g. launched, opened and filled in one block range, record each step), backwards along
 * them when it rolled blocks back (`rollback`), the other way round only if the preferred one does not connect.
 * Empty when equal; undefined when neither way connects them.
 */
export function chainPath(
  from: PropertyStatus,
  to: PropertyStatus,
  rollback = false,
): { edges: ChainTransition[]; reorg: boolean } | undefined {
  if (from === to) return { edges: [], reorg: false };
  const search = (edges: ChainTransition[]): ChainTransition[] | undefined => {
    const previous = new Map<PropertyStatus, ChainTransition>();
    const queue: PropertyStatus[] = [from];
    while (queue.length) {
      const at = queue.shift()!;
      for (const e of edges.filter((x) => x.from === at && x.from !== x.to && !previous.has(x.to) && x.to !== from)) {
        previous.set(e.to, e);
        if (e.to === to) {
          const path: ChainTransition[] = [];
          for (let s: PropertyStatus = to; s !== from; s = previous.get(s)!.from) path.unshift(previous.get(s)!);
          return path;
        }
        queue.push(e.to);
      }
    }
    return undefined;
  };
  const forward = (): ChainTransition[] | undefined => search(CHAIN_TRANSITIONS);
  const backward = (): ChainTransition[] | undefined =>
    search(CHAIN_TRANSITIONS.map((e) => ({ from: e.to, to: e.from, on: `reorganisation: undone (${e.on})` })));
  for (const [find, reorg] of (rollback
    ? [
        [backward, true],
        [forward, false],
      ]
    : [
        [forward, false],
        [backward, true],
      ]) as [() => ChainTransition[] | undefined, boolean][]) {
    const edges = find();
    if (edges) return { edges, reorg };
  }
  return undefined;
}
