/**
 * The compliance agent: turns committed outbox rows (onchain_identity_changes, written by KYC/AML in the same
 * transaction as their decision) into IdentityRegistry writes, exactly once.
 *
 * One pass (`tick`):
 *  1. settle: transactions that reached a final state mark their rows CONFIRMED, or put them back to PENDING
 *     with a backoff (reverted, dropped), or FAILED after `maxAttempts`;
 *  2. dispatch: under the signer lock, take the eligible PENDING rows in `seq` order (FOR UPDATE SKIP LOCKED),
 *     the longest same-kind prefix becomes one (batch) call, preflighted with eth_estimateGas; a call that would
 *     revert is split until the offending row is isolated and set aside with its decoded error. The signed
 *     transaction and the rows' SENT status commit together;
 *  3. broadcast what is signed and not yet mined.
 * A wallet's rows are applied in order: a row waits while an earlier row of the same wallet is in flight or
 * backing off. Several wallets' transactions can be in flight at once (consecutive nonces).
 */
import { identityRegistryAbi } from "@freehold/deployments/abi";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  ExecutionRevertedError,
  type Abi,
  type Hex,
  type PublicClient,
} from "viem";
import type { Db, Tx } from "../db/client.ts";
import { Prisma, type ChainTransaction } from "../generated/prisma/client.ts";
import { encodeIdentityCall, firstGroup, type IdentityChange } from "./identity-calls.ts";
import { repeatEvery } from "./every.ts";
import type { FinalStatus, SenderLogger, TransactionSender } from "./sender.ts";

export interface AgentOptions {
  db: Db;
  client: PublicClient;
  sender: TransactionSender;
  registry: `0x${string}`;
  batchSize: number;
  maxAttempts: number;
  backoffMs: number;
  /** Calls signed per pass at most. */
  maxCallsPerTick?: number;
  logger?: SenderLogger;
  /** Fault injection for tests: runs after the signed transactions are stored, before they are broadcast. */
  faults?: { beforeBroadcast?: () => void };
}

export function backoffDelay(baseMs: number, attempts: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * The revert reason of a failed estimate or call, decoded with `abi`'s errors (default: the registry's);
 * undefined if it was not a revert.
 */
export function revertReason(error: unknown, abi: Abi = identityRegistryAbi): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ExecutionRevertedError || e instanceof ContractFunctionRevertedError);
  if (!reverted) return undefined;
  const data = (error.walk((e) => typeof (e as { data?: unknown }).data === "string") as { data?: Hex } | null)?.data;
  if (data && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`;
    } catch {
      // not one of the ABI's errors
    }
  }
  return (reverted as BaseError).shortMessage;
}

/** The on-chain identity of `wallet` (an SQL expression): its first registration's, the wallet itself if none. */
function identityOf(wallet: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`COALESCE((SELECT COALESCE(r.identity, r.wallet) FROM onchain_identity_changes r
    WHERE r.wallet = ${wallet} AND r.kind = 'REGISTER' ORDER BY r.seq LIMIT 1), ${wallet})`;
}

export class ComplianceAgent {
  constructor(private readonly options: AgentOptions) {}

  private get db(): Db {
    return this.options.db;
  }

  /** One full pass; safe to run concurrently from several processes. */
  async tick(): Promise<void> {
    if (!(await this.hasWork())) return;
    await this.options.sender.track((tx, sent, status) => this.settle(tx, sent, status));
    const max = this.options.maxCallsPerTick ?? 10;
    for (let i = 0; i < max && (await this.dispatchOne()); i++);
    this.options.faults?.beforeBroadcast?.();
    await this.options.sender.broadcast();
  }

  /**
   * Whether a pass has anything to do: a transaction of the signer not final yet (the agent's or the document
   * anchoring's, which share the key) or a change waiting to be sent. One statement, because most passes of most
   * instances find nothing, and tracking, claiming and broadcasting cost several queries through Prisma each
   * (issue 17: what the instances spend polling). A superset of the work: a pass it lets through does as before.
   */
  private async hasWork(): Promise<boolean> {
    const [row] = await this.db.$queryRaw<{ busy: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM chain_transactions
                     WHERE "fromAddress" = ${this.options.sender.address} AND status IN ('SIGNED', 'MINED'))
          OR EXISTS (SELECT 1 FROM onchain_identity_changes WHERE status = 'PENDING') AS busy`;
    return row?.busy !== false;
  }

  /** Runs `tick` every `pollMs` until `signal` aborts; errors are logged and the loop goes on. */
  async run(pollMs: number, signal: AbortSignal): Promise<void> {
    await repeatEvery(pollMs, signal, () => this.tick(), {
      logger: this.options.logger,
      message: "compliance agent pass failed",
    });
  }

  private async settle(tx: Tx, sent: ChainTransaction, status: FinalStatus): Promise<void> {
    const rows = await tx.onchainIdentityChange.findMany({ where: { txHash: sent.txHash, status: "SENT" } });
    if (status === "CONFIRMED") {
      await tx.onchainIdentityChange.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { status: "CONFIRMED", processedAt: new Date(), lastError: null },
      });
      return;
    }
    for (const row of rows) {
      // A dropped transaction never ran: the attempt does not count.
      const attempts = status === "DROPPED" ? row.attempts - 1 : row.attempts;
      await this.setAside(
        tx,
        row.id,
        attempts,
        status === "DROPPED" ? "transaction dropped (nonce reused)" : "reverted on chain",
        status === "DROPPED" ? 0 : undefined,
      );
    }
  }

  /** Back to PENDING after a delay, or FAILED once the attempts are used up. */
  private async setAside(tx: Tx, id: string, attempts: number, reason: string, delayMs?: number): Promise<void> {
    const failed = attempts >= this.options.maxAttempts;
    await tx.onchainIdentityChange.update({
      where: { id },
      data: {
        status: failed ? "FAILED" : "PENDING",
        attempts,
        lastError: reason,
        txHash: null,
        processedAt: failed ? new Date() : null,
      },
    });
    const notBefore = new Date(Date.now() + (delayMs ?? backoffDelay(this.options.backoffMs, attempts)));
    await tx.chainIdentityDispatch.upsert({
      where: { changeId: id },
      create: { changeId: id, notBefore },
      update: { notBefore, transactionId: null },
    });
    this.options.logger?.warn(
      { changeId: id, attempts, reason, failed },
      failed ? "identity change failed for good" : "identity change will be retried",
    );
  }

  /**
   * Rows that may go now, in `seq` order, locked for this transaction. A row waits while an earlier one of its wallet
   * is in flight or backing off; a FREEZE or UNFREEZE also waits for those of every wallet of its identity, since
   * `setFrozen` acts on the whole identity (its first registration's, as on chain): else an UNFREEZE backing off on
   * one wallet would land after a later FREEZE named on another and undo it (review finding 2026-12).
   */
  private async claim(tx: Tx): Promise<IdentityChange[]> {
    return tx.$queryRaw<IdentityChange[]>`
      SELECT c.id::text AS id, c.seq, c.kind::text AS kind, c.wallet, c.identity, c.country, c."kycExpiry", c.accredited, c.attempts
      FROM onchain_identity_changes c
      LEFT JOIN chain_identity_dispatches d ON d."changeId" = c.id
      WHERE c.status = 'PENDING'
        AND (d."notBefore" IS NULL OR d."notBefore" <= now())
        AND NOT EXISTS (
          SELECT 1 FROM onchain_identity_changes e
          LEFT JOIN chain_identity_dispatches ed ON ed."changeId" = e.id
          WHERE e.seq < c.seq
            AND (e.status = 'SENT' OR (e.status = 'PENDING' AND ed."notBefore" > now()))
            AND (e.wallet = c.wallet OR (
              c.kind IN ('FREEZE', 'UNFREEZE') AND e.kind IN ('FREEZE', 'UNFREEZE')
              AND ${identityOf(Prisma.sql`e.wallet`)} = ${identityOf(Prisma.sql`c.wallet`)})))
      ORDER BY c.seq
      LIMIT ${this.options.batchSize}
      FOR UPDATE OF c SKIP LOCKED`;
  }

  /** Signs one call for the next eligible rows; false when there was nothing to do (or it must wait). */
  private async dispatchOne(): Promise<boolean> {
    const { sender, client, registry, batchSize } = this.options;
    return this.db.$transaction(
      async (tx) => {
        await sender.lockSigner(tx);
        const rows = await this.claim(tx);
        if (rows.length === 0) return false;
        let group = firstGroup(rows, batchSize);
        for (;;) {
          let data: Hex;
          try {
            data = encodeIdentityCall(group);
          } catch (error) {
            await this.setAside(tx, group[0]!.id, this.options.maxAttempts, (error as Error).message);
            return true;
          }
          let gas: bigint;
          try {
            gas = await client.estimateGas({ account: sender.address, to: registry, data });
          } catch (error) {
            const reason = revertReason(error);
            if (reason === undefined) throw error; // the node is unreachable: try again next pass
            if ((await sender.inFlight(tx)) > 0) return false; // judge against a settled chain only
            if (group.length > 1) {
              group = group.slice(0, Math.ceil(group.length / 2));
              continue;
            }
            await this.setAside(tx, group[0]!.id, group[0]!.attempts + 1, reason);
            return true;
          }
          const sent = await sender.signAndStore(tx, {
            to: registry,
            data,
            gas: (gas * 13n) / 10n,
            purpose: `identity:${group[0]!.kind}${group.length > 1 ? ` x${group.length}` : ""}`,
          });
          for (const row of group) {
            await tx.onchainIdentityChange.update({
              where: { id: row.id },
              data: { status: "SENT", txHash: sent.txHash, attempts: { increment: 1 }, lastError: null },
            });
            await tx.chainIdentityDispatch.upsert({
              where: { changeId: row.id },
              create: { changeId: row.id, transactionId: sent.id },
              update: { transactionId: sent.id, notBefore: null },
            });
          }
          return true;
        }
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}
