/**
 * What the restore drill and the fault run compare: the chain's own facts (transactions the compliance agent sent,
 * token balances) against what the backend stored (synced events, cap tables, the outbox), read with psql.
 */
import { DEMO } from "@freehold/dev-kit/accounts";
import { rpc } from "@freehold/dev-kit/chain";
import { findPgTools, query, type PgTools } from "../postgres.js";

export interface Ledger {
  /** Transactions the compliance agent's key has sent (its nonce on chain). */
  agentTransactions: number;
  /** Stored chain events, and how many distinct (block, log index) they cover: equal means no duplicate. */
  syncedEvents: number;
  distinctEvents: number;
  /** "block:logIndex" of every stored event, sorted. */
  eventKeys: string[];
  syncCursor: number | null;
  /** Outbox rows by status. */
  outbox: Record<string, number>;
  /** token -> holder -> units, from the synced Transfer events (the API's cap table query, summed over partitions). */
  capTables: Record<string, Record<string, string>>;
}

export async function pgTools(binDir: string | undefined): Promise<PgTools> {
  return findPgTools(binDir);
}

export async function readLedger(
  tools: PgTools,
  databaseUrl: string,
  rpcUrl: string,
  chainId: number,
): Promise<Ledger> {
  const nonce = await rpc<string>(rpcUrl, "eth_getTransactionCount", [DEMO.agent.address, "latest"]);
  const events = await query(
    tools,
    databaseUrl,
    `SELECT "blockNumber", "logIndex" FROM chain_events WHERE "chainId" = ${chainId} ORDER BY 1, 2`,
  );
  const eventKeys = events.map(([block, log]) => `${block}:${log}`);
  const [[cursor] = []] = await query(
    tools,
    databaseUrl,
    `SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = ${chainId}`,
  );
  const outbox = Object.fromEntries(
    (
      await query(tools, databaseUrl, `SELECT status, count(*) FROM onchain_identity_changes GROUP BY 1 ORDER BY 1`)
    ).map(([status, count]) => [status!, Number(count)]),
  );
  const capTables: Ledger["capTables"] = {};
  const zero = "0x0000000000000000000000000000000000000000";
  for (const [token, holder, balance] of await query(
    tools,
    databaseUrl,
    `SELECT address, holder, SUM(delta)::text FROM (
       SELECT address, "toAddr" AS holder, amount AS delta FROM chain_events
         WHERE "chainId" = ${chainId} AND name = 'Transfer' AND contract = 'PropertyToken' AND "toAddr" <> '${zero}'
       UNION ALL
       SELECT address, "fromAddr", -amount FROM chain_events
         WHERE "chainId" = ${chainId} AND name = 'Transfer' AND contract = 'PropertyToken' AND "fromAddr" <> '${zero}'
     ) moves GROUP BY 1, 2 HAVING SUM(delta) <> 0 ORDER BY 1, 2`,
  ))
    (capTables[token!] ??= {})[holder!.toLowerCase()] = balance!;
  return {
    agentTransactions: Number(nonce),
    syncedEvents: eventKeys.length,
    distinctEvents: new Set(eventKeys).size,
    eventKeys,
    syncCursor: cursor === undefined ? null : Number(cursor),
    outbox,
    capTables,
  };
}

/** The property tokens the sync follows. */
export async function syncedTokens(tools: PgTools, databaseUrl: string, chainId: number): Promise<string[]> {
  return (
    await query(
      tools,
      databaseUrl,
      `SELECT address FROM chain_contracts WHERE "chainId" = ${chainId} AND kind = 'PropertyToken' ORDER BY 1`,
    )
  ).map(([a]) => a!);
}

/**
 * Differences between the synced cap tables and the chain's balanceOf, for every token and every holder either side
 * knows (the synced ones and every demo person). Empty when they agree.
 */
export async function capTableMismatches(ledger: Ledger, tokens: string[], rpcUrl: string): Promise<string[]> {
  const mismatches: string[] = [];
  for (const token of tokens) {
    const synced = ledger.capTables[token] ?? {};
    const holders = new Set([
      ...Object.keys(synced),
      ...Object.values(DEMO).map((person) => person.address.toLowerCase()),
    ]);
    for (const holder of holders) {
      const data = `0x70a08231${holder.slice(2).toLowerCase().padStart(64, "0")}`;
      const onChain = BigInt(await rpc<string>(rpcUrl, "eth_call", [{ to: token, data }, "latest"]));
      const stored = BigInt(synced[holder] ?? 0);
      if (onChain !== stored) mismatches.push(`${token} ${holder}: chain ${onChain}, synced ${stored}`);
    }
  }
  return mismatches;
}

/** Waits until the sync's cursor has reached the chain's head (the backend caught up). */
export async function waitForSync(
  tools: PgTools,
  databaseUrl: string,
  rpcUrl: string,
  chainId: number,
  timeoutMs = 90_000,
): Promise<void> {
  const head = Number(await rpc<string>(rpcUrl, "eth_blockNumber"));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await query(
      tools,
      databaseUrl,
      `SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = ${chainId}`,
    ).catch(() => []);
    const cursor = rows[0]?.[0] === undefined ? -1 : Number(rows[0][0]);
    if (cursor >= head) return;
    if (Date.now() > deadline)
      throw new Error(`the chain sync is at block ${cursor}, the chain at ${head}, after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until the backend has nothing in flight: the outbox and the sent transactions are settled, the sync has
 * reached the head, and neither the head nor the agent's nonce moved for `quietMs`.
 */
export async function waitForQuiet(
  tools: PgTools,
  databaseUrl: string,
  rpcUrl: string,
  chainId: number,
  options: { timeoutMs?: number; quietMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const quietMs = options.quietMs ?? 2_000;
  let last = "";
  let since = Date.now();
  for (;;) {
    const [[busy] = []] = await query(
      tools,
      databaseUrl,
      `SELECT (SELECT count(*) FROM onchain_identity_changes WHERE status IN ('PENDING', 'SENT'))
            + (SELECT count(*) FROM chain_transactions WHERE status IN ('SIGNED', 'MINED'))`,
    );
    const head = Number(await rpc<string>(rpcUrl, "eth_blockNumber"));
    const nonce = Number(await rpc<string>(rpcUrl, "eth_getTransactionCount", [DEMO.agent.address, "latest"]));
    const [[cursor] = []] = await query(
      tools,
      databaseUrl,
      `SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = ${chainId}`,
    );
    const state = `${busy}/${head}/${nonce}/${cursor}`;
    if (state !== last) {
      last = state;
      since = Date.now();
    } else if (Number(busy) === 0 && Number(cursor) >= head && Date.now() - since >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`the backend is still busy (in flight/head/nonce/cursor ${state})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
