/**
 * What the chain sync stored, through the API: per property (found by its launched token) the cap table,
 * offering progress, rent distributions and activity; per investor the portfolio. A property that is visible but
 * not tokenized yet answers with an empty view (`token: null`), an invisible one 404 like every property route.
 */
import { z } from "zod";
import { getAddress } from "viem";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { ForbiddenError } from "../core/errors.ts";
import { EthAddress, IdParams, Limit } from "../core/schemas.ts";
import { canManage, loadVisible, seesEverything } from "../properties/access.ts";
import { governingOrder, launchedByStakeholder } from "./sync/offerings.ts";
import { activityFeed, capTable, distributionHistory, offeringProgress, offeringTerms, portfolio } from "./sync/read-models.ts";

const Amount = z.string().regex(/^-?\d+$/).meta({ description: "an integer amount in base units (token units or payment-token base units)" });

const Holding = z.object({ holder: EthAddress, partition: z.string(), balance: Amount });
const CapTableView = z.object({ propertyId: z.uuid(), token: EthAddress.nullable(), holders: z.array(Holding) }).meta({ id: "CapTable" });
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
    unitsRefunded: Amount.meta({ description: "units refunded: after a failure or cancellation, or after finalization when the token refuses a claim for good" }),
    released: z
      .object({ units: Amount, amount: Amount, fee: Amount.meta({ description: "the platform fee taken from amount" }) })
      .meta({ description: "proceeds released to the treasury so far (ProceedsReleased events; finalize itself moves no money)" }),
    escrowHeld: Amount.meta({ description: "money paid in and still held by the offering (neither refunded nor released): the contract's escrowOwed()" }),
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
    totalDeposited: Amount,
    totalClaimed: Amount,
    /** Net rent (amount - fees) recorded against the property's leases, in base units of the 6-decimal stablecoin of its currency. */
    rentCollected: Amount,
    /** rentCollected - totalDeposited: what the manager still has to deposit to the distributor. */
    awaitingDeposit: Amount,
    deposits: z.array(z.object({ depositId: z.string(), amount: Amount, supply: Amount, dust: Amount, blockNumber: z.number().int(), blockTime: z.iso.datetime(), txHash: z.string() })),
  })
  .meta({ id: "Distributions" });
const ActivityView = z
  .object({
    propertyId: z.uuid(),
    token: EthAddress.nullable(),
    events: z.array(z.object({ name: z.string(), contract: z.string(), address: EthAddress, blockNumber: z.number().int(), logIndex: z.number().int(), blockTime: z.iso.datetime(), txHash: z.string(), args: z.record(z.string(), z.unknown()) })),
  })
  .meta({ id: "Activity" });
const PortfolioView = z
  .object({
    wallet: EthAddress,
    holdings: z.array(z.object({ token: EthAddress, partition: z.string(), balance: Amount })),
    subscriptions: z.array(z.object({ offering: EthAddress, token: EthAddress.nullable(), units: Amount, paid: Amount, claimedUnits: Amount, refunded: Amount })),
    rent: z.array(z.object({ token: EthAddress, claimed: Amount, claimable: Amount })),
  })
  .meta({ id: "Portfolio" });

const ActivityQuery = z.object({ limit: Limit, beforeBlock: z.coerce.number().int().min(0).optional() });

/**
 * The property's token and offering: its governing offering (launched by its owner or manager; the finalized one if
 * any, else the latest), the same the property list shows and the status follows (sync/property-state.ts).
 */
async function launched(db: Db, chainId: number, propertyId: string): Promise<{ token: string | null; offering: string | null }> {
  const rows = await db.$queryRawUnsafe<{ token: string; address: string }[]>(
    `SELECT o.token, o.address FROM chain_offerings o JOIN properties p ON p.id = o."propertyId"
     WHERE o."chainId" = $1 AND o."propertyId" = $2::uuid AND ${launchedByStakeholder("o", "p")}
     ORDER BY ${governingOrder("o")} LIMIT 1`,
    chainId,
    propertyId,
  );
  return { token: rows[0]?.token ?? null, offering: rows[0]?.address ?? null };
}

/**
 * Net rent received on the property's leases (the registry keeps them in the property's currency), in base units
 * of the 6-decimal stablecoin of that currency, which the property's offering and distributor pay in.
 */
async function rentCollected(db: Db, propertyId: string): Promise<bigint> {
  const [row] = await db.$queryRaw<{ net: string }[]>`
    SELECT (COALESCE(SUM(p.amount - p.fees), 0) * 1000000)::numeric(78, 0)::text AS net
    FROM rent_payments p JOIN leases l ON l.id = p."leaseId"
    WHERE l."propertyId" = ${propertyId}::uuid`;
  return BigInt(row?.net ?? "0");
}

function mayReadPortfolio(actor: Actor | null, wallet: string): boolean {
  return (!!actor && getAddress(actor.address) === getAddress(wallet)) || hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER");
}

export const chainRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/cap-table",
    summary: "Holders of the property's token and their balances by partition (from the chain sync)",
    tags: ["chain"],
    access: ["ADMIN", "COMPLIANCE_OFFICER", "PROPERTY_MANAGER"],
    params: IdParams,
    responses: { 200: { description: "The cap table", schema: CapTableView } },
    handler: async ({ actor, params, deps }) => {
      const property = await loadVisible(deps.db, actor, params.id);
      if (!seesEverything(actor) && !canManage(actor, property)) throw new ForbiddenError("only the property's owner or manager, compliance officers and admins see its cap table");
      const { token } = await launched(deps.db, deps.config.siwe.chainId, property.id);
      const holders = token ? await capTable(deps.db, deps.config.siwe.chainId, token) : [];
      return { status: 200, body: { propertyId: property.id, token, holders } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/offering",
    summary: "The property's offering: its terms (price, caps, tickets, times) and progress (subscriptions, claims, refunds, outcome)",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "Offering progress", schema: OfferingProgressView } },
    handler: async ({ actor, params, deps }) => {
      const property = await loadVisible(deps.db, actor, params.id);
      const { token, offering } = await launched(deps.db, deps.config.siwe.chainId, property.id);
      const progress = offering ? await offeringProgress(deps.db, deps.config.siwe.chainId, offering) : undefined;
      const found = offering ? await offeringTerms(deps.db, deps.config.siwe.chainId, offering) : null;
      const terms = found ? { ...found, startTime: found.startTime.toISOString(), endTime: found.endTime.toISOString() } : null;
      return {
        status: 200,
        body: progress
          ? { propertyId: property.id, ...progress, terms }
          : { propertyId: property.id, offering, token, investors: 0, unitsSubscribed: "0", amountPaid: "0", unitsClaimed: "0", amountRefunded: "0", unitsRefunded: "0", released: { units: "0", amount: "0", fee: "0" }, escrowHeld: "0", outcome: "none", finalized: null, terms },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/distributions",
    summary: "Rent deposited to the property's holders and claimed by them",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "Distribution history", schema: DistributionsView } },
    handler: async ({ actor, params, deps }) => {
      const property = await loadVisible(deps.db, actor, params.id);
      const { token } = await launched(deps.db, deps.config.siwe.chainId, property.id);
      const history = token ? await distributionHistory(deps.db, deps.config.siwe.chainId, token) : { deposits: [], totalDeposited: "0", totalClaimed: "0" };
      const collected = await rentCollected(deps.db, property.id);
      return {
        status: 200,
        body: {
          propertyId: property.id,
          token,
          ...history,
          rentCollected: collected.toString(),
          awaitingDeposit: (collected - BigInt(history.totalDeposited)).toString(),
          deposits: history.deposits.map((d) => ({ ...d, blockTime: d.blockTime.toISOString() })),
        },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/chain/properties/:id/activity",
    summary: "Everything that happened on chain for the property, newest first",
    tags: ["chain"],
    access: "authenticated",
    params: IdParams,
    query: ActivityQuery,
    responses: { 200: { description: "Activity feed", schema: ActivityView } },
    handler: async ({ actor, params, query, deps }) => {
      const property = await loadVisible(deps.db, actor, params.id);
      const { token } = await launched(deps.db, deps.config.siwe.chainId, property.id);
      const events = token ? await activityFeed(deps.db, deps.config.siwe.chainId, token, { limit: query.limit, beforeBlock: query.beforeBlock }) : [];
      return { status: 200, body: { propertyId: property.id, token, events: events.map((e) => ({ ...e, blockTime: e.blockTime.toISOString() })) } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/chain/portfolio",
    summary: "The signed-in wallet's holdings, offering subscriptions and rent claimed",
    tags: ["chain"],
    access: "authenticated",
    responses: { 200: { description: "Portfolio", schema: PortfolioView } },
    handler: async ({ actor, deps }) => ({ status: 200, body: await portfolio(deps.db, deps.config.siwe.chainId, actor.address) }),
  }),
  defineRoute({
    method: "get",
    path: "/chain/portfolio/:wallet",
    summary: "Any wallet's portfolio (compliance officers and admins)",
    tags: ["chain"],
    access: "authenticated",
    params: z.object({ wallet: EthAddress }),
    responses: { 200: { description: "Portfolio", schema: PortfolioView } },
    handler: async ({ actor, params, deps }) => {
      if (!mayReadPortfolio(actor, params.wallet)) throw new ForbiddenError("only the wallet's owner, compliance officers and admins see a portfolio");
      return { status: 200, body: await portfolio(deps.db, deps.config.siwe.chainId, params.wallet) };
    },
  }),
];
