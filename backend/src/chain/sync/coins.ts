/**
 * The payment coins read model (`chain_coins`): the ERC-20 `symbol()` and `decimals()` of every payment coin the sync
 * meets, read once, so every amount in a coin reads in that coin's own unit, whatever named it:
 * - an offering's terms (its coin was read with the terms, at the discovery block: no second read);
 * - a settlement order (`OrderPosted.paymentToken`: each order names its own coin, any ERC-20);
 * - an exit (`ExitLaunched.paymentToken`: the coin its payouts and its sale's proceeds are in).
 * A coin is read at the block (hash) of the range that met it. A coin that does not answer (reverts, no code, an
 * undecodable reply) is stored with nulls and asked again at the sync's next start (`backfillCoins`, which also reads
 * the coins of events stored before this read model); its amounts stay without a unit, never a guessed one. A node
 * error fails the pass, which is retried. Metadata does not depend on the branch: a rollback keeps the rows.
 */
import { getAddress, type PublicClient } from "viem";
import type pg from "pg";
import type { StoredEvent } from "./decode.ts";
import { readPaymentCoin, type LaunchedOffering } from "./offerings.ts";

export interface CoinRead {
  address: string;
  symbol: string | null;
  decimals: number | null;
}

/** The coins `events` name (an order's or an exit's payment token), checksummed, each once. */
export function coinsNamed(events: readonly Pick<StoredEvent, "name" | "args">[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const coin = e.name === "OrderPosted" || e.name === "ExitLaunched" ? e.args["paymentToken"] : undefined;
    if (typeof coin === "string" && /^0x[0-9a-fA-F]{40}$/.test(coin)) out.add(getAddress(coin));
  }
  return [...out];
}

/**
 * What to store of the coins a range met: the offerings' coins as their terms read them, and each other coin its
 * events name that no row holds yet (or holds unanswered), read at `blockHash`.
 */
export async function coinsOfRange(
  sql: Pick<pg.Pool, "query">,
  client: PublicClient,
  chainId: number,
  offerings: readonly LaunchedOffering[],
  events: readonly Pick<StoredEvent, "name" | "args">[],
  blockHash: `0x${string}`,
): Promise<CoinRead[]> {
  const reads = new Map<string, CoinRead>();
  for (const o of offerings)
    if (o.terms)
      reads.set(o.terms.paymentToken, {
        address: o.terms.paymentToken,
        symbol: o.terms.paymentSymbol,
        decimals: o.terms.paymentDecimals,
      });
  const named = coinsNamed(events).filter((c) => !reads.has(c));
  if (named.length === 0) return [...reads.values()];
  const { rows } = await sql.query<{ address: string }>(
    `SELECT address FROM chain_coins WHERE "chainId" = $1 AND address = ANY($2::text[]) AND symbol IS NOT NULL AND decimals IS NOT NULL`,
    [chainId, named],
  );
  const known = new Set(rows.map((r) => r.address));
  for (const address of named.filter((c) => !known.has(c)))
    reads.set(address, await readCoin(client, address, blockHash));
  return [...reads.values()];
}

async function readCoin(client: PublicClient, address: string, blockHash: `0x${string}`): Promise<CoinRead> {
  const r = await readPaymentCoin(client, address as `0x${string}`, blockHash);
  return { address, symbol: r.paymentSymbol, decimals: r.paymentDecimals };
}

/** Stores `coins`: a new coin's row, or what an unanswered one now answered (an answer is never replaced by null). */
export async function storeCoins(sql: Pick<pg.Pool, "query">, chainId: number, coins: readonly CoinRead[]) {
  if (coins.length === 0) return;
  await sql.query(
    `INSERT INTO chain_coins ("chainId", address, symbol, decimals)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])
     ON CONFLICT ("chainId", address) DO UPDATE SET
       symbol = coalesce(chain_coins.symbol, EXCLUDED.symbol), decimals = coalesce(chain_coins.decimals, EXCLUDED.decimals)`,
    [chainId, coins.map((c) => c.address), coins.map((c) => c.symbol), coins.map((c) => c.decimals)],
  );
}

/**
 * At the sync's start: reads every coin the stored offerings and events name, or a row holds, that has no answered
 * row (named before this read model, or that did not answer before), at `blockHash` (the cursor's block).
 */
export async function backfillCoins(
  sql: Pick<pg.Pool, "query">,
  client: PublicClient,
  chainId: number,
  blockHash: `0x${string}`,
): Promise<number> {
  const { rows } = await sql.query<{ address: string }>(
    `SELECT DISTINCT c.address FROM (
       SELECT "paymentToken" AS address FROM chain_offerings WHERE "chainId" = $1 AND "paymentToken" IS NOT NULL
       UNION SELECT args->>'paymentToken' FROM chain_events
         WHERE "chainId" = $1 AND name IN ('OrderPosted', 'ExitLaunched') AND args->>'paymentToken' IS NOT NULL
       UNION SELECT address FROM chain_coins WHERE "chainId" = $1
     ) c
     WHERE NOT EXISTS (SELECT 1 FROM chain_coins k WHERE k."chainId" = $1 AND k.address = c.address
                         AND k.symbol IS NOT NULL AND k.decimals IS NOT NULL)`,
    [chainId],
  );
  const addresses = coinsNamed(rows.map((r) => ({ name: "OrderPosted", args: { paymentToken: r.address } })));
  const reads: CoinRead[] = [];
  for (const address of addresses) reads.push(await readCoin(client, address, blockHash));
  await storeCoins(sql, chainId, reads);
  return reads.length;
}
