/**
 * What the API shows from the stored events: cap tables, portfolios, offering progress, distribution history
 * and activity feeds. Balances are sums of stored `Transfer` moves (partition resolved at sync time), so a
 * rollback of a reorganised block range is just the deletion of its rows; the cap tables read those sums as the
 * sync keeps them (balances.ts).
 */
import { getAddress } from "viem";
import type pg from "pg";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../../db/client.ts";
import { preparedRows } from "../../db/prepared.ts";
import { distinctKeys, turnBatcher } from "../../db/turn-batch.ts";
import { ZERO } from "./decode.ts";

export interface Holding {
  holder: string;
  partition: string;
  balance: string;
}

/** Where a cap table page starts: after this holder and partition (the last row of the previous page). */
export interface CapTableAfter {
  holder: string;
  partition: string;
}

/**
 * A compact JSON array (json_agg would add whitespace) of the rows of `from` (a CTE or subquery: every column, in
 * its order, named as in the documented schema) in `order` (of `r`), as text: PostgreSQL builds the response.
 */
export const jsonArray = (from: string, order: string): string =>
  `(SELECT '[' || coalesce(string_agg(row_to_json(r)::text, ',' ORDER BY ${order}), '') || ']' FROM ${from} r)`;

/**
 * The rows of one cap table page of `token` and one more, which tells whether a next page exists: $1 the chain id;
 * the page (SQL expressions) after `holder` and `partition`, of `limit` rows. One index range scan per page.
 */
export const holdersPage = (
  token: string,
  page: { holder: string; partition: string; limit: string } = { holder: "$3", partition: "$4", limit: "$5::int" },
): string =>
  `SELECT holder, partition, balance::text AS balance FROM chain_holder_balances
     WHERE "chainId" = $1::int AND token = ${token} AND (holder, partition) > (${page.holder}, ${page.partition})
     ORDER BY holder, partition LIMIT ${page.limit} + 1`;

/**
 * One page of the holders of a property token with their balance per partition (non-zero only), by holder and
 * partition: a stable order, so paging while the sync writes returns every holder once. Read from the balances
 * the sync keeps (balances.ts), one index range scan per page; `next` is where the following page starts. The
 * API's cap table (service.ts) reads the same page, as JSON, in the statement that checks the property.
 */
export async function capTable(
  pool: pg.Pool,
  chainId: number,
  token: string,
  page: { limit: number; after?: CapTableAfter | undefined },
): Promise<{ holders: Holding[]; next: CapTableAfter | null }> {
  const t = getAddress(token);
  const after = page.after ?? { holder: "", partition: "" };
  // Unnamed: the token is a parameter here, so a plan made for any token could not tell a token of thousands of
  // holders from one of none and cost more than each token's own; PostgreSQL planned it again on every run anyway
  // (db/generic-plans.test.ts). The API's statement reads the token in the same statement and keeps its plan.
  const { rows } = await pool.query<Holding>(holdersPage("$2"), [
    chainId,
    t,
    after.holder,
    after.partition,
    page.limit,
  ]);
  const holders = rows.slice(0, page.limit);
  const last = holders.at(-1);
  return {
    holders,
    next: rows.length > page.limit && last ? { holder: last.holder, partition: last.partition } : null,
  };
}

/** The response body of `portfolioJson`, as the API documents it (`Portfolio`). */
export interface Portfolio {
  wallet: string;
  holdings: { token: string; partition: string; balance: string }[];
  subscriptions: {
    offering: string;
    token: string | null;
    units: string;
    paid: string;
    claimedUnits: string;
    refunded: string;
  }[];
  /**
   * Per token with rent for this wallet: claimed so far, and claimable now (attributable minus claimed), both with
   * the capital returned by refinances, which the distributor pays with the rent; of which capital: claimed, claimable.
   */
  rent: { token: string; claimed: string; claimable: string; capitalClaimed: string; capitalClaimable: string }[];
}

/** The distributor's deposits, rent and capital (a refinance's return, issue 19): one sequence of ids and of dust. */
const DEPOSIT_NAMES = "'RentDeposited', 'CapitalDeposited'";

/**
 * The columns of a deposit row `e` of the distributor (a `RentDeposited` or `CapitalDeposited`): token, position
 * (`b`, `l`), supply, whether it is capital, and `distributable`, what it handed to the token's accrual: the amount
 * less the rent fee of that deposit (`RentFeeCharged`, same token and deposit id; capital pays none), plus the dust
 * carried from the token's previous deposit of either kind, less the dust it carries on. A multiple of the supply.
 */
const DISTRIBUTABLE = `e.token, e."blockNumber" AS b, e."logIndex" AS l, (e.args->>'supply')::numeric AS supply,
      e.name = 'CapitalDeposited' AS capital,
      (e.args->>'amount')::numeric - COALESCE((
        SELECT SUM((f.args->>'fee')::numeric) FROM chain_events f
        WHERE f."chainId" = e."chainId" AND f."blockNumber" = e."blockNumber" AND f."txHash" = e."txHash"
          AND f.contract = 'RentDistributor' AND f.name = 'RentFeeCharged' AND f.token = e.token
          AND f.args->>'depositId' = e.args->>'depositId'), 0)
        + LAG((e.args->>'dust')::numeric, 1, 0) OVER (PARTITION BY e.token ORDER BY e."blockNumber", e."logIndex")
        - (e.args->>'dust')::numeric AS distributable`;

/**
 * The portfolio of one wallet (`w`: an SQL expression, the checksummed wallet; $1 the chain id), building the
 * `Portfolio` JSON text.
 *
 * `moves`: the wallet's own transfers, read once through the address indexes for both holdings and rent. The zero
 * address sends every mint and receives every burn; any other address sorts after it, so for another wallet
 * (`floor` ">") the bound `> zero` changes no row but bounds each index range: a plan made for any wallet (as
 * portfoliosSql's is) then expects a wallet's few transfers instead of every mint. Without it that plan scanned the
 * table, so PostgreSQL planned the statement again on every request (0.36 of the old 0.73 ms per portfolio). The
 * zero address's own portfolio (`floor` ">=") is a statement of its own.
 *
 * Rent: the distributor hands out exactly (amount - rent fee + previous dust - new dust) / supply per unit at each
 * deposit (its dust carry makes it a whole number), rent or capital alike (`DISTRIBUTABLE`), so what a wallet may
 * claim is its balance at each deposit times that, minus what it claimed: computed from the stored events, equal to
 * the contract's claimableOf (never below zero). Rent and capital share the token's one accumulator and a claim pays
 * all that is owed, so the capital in what a wallet claimed is the capital accrued up to its last claim, and the
 * capital claimable the capital accrued since (`capitalClaimed`, `capitalClaimable`). Only the deposits of
 * tokens the wallet moved or claimed are read (any other token's attributable rent is zero and nothing claimed, so
 * it has no row), and the balance before each deposit is summed from `moves`, not from an index scan per deposit.
 */
const portfolioSql = (floor: ">" | ">=", w: string): string => `WITH moves AS (
    SELECT address, token, partition, contract, "blockNumber" AS b, "logIndex" AS l,
      CASE WHEN "toAddr" = ${w} THEN amount ELSE 0 END - CASE WHEN "fromAddr" = ${w} THEN amount ELSE 0 END AS delta
    FROM chain_events WHERE "chainId" = $1::int AND name = 'Transfer'
      AND (("toAddr" = ${w} AND "toAddr" ${floor} '${ZERO}') OR ("fromAddr" = ${w} AND "fromAddr" ${floor} '${ZERO}'))
  ),
  holdings AS (
    SELECT token, partition, SUM(delta)::text AS balance FROM moves WHERE contract = 'PropertyToken'
    GROUP BY token, partition HAVING SUM(delta) <> 0
  ),
  subscriptions AS (
    SELECT address AS offering, MAX(token) AS token,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS units,
      COALESCE(SUM((args->>'paid')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS paid,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Claimed'), 0)::text AS "claimedUnits",
      COALESCE(SUM((args->>'amount')::numeric) FILTER (WHERE name = 'Refunded'), 0)::text AS refunded
    FROM chain_events
    WHERE "chainId" = $1::int AND contract = 'PropertyOffering' AND name IN ('Subscribed', 'Claimed', 'Refunded') AND args->>'investor' = ${w}
    GROUP BY address
  ),
  claimed AS (
    SELECT token, SUM((args->>'amount')::numeric) AS total, MAX(ARRAY["blockNumber", "logIndex"]) AS last FROM chain_events
    WHERE "chainId" = $1::int AND contract = 'RentDistributor' AND name = 'RentClaimed' AND args->>'holder' = ${w}
    GROUP BY token
  ),
  deposits AS (
    SELECT ${DISTRIBUTABLE}
    FROM chain_events e WHERE e."chainId" = $1::int AND e.contract = 'RentDistributor' AND e.name IN (${DEPOSIT_NAMES})
      AND e.token IN (SELECT address FROM moves UNION ALL SELECT token FROM claimed)
  ),
  accrued AS (
    SELECT d.token, d.capital, ARRAY[d.b, d.l] > COALESCE(c.last, ARRAY[-1, -1]) AS unclaimed, div(d.distributable, d.supply) * (
      SELECT COALESCE(SUM(m.delta), 0) FROM moves m
      WHERE m.address = d.token AND (m.b < d.b OR (m.b = d.b AND m.l < d.l))
    ) AS amount
    FROM deposits d LEFT JOIN claimed c ON c.token = d.token
  ),
  attributable AS (
    SELECT token, SUM(amount) AS total, COALESCE(SUM(amount) FILTER (WHERE capital), 0) AS capital,
      COALESCE(SUM(amount) FILTER (WHERE capital AND unclaimed), 0) AS "capitalUnclaimed"
    FROM accrued GROUP BY token
  ),
  rent AS (
    SELECT a.token, COALESCE(c.total, 0)::text AS claimed, GREATEST(a.total - COALESCE(c.total, 0), 0)::text AS claimable,
      (a.capital - a."capitalUnclaimed")::text AS "capitalClaimed", a."capitalUnclaimed"::text AS "capitalClaimable"
    FROM attributable a LEFT JOIN claimed c ON c.token = a.token
    WHERE a.total > 0 OR c.total > 0
  )
  SELECT '{"wallet":' || to_json(${w}) || ',"holdings":' || ${jsonArray("holdings", "r.token, r.partition")}
    || ',"subscriptions":' || ${jsonArray("subscriptions", "r.offering")} || ',"rent":' || ${jsonArray("rent", "r.token")}
    || '}' AS json`;

/**
 * The portfolios of the distinct wallets $2 (checksummed), one row each (`wallet`, `json`): each wallet's portfolio
 * is a subquery that PostgreSQL plans once for any wallet, as the generic plan of a prepared statement. The array
 * is read through a subquery (`SELECT $2`) so that no estimate depends on its length (else every batch is planned
 * for its own length and no generic plan is kept: db/generic-plans.test.ts).
 */
const portfoliosSql = (floor: ">" | ">="): string =>
  `SELECT k.wallet, (${portfolioSql(floor, "k.wallet")}) AS json FROM unnest((SELECT $2::text[])) AS k(wallet)`;
const PORTFOLIOS_SQL = portfoliosSql(">");
const ZERO_PORTFOLIO_SQL = portfoliosSql(">=");

/**
 * A wallet's holdings (by token and partition), offering subscriptions (by offering) and rent (by token) as the
 * response body's JSON text (`Portfolio`), built by PostgreSQL (portfolioSql), which formats every amount as its
 * numeric text, so Node neither parses rows nor serialises them again. The portfolios asked for in one turn of the
 * event loop are read by one prepared statement (db/turn-batch.ts); the zero address's, asked for by no investor,
 * by one of its own.
 */
export async function portfolioJson(pool: pg.Pool, chainId: number, wallet: string): Promise<string> {
  const w = getAddress(wallet);
  if (w === ZERO) return (await preparedRows<{ json: string }>(pool, ZERO_PORTFOLIO_SQL, [chainId, [w]]))[0]!.json;
  return turnBatcher<string, string>(pool, `portfolio:${chainId}`, async (wallets) => {
    const { distinct, spread } = distinctKeys(wallets, (key) => key);
    const rows = await preparedRows<{ wallet: string; json: string }>(pool, PORTFOLIOS_SQL, [chainId, distinct]);
    return spread(rows, (row) => row.wallet).map((row) => row!.json);
  }).load(w);
}

/** `portfolioJson` parsed, for tests (here and in other workspaces) that compare its figures with the chain's. */
export async function portfolio(pool: pg.Pool, chainId: number, wallet: string): Promise<Portfolio> {
  return JSON.parse(await portfolioJson(pool, chainId, wallet)) as Portfolio;
}

export interface OfferingProgress {
  offering: string;
  token: string | null;
  investors: number;
  unitsSubscribed: string;
  amountPaid: string;
  unitsClaimed: string;
  amountRefunded: string;
  /** Units refunded (before or after finalization: a claim the token refuses for good is refunded at the price paid). */
  unitsRefunded: string;
  /** Proceeds released to the treasury so far (ProceedsReleased summed): units, gross amount, and the fee in it. */
  released: { units: string; amount: string; fee: string };
  /** Paid money still in the offering's escrow (paid - refunded - released), equal to the contract's escrowOwed(). */
  escrowHeld: string;
  outcome: "open" | "finalized" | "cancelled";
  finalized: { unitsSold: string; proceeds: string; fee: string } | null;
}

export async function offeringProgress(
  db: Db,
  chainId: number,
  offering: string,
): Promise<OfferingProgress | undefined> {
  const o = getAddress(offering);
  const contract = await db.chainContract.findUnique({ where: { chainId_address: { chainId, address: o } } });
  if (!contract || contract.kind !== "PropertyOffering") return undefined;
  const [row] = await db.$queryRaw<
    {
      investors: number;
      units: string;
      paid: string;
      claimed: string;
      refunded: string;
      refundedUnits: string;
      rUnits: string;
      rAmount: string;
      rFee: string;
    }[]
  >`
    SELECT COUNT(DISTINCT args->>'investor') FILTER (WHERE name = 'Subscribed')::int AS investors,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS units,
      COALESCE(SUM((args->>'paid')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS paid,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Claimed'), 0)::text AS claimed,
      COALESCE(SUM((args->>'amount')::numeric) FILTER (WHERE name = 'Refunded'), 0)::text AS refunded,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Subscribed' AND args->>'investor' IN (
        SELECT r.args->>'investor' FROM chain_events r
        WHERE r."chainId" = ${chainId} AND r.address = ${o} AND r.name = 'Refunded')), 0)::text AS "refundedUnits",
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'ProceedsReleased'), 0)::text AS "rUnits",
      COALESCE(SUM((args->>'amount')::numeric) FILTER (WHERE name = 'ProceedsReleased'), 0)::text AS "rAmount",
      COALESCE(SUM((args->>'fee')::numeric) FILTER (WHERE name = 'ProceedsReleased'), 0)::text AS "rFee"
    FROM chain_events WHERE "chainId" = ${chainId} AND address = ${o}`;
  const paid = BigInt(row?.paid ?? "0");
  const refunded = BigInt(row?.refunded ?? "0");
  const releasedAmount = BigInt(row?.rAmount ?? "0");
  const end = await db.chainEvent.findFirst({
    where: { chainId, address: o, name: { in: ["Finalized", "Cancelled"] } },
  });
  const args = (end?.args ?? {}) as Record<string, string>;
  return {
    offering: o,
    token: contract.token,
    investors: row?.investors ?? 0,
    unitsSubscribed: row?.units ?? "0",
    amountPaid: row?.paid ?? "0",
    unitsClaimed: row?.claimed ?? "0",
    amountRefunded: refunded.toString(),
    // A refund returns all of a wallet's units at once, each at the price it paid (the offering's or, issue 20, an
    // invitation's): the units refunded are the refunded wallets' subscriptions.
    unitsRefunded: row?.refundedUnits ?? "0",
    released: { units: row?.rUnits ?? "0", amount: releasedAmount.toString(), fee: row?.rFee ?? "0" },
    escrowHeld: (paid - refunded - releasedAmount).toString(),
    outcome: end?.name === "Finalized" ? "finalized" : end?.name === "Cancelled" ? "cancelled" : "open",
    finalized:
      end?.name === "Finalized"
        ? { unitsSold: args["unitsSold"]!, proceeds: args["proceeds"]!, fee: args["fee"]! }
        : null,
  };
}

export interface OfferingTermsView {
  pricePerUnit: string;
  softCap: string;
  hardCap: string;
  minTicket: string;
  maxTicket: string;
  startTime: Date;
  endTime: Date;
  paymentToken: string;
  tokenSymbol: string;
  /** The primary fee fixed at launch (null for a row synced before issue 20 not yet backfilled). */
  feeBps: number | null;
  feeRecipient: string | null;
}

/**
 * The offering's terms from the offering read model; null when unknown (not synced, or terms() unreadable).
 * Times are read as epoch seconds: a uint40 end time can lie beyond year 9999, which node-postgres and Prisma
 * cannot parse from a timestamp's text.
 */
export async function offeringTerms(db: Db, chainId: number, offering: string): Promise<OfferingTermsView | null> {
  const [row] = await db.$queryRaw<
    (Omit<OfferingTermsView, "startTime" | "endTime"> & { start: string; end: string })[]
  >`
    SELECT "pricePerUnit"::text AS "pricePerUnit", "softCap"::text AS "softCap", "hardCap"::text AS "hardCap",
      "minTicket"::text AS "minTicket", "maxTicket"::text AS "maxTicket", "paymentToken", "tokenSymbol", "feeBps", "feeRecipient",
      EXTRACT(EPOCH FROM "startTime")::bigint::text AS start, EXTRACT(EPOCH FROM "endTime")::bigint::text AS "end"
    FROM chain_offerings
    WHERE "chainId" = ${chainId} AND address = ${getAddress(offering)} AND "pricePerUnit" IS NOT NULL`;
  if (!row) return null;
  const { start, end, ...terms } = row;
  return { ...terms, startTime: new Date(Number(start) * 1000), endTime: new Date(Number(end) * 1000) };
}

export interface Distribution {
  depositId: string;
  /** RENT: a rent deposit (`RentDeposited`); CAPITAL: capital returned by an approved refinance (`CapitalDeposited`). */
  kind: "RENT" | "CAPITAL";
  /**
   * SHA-256 of the closed period statement the deposit paid out (for capital, the refinance proposal's document):
   * lowercase hex without 0x, as documents show it (null only for a deposit stored from a distributor older than
   * issue 16, whose event named no statement).
   */
  statementHash: string | null;
  amount: string;
  supply: string;
  dust: string;
  blockNumber: number;
  blockTime: Date;
  txHash: string;
}

export interface DistributionTotals {
  deposits: Distribution[];
  /** Rent and capital deposited: what the holders' claims draw on (never less than totalClaimed). */
  totalDeposited: string;
  totalRentDeposited: string;
  totalCapitalDeposited: string;
  /** Claimed by the holders, rent and capital together (the distributor pays them as one). */
  totalClaimed: string;
}

export async function distributionHistory(db: Db, chainId: number, token: string): Promise<DistributionTotals> {
  const t = getAddress(token);
  const rows = await db.chainEvent.findMany({
    where: {
      chainId,
      token: t,
      contract: "RentDistributor",
      name: { in: ["RentDeposited", "CapitalDeposited", "RentClaimed"] },
    },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  const deposited = { RENT: 0n, CAPITAL: 0n };
  let claimed = 0n;
  const deposits: Distribution[] = [];
  for (const r of rows) {
    const a = r.args as Record<string, string>;
    if (r.name === "RentClaimed") {
      claimed += BigInt(a["amount"]!);
      continue;
    }
    const kind = r.name === "CapitalDeposited" ? "CAPITAL" : "RENT";
    deposited[kind] += BigInt(a["amount"]!);
    deposits.push({
      depositId: a["depositId"]!,
      kind,
      statementHash: r.statementHash?.slice(2).toLowerCase() ?? null,
      amount: a["amount"]!,
      supply: a["supply"]!,
      dust: a["dust"]!,
      blockNumber: r.blockNumber,
      blockTime: r.blockTime,
      txHash: r.txHash,
    });
  }
  return {
    deposits,
    totalDeposited: (deposited.RENT + deposited.CAPITAL).toString(),
    totalRentDeposited: deposited.RENT.toString(),
    totalCapitalDeposited: deposited.CAPITAL.toString(),
    totalClaimed: claimed.toString(),
  };
}

export interface Activity {
  name: string;
  contract: string;
  address: string;
  blockNumber: number;
  logIndex: number;
  blockTime: Date;
  txHash: string;
  args: unknown;
}

/**
 * Everything that happened to a property token (its own events, its offering's, rent, votes, exit and trades),
 * newest first; `visible` narrows it to what a caller may see (chain/activity.ts).
 */
export async function activityFeed(
  db: Db,
  chainId: number,
  token: string,
  page: { limit: number; beforeBlock?: number | undefined },
  visible: Prisma.ChainEventWhereInput = {},
): Promise<Activity[]> {
  const rows = await db.chainEvent.findMany({
    where: {
      chainId,
      token: getAddress(token),
      ...(page.beforeBlock !== undefined ? { blockNumber: { lt: page.beforeBlock } } : {}),
      ...visible,
    },
    orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
    take: page.limit,
  });
  return rows.map((r) => ({
    name: r.name,
    contract: r.contract,
    address: r.address,
    blockNumber: r.blockNumber,
    logIndex: r.logIndex,
    blockTime: r.blockTime,
    txHash: r.txHash,
    args: r.args,
  }));
}
