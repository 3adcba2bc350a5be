/**
 * Chain sync: follows every platform contract, every token and offering the factory launches, and every governor
 * it makes (holder votes, issue 19), and stores their events in PostgreSQL (chain_events), block range by block range.
 *
 * - Exactly once: each range is written in one database transaction together with the cursor (the last block
 *   stored); (chainId, blockNumber, logIndex) is unique, so a replayed range inserts nothing twice.
 * - Confirmations: only blocks at least `confirmations` deep are read.
 * - Reorgs: the stored hash of the cursor block is compared with the chain's on every pass. On a mismatch the
 *   sync walks back through the blocks it stored until a hash matches (the fork point) and deletes, in one
 *   transaction, every event, discovered contract and block past it; the next passes read the new branch.
 * - Cap tables (balances.ts): holder balances are adjusted in the transaction that stores a range, by the events it
 *   really inserted, and in the one that rolls a range back, by the events it deletes.
 * - Governors: a GovernorLaunched event of the factory is a discovery like PropertyLaunched (chain_contracts kind
 *   "PropertyGovernor", the token's property id, followed from that block, rolled back with it); the proposals
 *   are read from the governor's stored events (proposals.ts). An exit's ExitLaunched likewise (kind "PropertyExit",
 *   issue 19); its sale and redemptions are read from its stored events (exits.ts).
 * - Offerings (offerings.ts): each discovered offering's terms are read at its discovery block and stored with
 *   the discovery; the progress of the offerings a range or a rollback touched is recomputed in its transaction.
 * - Property states (property-state.ts): in the same transaction, every property with a launched offering moves
 *   to the status its offering has at the time of the range's last block (or of the fork block after a rollback).
 * - Fees (fees.ts): the fee schedule replayed from PlatformFees' events, and every fee paid, in the same
 *   transactions.
 * - Notifications (notices.ts): what the range tells people is written in its transaction and deleted with it by a
 *   rollback.
 * - Several backend instances: a transaction-scoped advisory lock per chain, and the cursor is re-checked under
 *   it, so a range is written by one instance only.
 */
import { propertyTokenFactoryAbi } from "@freehold/deployments/abi";
import type { DeploymentRecord } from "@freehold/deployments";
import { decodeEventLog, getAddress, type Log, type PublicClient } from "viem";
import type pg from "pg";
import type { Db } from "../../db/client.ts";
import { applyMoves, dropEmpty, movesOf, revertMovesAfter, type Applied } from "./balances.ts";
import { AdaptiveRange, readRange } from "./block-range.ts";
import { addr, decodeLogs, type Followed, type StoredEvent } from "./decode.ts";
import { backfillCoins, coinsOfRange, storeCoins, type CoinRead } from "./coins.ts";
import { insertOfferings, readOfferingTerms, recomputeProgress, type LaunchedOffering } from "./offerings.ts";
import { backfillFees, followFees, rollBackFees } from "./fees.ts";
import { forgetRolledBack, notifyRange } from "./notices.ts";
import { followChain, type StateMove } from "./property-state.ts";

export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface SyncOptions {
  db: Db;
  /** The pool under `db`: each range is written with plain SQL (one multi-row insert per table), ~10x faster. */
  pool: pg.Pool;
  client: PublicClient;
  chainId: number;
  record: DeploymentRecord;
  confirmations: number;
  /** The widest block range read at once; ranges adapt below it (`block-range.ts`). */
  blockRange: number;
  /** Logs per range aimed at (default 10,000): ranges halve above it and double below a quarter of it. */
  targetLogs?: number;
  logger?: SyncLogger;
  /** Called after each reorganisation rolled back (the reorg metric, src/observability). */
  onReorg?: () => void;
  /** Fault injection for tests: called inside the write transaction before it commits. */
  faults?: { beforeCommit?: (events: number) => void };
}

export type SyncOutcome =
  | { kind: "idle"; head: number }
  | { kind: "stored"; from: number; to: number; events: number }
  | { kind: "reorg"; forkBlock: number; removedEvents: number }
  | { kind: "retry"; reason: string };

interface Header {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
}

const LAUNCHED = "PropertyLaunched";
const GOVERNOR_LAUNCHED = "GovernorLaunched";
const EXIT_LAUNCHED = "ExitLaunched";
const SYNC_LOCK = "SELECT pg_advisory_xact_lock(hashtext('freehold-chain-sync'), $1)";

/** A token or offering revealed by a PropertyLaunched event, a governor by GovernorLaunched, an exit by ExitLaunched. */
interface Discovered {
  address: string;
  kind: string;
  /** The launch's property id; a governor's or exit's is its token's (null if the token is not followed). */
  propertyId: string | null;
  token: string | null;
  fromBlock: number;
  discoveredBlock: number;
  blockHash: `0x${string}`;
  /** PropertyLaunched's facts (tokens and offerings): the symbol and the wallet that launched (`manager`). */
  launch?: { symbol: string; launcher: string };
}
/** One range read from the node and decoded, not yet written. */
interface Fetched {
  to: number;
  discovered: Discovered[];
  /** The followed contracts, with the discovered ones. */
  followed: Map<string, Followed>;
  events: StoredEvent[];
  headers: Map<number, Header>;
  /** A log's block is no longer the canonical one: the range is read again. */
  moved: boolean;
}
/** Block hashes kept for reorg detection; a reorganisation deeper than this resyncs from the start. */
const KEEP_BLOCKS = 10_000;

export class ChainSync {
  /** Whether offerings discovered before chain_offerings existed have been given their row (once per instance). */
  private backfilled = false;
  private readonly range: AdaptiveRange;
  /** The next range, read while the current one is written (`tick`). */
  private ahead?: { from: number; followed: number; fetched: Promise<Fetched | null> };

  constructor(private readonly options: SyncOptions) {
    this.range = new AdaptiveRange(options.blockRange, options.targetLogs ?? 10_000);
  }

  private get db(): Db {
    return this.options.db;
  }

  private get chainId(): number {
    return this.options.chainId;
  }

  /** The platform contracts of the record (implementations emit nothing and are not followed). */
  private platformContracts(): { address: string; kind: string; fromBlock: number }[] {
    return Object.entries(this.options.record.contracts)
      .filter(([key, c]) => c && !key.endsWith("Implementation") && key !== "TestStablecoin")
      .map(([key, c]) => ({ address: getAddress(c!.address), kind: c!.contract ?? key, fromBlock: c!.blockNumber }));
  }

  private startBlock(): number {
    return Math.min(...this.platformContracts().map((c) => c.fromBlock));
  }

  /** Runs passes until the sync has caught up with the confirmed head. */
  async catchUp(maxPasses = 10_000): Promise<void> {
    for (let i = 0; i < maxPasses; i++) {
      const outcome = await this.tick();
      if (outcome.kind === "idle") return;
    }
  }

  /** Runs `tick` until `signal` aborts; sleeps `pollMs` when caught up or after an error. */
  async run(pollMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let outcome: SyncOutcome | undefined;
      try {
        outcome = await this.tick();
      } catch (error) {
        this.options.logger?.warn({ err: (error as Error).message }, "chain sync pass failed");
      }
      if (outcome?.kind === "stored" || outcome?.kind === "reorg") continue;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve(undefined);
          },
          { once: true },
        );
      });
    }
  }

  async tick(): Promise<SyncOutcome> {
    const { client } = this.options;
    const head = Number(await client.getBlockNumber());
    const target = head - (this.options.confirmations - 1);
    // On the pool, not through Prisma: this runs on every pass of every instance, most of them idle (issue 17).
    const cursor = (
      await this.options.pool.query<{ blockNumber: number; blockHash: string }>(
        `SELECT "blockNumber", "blockHash" FROM chain_cursors WHERE "chainId" = $1`,
        [this.chainId],
      )
    ).rows[0];
    const from = cursor ? cursor.blockNumber + 1 : this.startBlock();
    let fetched: Fetched | null = null;
    if (from <= target) {
      await this.ensurePlatformContracts();
      const followed = await this.followed();
      const ahead = this.ahead;
      this.ahead = undefined;
      if (ahead && ahead.from === from && ahead.followed === followed.size) fetched = await ahead.fetched;
      fetched ??= await this.fetch(from, target, followed);
    }
    // The cursor block is checked after the range was read: a reorganisation before the read is seen here, one
    // after it by the next pass (the range's stored hashes no longer match).
    if (cursor) {
      const block = await client.getBlock({ blockNumber: BigInt(cursor.blockNumber) }).catch(() => null);
      if (!block || block.hash !== cursor.blockHash) return this.rollback();
    }
    if (!this.backfilled) await this.backfillOfferings(cursor?.blockHash as `0x${string}` | undefined);
    if (!fetched) return { kind: "idle", head };
    if (fetched.moved) return { kind: "retry", reason: "the chain moved while reading" };
    const { to, discovered, events, headers } = fetched;
    // Pipelining: the next range is read and decoded while this one is written. Not after a discovery (the next
    // range must include the new contracts' logs).
    if (to < target && discovered.length === 0) {
      const followed = new Map(fetched.followed);
      this.ahead = {
        from: to + 1,
        followed: followed.size,
        fetched: this.fetch(to + 1, target, followed).catch(() => null),
      };
    }
    await this.resolveOrderTokens(events);
    const offerings = await this.launchedOfferings(discovered);
    // Every payment coin the range met (offerings, orders, exits), read once, at the range's last block.
    const coins = await coinsOfRange(
      this.options.pool,
      client,
      this.chainId,
      offerings,
      events,
      headers.get(to)!.hash as `0x${string}`,
    );
    const stored = await this.write(
      cursor?.blockNumber ?? null,
      discovered,
      offerings,
      coins,
      events,
      headers,
      to,
      headers.get(to)!,
    );
    if (!stored) {
      this.ahead = undefined;
      return { kind: "retry", reason: "another instance stored this range" };
    }
    return { kind: "stored", from, to, events: events.length };
  }

  /**
   * Reads and decodes one range from `from` (its size adapted to the node, `block-range.ts`): the logs of the
   * followed contracts and of the contracts their PropertyLaunched events reveal, and the headers of the blocks
   * they are in and of the last block.
   */
  private async fetch(from: number, target: number, followed: Map<string, Followed>): Promise<Fetched> {
    const read = await readRange(this.range, from, target, async (start, end) => {
      const logs = await this.logs([...followed.keys()], start, end);
      const discovered = this.discover(logs, followed);
      if (discovered.length === 0) return logs;
      const first = Math.min(...discovered.map((c) => c.fromBlock));
      const more = await this.logs(
        discovered.map((c) => c.address),
        first,
        end,
      );
      return [...logs, ...more].sort(
        (a, b) => Number(a.blockNumber! - b.blockNumber!) || Number(a.logIndex! - b.logIndex!),
      );
    });
    const { items: logs, to } = read;
    const discovered = this.discover(logs, followed);
    for (const c of discovered)
      followed.set(c.address, { address: c.address, kind: c.kind, token: c.token, propertyId: c.propertyId });
    const numbers = new Set(logs.map((l) => Number(l.blockNumber)));
    numbers.add(to);
    const headers = await this.headers([...numbers]);
    const moved = logs.some((log) => headers.get(Number(log.blockNumber))?.hash !== log.blockHash);
    const events = moved ? [] : decodeLogs(logs, followed, () => null);
    return { to, discovered, followed, events, headers, moved };
  }

  private async ensurePlatformContracts(): Promise<void> {
    await this.db.chainContract.createMany({
      data: this.platformContracts().map((c) => ({ chainId: this.chainId, ...c })),
      skipDuplicates: true,
    });
  }

  private async followed(): Promise<Map<string, Followed>> {
    const rows = await this.db.chainContract.findMany({ where: { chainId: this.chainId } });
    return new Map(
      rows.map((r) => [r.address, { address: r.address, kind: r.kind, token: r.token, propertyId: r.propertyId }]),
    );
  }

  private async logs(addresses: string[], from: number, to: number): Promise<Log[]> {
    if (addresses.length === 0) return [];
    return this.options.client.getLogs({
      address: addresses as `0x${string}`[],
      fromBlock: BigInt(from),
      toBlock: BigInt(to),
    });
  }

  /**
   * Tokens and offerings revealed by the factory's PropertyLaunched events in these logs, governors by its
   * GovernorLaunched events and exits by its ExitLaunched events (both take their token's property id: from this
   * range's launch or the followed token).
   */
  private discover(logs: readonly Log[], followed: ReadonlyMap<string, Followed>): Discovered[] {
    const found: Discovered[] = [];
    for (const log of logs) {
      if (followed.get(addr(log.address))?.kind !== "PropertyTokenFactory") continue;
      let decoded;
      try {
        decoded = decodeEventLog({
          abi: propertyTokenFactoryAbi,
          data: log.data,
          topics: log.topics as [`0x${string}`, ...`0x${string}`[]],
        });
      } catch {
        continue;
      }
      const block = Number(log.blockNumber);
      const at = { fromBlock: block, discoveredBlock: block, blockHash: log.blockHash! };
      if (decoded.eventName === LAUNCHED) {
        const token = getAddress(decoded.args.token);
        const common = {
          propertyId: decoded.args.propertyId,
          token,
          ...at,
          launch: { symbol: decoded.args.symbol, launcher: getAddress(decoded.args.manager) },
        };
        found.push({ address: token, kind: "PropertyToken", ...common });
        found.push({ address: getAddress(decoded.args.offering), kind: "PropertyOffering", ...common });
      } else if (decoded.eventName === GOVERNOR_LAUNCHED || decoded.eventName === EXIT_LAUNCHED) {
        const token = getAddress(decoded.args.token);
        const propertyId =
          found.find((c) => c.address === token)?.propertyId ?? followed.get(token)?.propertyId ?? null;
        const [address, kind] =
          decoded.eventName === EXIT_LAUNCHED
            ? [decoded.args.exit, "PropertyExit"]
            : [decoded.args.governor, "PropertyGovernor"];
        found.push({ address: getAddress(address), kind, propertyId, token, ...at });
      }
    }
    return found.filter((c) => !followed.has(c.address));
  }

  /** The discovered offerings with their terms, read at the block (hash) of the event that revealed them. */
  private async launchedOfferings(discovered: readonly Discovered[]): Promise<LaunchedOffering[]> {
    const offerings = discovered.filter(
      (c): c is Discovered & Required<Pick<Discovered, "launch">> => c.kind === "PropertyOffering" && !!c.launch,
    );
    return Promise.all(
      offerings.map(async (c) => {
        const terms = await readOfferingTerms(this.options.client, c.address, c.blockHash);
        if (!terms)
          this.options.logger?.warn(
            { offering: c.address, block: c.discoveredBlock },
            "offering terms() unreadable: stored without terms",
          );
        return {
          address: c.address,
          token: c.token!,
          propertyId: c.propertyId!,
          symbol: c.launch.symbol,
          launcher: c.launch.launcher,
          discoveredBlock: c.discoveredBlock,
          terms,
        };
      }),
    );
  }

  /**
   * Gives offerings discovered before the offering read model existed their row (rows from before issue 20 their fee
   * terms, rows from before the coin was read their payment coin's symbol and decimals; a coin that did not answer is
   * asked again at each start): terms read at their discovery block (the hash of their stored PropertyLaunched event), progress
   * from their stored events; then the fee read models of the whole stored history; then the payment coins the
   * stored offerings and events name that have no answered `chain_coins` row, read at the cursor's block (coins.ts).
   */
  private async backfillOfferings(cursorHash?: `0x${string}`): Promise<void> {
    const { rows } = await this.options.pool.query<{
      address: string;
      token: string;
      propertyId: string;
      discoveredBlock: number;
      blockHash: `0x${string}`;
      symbol: string;
      launcher: string;
    }>(
      `SELECT c.address, c.token, c."propertyId", c."discoveredBlock", e."blockHash", e.args->>'symbol' AS symbol, e.args->>'manager' AS launcher
       FROM chain_contracts c
       JOIN chain_events e ON e."chainId" = c."chainId" AND e."blockNumber" = c."discoveredBlock" AND e.name = '${LAUNCHED}' AND e.args->>'offering' = c.address
       WHERE c."chainId" = $1 AND c.kind = 'PropertyOffering'
         AND NOT EXISTS (SELECT 1 FROM chain_offerings o WHERE o."chainId" = c."chainId" AND o.address = c.address
                           AND (o."pricePerUnit" IS NULL
                             OR (o."feeBps" IS NOT NULL AND o."paymentSymbol" IS NOT NULL AND o."paymentDecimals" IS NOT NULL)))`,
      [this.chainId],
    );
    if (rows.length) {
      const offerings: LaunchedOffering[] = [];
      for (const r of rows) {
        offerings.push({
          address: r.address,
          token: r.token,
          propertyId: r.propertyId,
          symbol: r.symbol,
          launcher: r.launcher,
          discoveredBlock: r.discoveredBlock,
          terms: await readOfferingTerms(this.options.client, r.address, r.blockHash),
        });
      }
      await this.transaction(async (sql) => {
        await insertOfferings(sql, this.chainId, offerings);
        await recomputeProgress(
          sql,
          this.chainId,
          offerings.map((o) => o.address),
        );
      });
      this.options.logger?.info(
        { offerings: rows.length },
        "chain sync: offerings discovered earlier given their read model row",
      );
    }
    await this.transaction((sql) => backfillFees(sql, this.chainId));
    if (cursorHash) {
      const read = await backfillCoins(this.options.pool, this.options.client, this.chainId, cursorHash);
      if (read) this.options.logger?.info({ coins: read }, "chain sync: payment coins read");
    }
    this.backfilled = true;
  }

  /** Runs `work` in one transaction on the pool, under the per-chain sync lock. */
  private async transaction<T>(work: (sql: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(SYNC_LOCK, [this.chainId]);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async headers(numbers: number[]): Promise<Map<number, Header>> {
    const out = new Map<number, Header>();
    const queue = [...numbers];
    const worker = async (): Promise<void> => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        const b = await this.options.client.getBlock({ blockNumber: BigInt(n) });
        out.set(n, { number: n, hash: b.hash, parentHash: b.parentHash, timestamp: Number(b.timestamp) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    return out;
  }

  /** Settlement fills and cancellations name only the order: take the token from its OrderPosted. */
  private async resolveOrderTokens(events: StoredEvent[]): Promise<void> {
    const posted = new Map<string, string>();
    for (const e of events) if (e.name === "OrderPosted" && e.token) posted.set(String(e.args["orderId"]), e.token);
    const missing = events.filter((e) => e.contract === "Settlement" && !e.token && e.args["orderId"] !== undefined);
    for (const e of missing) {
      const id = String(e.args["orderId"]);
      if (!posted.has(id)) {
        const row = await this.db.$queryRaw<{ token: string }[]>`
          SELECT token FROM chain_events WHERE "chainId" = ${this.chainId} AND address = ${e.address}
            AND name = 'OrderPosted' AND args->>'orderId' = ${id} LIMIT 1`;
        if (row[0]) posted.set(id, row[0].token);
      }
      e.token = posted.get(id) ?? null;
    }
  }

  /**
   * Writes one range in one transaction: discovered contracts, events (one INSERT ... SELECT FROM unnest(arrays)),
   * block hashes and the cursor. Under a per-chain advisory lock, and only if the cursor is still where this pass
   * started (another instance may have stored the range meanwhile).
   */
  private async write(
    expectedCursor: number | null,
    discovered: readonly Discovered[],
    offerings: readonly LaunchedOffering[],
    coins: readonly CoinRead[],
    events: readonly StoredEvent[],
    headers: ReadonlyMap<number, Header>,
    to: number,
    end: Header,
  ): Promise<boolean> {
    const client = await this.options.pool.connect();
    const chainId = this.chainId;
    try {
      await client.query("BEGIN");
      await client.query(SYNC_LOCK, [chainId]);
      const now = await client.query<{ blockNumber: number }>(
        'SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = $1',
        [chainId],
      );
      if ((now.rows[0]?.blockNumber ?? null) !== expectedCursor) {
        await client.query("ROLLBACK");
        return false;
      }
      if (discovered.length) {
        await client.query(
          `INSERT INTO chain_contracts ("chainId", address, kind, "propertyId", token, "fromBlock", "discoveredBlock")
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) ON CONFLICT DO NOTHING`,
          [
            chainId,
            ...(["address", "kind", "propertyId", "token", "fromBlock", "discoveredBlock"] as const).map((k) =>
              discovered.map((c) => c[k]),
            ),
          ],
        );
        await insertOfferings(client, chainId, offerings);
      }
      await storeCoins(client, chainId, coins);
      for (let i = 0; i < events.length; i += 5_000) {
        const chunk = events.slice(i, i + 5_000);
        const col = <T>(f: (e: StoredEvent) => T): T[] => chunk.map(f);
        // The balances follow the rows really inserted (RETURNING), in the same statement.
        const applied = await client.query<Applied>(
          `WITH inserted AS (
             INSERT INTO chain_events ("chainId", "blockNumber", "blockHash", "logIndex", "txHash", "blockTime", address, contract, name,
                                       token, partition, "fromAddr", "toAddr", amount, "statementHash", args)
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::timestamp[], $7::text[], $8::text[], $9::text[],
                                      $10::text[], $11::text[], $12::text[], $13::text[], $14::numeric[], $15::text[], $16::jsonb[])
             ON CONFLICT ("chainId", "blockNumber", "logIndex") DO NOTHING
             RETURNING contract, name, address, partition, "fromAddr", "toAddr", amount
           ), ${movesOf("inserted")}
           ${applyMoves(1)}`,
          [
            chainId,
            col((e) => e.blockNumber),
            col((e) => e.blockHash),
            col((e) => e.logIndex),
            col((e) => e.txHash),
            col((e) => new Date(headers.get(e.blockNumber)!.timestamp * 1000).toISOString().replace("Z", "")),
            col((e) => e.address),
            col((e) => e.contract),
            col((e) => e.name),
            col((e) => e.token),
            col((e) => e.partition),
            col((e) => e.fromAddr),
            col((e) => e.toAddr),
            col((e) => e.amount),
            col((e) => e.statementHash),
            col((e) => JSON.stringify(e.args)),
          ],
        );
        await dropEmpty(client, chainId, applied.rows);
      }
      await recomputeProgress(client, chainId, [
        ...offerings.map((o) => o.address),
        ...events.filter((e) => e.contract === "PropertyOffering").map((e) => e.address),
      ]);
      await followFees(client, chainId, events);
      const moves = await followChain(client, chainId, BigInt(end.timestamp), false);
      await notifyRange(client, chainId, to, events, moves);
      const blocks = [...headers.values()];
      await client.query(
        `INSERT INTO chain_blocks ("chainId", number, hash, "parentHash") SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [chainId, blocks.map((b) => b.number), blocks.map((b) => b.hash), blocks.map((b) => b.parentHash)],
      );
      // Keep the newest stored block below the window too, so a deep rollback still finds a common ancestor when one exists.
      await client.query(
        `DELETE FROM chain_blocks WHERE "chainId" = $1 AND number < $2
           AND number < (SELECT MAX(number) FROM chain_blocks WHERE "chainId" = $1 AND number < $2)`,
        [chainId, to - KEEP_BLOCKS],
      );
      await client.query(
        `INSERT INTO chain_cursors ("chainId", "blockNumber", "blockHash", "updatedAt") VALUES ($1, $2, $3, now())
         ON CONFLICT ("chainId") DO UPDATE SET "blockNumber" = EXCLUDED."blockNumber", "blockHash" = EXCLUDED."blockHash", "updatedAt" = now()`,
        [chainId, to, end.hash],
      );
      this.options.faults?.beforeCommit?.(events.length);
      await client.query("COMMIT");
      this.logMoves(moves, to);
      return true;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private logMoves(moves: readonly StateMove[], block: number): void {
    for (const m of moves)
      this.options.logger?.info(
        { propertyId: m.propertyId, from: m.from, to: m.to, steps: m.steps, block },
        "property status follows the chain",
      );
  }

  /** Finds the fork point by the stored block hashes and deletes everything stored past it. */
  private async rollback(): Promise<SyncOutcome> {
    const { client } = this.options;
    let fork = this.startBlock() - 1;
    let forkHash: string | undefined;
    let forkTime = 0n;
    let before = 2_147_483_647; // int4 max: every stored block is below
    search: for (;;) {
      const stored = await this.db.chainBlock.findMany({
        where: { chainId: this.chainId, number: { lt: before } },
        orderBy: { number: "desc" },
        take: 64,
      });
      if (stored.length === 0) break;
      for (const b of stored) {
        const onChain = await client.getBlock({ blockNumber: BigInt(b.number) }).catch(() => null);
        if (onChain?.hash === b.hash) {
          fork = b.number;
          forkHash = b.hash;
          forkTime = onChain.timestamp;
          break search;
        }
      }
      before = stored.at(-1)!.number;
    }
    const chainId = this.chainId;
    let moves: StateMove[] = [];
    const removed = await this.transaction(async (sql) => {
      // Offerings whose events are about to go (their progress changes), before the events are deleted.
      const touched = await sql.query<{ address: string }>(
        `SELECT DISTINCT address FROM chain_events WHERE "chainId" = $1 AND "blockNumber" > $2 AND contract = 'PropertyOffering'`,
        [chainId, fork],
      );
      await revertMovesAfter(sql, chainId, fork);
      await forgetRolledBack(sql, chainId, fork);
      const events = await sql.query('DELETE FROM chain_events WHERE "chainId" = $1 AND "blockNumber" > $2', [
        chainId,
        fork,
      ]);
      // Their chain_offerings rows go with them (ON DELETE CASCADE).
      await sql.query('DELETE FROM chain_contracts WHERE "chainId" = $1 AND "discoveredBlock" > $2', [chainId, fork]);
      await sql.query('DELETE FROM chain_blocks WHERE "chainId" = $1 AND number > $2', [chainId, fork]);
      await rollBackFees(sql, chainId, fork);
      await recomputeProgress(
        sql,
        chainId,
        touched.rows.map((r) => r.address),
      );
      moves = await followChain(sql, chainId, forkTime, true);
      if (forkHash) {
        await sql.query(
          'UPDATE chain_cursors SET "blockNumber" = $2, "blockHash" = $3, "updatedAt" = now() WHERE "chainId" = $1',
          [chainId, fork, forkHash],
        );
      } else {
        await sql.query('DELETE FROM chain_cursors WHERE "chainId" = $1', [chainId]);
      }
      return events.rowCount ?? 0;
    });
    this.options.logger?.warn({ forkBlock: fork, removedEvents: removed }, "chain reorganisation: rolled back");
    this.options.onReorg?.();
    this.logMoves(moves, fork);
    return { kind: "reorg", forkBlock: fork, removedEvents: removed };
  }
}
