/**
 * What the chain sync stored, through the API: per property (found by its launched token) the cap table,
 * offering progress, rent distributions and activity; per investor the portfolio. A property that is visible but
 * not tokenized yet answers with an empty view (`token: null`), an invisible one 404 like every property route.
 */
import { z } from "zod";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { EthAddress, IdParams, Limit, Sha256 } from "../core/schemas.ts";
import { propertyActivity } from "./activity.ts";
import {
  propertyCapTable,
  propertyDistributions,
  propertyOffering,
  propertyExit,
  propertyProposals,
  walletPortfolio,
} from "./service.ts";
import { PROPOSAL_KINDS } from "./sync/proposals.ts";

const Amount = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ description: "an integer amount in base units (token units or payment-token base units)" });

const Holding = z.object({ holder: EthAddress, partition: z.string(), balance: Amount });
const CapTableCursor = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}:0x[0-9a-fA-F]{64}$/, "a cap table cursor (the nextCursor of the previous page)");
const CapTableView = z
  .object({
    propertyId: z.uuid(),
    token: EthAddress.nullable(),
    holders: z.array(Holding).meta({ description: "one page, by holder and partition" }),
    nextCursor: CapTableCursor.nullable().meta({ description: "pass as `after` for the next page; null on the last" }),
  })
  .meta({ id: "CapTable" });
const CapTableQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: CapTableCursor.optional(),
});
/** ISO 8601 in UTC; a uint40 end time may lie beyond year 9999, written with the expanded year (+YYYYYY). */
const ChainTime = z.union([z.iso.datetime(), z.string().regex(/^\+\d{6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)]);
const OfferingTermsView = z
  .object({
    pricePerUnit: Amount.meta({ description: "payment-token base units per unit" }),
    softCap: Amount.meta({ description: "units" }),
    hardCap: Amount.meta({ description: "units" }),
    minTicket: Amount.meta({ description: "units per identity" }),
    maxTicket: Amount.meta({ description: "units per identity" }),
    startTime: ChainTime.meta({ description: "subscriptions open (inclusive), UTC" }),
    endTime: ChainTime.meta({ description: "subscriptions close (exclusive), UTC" }),
    paymentToken: EthAddress,
    tokenSymbol: z.string(),
    feeBps: z.number().int().nullable().meta({
      description:
        "the platform fee on the proceeds fixed at launch, basis points: the treasury receives the proceeds minus it (null: not read yet)",
    }),
    feeRecipient: EthAddress.nullable().meta({ description: "who receives the platform fee" }),
  })
  .meta({ id: "OfferingTerms", description: "The offering's terms as fixed on chain at launch" });
const OfferingProgressView = z
  .object({
    propertyId: z.uuid(),
    offering: EthAddress.nullable(),
    token: EthAddress.nullable(),
    investors: z.number().int(),
    unitsSubscribed: Amount,
    amountPaid: Amount,
    unitsClaimed: Amount,
    amountRefunded: Amount,
    unitsRefunded: Amount.meta({
      description:
        "units refunded: after a failure or cancellation, or after finalization when the token refuses a claim for good",
    }),
    released: z
      .object({
        units: Amount,
        amount: Amount,
        fee: Amount.meta({ description: "the platform fee taken from amount" }),
      })
      .meta({
        description:
          "proceeds released to the treasury so far (ProceedsReleased events; finalize itself moves no money)",
      }),
    escrowHeld: Amount.meta({
      description:
        "money paid in and still held by the offering (neither refunded nor released): the contract's escrowOwed()",
    }),
    outcome: z.enum(["none", "open", "finalized", "cancelled"]),
    finalized: z.object({ unitsSold: Amount, proceeds: Amount, fee: Amount }).nullable(),
    // null when the property has no synced offering (or its terms could not be read)
    terms: OfferingTermsView.nullable(),
  })
  .meta({ id: "OfferingProgress" });
const DistributionsView = z
  .object({
    propertyId: z.uuid(),
    token: EthAddress.nullable(),
    /** Everything deposited to the distributor for the token: rent (gross of the rent fee) and capital returned. */
    totalDeposited: Amount,
    /** Rent deposited (gross of the rent fee). */
    totalRentDeposited: Amount,
    /** Capital returned to the holders by approved refinances (issue 19), through the rent distributor, without fee. */
    totalCapitalDeposited: Amount,
    /** Claimed by the holders, rent and capital together (the distributor pays both in one claim). */
    totalClaimed: Amount,
    /** The coin the token's rent book pays in (its offering's); null before launch or when the terms are unknown. */
    paymentToken: z
      .object({ address: EthAddress, symbol: z.string().nullable(), decimals: z.number().int().nullable() })
      .nullable(),
    /**
     * Net rent (amount - fees) recorded against the property's leases, in base units of that coin (its own
     * decimals); null when its decimals are unknown (or before launch).
     */
    rentCollected: Amount.nullable(),
    /** rentCollected - totalRentDeposited: what the manager still has to deposit to the distributor; null as rentCollected. */
    awaitingDeposit: Amount.nullable(),
    deposits: z.array(
      z.object({
        depositId: z.string(),
        /** RENT: rent of a closed period; CAPITAL: capital returned by an approved refinance (issue 19). */
        kind: z.enum(["RENT", "CAPITAL"]),
        /** SHA-256 of the closed period statement this deposit paid out (the distributor's statementHashOf; for
         * capital, the refinance proposal's document); null only for a deposit made on a distributor older than
         * issue 16. */
        statementHash: Sha256.nullable(),
        amount: Amount,
        supply: Amount,
        dust: Amount,
        blockNumber: z.number().int(),
        blockTime: z.iso.datetime(),
        txHash: z.string(),
      }),
    ),
  })
  .meta({ id: "Distributions" });
const ActivityView = z
  .object({
    propertyId: z.uuid(),
    token: EthAddress.nullable(),
    events: z.array(
      z.object({
        name: z.string(),
        contract: z.string(),
        address: EthAddress,
        blockNumber: z.number().int(),
        logIndex: z.number().int(),
        blockTime: z.iso.datetime(),
        txHash: z.string(),
        args: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: "Activity" });
const Votes = Amount.meta({ description: "votes (units of voting power)" });
const GovernorTermsView = z
  .object({
    votingPeriod: z.number().int().meta({ description: "seconds a vote stays open" }),
    quorumBps: z
      .number()
      .int()
      .meta({ description: "share of the supply at the snapshot that must vote, basis points" }),
    approvalBps: z
      .number()
      .int()
      .meta({ description: "share of the votes for among for + against needed to approve, basis points" }),
    proposerThreshold: Amount.meta({ description: "voting power a holder needs to propose (0: only the manager)" }),
  })
  .meta({ id: "GovernorTerms", description: "The governor's launch terms (GovernorLaunched), fixed for the property" });
const ProposalView = z
  .object({
    id: z.string().regex(/^\d+$/).meta({ description: "the governor's proposal id (1, 2, ...)" }),
    kind: z.enum([...PROPOSAL_KINDS, "unknown"]),
    proposer: EthAddress,
    amount: Amount.meta({ description: "sale: minimum price; refinance, capital expenditure: the amount; else 0" }),
    account: EthAddress.nullable().meta({ description: "change of manager: the new manager; else null" }),
    documentHash: z
      .string()
      .regex(/^0x[0-9a-f]{64}$/)
      .meta({ description: "hash of the proposal's document (the proposal's text is that document)" }),
    snapshotId: z.string().regex(/^\d+$/).meta({ description: "the token's snapshot the vote counts units at" }),
    supplyAtSnapshot: Amount.meta({ description: "units outstanding when the snapshot opened: the quorum's base" }),
    startTime: ChainTime,
    endTime: ChainTime.meta({ description: "votes are taken until this time (exclusive), UTC" }),
    quorumBps: z.number().int(),
    approvalBps: z.number().int(),
    quorumVotes: Votes.meta({ description: "votes (for, against or abstain) needed to reach the quorum" }),
    votes: z
      .object({ for: Votes, against: Votes, abstain: Votes })
      .meta({ description: "the tally: the latest vote of each identity counts (VoteCast / VoteWithdrawn)" }),
    voters: z.number().int().meta({ description: "identities whose vote counts" }),
    status: z.enum(["active", "awaitingFinalization", "approved", "rejected"]).meta({
      description:
        "approved / rejected: the outcome finalize recorded on chain; before that, active while the end is in the future (server clock), else awaitingFinalization",
    }),
  })
  .meta({ id: "Proposal" });
const ProposalsView = z
  .object({
    propertyId: z.uuid(),
    token: EthAddress.nullable(),
    governor: EthAddress.nullable().meta({ description: "the token's governor (holder votes); null: none launched" }),
    terms: GovernorTermsView.nullable(),
    proposals: z.array(ProposalView).meta({ description: "newest first" }),
  })
  .meta({ id: "Proposals" });
const Tx = {
  blockTime: z.iso.datetime().meta({ description: "the block's time, UTC" }),
  txHash: z.string().regex(/^0x[0-9a-f]{64}$/),
};
const ExitView = z
  .object({
    address: EthAddress,
    governor: EthAddress.meta({ description: "the governor whose approved sale or refinance the exit accepts" }),
    paymentToken: EthAddress,
    sale: z
      .object({
        proposalId: z.string().regex(/^\d+$/).meta({ description: "the approved sale" }),
        depositor: EthAddress,
        amount: Amount.meta({ description: "gross proceeds received" }),
        fee: Amount.meta({ description: "the platform's exit fee, sent to the collector" }),
        collector: EthAddress,
        proceeds: Amount.meta({ description: "amount - fee: what the holders share" }),
        supplyAtClose: Amount.meta({ description: "units the proceeds are shared over" }),
        ...Tx,
      })
      .nullable()
      .meta({ description: "the sale's ProceedsDeposited (the token is closed); null before" }),
    paidOut: Amount.meta({ description: "paid to redeemers so far" }),
    unitsRedeemed: Amount,
    redemptions: z.array(z.object({ holder: EthAddress, to: EthAddress, units: Amount, payout: Amount, ...Tx })).meta({
      description:
        "in chain order; payout = units x proceeds / supplyAtClose, rounded down. All of them for the property's owner or manager, compliance officers and admins (who see the cap table); the caller's own (as holder or wallet paid) for anyone else",
    }),
    capitalReturns: z
      .array(
        z.object({
          proposalId: z.string().regex(/^\d+$/),
          depositor: EthAddress,
          amount: Amount,
          depositId: z.string(),
          ...Tx,
        }),
      )
      .meta({ description: "refinances: capital returned through the rent distributor (the token stays open)" }),
  })
  .meta({ id: "Exit" });
const PropertyExitView = z
  .object({ propertyId: z.uuid(), token: EthAddress.nullable(), exit: ExitView.nullable() })
  .meta({ id: "PropertyExit" });
const PortfolioView = z
  .object({
    wallet: EthAddress,
    holdings: z.array(z.object({ token: EthAddress, partition: z.string(), balance: Amount })),
    subscriptions: z.array(
      z.object({
        offering: EthAddress,
        token: EthAddress.nullable(),
        units: Amount,
        paid: Amount,
        claimedUnits: Amount,
        refunded: Amount,
      }),
    ),
    /**
     * Per token: claimed so far and claimable now (the distributor's claimableOf, never negative), both including
     * the capital returned by refinances, which the distributor pays with the rent; of which capital returned.
     */
    rent: z.array(
      z.object({
        token: EthAddress,
        claimed: Amount,
        claimable: Amount,
        capitalClaimed: Amount,
        capitalClaimable: Amount,
      }),
    ),
  })
  .meta({ id: "Portfolio" });

// Block numbers are stored as PostgreSQL integers (chain_events."blockNumber"): a larger one is a 400, not a 422.
const ActivityQuery = z.object({
  limit: Limit,
  beforeBlock: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});

export const chainRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/cap-table",
    summary: "Holders of the property's token and their balances by partition (from the chain sync), paged by holder",
    tags: ["chain"],
    access: ["ADMIN", "COMPLIANCE_OFFICER", "PROPERTY_MANAGER"],
    params: IdParams,
    query: CapTableQuery,
    responses: { 200: { description: "One page of the cap table", schema: CapTableView } },
    // PostgreSQL builds the body (service.ts): sent as it comes.
    handler: async ({ actor, params, query, deps }) => ({
      status: 200,
      json: await propertyCapTable(deps.pool, deps.config.siwe.chainId, actor, params.id, query),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/offering",
    summary:
      "The property's offering: its terms (price, caps, tickets, times) and progress (subscriptions, claims, refunds, outcome)",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "Offering progress", schema: OfferingProgressView } },
    handler: async ({ actor, params, deps }) => ({
      status: 200,
      body: await propertyOffering(deps.db, deps.config.siwe.chainId, actor, params.id),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/distributions",
    summary: "Rent deposited to the property's holders and claimed by them",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "Distribution history", schema: DistributionsView } },
    handler: async ({ actor, params, deps }) => ({
      status: 200,
      body: await propertyDistributions(deps.db, deps.config.siwe.chainId, actor, params.id),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/activity",
    summary:
      "What happened on chain for the property, newest first: every event for those who see its cap table, else the property's own events and the caller's own movements",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    query: ActivityQuery,
    responses: { 200: { description: "Activity feed", schema: ActivityView } },
    handler: async ({ actor, params, query, deps }) => ({
      status: 200,
      body: await propertyActivity(deps.db, deps.config.siwe.chainId, actor, params.id, query),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/proposals",
    summary: "Holder votes on the property: its governor's terms and proposals, with tallies and status",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The property's proposals", schema: ProposalsView } },
    handler: async ({ actor, params, deps }) => ({
      status: 200,
      body: await propertyProposals(deps.db, deps.config.siwe.chainId, actor, params.id),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/exit",
    summary: "The property's exit (issue 19): the sale's proceeds, the redemptions and any capital returned",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The property's exit; exit null when none", schema: PropertyExitView } },
    handler: async ({ actor, params, deps }) => ({
      status: 200,
      body: await propertyExit(deps.db, deps.config.siwe.chainId, actor, params.id),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/portfolio",
    summary: "The signed-in wallet's holdings, offering subscriptions and rent claimed",
    tags: ["chain"],
    access: "authenticated",
    responses: { 200: { description: "Portfolio", schema: PortfolioView } },
    handler: async ({ actor, deps }) => ({
      status: 200,
      json: await walletPortfolio(deps.pool, deps.config.siwe.chainId, actor, actor.address),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/portfolio/:wallet",
    summary: "Any wallet's portfolio (compliance officers and admins)",
    tags: ["chain"],
    access: "authenticated",
    params: z.object({ wallet: EthAddress }),
    responses: { 200: { description: "Portfolio", schema: PortfolioView } },
    handler: async ({ actor, params, deps }) => ({
      status: 200,
      json: await walletPortfolio(deps.pool, deps.config.siwe.chainId, actor, params.wallet),
    }),
  }),
];
