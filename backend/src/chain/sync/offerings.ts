/**
 * The offering read model (`chain_offerings`): for every offering the factory launched, its terms and its
 * progress, so the property list can show price, caps and funding with one join.
 *
 * - Terms are immutable (the clone's immutable arguments): read once from `terms()` at the block of the
 *   PropertyLaunched event that revealed the offering (by that block's hash, so never from another branch), and
 *   inserted in the transaction that stores the discovery. A contract that cannot answer `terms()` (reverts, no
 *   code, undecodable) gets a row without terms; a node error fails the pass, which is retried.
 * - The payment coin's ERC-20 `symbol()` and `decimals()` are read at the same block: every amount of the offering
 *   and of its token's rent book is in that coin's base units, and the factory takes the coin as a launch parameter
 *   (any decimals; not necessarily the platform's current coin). A coin that does not answer leaves them null: the
 *   amounts' unit is then unknown, never assumed. Rows stored before the coin was read gain it at the sync's next
 *   start (chain-sync.ts backfillOfferings).
 * - Progress (units sold, distinct investors, outcome, amounts paid and refunded) is recomputed from the stored
 *   events of the offerings a range or a rollback touched, in the same transaction: equal to the events by
 *   construction. Money is summed from the events' own amounts (`Subscribed.paid`, `Refunded.amount`), never
 *   derived as units x `pricePerUnit`: an invitation (issue 20) sells at its own price.
 * - Rows are deleted with their chain_contracts row (foreign key, ON DELETE CASCADE) when a rollback removes
 *   the discovery.
 */
import { propertyOfferingAbi } from "@freehold/deployments/abi";
import {
  AbiDecodingDataSizeTooSmallError,
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  erc20Abi,
  getAddress,
  type PublicClient,
} from "viem";
import { bytes32ToPropertyId } from "@freehold/deployments/property-id";

export interface OfferingTerms {
  token: string;
  partition: string;
  paymentToken: string;
  pricePerUnit: bigint;
  softCap: bigint;
  hardCap: bigint;
  minTicket: bigint;
  maxTicket: bigint;
  /** Unix seconds. */
  startTime: number;
  endTime: number;
  /** The primary fee fixed at launch (basis points of the proceeds) and who receives it. */
  feeBps: number;
  feeRecipient: string;
  /** The payment coin's `symbol()` and `decimals()`; null when it did not answer (never guessed). */
  paymentSymbol: string | null;
  paymentDecimals: number | null;
}

/** An offering revealed by a PropertyLaunched event, with what the row needs. */
export interface LaunchedOffering {
  address: string;
  token: string;
  /** The launch's bytes32 property id. */
  propertyId: string;
  symbol: string;
  /** The wallet that launched it (PropertyLaunched's `manager`). */
  launcher: string;
  discoveredBlock: number;
  terms: OfferingTerms | null;
}

/** Anything that runs SQL with positional parameters: a pg client inside the sync's transaction. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Whether `error` is the contract refusing the call (as opposed to the node or the network failing). */
function isContractRefusal(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return !!error.walk(
    (e) =>
      e instanceof ContractFunctionRevertedError ||
      e instanceof ContractFunctionZeroDataError ||
      e instanceof AbiDecodingZeroDataError ||
      e instanceof AbiDecodingDataSizeTooSmallError,
  );
}

/**
 * `terms()` of `offering` in the block `blockHash`: null when the contract cannot answer it. Throws when the node
 * fails or no longer has that block on its canonical chain (the pass is then retried or rolled back).
 */
export async function readOfferingTerms(
  client: PublicClient,
  offering: string,
  blockHash: `0x${string}`,
): Promise<OfferingTerms | null> {
  let t;
  try {
    t = await client.readContract({
      address: getAddress(offering),
      abi: propertyOfferingAbi,
      functionName: "terms",
      blockHash,
      requireCanonical: true,
    });
  } catch (error) {
    if (isContractRefusal(error)) return null;
    throw error;
  }
  const paymentToken = getAddress(t.paymentToken);
  return {
    token: getAddress(t.token),
    partition: t.partition,
    paymentToken,
    pricePerUnit: t.pricePerUnit,
    softCap: t.softCap,
    hardCap: t.hardCap,
    minTicket: t.minTicket,
    maxTicket: t.maxTicket,
    startTime: t.startTime,
    endTime: t.endTime,
    feeBps: t.feeBps,
    feeRecipient: getAddress(t.feeRecipient),
    ...(await readPaymentCoin(client, paymentToken, blockHash)),
  };
}

/** One ERC-20 metadata read of `coin` at `blockHash`: null when the coin refuses it or has no code. */
async function readCoinField<F extends "symbol" | "decimals">(
  client: PublicClient,
  coin: `0x${string}`,
  functionName: F,
  blockHash: `0x${string}`,
) {
  try {
    return await client.readContract({ address: coin, abi: erc20Abi, functionName, blockHash, requireCanonical: true });
  } catch (error) {
    if (isContractRefusal(error)) return null;
    throw error;
  }
}

/**
 * The payment coin's `symbol()` and `decimals()` in the block `blockHash`, each null when the coin does not answer
 * it (reverts, no code, an undecodable reply). Throws when the node fails, as `readOfferingTerms`.
 */
export async function readPaymentCoin(
  client: PublicClient,
  coin: `0x${string}`,
  blockHash: `0x${string}`,
): Promise<{ paymentSymbol: string | null; paymentDecimals: number | null }> {
  const [symbol, decimals] = await Promise.all([
    readCoinField(client, coin, "symbol", blockHash),
    readCoinField(client, coin, "decimals", blockHash),
  ]);
  return { paymentSymbol: symbol, paymentDecimals: decimals };
}

const TERMS = ["pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket"] as const;

/**
 * Inserts the rows of newly discovered offerings (none twice). Only offerings whose chain_contracts row exists
 * with the same discovery block are inserted, so a row never outlives (or precedes) its discovery.
 */
export async function insertOfferings(
  sql: Sql,
  chainId: number,
  offerings: readonly LaunchedOffering[],
): Promise<void> {
  if (offerings.length === 0) return;
  const col = <T>(f: (o: LaunchedOffering) => T): T[] => offerings.map(f);
  await sql.query(
    `INSERT INTO chain_offerings ("chainId", address, "propertyId", token, "tokenSymbol", partition, "paymentToken",
                                  "pricePerUnit", "softCap", "hardCap", "minTicket", "maxTicket", "startTime", "endTime", "discoveredBlock", launcher, "feeBps", "feeRecipient",
                                  "paymentSymbol", "paymentDecimals")
     SELECT $1, u.address, u.property, u.token, u.symbol, u.partition, u.payment, u.price, u.soft, u.hard, u.min, u.max,
            to_timestamp(u.start) AT TIME ZONE 'UTC', to_timestamp(u.stop) AT TIME ZONE 'UTC', u.block, u.launcher, u.fee, u.recipient,
            u.coin_symbol, u.coin_decimals
     FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::numeric[],
                 $10::numeric[], $11::numeric[], $12::numeric[], $13::bigint[], $14::bigint[], $15::int[], $16::text[], $17::int[], $18::text[],
                 $19::text[], $20::int[])
          AS u(address, property, token, symbol, partition, payment, price, soft, hard, min, max, start, stop, block, launcher, fee, recipient,
               coin_symbol, coin_decimals)
     JOIN chain_contracts c ON c."chainId" = $1 AND c.address = u.address AND c.kind = 'PropertyOffering' AND c."discoveredBlock" = u.block
     ON CONFLICT ("chainId", address) DO UPDATE SET
       "feeBps" = coalesce(chain_offerings."feeBps", EXCLUDED."feeBps"),
       "feeRecipient" = coalesce(chain_offerings."feeRecipient", EXCLUDED."feeRecipient"),
       "paymentSymbol" = coalesce(chain_offerings."paymentSymbol", EXCLUDED."paymentSymbol"),
       "paymentDecimals" = coalesce(chain_offerings."paymentDecimals", EXCLUDED."paymentDecimals")
       -- a row stored before issue 20 gains its (immutable) fee terms, one stored before the coin was read its coin;
       -- what a row has is never changed
       WHERE (chain_offerings."feeBps" IS NULL AND EXCLUDED."feeBps" IS NOT NULL)
          OR (chain_offerings."paymentSymbol" IS NULL AND EXCLUDED."paymentSymbol" IS NOT NULL)
          OR (chain_offerings."paymentDecimals" IS NULL AND EXCLUDED."paymentDecimals" IS NOT NULL)`,
    [
      chainId,
      col((o) => getAddress(o.address)),
      col((o) => bytes32ToPropertyId(o.propertyId) ?? null),
      col((o) => getAddress(o.token)),
      col((o) => o.symbol),
      col((o) => o.terms?.partition ?? null),
      col((o) => o.terms?.paymentToken ?? null),
      ...TERMS.map((k) => col((o) => o.terms?.[k].toString() ?? null)),
      col((o) => o.terms?.startTime.toString() ?? null),
      col((o) => o.terms?.endTime.toString() ?? null),
      col((o) => o.discoveredBlock),
      col((o) => getAddress(o.launcher)),
      col((o) => o.terms?.feeBps ?? null),
      col((o) => o.terms?.feeRecipient ?? null),
      col((o) => o.terms?.paymentSymbol ?? null),
      col((o) => o.terms?.paymentDecimals ?? null),
    ],
  );
}

/**
 * Recomputes units sold, investors, outcome, paid and refunded of these offerings from their stored events (addresses that are
 * not offerings of this chain are ignored).
 */
export async function recomputeProgress(sql: Sql, chainId: number, offerings: readonly string[]): Promise<void> {
  if (offerings.length === 0) return;
  await sql.query(
    `UPDATE chain_offerings o SET "unitsSold" = p.units, investors = p.investors, outcome = p.outcome, paid = p.paid, refunded = p.refunded
     FROM (
       SELECT a.address,
         COALESCE(SUM((e.args->>'units')::numeric) FILTER (WHERE e.name = 'Subscribed'), 0) AS units,
         COALESCE(SUM((e.args->>'paid')::numeric) FILTER (WHERE e.name = 'Subscribed'), 0) AS paid,
         COALESCE(SUM((e.args->>'amount')::numeric) FILTER (WHERE e.name = 'Refunded'), 0) AS refunded,
         COUNT(DISTINCT e.args->>'investor') FILTER (WHERE e.name = 'Subscribed')::int AS investors,
         CASE WHEN bool_or(e.name = 'Finalized') THEN 'finalized' WHEN bool_or(e.name = 'Cancelled') THEN 'cancelled' ELSE 'open' END AS outcome
       FROM unnest($2::text[]) AS a(address)
       LEFT JOIN chain_events e ON e."chainId" = $1 AND e.address = a.address AND e.name IN ('Subscribed', 'Finalized', 'Cancelled', 'Refunded')
       GROUP BY a.address
     ) p
     WHERE o."chainId" = $1 AND o.address = p.address
       AND (o."unitsSold", o.investors, o.outcome, o.paid, o.refunded) IS DISTINCT FROM (p.units, p.investors, p.outcome, p.paid, p.refunded)`,
    [chainId, [...new Set(offerings.map((a) => getAddress(a)))]],
  );
}

/**
 * SQL condition: the offering `o` (chain_offerings) is property `p`'s own, i.e. launched by a wallet that is p's owner
 * or manager in the registry. Launches by anyone else (any holder of the factory's manager role can launch with
 * any property id) are never shown as the property's nor move its status.
 */
export const launchedByStakeholder = (o: string, p: string): string =>
  `EXISTS (SELECT 1 FROM users u WHERE u.address = ${o}.launcher AND (u.id = ${p}."ownerId" OR u.id = ${p}."managerId"))`;

/**
 * SQL order of a property's own offerings, the governing one first: its finalized one (funded once), else the latest.
 * The stored cards (migration list_cards, property_card_rows) apply this rule and launchedByStakeholder in SQL.
 */
export const governingOrder = (o: string): string =>
  `(${o}.outcome = 'finalized') DESC, ${o}."discoveredBlock" DESC, ${o}.address`;
