/**
 * What the API shows from the stored events: cap tables, portfolios, offering progress, distribution history
 * and activity feeds. Balances are sums of stored `Transfer` moves (partition resolved at sync time), so a
 * rollback of a reorganised block range is just the deletion of its rows; the cap tables read those sums as the
 * sync keeps them (balances.ts).
 */
import { getAddress } from "viem";
import type pg from "pg";
import type { Db } from "../../db/client.ts";
import { preparedRows } from "../../db/prepared.ts";

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
 * One page of the holders of a property token with their balance per partition (non-zero only), by holder and
 * partition: a stable order, so paging while the sync writes returns every holder once. Read from the balances
 * the sync keeps (balances.ts), one index range scan per page; `next` is where the following page starts.
 */
export async function capTable(
  pool: pg.Pool,
  chainId: number,
  token: string,
  page: { limit: number; after?: CapTableAfter | undefined },
): Promise<{ holders: Holding[]; next: CapTableAfter | null }> {
  const t = getAddress(token);
  const after = page.after ?? { holder: "", partition: "" };
  const rows = await preparedRows<Holding>(
    pool,
    `SELECT holder, partition, balance::text AS balance FROM chain_holder_balances
     WHERE "chainId" = $1::int AND token = $2 AND (holder, partition) > ($3, $4)
     ORDER BY holder, partition LIMIT $5::int`,
    [chainId, t, after.holder, after.partition, page.limit + 1],
  );
  const holders = rows.slice(0, page.limit);
  const last = holders.at(-1);
  return {
    holders,
    next: rows.length > page.limit && last ? { holder: last.holder, partition: last.partition } : null,
  };
}

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
  /** Per token with rent for this wallet: claimed so far, and claimable now (attributable minus claimed). */
  rent: { token: string; claimed: string; claimable: string }[];
}

export async function portfolio(pool: pg.Pool, chainId: number, wallet: string): Promise<Portfolio> {
  const w = getAddress(wallet);
  const holdings = await preparedRows<Portfolio["holdings"][number]>(
    pool,
    `
    SELECT token, partition, SUM(delta)::text AS balance FROM (
      SELECT token, partition, amount AS delta FROM chain_events WHERE "chainId" = $1::int AND name = 'Transfer' AND contract = 'PropertyToken' AND "toAddr" = $2
      UNION ALL
      SELECT token, partition, -amount FROM chain_events WHERE "chainId" = $1::int AND name = 'Transfer' AND contract = 'PropertyToken' AND "fromAddr" = $2
    ) moves GROUP BY token, partition HAVING SUM(delta) <> 0 ORDER BY token, partition`,
    [chainId, w],
  );
  const subscriptions = await preparedRows<Portfolio["subscriptions"][number]>(
    pool,
    `
    SELECT address AS offering, MAX(token) AS token,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS units,
      COALESCE(SUM((args->>'paid')::numeric) FILTER (WHERE name = 'Subscribed'), 0)::text AS paid,
      COALESCE(SUM((args->>'units')::numeric) FILTER (WHERE name = 'Claimed'), 0)::text AS "claimedUnits",
      COALESCE(SUM((args->>'amount')::numeric) FILTER (WHERE name = 'Refunded'), 0)::text AS refunded
    FROM chain_events
    WHERE "chainId" = $1::int AND contract = 'PropertyOffering' AND name IN ('Subscribed', 'Claimed', 'Refunded') AND args->>'investor' = $2
    GROUP BY address ORDER BY address`,
    [chainId, w],
  );
  // The distributor hands out exactly (amount + previous dust - new dust) / supply per unit at each deposit (its
  // dust carry makes it a whole number), so what a wallet may claim is its balance at each deposit times that,
  // minus what it claimed: computed from the stored events, equal to the contract's claimableOf.
  const rent = await preparedRows<Portfolio["rent"][number]>(
    pool,
    `
    WITH deposits AS (
      SELECT token, "blockNumber" AS b, "logIndex" AS l, (args->>'supply')::numeric AS supply,
        (args->>'amount')::numeric + LAG((args->>'dust')::numeric, 1, 0) OVER (PARTITION BY token ORDER BY "blockNumber", "logIndex")
          - (args->>'dust')::numeric AS distributable
      FROM chain_events WHERE "chainId" = $1::int AND contract = 'RentDistributor' AND name = 'RentDeposited'
    ),
    attributable AS (
      SELECT d.token, SUM(div(d.distributable, d.supply) * (
        SELECT COALESCE(SUM(CASE WHEN m."toAddr" = $2 THEN m.amount ELSE 0 END) - SUM(CASE WHEN m."fromAddr" = $2 THEN m.amount ELSE 0 END), 0)
        FROM chain_events m
        WHERE m."chainId" = $1::int AND m.address = d.token AND m.name = 'Transfer' AND (m."toAddr" = $2 OR m."fromAddr" = $2)
          AND (m."blockNumber" < d.b OR (m."blockNumber" = d.b AND m."logIndex" < d.l))
      )) AS total
      FROM deposits d GROUP BY d.token
    ),
    claimed AS (
      SELECT token, SUM((args->>'amount')::numeric) AS total FROM chain_events
      WHERE "chainId" = $1::int AND contract = 'RentDistributor' AND name = 'RentClaimed' AND args->>'holder' = $2
      GROUP BY token
    )
    SELECT a.token, COALESCE(c.total, 0)::text AS claimed, (a.total - COALESCE(c.total, 0))::text AS claimable
    FROM attributable a LEFT JOIN claimed c ON c.token = a.token
    WHERE a.total > 0 OR c.total > 0
    ORDER BY a.token`,
    [chainId, w],
  );
  return { wallet: w, holdings, subscriptions, rent };
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
  /**
   * SHA-256 of the closed period statement the deposit paid out: lowercase hex without 0x, as documents show it
   * (null only for a deposit stored from a distributor older than issue 16, whose event named no statement).
   */
  statementHash: string | null;
  amount: string;
  supply: string;
  dust: string;
  blockNumber: number;
  blockTime: Date;
  txHash: string;
}

export async function distributionHistory(
  db: Db,
  chainId: number,
  token: string,
): Promise<{ deposits: Distribution[]; totalDeposited: string; totalClaimed: string }> {
  const t = getAddress(token);
  const rows = await db.chainEvent.findMany({
    where: { chainId, token: t, contract: "RentDistributor", name: { in: ["RentDeposited", "RentClaimed"] } },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
  });
  let deposited = 0n;
  let claimed = 0n;
  const deposits: Distribution[] = [];
  for (const r of rows) {
    const a = r.args as Record<string, string>;
    if (r.name === "RentClaimed") {
      claimed += BigInt(a["amount"]!);
      continue;
    }
    deposited += BigInt(a["amount"]!);
    deposits.push({
      depositId: a["depositId"]!,
      statementHash: r.statementHash?.slice(2).toLowerCase() ?? null,
      amount: a["amount"]!,
      supply: a["supply"]!,
      dust: a["dust"]!,
      blockNumber: r.blockNumber,
      blockTime: r.blockTime,
      txHash: r.txHash,
    });
  }
  return { deposits, totalDeposited: deposited.toString(), totalClaimed: claimed.toString() };
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

/** Everything that happened to a property token (its own events, its offering's, rent and trades), newest first. */
export async function activityFeed(
  db: Db,
  chainId: number,
  token: string,
  page: { limit: number; beforeBlock?: number },
): Promise<Activity[]> {
  const rows = await db.chainEvent.findMany({
    where: {
      chainId,
      token: getAddress(token),
      ...(page.beforeBlock !== undefined ? { blockNumber: { lt: page.beforeBlock } } : {}),
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
