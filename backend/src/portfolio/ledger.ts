/**
 * An investor's ledger: every stored chain event that moved their units or their money, classified. Read from the
 * chain sync's events (`chain_events`), so the figures are the chain's. A unit move (ERC-20 `Transfer` of a property
 * token) is priced by what happened in the same transaction: an offering claim (the offering's price per unit), a
 * settlement fill (what the buyer paid; for the seller, that minus the fill's trade fee, which is what they received),
 * an exit's redemption (the burn, priced at the payout the exit's `Redeemed` names, issue 19),
 * or nothing (a plain transfer, priced at zero). Money moves: subscription
 * payments, refunds, rent claimed, capital returned. Each entry's amount is in base units of its own `coin`, as the
 * contracts hold them: a fill's is the order's coin (each order names its own, `OrderPosted.paymentToken`, which need
 * not be the coin the token's offering was launched with), an exit redemption's the exit's coin
 * (`ExitLaunched.paymentToken`), every other entry's the token's offering coin (`TokenInfo.coin`: offering payments,
 * rent and capital). amount-unit.ts converts each with its coin's own decimals, as the chain sync read them for every
 * coin it met (`chain_coins`).
 */
import { getAddress, zeroHash } from "viem";
import type { Db } from "../db/client.ts";

export type LedgerKind =
  /** Money paid into an offering (no units yet). */
  | "SUBSCRIPTION_PAID"
  /** Money an offering returned. */
  | "REFUND"
  /** Units delivered by an offering claim, at the offering's price. */
  | "UNITS_CLAIMED"
  | "TRADE_BUY"
  | "TRADE_SELL"
  /** Units received or sent without consideration on chain (a gift, a forced transfer): priced at zero. */
  | "TRANSFER_IN"
  | "TRANSFER_OUT"
  /** Units burned by the property's exit after a sale, at the payout (issue 19). */
  | "EXIT_REDEEMED"
  | "RENT_CLAIMED"
  /**
   * Capital returned by an approved refinance (issue 19): the part of a distributor claim that the capital deposits
   * (`CapitalDeposited`) accrued, not income.
   */
  | "CAPITAL_RETURNED";

/**
 * A payment coin, as the chain sync read it (its ERC-20 `symbol()` and `decimals()`, `chain_coins`): `symbol` and
 * `decimals` null when it did not answer, or when the sync has not read it: its amounts then have no known unit.
 */
export interface Coin {
  address: string;
  symbol: string | null;
  decimals: number | null;
}

export interface LedgerEntry {
  kind: LedgerKind;
  at: Date;
  blockNumber: number;
  logIndex: number;
  txHash: string;
  token: string;
  /** The token class; null for rent (paid per token, whatever the class). */
  partition: string | null;
  units: bigint;
  /** Base units of `coin`: paid, received, or the cost of the units claimed. */
  amount: bigint;
  /**
   * The coin `amount` is in: a fill's order coin, else the token's offering coin (a transfer's, at zero); null when
   * it is not known (the token's offering terms were not read).
   */
  coin: Coin | null;
}

export interface TokenInfo {
  token: string;
  propertyId: string | null;
  propertyName: string | null;
  currency: string | null;
  symbol: string;
  /** The class its offering sold (the default class when the terms are unknown). */
  offeringPartition: string;
  /**
   * The coin its offering and rent book pay in, as the chain sync read it; null when the terms are unknown. `decimals`
   * (and `symbol`) null when the coin did not answer: its amounts then have no known unit.
   */
  coin: Coin | null;
}

interface EventRow {
  blockNumber: number;
  logIndex: number;
  blockTime: Date;
  txHash: string;
  contract: string;
  name: string;
  address: string;
  token: string | null;
  partition: string | null;
  fromAddr: string | null;
  toAddr: string | null;
  amount: string | null;
  args: Record<string, string>;
  seller: string | null;
  /** For a fill, the order's payment coin (`OrderPosted.paymentToken`); null for other events. */
  orderCoin: string | null;
  /** For an exit's redemption, the coin the exit pays in (`ExitLaunched.paymentToken`); null for other events. */
  exitCoin: string | null;
  price: string | null;
  /** For a fill, the platform's trade fee of that fill (`TradeFeeCharged`, same transaction and order), else null. */
  tradeFee: string | null;
  /**
   * For a capital deposit, what each unit received: (amount + the dust of the token's previous deposit, rent or
   * capital - its own dust) / supply (a whole number: the distributor distributes only multiples of the supply).
   */
  perUnit: string | null;
}

/**
 * The wallet's events in chain order, up to `before` (exclusive) when given. For a fill, `seller` is the order's
 * seller and `tradeFee` its fee; for offering events, `price` is the offering's price per unit (null when its terms were not read).
 */
async function walletEvents(db: Db, chainId: number, wallet: string, before?: Date): Promise<EventRow[]> {
  const w = getAddress(wallet);
  const until = before ?? new Date("9999-12-31T00:00:00Z");
  return db.$queryRaw<EventRow[]>`
    SELECT e."blockNumber", e."logIndex", e."blockTime", e."txHash", e.contract, e.name, e.address, e.token,
      e.partition, e."fromAddr", e."toAddr", e.amount::text AS amount, e.args,
      p.args->>'seller' AS seller, p.args->>'paymentToken' AS "orderCoin", x.args->>'paymentToken' AS "exitCoin", o."pricePerUnit"::text AS price, f.args->>'fee' AS "tradeFee",
      CASE WHEN e.name = 'CapitalDeposited' THEN div((e.args->>'amount')::numeric - (e.args->>'dust')::numeric + COALESCE((
        SELECT (d.args->>'dust')::numeric FROM chain_events d
        WHERE d."chainId" = e."chainId" AND d.contract = 'RentDistributor' AND d.name IN ('RentDeposited', 'CapitalDeposited')
          AND d.token = e.token AND (d."blockNumber", d."logIndex") < (e."blockNumber", e."logIndex")
        ORDER BY d."blockNumber" DESC, d."logIndex" DESC LIMIT 1), 0), (e.args->>'supply')::numeric)::text END AS "perUnit"
    FROM chain_events e
    LEFT JOIN chain_events p ON e.name = 'OrderFilled' AND p."chainId" = e."chainId" AND p.address = e.address
      AND p.name = 'OrderPosted' AND p.args->>'orderId' = e.args->>'orderId'
    LEFT JOIN chain_events f ON e.name = 'OrderFilled' AND f."chainId" = e."chainId"
      AND f."blockNumber" = e."blockNumber" AND f."txHash" = e."txHash" AND f.address = e.address AND f.name = 'TradeFeeCharged' AND f.args->>'orderId' = e.args->>'orderId'
    LEFT JOIN chain_events x ON e.name = 'Redeemed' AND x."chainId" = e."chainId" AND x.name = 'ExitLaunched'
      AND x.args->>'exit' = e.address
    LEFT JOIN chain_offerings o ON e.contract = 'PropertyOffering' AND o."chainId" = e."chainId" AND o.address = e.address
    WHERE e."chainId" = ${chainId} AND e."blockTime" < ${until} AND (
      (e.contract = 'PropertyToken' AND e.name = 'Transfer' AND (e."toAddr" = ${w} OR e."fromAddr" = ${w}))
      OR (e.contract = 'PropertyOffering' AND e.name IN ('Subscribed', 'Claimed', 'Refunded') AND e.args->>'investor' = ${w})
      OR (e.contract = 'RentDistributor' AND e.name = 'RentClaimed' AND e.args->>'holder' = ${w})
      OR (e.contract = 'RentDistributor' AND e.name = 'CapitalDeposited' AND e.token IN (
        SELECT t.token FROM chain_events t WHERE t."chainId" = ${chainId} AND t.contract = 'PropertyToken' AND t.name = 'Transfer'
          AND (t."toAddr" = ${w} OR t."fromAddr" = ${w})))
      OR (e.contract = 'Settlement' AND e.name = 'OrderFilled' AND (e.args->>'buyer' = ${w} OR p.args->>'seller' = ${w}))
      OR (e.contract = 'PropertyExit' AND e.name = 'Redeemed' AND e.args->>'holder' = ${w})
    )
    ORDER BY e."blockNumber", e."logIndex"`;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/**
 * The payout of `units` of one burn of an exit redemption: the redemption's payout split over its burns (one per
 * class) in proportion to their units, the rounding remainder to the burn that completes it, so the burns sum to it.
 */
function exitShare(redeemed: EventRow & { taken?: { units: bigint; paid: bigint } }, units: bigint): bigint {
  const total = BigInt(redeemed.args["units"]!);
  const payout = BigInt(redeemed.args["payout"]!);
  const taken = redeemed.taken ?? { units: 0n, paid: 0n };
  const after = taken.units + units;
  const paid = after >= total ? payout : (payout * after) / total;
  redeemed.taken = { units: after, paid };
  return paid - taken.paid;
}

/**
 * The classified entries of `wallet`, in chain order. Offering and settlement events only price the unit moves of
 * their transaction; the moves themselves (the `Transfer`s) carry the units and the class.
 *
 * A distributor claim (`RentClaimed`) pays rent and refinance capital together: on chain both accrue in the token's
 * one accumulator, and a claim always pays all that is owed. So the split is exact, not proportional: the capital
 * in a claim is what the capital deposits since the wallet's previous claim of the token accrued to it (its units
 * at each deposit times the deposit's amount per unit), the rest is rent; one CAPITAL_RETURNED and one RENT_CLAIMED
 * entry (either omitted when zero).
 */
export async function walletLedger(db: Db, chainId: number, wallet: string, before?: Date): Promise<LedgerEntry[]> {
  const w = getAddress(wallet);
  const rows = await walletEvents(db, chainId, w, before);
  const offeringCoin = await offeringCoins(db, chainId, [...new Set(rows.flatMap((r) => (r.token ? [r.token] : [])))]);
  const namedCoins = rows.flatMap((r) => [r.orderCoin, r.exitCoin].flatMap((c) => (c ? [getAddress(c)] : [])));
  const coins = await coinsRead(db, chainId, [...new Set([...offeringCoin.values(), ...namedCoins])]);
  const coinOf = (address: string | null | undefined): Coin | null =>
    address ? (coins.get(address) ?? { address, symbol: null, decimals: null }) : null;
  const tokenCoin = (token: string) => coinOf(offeringCoin.get(token));
  const byTx = new Map<string, EventRow[]>();
  for (const r of rows) byTx.set(r.txHash, [...(byTx.get(r.txHash) ?? []), r]);
  // Subscriptions per offering: the price when the terms are unknown (paid / units; one price per offering).
  const subscribed = new Map<string, { units: bigint; paid: bigint }>();
  const entries: LedgerEntry[] = [];
  // Per token: the wallet's units (its moves so far) and the capital accrued to it since its last claim.
  const heldUnits = new Map<string, bigint>();
  const capitalOwed = new Map<string, bigint>();
  for (const r of rows) {
    if (r.contract === "PropertyToken" && r.name === "Transfer" && r.token && r.amount !== null) {
      const delta = (r.toAddr === w ? BigInt(r.amount) : 0n) - (r.fromAddr === w ? BigInt(r.amount) : 0n);
      heldUnits.set(r.token, (heldUnits.get(r.token) ?? 0n) + delta);
    }
    const base = { at: r.blockTime, blockNumber: r.blockNumber, logIndex: r.logIndex, txHash: r.txHash };
    if (r.contract === "PropertyOffering" && r.token) {
      if (r.name === "Subscribed") {
        const s = subscribed.get(r.address) ?? { units: 0n, paid: 0n };
        const units = BigInt(r.args["units"]!);
        const paid = BigInt(r.args["paid"]!);
        subscribed.set(r.address, { units: s.units + units, paid: s.paid + paid });
        entries.push({
          ...base,
          kind: "SUBSCRIPTION_PAID",
          token: r.token,
          partition: null,
          units,
          amount: paid,
          coin: tokenCoin(r.token),
        });
      } else if (r.name === "Refunded") {
        const amount = BigInt(r.args["amount"]!);
        entries.push({
          ...base,
          kind: "REFUND",
          token: r.token,
          partition: null,
          units: 0n,
          amount,
          coin: tokenCoin(r.token),
        });
      }
      continue;
    }
    if (r.contract === "RentDistributor" && r.token) {
      if (r.name === "CapitalDeposited") {
        const accrued = BigInt(r.perUnit ?? "0") * (heldUnits.get(r.token) ?? 0n);
        capitalOwed.set(r.token, (capitalOwed.get(r.token) ?? 0n) + accrued);
        continue;
      }
      const amount = BigInt(r.args["amount"]!);
      const capital = min(capitalOwed.get(r.token) ?? 0n, amount);
      capitalOwed.delete(r.token); // the claim paid everything owed
      const claim = { ...base, token: r.token, partition: null, units: 0n, coin: tokenCoin(r.token) };
      if (capital > 0n) entries.push({ ...claim, kind: "CAPITAL_RETURNED", amount: capital });
      if (amount > capital) entries.push({ ...claim, kind: "RENT_CLAIMED", amount: amount - capital });
      continue;
    }
    if (r.contract !== "PropertyToken" || !r.token || r.amount === null) continue;
    if (r.fromAddr === w && r.toAddr === ZERO_ADDRESS) {
      const redeemed = (byTx.get(r.txHash) ?? []).find(
        (e) => e.contract === "PropertyExit" && e.name === "Redeemed" && e.token === r.token,
      );
      if (redeemed) {
        entries.push({
          ...base,
          kind: "EXIT_REDEEMED",
          token: r.token,
          partition: r.partition ?? zeroHash,
          units: BigInt(r.amount),
          amount: exitShare(redeemed, BigInt(r.amount)),
          // The exit's own coin (the one it names at launch), whatever coin the token's offering was launched in.
          coin: redeemed.exitCoin ? coinOf(getAddress(redeemed.exitCoin)) : tokenCoin(r.token),
        });
        continue;
      }
    }
    const incoming = r.toAddr === w;
    if (incoming && r.fromAddr === w) continue; // a move to oneself changes nothing
    const units = BigInt(r.amount);
    const partition = r.partition ?? zeroHash;
    const sameTx = byTx.get(r.txHash) ?? [];
    const claim = sameTx.find((e) => e.name === "Claimed" && e.token === r.token);
    const fill = sameTx.find(
      (e) => e.name === "OrderFilled" && e.token === r.token && (incoming ? e.args["buyer"] === w : e.seller === w),
    );
    const move = { ...base, token: r.token, partition, units, coin: tokenCoin(r.token) };
    if (incoming && claim) {
      const s = subscribed.get(claim.address);
      const price = claim.price !== null ? BigInt(claim.price) : s && s.units > 0n ? s.paid / s.units : 0n;
      entries.push({ ...move, kind: "UNITS_CLAIMED", amount: units * price });
    } else if (fill) {
      // The buyer paid the price; the seller received it minus the fill's trade fee (the seller bears the fee).
      const paid = BigInt(fill.args["paid"]!);
      const received = paid - BigInt(fill.tradeFee ?? "0");
      // Both in the order's own coin, whatever coin the token's offering was launched in.
      const coin = coinOf(fill.orderCoin && getAddress(fill.orderCoin));
      entries.push({ ...move, kind: incoming ? "TRADE_BUY" : "TRADE_SELL", amount: incoming ? paid : received, coin });
    } else entries.push({ ...move, kind: incoming ? "TRANSFER_IN" : "TRANSFER_OUT", amount: 0n });
  }
  return entries;
}

/** What the ledger's tokens are: their property (when it is one of the registry's), currency and offering class. */
export async function tokenInfo(db: Db, chainId: number, tokens: readonly string[]): Promise<Map<string, TokenInfo>> {
  if (tokens.length === 0) return new Map();
  const rows = await db.$queryRaw<
    {
      token: string;
      propertyId: string | null;
      name: string | null;
      currency: string | null;
      symbol: string;
      partition: string | null;
      coin: string | null;
    }[]
  >`
    SELECT DISTINCT ON (o.token) o.token, o."propertyId"::text AS "propertyId", p.name, p.currency::text AS currency,
      o."tokenSymbol" AS symbol, o.partition, o."paymentToken" AS coin
    FROM chain_offerings o LEFT JOIN properties p ON p.id = o."propertyId"
    WHERE o."chainId" = ${chainId} AND o.token = ANY(${[...tokens]})
    ORDER BY o.token, o."discoveredBlock"`;
  const coins = await coinsRead(db, chainId, [...new Set(rows.flatMap((r) => (r.coin ? [r.coin] : [])))]);
  return new Map(
    rows.map((r) => [
      r.token,
      {
        token: r.token,
        propertyId: r.propertyId,
        propertyName: r.name,
        currency: r.currency,
        symbol: r.symbol,
        offeringPartition: r.partition ?? zeroHash,
        coin: r.coin === null ? null : (coins.get(r.coin) ?? { address: r.coin, symbol: null, decimals: null }),
      },
    ]),
  );
}

/** Each token's offering coin (its first offering's payment token, as `tokenInfo`), when its terms were read. */
async function offeringCoins(db: Db, chainId: number, tokens: readonly string[]): Promise<Map<string, string>> {
  if (tokens.length === 0) return new Map();
  const rows = await db.$queryRaw<{ token: string; coin: string | null }[]>`
    SELECT DISTINCT ON (token) token, "paymentToken" AS coin FROM chain_offerings
    WHERE "chainId" = ${chainId} AND token = ANY(${[...tokens]})
    ORDER BY token, "discoveredBlock"`;
  return new Map(rows.flatMap((r) => (r.coin ? [[r.token, r.coin] as const] : [])));
}

/**
 * What the chain sync read of each coin (`symbol()`, `decimals()`): its `chain_coins` row, stored for every payment
 * coin the sync met (an offering's, a settlement order's, an exit's; src/chain/sync/coins.ts), else an offering's
 * read of it (rows written before that table). A coin's metadata does not change, so any answer is the coin's, a
 * known one first. A coin neither holds, or that did not answer, is absent or null: its decimals are unknown.
 */
async function coinsRead(db: Db, chainId: number, addresses: readonly string[]): Promise<Map<string, Coin>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.$queryRaw<Coin[]>`
    SELECT DISTINCT ON (address) address, symbol, decimals FROM (
      SELECT address, symbol, decimals, 0 AS source FROM chain_coins
      WHERE "chainId" = ${chainId} AND address = ANY(${[...addresses]})
      UNION ALL
      SELECT "paymentToken", "paymentSymbol", "paymentDecimals", "discoveredBlock" + 1 FROM chain_offerings
      WHERE "chainId" = ${chainId} AND "paymentToken" = ANY(${[...addresses]})
    ) c
    ORDER BY address, (decimals IS NULL), (symbol IS NULL), source`;
  return new Map(rows.map((r) => [r.address, r]));
}

/** Units of each token outstanding just before `before` (all of them without it): sums of the stored moves. */
export async function supplyAt(
  db: Db,
  chainId: number,
  tokens: readonly string[],
  before?: Date,
): Promise<Map<string, bigint>> {
  if (tokens.length === 0) return new Map();
  const until = before ?? new Date("9999-12-31T00:00:00Z");
  const zero = "0x0000000000000000000000000000000000000000";
  const rows = await db.$queryRaw<{ token: string; supply: string }[]>`
    SELECT token,
      (COALESCE(SUM(amount) FILTER (WHERE "fromAddr" = ${zero}), 0) - COALESCE(SUM(amount) FILTER (WHERE "toAddr" = ${zero}), 0))::text AS supply
    FROM chain_events
    WHERE "chainId" = ${chainId} AND contract = 'PropertyToken' AND name = 'Transfer' AND token = ANY(${[...tokens]})
      AND "blockTime" < ${until}
    GROUP BY token`;
  return new Map(rows.map((r) => [r.token, BigInt(r.supply)]));
}
