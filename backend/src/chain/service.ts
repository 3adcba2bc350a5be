/**
 * The chain sync's read models behind the API, with their access rules: per property (found by its governing
 * offering) the cap table, offering progress, rent distributions and activity; per wallet the portfolio. A property
 * that is visible but not tokenized yet gives an empty view (`token: null`); an invisible one is a 404.
 */
import pg from "pg";
import { getAddress } from "viem";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { MINOR_UNIT_DECIMALS, rescale } from "../core/coin-amounts.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";
import type { Db } from "../db/client.ts";
import { preparedRows } from "../db/prepared.ts";
import { distinctKeys, turnBatcher } from "../db/turn-batch.ts";
import { canManage, canSee, loadVisible, seesEverything, type PropertyParties } from "../properties/access.ts";
import { governingOrder, launchedByStakeholder } from "./sync/offerings.ts";
import { exitOf } from "./sync/exits.ts";
import { governorOf, proposalsOf, type StoredProposal } from "./sync/proposals.ts";
import {
  distributionHistory,
  holdersPage,
  jsonArray,
  offeringProgress,
  offeringTerms,
  portfolioJson,
} from "./sync/read-models.ts";

/**
 * The token and offering of property `p` (a properties row; $1 the chain id): its governing offering (launched by
 * its owner or manager; the finalized one if any, else the latest), the same the property list shows and the status
 * follows (sync/property-state.ts).
 */
const governingOffering = (
  p: string,
): string => `SELECT o.token, o.address, o."paymentToken", o."paymentSymbol", o."paymentDecimals" FROM chain_offerings o
  WHERE o."chainId" = $1::int AND o."propertyId" = ${p}.id AND ${launchedByStakeholder("o", p)}
  ORDER BY ${governingOrder("o")} LIMIT 1`;
const LAUNCHED_SQL = `SELECT l.token, l.address, l."paymentToken", l."paymentSymbol", l."paymentDecimals" FROM properties p, LATERAL (${governingOffering("p")}) l WHERE p.id = $2::uuid`;

/**
 * The coin a property token's offering and rent book pay in (the factory registers the offering's payment token as
 * the token's rent coin at launch), as the chain sync read it: `decimals` null when the coin did not answer.
 */
export interface PaymentCoin {
  address: string;
  symbol: string | null;
  decimals: number | null;
}

/** Through Prisma (in a service's transaction) or on the pool (hot read paths, db/prepared.ts). */
export async function launched(
  db: Db | pg.Pool,
  chainId: number,
  propertyId: string,
): Promise<{ token: string | null; offering: string | null; coin: PaymentCoin | null }> {
  type Row = {
    token: string;
    address: string;
    paymentToken: string | null;
    paymentSymbol: string | null;
    paymentDecimals: number | null;
  };
  const rows =
    db instanceof pg.Pool
      ? await preparedRows<Row>(db, LAUNCHED_SQL, [chainId, propertyId])
      : await db.$queryRawUnsafe<Row[]>(LAUNCHED_SQL, chainId, propertyId);
  const r = rows[0];
  return {
    token: r?.token ?? null,
    offering: r?.address ?? null,
    coin: r?.paymentToken ? { address: r.paymentToken, symbol: r.paymentSymbol, decimals: r.paymentDecimals } : null,
  };
}

/** Tokens outstanding of the property's governing token: the sum of its synced balances (0 before launch). */
export async function tokenSupply(
  db: Db,
  chainId: number,
  propertyId: string,
): Promise<{ token: string | null; units: bigint }> {
  const { token } = await launched(db, chainId, propertyId);
  if (!token) return { token, units: 0n };
  const [row] = await db.$queryRaw<{ units: string }[]>`
    SELECT COALESCE(SUM(balance), 0)::text AS units FROM chain_holder_balances
    WHERE "chainId" = ${chainId} AND token = ${token}`;
  return { token, units: BigInt(row?.units ?? "0") };
}

/**
 * Net rent received on the property's leases (the registry keeps them in the property's currency, to the cent), in
 * base units of the coin the property's token pays rent in (`decimals`, its own); null when those are unknown.
 */
async function rentCollected(db: Db, propertyId: string, decimals: number | null): Promise<bigint | null> {
  if (decimals === null) return null;
  const [row] = await db.$queryRaw<{ cents: string }[]>`
    SELECT (COALESCE(SUM(p.amount - p.fees), 0) * 100)::numeric(78, 0)::text AS cents
    FROM rent_payments p JOIN leases l ON l.id = p."leaseId"
    WHERE l."propertyId" = ${propertyId}::uuid`;
  return rescale(BigInt(row?.cents ?? "0"), MINOR_UNIT_DECIMALS, decimals);
}

function mayReadPortfolio(actor: Actor | null, wallet: string): boolean {
  return (!!actor && getAddress(actor.address) === getAddress(wallet)) || hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER");
}

/** A cap table page asked for: the property (its id as the route took it), after (holder, partition), its size. */
interface CapTablePage {
  propertyId: string;
  holder: string;
  partition: string;
  limit: number;
}
/** The same page, however its property id is spelled. */
const pageKey = (p: CapTablePage): string => [p.propertyId.toLowerCase(), p.holder, p.partition, p.limit].join(" ");

/**
 * The cap table pages statement ($1 chain id; the pages as arrays: $2 property ids, after $3 holders and $4
 * partitions, $5 page sizes): per page asked (`n`, from 1) whose property exists, the columns the access rules read
 * and the response body (`CapTable`) as JSON text, built by PostgreSQL from the property, its governing offering's
 * token (holders: none before launch) and one page of its balances, in one round trip instead of three.
 * `nextCursor` is the page's last row when one more exists. Each page is a subquery that PostgreSQL plans once for
 * any page, as the generic plan of a prepared statement; the arrays are read through subqueries (`SELECT $2`) so
 * that no estimate depends on how many pages a batch holds (else PostgreSQL plans every batch for its own length and
 * never keeps a generic plan: db/generic-plans.test.ts).
 */
const CAP_TABLES_SQL = `SELECT k.n, c.* FROM unnest((SELECT $2::uuid[]), (SELECT $3::text[]), (SELECT $4::text[]), (SELECT $5::int[])) WITH ORDINALITY AS k(id, holder, partition, size, n),
  LATERAL (WITH property AS (SELECT id, "ownerId", "managerId", status FROM properties WHERE id = k.id),
  launched AS (SELECT l.token FROM property p, LATERAL (${governingOffering("p")}) l),
  rows AS (SELECT row_number() OVER (ORDER BY h.holder, h.partition) AS n, h.*
    FROM (${holdersPage("(SELECT token FROM launched)", { holder: "k.holder", partition: "k.partition", limit: "k.size" })}) h),
  page AS (SELECT holder, partition, balance FROM rows WHERE n <= k.size)
  SELECT p.*, '{"propertyId":' || to_json(p.id::text) || ',"token":' || coalesce(to_json((SELECT token FROM launched))::text, 'null')
    || ',"holders":' || ${jsonArray("page", "r.holder, r.partition")} || ',"nextCursor":'
    || coalesce((SELECT to_json(holder || ':' || partition)::text FROM rows WHERE n = k.size AND EXISTS (SELECT FROM rows WHERE n > k.size)), 'null')
    || '}' AS json
  FROM property p) c`;

/**
 * The cap table pages asked for in one turn of the event loop, read by one prepared statement (db/turn-batch.ts):
 * each page's property row and body, or undefined when its property does not exist.
 */
function capTablePages(pool: pg.Pool, chainId: number) {
  return turnBatcher<CapTablePage, (PropertyParties & { json: string }) | undefined>(
    pool,
    `cap-table:${chainId}`,
    async (pages) => {
      const { distinct, spread } = distinctKeys(pages, pageKey);
      const rows = await preparedRows<PropertyParties & { n: string; json: string }>(pool, CAP_TABLES_SQL, [
        chainId,
        distinct.map((p) => p.propertyId),
        distinct.map((p) => p.holder),
        distinct.map((p) => p.partition),
        distinct.map((p) => p.limit),
      ]);
      return spread(rows, (row) => pageKey(distinct[Number(row.n) - 1]!));
    },
  );
}

/**
 * The cap table, as the response body's JSON text: for the property's owner or manager, compliance officers and
 * admins. An invisible property is a 404, a visible one the caller may not manage a 403 (the rules of access.ts,
 * applied to the statement's row).
 */
export async function propertyCapTable(
  pool: pg.Pool,
  chainId: number,
  actor: Actor,
  propertyId: string,
  page: { limit: number; after?: string | undefined },
): Promise<string> {
  // The cursor is "holder:partition" of the previous page's last row (the route checked its form).
  const [holder, partition] = page.after?.split(":") ?? [];
  const after = holder && partition ? { holder: getAddress(holder), partition: partition.toLowerCase() } : null;
  const property = await capTablePages(pool, chainId).load({
    propertyId,
    holder: after?.holder ?? "",
    partition: after?.partition ?? "",
    limit: page.limit,
  });
  if (!property || !canSee(actor, property)) throw new NotFoundError("property", propertyId);
  if (!seesEverything(actor) && !canManage(actor, property))
    throw new ForbiddenError("only the property's owner or manager, compliance officers and admins see its cap table");
  return property.json;
}

/** The governing offering's terms and progress (zeros while nothing was launched). */
export async function propertyOffering(db: Db, chainId: number, actor: Actor, propertyId: string) {
  const property = await loadVisible(db, actor, propertyId);
  const { token, offering } = await launched(db, chainId, property.id);
  const progress = offering ? await offeringProgress(db, chainId, offering) : undefined;
  const found = offering ? await offeringTerms(db, chainId, offering) : null;
  const terms = found
    ? { ...found, startTime: found.startTime.toISOString(), endTime: found.endTime.toISOString() }
    : null;
  return progress
    ? { propertyId: property.id, ...progress, terms }
    : {
        propertyId: property.id,
        offering,
        token,
        investors: 0,
        unitsSubscribed: "0",
        amountPaid: "0",
        unitsClaimed: "0",
        amountRefunded: "0",
        unitsRefunded: "0",
        released: { units: "0", amount: "0", fee: "0" },
        escrowHeld: "0",
        outcome: "none" as const,
        finalized: null,
        terms,
      };
}

/** Rent deposited to the property's holders and claimed, against the rent its leases collected. */
export async function propertyDistributions(db: Db, chainId: number, actor: Actor, propertyId: string) {
  const property = await loadVisible(db, actor, propertyId);
  const { token, coin } = await launched(db, chainId, property.id);
  const history = token
    ? await distributionHistory(db, chainId, token)
    : { deposits: [], totalDeposited: "0", totalRentDeposited: "0", totalCapitalDeposited: "0", totalClaimed: "0" };
  const collected = await rentCollected(db, property.id, coin?.decimals ?? null);
  return {
    propertyId: property.id,
    token,
    paymentToken: coin,
    ...history,
    rentCollected: collected?.toString() ?? null,
    // The leases' rent against the rent deposited (capital returned is no rent).
    awaitingDeposit: collected === null ? null : (collected - BigInt(history.totalRentDeposited)).toString(),
    deposits: history.deposits.map((d) => ({ ...d, blockTime: d.blockTime.toISOString() })),
  };
}

/**
 * Where a proposal stands: the outcome ProposalFinalized recorded (the contract's `Approved` / `Rejected`); before
 * that `active` while its end is in the future by the server's clock (votes are taken while block time < end), else
 * `awaitingFinalization` (anyone may call `finalize`; the next `propose` does it too).
 */
export function proposalStatus(
  p: Pick<StoredProposal, "endTime" | "finalized">,
  now: Date,
): "active" | "awaitingFinalization" | "approved" | "rejected" {
  if (p.finalized) return p.finalized.approved ? "approved" : "rejected";
  return now < p.endTime ? "active" : "awaitingFinalization";
}

/** Votes needed for the quorum: for + against + abstain >= quorumBps of the supply at the snapshot (rounded up). */
const quorumVotes = (supply: string, quorumBps: number): string =>
  ((BigInt(supply) * BigInt(quorumBps) + 9_999n) / 10_000n).toString();

/** The property's holder votes: its token's governor, its terms and its proposals, newest first (same access as the offering). */
export async function propertyProposals(db: Db, chainId: number, actor: Actor, propertyId: string, now = new Date()) {
  const property = await loadVisible(db, actor, propertyId);
  const { token } = await launched(db, chainId, property.id);
  const governor = token ? await governorOf(db, chainId, token) : null;
  const proposals = governor ? await proposalsOf(db, chainId, governor.address) : [];
  return {
    propertyId: property.id,
    token,
    governor: governor?.address ?? null,
    terms: governor?.terms ?? null,
    proposals: proposals.map(({ finalized, ...p }) => ({
      ...p,
      startTime: p.startTime.toISOString(),
      endTime: p.endTime.toISOString(),
      quorumBps: governor!.terms.quorumBps,
      approvalBps: governor!.terms.approvalBps,
      quorumVotes: quorumVotes(p.supplyAtSnapshot, governor!.terms.quorumBps),
      status: proposalStatus({ endTime: p.endTime, finalized }, now),
    })),
  };
}

/**
 * The exit of the property's token (issue 19): its sale, redemptions and capital returns, amounts as decimal strings
 * in base units; `exit: null` before one is launched or synced. Visible as the proposals are, but who redeemed how
 * much is a cap-table fact: the redemptions listed are all of them for those who see the cap table (the property's
 * owner or manager, compliance officers, admins), a caller's own (as holder or wallet paid) for anyone else.
 */
export async function propertyExit(db: Db, chainId: number, actor: Actor, propertyId: string) {
  const property = await loadVisible(db, actor, propertyId);
  const { token } = await launched(db, chainId, property.id);
  const exit = token ? await exitOf(db, chainId, token) : null;
  if (!exit) return { propertyId: property.id, token, exit: null };
  const seesAll = seesEverything(actor) || canManage(actor, property);
  const mine = (r: { holder: string; to: string }) =>
    [r.holder, r.to].some((w) => w.toLowerCase() === actor.address.toLowerCase());
  const at = <T extends { blockTime: Date }>(x: T) => ({ ...x, blockTime: x.blockTime.toISOString() });
  return {
    propertyId: property.id,
    token,
    exit: {
      ...exit,
      sale: exit.sale ? at(exit.sale) : null,
      redemptions: exit.redemptions.filter((r) => seesAll || mine(r)).map(at),
      capitalReturns: exit.capitalReturns.map(at),
    },
  };
}

/** A wallet's portfolio, as the response body's JSON text: its owner's, or any wallet's for compliance officers and admins. */
export async function walletPortfolio(pool: pg.Pool, chainId: number, actor: Actor, wallet: string): Promise<string> {
  if (!mayReadPortfolio(actor, wallet))
    throw new ForbiddenError("only the wallet's owner, compliance officers and admins see a portfolio");
  return portfolioJson(pool, chainId, wallet);
}
