/**
 * The backend's chain sync (backend/src/chain/sync) run on the same chain as the subgraph, on a real PostgreSQL
 * (embedded, migrated with the backend's migrations), and the facts both cover compared: cap tables by
 * partition, offering progress, rent totals, each wallet's claimed rent, and the fees (issue 20): revenue per kind and
 * per property, the schedule, and the chain's own figure (the fee collector's balance); holder votes (issue 19): the
 * governors the sync discovered and the outcomes it stored, and, by the backend's proposals read model, each
 * proposal's tallies, voters and status; and by the exits read model, each token's exit: its sale (amount, fee,
 * proceeds, supply at the close), what was paid out and redeemed, and every redemption. Returns the discrepancies.
 */
import { createPublicClient, custom, type PublicClient } from "viem";
import pg from "pg";
import {
  capTable,
  ChainSync,
  createDb,
  createPool,
  distributionHistory,
  exitOf,
  feeRevenue,
  governorOf,
  migrate,
  offeringProgress,
  portfolio,
  proposalsOf,
  startEmbeddedPostgres,
} from "@freehold/backend/testing";
import type { Indexer } from "../../test-host/indexer.js";
import type { Scenario } from "./scenario.js";

type Db = ReturnType<typeof createDb>;

export async function compareWithBackend(indexer: Indexer, scenario: Scenario): Promise<string[]> {
  const postgres = await startEmbeddedPostgres({ ephemeral: true });
  try {
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE subgraph_agreement");
    await admin.end();
    const url = postgres.urlFor("subgraph_agreement");
    await migrate(url);
    const pool = createPool(url, 2);
    const db = createDb(url, 2, pool);
    try {
      const client = createPublicClient({ transport: custom(scenario.provider) }) as PublicClient;
      const options = { db, pool, client, chainId: 31337, record: scenario.record, confirmations: 1, blockRange: 50 };
      await new ChainSync(options).catchUp();
      const problems = await compare(indexer, scenario, db, pool);
      problems.push(...(await compareVotes(indexer, scenario, db, pool)));
      problems.push(...(await compareExits(indexer, scenario, db)));
      return problems;
    } finally {
      await db.$disconnect();
      await pool.end().catch(() => undefined);
    }
  } finally {
    await postgres.stop();
  }
}

/** Every page of the backend's cap table (a keyset page of 50 rows, to walk the cursor as the API does). */
async function wholeCapTable(pool: pg.Pool, token: string) {
  const rows = [];
  let after: Parameters<typeof capTable>[3]["after"];
  do {
    const page = await capTable(pool, 31337, token, { limit: 50, after });
    rows.push(...page.holders);
    after = page.next ?? undefined;
  } while (after);
  return rows;
}

/** The cap tables and portfolios are read on the pool, as the API reads them (backend/src/db/prepared.ts). */
async function compare(
  indexer: Indexer,
  scenario: Scenario,
  db: ReturnType<typeof createDb>,
  pool: pg.Pool,
): Promise<string[]> {
  const problems: string[] = [];
  const expect = (what: string, subgraph: unknown, backend: unknown): void => {
    if (String(subgraph).toLowerCase() !== String(backend).toLowerCase()) {
      problems.push(`${what}: subgraph ${String(subgraph)}, backend ${String(backend)}`);
    }
  };
  for (const token of scenario.tokens) {
    const address = (await token.getAddress()).toLowerCase();
    const backendTable = (await wholeCapTable(pool, address))
      .map((h) => `${h.holder.toLowerCase()}:${h.partition.toLowerCase()}=${h.balance}`)
      .sort();
    const subgraphTable = indexer
      .entities("PartitionHolding")
      .filter((p) => p["token"] === address && p["balance"] !== 0n)
      .map((p) => `${String(p["account"])}:${String(p["partition"])}=${String(p["balance"])}`)
      .sort();
    expect(`cap table of ${address}`, subgraphTable.join(" "), backendTable.join(" "));
    const rent = await distributionHistory(db, 31337, address);
    const entity = indexer.entity("PropertyToken", address)!;
    expect(`rent deposited on ${address}`, entity["totalRentDeposited"], rent.totalRentDeposited);
    expect(`capital deposited on ${address}`, entity["totalCapitalDeposited"], rent.totalCapitalDeposited);
    expect(
      `rent and capital claimed on ${address}`,
      (entity["totalRentClaimed"] as bigint) + (entity["totalCapitalClaimed"] as bigint),
      rent.totalClaimed,
    );
    expect(`rent deposits on ${address}`, entity["rentDepositCount"], rent.deposits.length);
    // The period statement each deposit paid out (the backend shows hashes as documents do: no 0x).
    const subgraphStatements = indexer
      .entities("RentDeposit")
      .filter((d) => d["token"] === address)
      .map((d) => `${String(d["depositId"])}:${String(d["statementHash"])}`)
      .sort();
    const backendStatements = rent.deposits.map((d) => `${d.depositId}:0x${d.statementHash ?? ""}`).sort();
    expect(`rent statements on ${address}`, subgraphStatements.join(" "), backendStatements.join(" "));
  }
  for (const offering of scenario.offerings) {
    const address = (await offering.getAddress()).toLowerCase();
    const progress = await offeringProgress(db, 31337, address);
    const entity = indexer.entity("Offering", address)!;
    if (!progress) {
      problems.push(`offering ${address} unknown to the backend`);
      continue;
    }
    expect(`${address} investors`, entity["investorCount"], progress.investors);
    expect(`${address} units`, entity["unitsSold"], progress.unitsSubscribed);
    expect(`${address} paid`, entity["amountRaised"], progress.amountPaid);
    expect(`${address} claimed`, entity["unitsClaimed"], progress.unitsClaimed);
    expect(`${address} refunded`, entity["amountRefunded"], progress.amountRefunded);
    expect(`${address} outcome`, String(entity["status"]).toLowerCase(), progress.outcome);
    expect(`${address} proceeds`, entity["proceeds"] ?? null, progress.finalized?.proceeds ?? null);
  }
  for (const wallet of scenario.wallets) {
    // The backend's claimed is rent and capital together, of which capitalClaimed capital: the subgraph's split.
    const claimed = new Map((await portfolio(pool, 31337, wallet)).rent.map((r) => [r.token.toLowerCase(), r]));
    for (const holding of indexer
      .entities("Holding")
      .filter((h) => h["account"] === wallet && (h["rentClaimed"] !== 0n || h["capitalClaimed"] !== 0n))) {
      const backend = claimed.get(holding["token"] as string);
      const [total, capital] = [BigInt(backend?.claimed ?? "0"), BigInt(backend?.capitalClaimed ?? "0")];
      expect(`rent claimed by ${wallet} on ${String(holding["token"])}`, holding["rentClaimed"], total - capital);
      expect(`capital claimed by ${wallet} on ${String(holding["token"])}`, holding["capitalClaimed"], capital);
    }
  }
  await compareFees(indexer, scenario, pool, expect);
  return problems;
}

/** The fees: the backend's revenue and schedule, the subgraph's, and the collector's balance on chain, to the unit. */
async function compareFees(
  indexer: Indexer,
  scenario: Scenario,
  pool: pg.Pool,
  expect: (what: string, subgraph: unknown, backend: unknown) => void,
): Promise<void> {
  const revenue = await feeRevenue(pool, 31337, {});
  /** The rows as sorted lines of `keys` (order-free comparison of a subgraph entity list and backend rows). */
  const lines = (rows: readonly object[], keys: string[]): string =>
    rows
      .map((r) => keys.map((k) => String((r as Record<string, unknown>)[k])).join(":"))
      .sort()
      .join(" ");
  const TOTAL = ["kind", "paymentToken", "amount", "payments"];
  const BY_TOKEN = ["token", ...TOTAL];
  const SCHEDULE = ["id", "bps", "collector", "pendingBps", "pendingEffectiveAt"];
  const OVERRIDE = ["kind", "token", "bps"];
  const schedules = await pool.query(
    `SELECT kind AS id, bps, collector, "pendingBps", EXTRACT(EPOCH FROM "pendingEffectiveAt")::bigint AS "pendingEffectiveAt"
     FROM chain_fee_schedules WHERE "chainId" = 31337`,
  );
  const overrides = await pool.query(`SELECT kind, token, bps FROM chain_fee_overrides WHERE "chainId" = 31337`);
  const pairs: [string, string, readonly object[], string[]][] = [
    ["fee revenue per kind", "FeeTotal", revenue.totals, TOTAL],
    ["fee revenue per property token", "PropertyFeeTotal", revenue.properties, BY_TOKEN],
    ["fee schedule", "FeeSchedule", schedules.rows, SCHEDULE],
    ["fee overrides", "FeeOverride", overrides.rows, OVERRIDE],
  ];
  for (const [what, entity, backend, keys] of pairs)
    expect(what, lines(indexer.entities(entity), keys), lines(backend, keys));
  expect("kinds of fee paid", "PRIMARY RENT TRADE EXIT", revenue.totals.map((t) => t.kind).join(" "));
  const paid = revenue.totals.reduce((sum, t) => sum + BigInt(t.amount), 0n);
  expect(
    "fees paid (backend) vs the collector's balance (chain)",
    paid,
    await scenario.stablecoin.balanceOf(scenario.feeRecipient),
  );
}

/**
 * Holder votes (issue 19). What the sync stored, read from its tables: the governor of each token (the
 * chain_contracts row GovernorLaunched added) and each ProposalFinalized's outcome and tallies. By the read model:
 * each proposal's tallies (each identity's latest VoteCast), voters and status (approved/rejected once finalized,
 * undecided before: the subgraph's ACTIVE).
 */
async function compareVotes(indexer: Indexer, scenario: Scenario, db: Db, pool: pg.Pool): Promise<string[]> {
  const problems: string[] = [];
  const expect = (what: string, subgraph: unknown, backend: unknown): void => {
    if (String(subgraph).toLowerCase() !== String(backend).toLowerCase()) {
      problems.push(`${what}: subgraph ${String(subgraph)}, backend ${String(backend)}`);
    }
  };
  const lines = (rows: string[]): string => rows.sort().join(" ");
  const governors = await pool.query<{ address: string; token: string }>(
    `SELECT address, token FROM chain_contracts WHERE "chainId" = 31337 AND kind = 'PropertyGovernor'`,
  );
  expect(
    "governors (governor token)",
    lines(indexer.entities("Governor").map((g) => `${String(g["id"])}:${String(g["token"])}`)),
    lines(governors.rows.map((g) => `${g.address}:${g.token}`)).toLowerCase(),
  );
  const finalized = await pool.query<{ address: string; args: Record<string, string | boolean> }>(
    `SELECT address, args FROM chain_events WHERE "chainId" = 31337 AND name = 'ProposalFinalized'`,
  );
  expect(
    "finalized proposals (id status for against abstain)",
    lines(
      indexer
        .entities("Proposal")
        .filter((p) => p["status"] !== "ACTIVE")
        .map((p) => [p["id"], p["status"], p["forVotes"], p["againstVotes"], p["abstainVotes"]].map(String).join(":")),
    ),
    lines(
      finalized.rows.map((e) =>
        [
          `${e.address.toLowerCase()}-${String(e.args["proposalId"])}`,
          String(e.args["approved"]) === "true" ? "APPROVED" : "REJECTED",
          e.args["forVotes"],
          e.args["againstVotes"],
          e.args["abstainVotes"],
        ]
          .map(String)
          .join(":"),
      ),
    ).toLowerCase(),
  );
  for (const token of scenario.tokens) {
    const address = (await token.getAddress()).toLowerCase();
    const governor = await governorOf(db, 31337, address);
    const indexed = indexer.entities("Governor").find((g) => g["token"] === address);
    expect(`governor of ${address}`, indexed?.["id"] ?? null, governor?.address ?? null);
    if (!governor) continue;
    const subgraphProposals = indexer
      .entities("Proposal")
      .filter((p) => p["governor"] === governor.address.toLowerCase())
      .map((p) => [p["proposalId"], p["forVotes"], p["againstVotes"], p["abstainVotes"], p["voters"], p["status"]])
      .map((fields) => fields.map(String).join(":"));
    const backendProposals = (await proposalsOf(db, 31337, governor.address)).map((p) =>
      [
        p.id,
        p.votes.for,
        p.votes.against,
        p.votes.abstain,
        p.voters,
        p.finalized ? (p.finalized.approved ? "APPROVED" : "REJECTED") : "ACTIVE",
      ].join(":"),
    );
    expect(
      `proposals of ${address} (id for against abstain voters status)`,
      lines(subgraphProposals),
      lines(backendProposals).toLowerCase(),
    );
  }
  return problems;
}

/**
 * Exits (issue 19): for each token, the backend's exits read model (`exitOf`) and the subgraph's Exit and
 * ExitRedemption entities: the exit's address and governor, the sale's figures, the totals paid out and redeemed,
 * and each redemption (holder, wallet paid, units, payout).
 */
async function compareExits(indexer: Indexer, scenario: Scenario, db: Db): Promise<string[]> {
  const problems: string[] = [];
  const join = (fields: unknown[]): string =>
    fields
      .map((f) => String(f ?? "-"))
      .join(":")
      .toLowerCase();
  for (const token of scenario.tokens) {
    const address = (await token.getAddress()).toLowerCase();
    const stored = await exitOf(db, 31337, address);
    const indexed = indexer.entities("Exit").find((e) => e["token"] === address);
    const subgraph = indexed
      ? join([
          indexed["id"],
          indexed["governor"],
          indexed["amount"],
          indexed["fee"],
          indexed["proceeds"],
          indexed["supplyAtClose"],
          indexed["paidOut"],
          indexed["unitsRedeemed"],
        ])
      : "none";
    const backend = stored
      ? join([
          stored.address,
          stored.governor,
          stored.sale?.amount,
          stored.sale?.fee,
          stored.sale?.proceeds,
          stored.sale?.supplyAtClose,
          stored.paidOut,
          stored.unitsRedeemed,
        ])
      : "none";
    if (subgraph !== backend) {
      problems.push(
        `exit of ${address} (address governor amount fee proceeds supply paid redeemed): subgraph ${subgraph}, backend ${backend}`,
      );
    }
    if (!indexed || !stored) continue;
    const lines = (rows: string[]): string => rows.sort().join(" ");
    const subgraphRedemptions = lines(
      indexer
        .entities("ExitRedemption")
        .filter((r) => r["exit"] === indexed["id"])
        .map((r) => join([r["holder"], r["to"], r["units"], r["payout"]])),
    );
    const backendRedemptions = lines(stored.redemptions.map((r) => join([r.holder, r.to, r.units, r.payout])));
    if (subgraphRedemptions !== backendRedemptions) {
      problems.push(
        `redemptions of ${address} (holder to units payout): subgraph ${subgraphRedemptions}, backend ${backendRedemptions}`,
      );
    }
  }
  return problems;
}
