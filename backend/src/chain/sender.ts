/**
 * Sends the backend's own transactions (compliance agent, document anchoring) so that a crash at any point
 * never sends one change twice and never loses it:
 *  1. `signAndStore` runs inside the caller's database transaction, which also marks what the transaction
 *     carries. It locks the signer's row (SELECT ... FOR UPDATE: one signer at a time across every backend
 *     instance), takes the next nonce, signs locally and stores the signed bytes. Nothing is on the wire yet.
 *  2. `broadcast` sends stored bytes. Sending them again is harmless (same hash, same nonce), so after a
 *     restart every unfinished transaction is simply broadcast again.
 *  3. `track` follows each transaction to its receipt and then to `confirmations` blocks on the canonical chain;
 *     the final state (CONFIRMED / REVERTED / DROPPED) and the caller's bookkeeping (`onFinal`) commit together.
 *     DROPPED waits one block longer than CONFIRMED: until the block whose nonce shows ours used has
 *     `confirmations` blocks on top of it.
 * Nonces are managed here, not by the node: the next one is max(stored next nonce, the chain's pending count),
 * so transactions signed but not yet broadcast keep their place, and a key used elsewhere does not collide.
 */
import {
  keccak256,
  TransactionReceiptNotFoundError,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import type { Db, Tx } from "../db/client.ts";
import type { ChainTransaction } from "../generated/prisma/client.ts";

export interface SenderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type FinalStatus = "CONFIRMED" | "REVERTED" | "DROPPED";

export interface SenderOptions {
  db: Db;
  client: PublicClient;
  /** A local key, a decrypted keystore, or an external signer (src/chain/signer): anything that signs transactions. */
  account: LocalAccount;
  chainId: number;
  confirmations: number;
  /** A stored transaction still unmined after this long is broadcast again. */
  rebroadcastMs?: number;
  logger?: SenderLogger;
  /** Fault injection for tests: called between steps, may throw to simulate a crash. */
  faults?: { afterBroadcast?: (hash: Hex) => void };
}

export interface Call {
  to: `0x${string}`;
  data: Hex;
  purpose: string;
  gas: bigint;
}

const SILENT: SenderLogger = { info: () => {}, warn: () => {} };

export class TransactionSender {
  readonly address: `0x${string}`;

  constructor(private readonly options: SenderOptions) {
    this.address = options.account.address;
  }

  private get client(): PublicClient {
    return this.options.client;
  }

  private get logger(): SenderLogger {
    return this.options.logger ?? SILENT;
  }

  /** Locks this signer's row for the rest of `tx` (creating it on first use). */
  async lockSigner(tx: Tx): Promise<void> {
    await tx.$executeRaw`INSERT INTO chain_signers ("chainId", address, "nextNonce", "updatedAt")
      VALUES (${this.options.chainId}, ${this.address}, 0, now()) ON CONFLICT DO NOTHING`;
    await tx.$queryRaw`SELECT 1 FROM chain_signers WHERE "chainId" = ${this.options.chainId} AND address = ${this.address} FOR UPDATE`;
  }

  /** Transactions of this signer signed but not final yet (the caller must hold the signer lock to rely on it). */
  async inFlight(tx: Tx | Db): Promise<number> {
    return tx.chainTransaction.count({
      where: { chainId: this.options.chainId, fromAddress: this.address, status: { in: ["SIGNED", "MINED"] } },
    });
  }

  /** Signs `call` with the next nonce and stores it, inside `tx` (which must hold the signer lock). */
  async signAndStore(tx: Tx, call: Call): Promise<ChainTransaction> {
    const signer = await tx.chainSigner.findUniqueOrThrow({
      where: { chainId_address: { chainId: this.options.chainId, address: this.address } },
    });
    const pending = await this.client.getTransactionCount({ address: this.address, blockTag: "pending" });
    const nonce = Math.max(signer.nextNonce, pending);
    const fees = await this.client.estimateFeesPerGas();
    const rawTx = await this.options.account.signTransaction({
      type: "eip1559",
      chainId: this.options.chainId,
      nonce,
      to: call.to,
      data: call.data,
      value: 0n,
      gas: call.gas,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    await tx.chainSigner.update({
      where: { chainId_address: { chainId: this.options.chainId, address: this.address } },
      data: { nextNonce: nonce + 1 },
    });
    return tx.chainTransaction.create({
      data: {
        chainId: this.options.chainId,
        fromAddress: this.address,
        nonce,
        purpose: call.purpose,
        toAddress: call.to,
        rawTx,
        txHash: keccak256(rawTx),
      },
    });
  }

  /** Broadcasts every stored transaction not yet mined that was never sent or not sent for a while. */
  async broadcast(): Promise<number> {
    const staleBefore = new Date(Date.now() - (this.options.rebroadcastMs ?? 15_000));
    const due = await this.options.db.chainTransaction.findMany({
      where: {
        chainId: this.options.chainId,
        fromAddress: this.address,
        status: "SIGNED",
        OR: [{ lastBroadcastAt: null }, { lastBroadcastAt: { lt: staleBefore } }],
      },
      orderBy: { nonce: "asc" },
    });
    for (const t of due) {
      try {
        await this.client.sendRawTransaction({ serializedTransaction: t.rawTx as Hex });
      } catch (error) {
        // Already known / nonce already used: the node has it or it was mined; tracking settles it.
        this.logger.warn(
          { txHash: t.txHash, nonce: t.nonce, err: (error as Error).message.split("\n")[0] },
          "broadcast refused",
        );
      }
      this.options.faults?.afterBroadcast?.(t.txHash as Hex);
      await this.options.db.chainTransaction.update({
        where: { id: t.id },
        data: { broadcasts: { increment: 1 }, lastBroadcastAt: new Date() },
      });
    }
    return due.length;
  }

  private async receipt(hash: Hex): Promise<TransactionReceipt | undefined> {
    try {
      return await this.client.getTransactionReceipt({ hash });
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Moves stored transactions forward: receipt -> MINED, enough confirmations on the canonical chain ->
   * CONFIRMED or REVERTED, nonce taken by another transaction under `confirmations` blocks -> DROPPED. `onFinal`
   * runs in the same database transaction as the final status, so what the transaction carried is settled exactly
   * once.
   */
  async track(onFinal: (tx: Tx, sent: ChainTransaction, status: FinalStatus) => Promise<void>): Promise<void> {
    const open = await this.options.db.chainTransaction.findMany({
      where: { chainId: this.options.chainId, fromAddress: this.address, status: { in: ["SIGNED", "MINED"] } },
      orderBy: { nonce: "asc" },
    });
    if (open.length === 0) return;
    const head = await this.client.getBlockNumber();
    // Read the nonce first: if it is past ours and there is still no receipt, another transaction took it. A drop
    // is final (the caller sends what it carried again), so the nonce is read at the block with `confirmations`
    // blocks on top, never at "latest": a node may show a block's nonce before its receipts (anvil between
    // executing a block and storing it; a load-balanced RPC with a member behind), and a reorganisation
    // shallower than the confirmations may remove the other transaction and mine ours.
    const settledBlock = head - BigInt(this.options.confirmations);
    const used =
      settledBlock < 0n
        ? 0
        : await this.client.getTransactionCount({ address: this.address, blockNumber: settledBlock });
    for (const t of open) {
      const receipt = await this.receipt(t.txHash as Hex);
      if (!receipt) {
        if (used > t.nonce)
          await this.finish(t, "DROPPED", onFinal, { lastError: `nonce ${t.nonce} was used by another transaction` });
        else if (t.status === "MINED") {
          // Its block was reorganised away: back to waiting (the bytes are broadcast again).
          await this.options.db.chainTransaction.update({
            where: { id: t.id },
            data: { status: "SIGNED", blockNumber: null, blockHash: null, lastBroadcastAt: null },
          });
        }
        continue;
      }
      const depth = Number(head - receipt.blockNumber) + 1;
      if (depth < this.options.confirmations) {
        if (t.status !== "MINED" || t.blockHash !== receipt.blockHash) {
          await this.options.db.chainTransaction.update({
            where: { id: t.id },
            data: { status: "MINED", blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash },
          });
        }
        continue;
      }
      const canonical = await this.client.getBlock({ blockNumber: receipt.blockNumber });
      if (canonical.hash !== receipt.blockHash) continue; // the node is mid-reorg: look again next time
      await this.finish(t, receipt.status === "success" ? "CONFIRMED" : "REVERTED", onFinal, {
        blockNumber: Number(receipt.blockNumber),
        blockHash: receipt.blockHash,
        gasUsed: receipt.gasUsed,
        lastError: receipt.status === "success" ? null : "reverted on chain",
      });
    }
  }

  private async finish(
    t: ChainTransaction,
    status: FinalStatus,
    onFinal: (tx: Tx, sent: ChainTransaction, status: FinalStatus) => Promise<void>,
    data: { blockNumber?: number; blockHash?: string; gasUsed?: bigint; lastError?: string | null },
  ): Promise<void> {
    await this.options.db.$transaction(async (tx) => {
      // Only the instance that moves the row out of SIGNED/MINED settles it.
      const moved = await tx.chainTransaction.updateMany({
        where: { id: t.id, status: { in: ["SIGNED", "MINED"] } },
        data: { ...data, status, confirmedAt: new Date() },
      });
      if (moved.count === 1) await onFinal(tx, t, status);
    });
    this.logger.info({ txHash: t.txHash, nonce: t.nonce, purpose: t.purpose, status }, "transaction settled");
  }
}
