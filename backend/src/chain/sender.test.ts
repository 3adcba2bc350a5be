/**
 * The sender's final statuses match the chain. CI found a mined transaction marked DROPPED (the external-signer test,
 * 2026-12-05): anvil shows a new block's state (the account's nonce) before it stores the block and its receipts,
 * and the sender read the nonce as "latest", so for a moment a mined transaction looked as if another had taken its
 * nonce. A drop is final (the compliance agent sends what it carried again), so a wrong one sends a change twice.
 *
 * The class is "a final status decided on a read the node can still take back": a node whose state runs ahead of
 * its blocks and receipts (anvil mid-block, a load-balanced RPC behind a member that lags), and a reorganisation
 * shallower than the confirmations. The tests run a real anvil behind a proxy that hides the newest blocks and their
 * receipts while answering the account's nonce from the newest state, and generate schedules of sends, nonces taken
 * elsewhere, lagging reads and reorganisations; every transaction must end in the status the chain gives it.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import fc from "fast-check";
import {
  createPublicClient,
  createWalletClient,
  custom,
  http,
  toHex,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { TransactionSender, type FinalStatus } from "./sender.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";

const ACCOUNT = privateKeyToAccount(TEST_KEYS[3] as Hex);
const RECIPIENT = privateKeyToAccount(TEST_KEYS[4] as Hex).address;

/**
 * A client of `url` that sees the chain `lag` blocks behind its head: the newest blocks and their receipts are
 * hidden, while the account's nonce at "latest" (or at a block not older than the visible head) comes from the
 * newest state, as anvil answers between executing a block and storing it.
 */
function laggingClient(url: string): { client: PublicClient; setLag(blocks: number): void } {
  let lag = 0;
  const node = createPublicClient({ transport: http(url, { retryCount: 0 }), cacheTime: 0 });
  const raw = (method: string, params: unknown): Promise<unknown> =>
    node.request({ method, params } as never) as Promise<unknown>;
  const transport = custom({
    async request({ method, params }: { method: string; params: unknown[] }) {
      if (lag === 0) return raw(method, params);
      const visible = Math.max(0, Number(await raw("eth_blockNumber", [])) - lag);
      switch (method) {
        case "eth_blockNumber":
          return toHex(visible);
        case "eth_getTransactionReceipt": {
          const receipt = (await raw(method, params)) as { blockNumber: Hex } | null;
          return receipt && Number(receipt.blockNumber) > visible ? null : receipt;
        }
        case "eth_getBlockByNumber": {
          const number = params[0] === "latest" ? visible : Number(params[0]);
          return number > visible ? null : raw(method, [toHex(number), params[1]]);
        }
        case "eth_getTransactionCount": {
          const tag = params[1];
          const historical = typeof tag === "string" && tag.startsWith("0x") && Number(tag) < visible;
          return raw(method, historical ? params : [params[0], "latest"]);
        }
        default:
          return raw(method, params);
      }
    },
  });
  return {
    client: createPublicClient({ transport, cacheTime: 0 }),
    setLag: (blocks) => void (lag = blocks),
  };
}

describe("chain sender: final statuses match the chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let node: PublicClient;
  let start: string;
  before(async () => {
    t = await createTestContext();
    anvil = await startAnvil();
    node = createPublicClient({ transport: http(anvil.url, { retryCount: 0 }), cacheTime: 0 });
    start = await anvil.rpc<string>("evm_snapshot", []);
  });
  after(async () => {
    await anvil.stop();
    await t.close();
  });
  // Every test and every generated schedule starts from the same chain and an empty ledger.
  beforeEach(() => reset());
  async function reset(): Promise<void> {
    await anvil.rpc("evm_revert", [start]);
    start = await anvil.rpc<string>("evm_snapshot", []);
    await t.db.$executeRaw`DELETE FROM chain_transactions`;
    await t.db.$executeRaw`DELETE FROM chain_signers`;
  }

  /** A sender over a lagging view of the chain; `settled` counts what `onFinal` saw, per transaction. */
  function senderOver(confirmations: number) {
    const view = laggingClient(anvil.url);
    const sender = new TransactionSender({
      db: t.db,
      client: view.client,
      account: ACCOUNT,
      chainId: anvil.chainId,
      confirmations,
      rebroadcastMs: 0,
    });
    const settled = new Map<string, FinalStatus[]>();
    const sign = () =>
      t.db.$transaction(async (tx) => {
        await sender.lockSigner(tx);
        return sender.signAndStore(tx, { to: RECIPIENT, data: "0x", purpose: "test", gas: 21_000n });
      });
    /** One pass of the agent: broadcast what is due, then follow every open transaction. */
    const pass = async (lag = 0) => {
      view.setLag(0);
      await sender.broadcast();
      view.setLag(lag);
      await sender.track(async (_tx, sent, status) => {
        settled.set(sent.id, [...(settled.get(sent.id) ?? []), status]);
      });
      view.setLag(0);
    };
    return { sender, settled, sign, pass };
  }

  /**
   * Another transaction of the same key takes `nonce` (the key used elsewhere), mined at once unless a nonce before
   * it is missing (after a reorganisation, until the sender sends its own again).
   */
  async function takeNonce(nonce: number): Promise<void> {
    const wallet = createWalletClient({ account: ACCOUNT, transport: http(anvil.url, { retryCount: 0 }) });
    const hash = await wallet.sendTransaction({ to: ACCOUNT.address, value: 0n, nonce, chain: null });
    await minedSoon(hash);
  }

  /** Waits a moment for `hash` to be mined (anvil mines at once when its nonce is the next one). */
  async function minedSoon(hash: string): Promise<void> {
    await node
      .waitForTransactionReceipt({ hash: hash as Hex, pollingInterval: 20, timeout: 2_000 })
      .catch(() => undefined);
  }

  async function receiptOf(hash: string): Promise<TransactionReceipt | undefined> {
    return node.getTransactionReceipt({ hash: hash as Hex }).catch(() => undefined);
  }

  /** What the chain says of each stored transaction, and what the ledger says. */
  async function statuses(): Promise<{ ledger: string[]; chain: string[] }> {
    const rows = await t.db.chainTransaction.findMany({ orderBy: { nonce: "asc" } });
    const used = await node.getTransactionCount({ address: ACCOUNT.address, blockTag: "latest" });
    const chain = await Promise.all(
      rows.map(async (row) => {
        const receipt = await receiptOf(row.txHash);
        const truth = receipt
          ? receipt.status === "success"
            ? "CONFIRMED"
            : "REVERTED"
          : used > row.nonce
            ? "DROPPED"
            : "open";
        return `${row.nonce}:${truth}`;
      }),
    );
    return { ledger: rows.map((row) => `${row.nonce}:${row.status}`), chain };
  }

  it("a mined transaction read from a node whose nonce runs ahead of its receipts is not dropped", async () => {
    const { sign, pass, settled } = senderOver(1);
    const sent = await sign();
    await pass(1); // broadcast and mined (anvil mines at once); followed while the node still hides the block
    await node.waitForTransactionReceipt({ hash: sent.txHash as Hex, pollingInterval: 20 });
    for (const lag of [1, 2, 1]) await pass(lag);
    assert.deepEqual([...settled.values()], [], "nothing is final while the block is out of sight");
    await pass();
    assert.deepEqual([...settled.values()], [["CONFIRMED"]]);
    assert.deepEqual((await statuses()).ledger, ["0:CONFIRMED"]);
  });

  it("a nonce taken in a block that a reorganisation shallower than the confirmations removes does not drop ours", async () => {
    const { sign, pass, settled } = senderOver(2);
    const ours = await sign(); // signed and stored, not yet broadcast
    const before = await anvil.rpc<string>("evm_snapshot", []);
    await takeNonce(ours.nonce);
    await pass(); // ours is refused (nonce too low); the block that took the nonce is one deep
    assert.deepEqual([...settled.values()], [], "a nonce used one block deep is not yet a drop");
    assert.equal(await anvil.rpc<boolean>("evm_revert", [before]), true); // that block is gone
    await pass(); // ours is broadcast again and mined
    await anvil.rpc("evm_mine", []);
    await pass();
    assert.deepEqual([...settled.values()], [["CONFIRMED"]]);
    const { ledger, chain } = await statuses();
    assert.deepEqual(ledger, chain);
  });

  it("a nonce used by another transaction under a confirmed block drops ours, once", async () => {
    const { sign, pass, settled } = senderOver(2);
    const ours = await sign();
    await takeNonce(ours.nonce);
    await pass();
    await anvil.rpc("evm_mine", []);
    await pass();
    assert.deepEqual([...settled.values()], [], "the block that took it has only one on top");
    await anvil.rpc("evm_mine", []);
    await pass();
    await pass();
    assert.deepEqual([...settled.values()], [["DROPPED"]]);
    assert.deepEqual((await statuses()).ledger, ["0:DROPPED"]);
  });

  it("generated schedules of sends, nonces taken elsewhere, lagging reads and reorganisations end as the chain says", async () => {
    type Step =
      | { kind: "send" }
      | { kind: "takeNonce" }
      | { kind: "mine" }
      | { kind: "pass"; lag: number }
      | { kind: "reorg"; depth: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.constant({ kind: "send" as const }), weight: 3 },
      { arbitrary: fc.constant({ kind: "takeNonce" as const }), weight: 1 },
      { arbitrary: fc.constant({ kind: "mine" as const }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("pass" as const), lag: fc.integer({ min: 0, max: 2 }) }), weight: 4 },
      {
        arbitrary: fc.record({ kind: fc.constant("reorg" as const), depth: fc.integer({ min: 1, max: 2 }) }),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { minLength: 1, maxLength: 14 }),
        async (confirmations, steps) => {
          await reset();
          const { sender, sign, pass, settled } = senderOver(confirmations);
          // The snapshot taken at each height, for the reorganisations (shallower than the confirmations only).
          const snapshots: { head: bigint; id: string }[] = [];
          for (const s of steps) {
            const head = await node.getBlockNumber();
            if (s.kind === "reorg") {
              const at = snapshots.findIndex((snap) => snap.head === head - BigInt(s.depth));
              if (s.depth >= confirmations || at < 0) continue;
              await anvil.rpc("evm_revert", [snapshots[at]!.id]);
              snapshots.splice(at);
              continue;
            }
            if (!snapshots.some((snap) => snap.head === head))
              snapshots.push({ head, id: await anvil.rpc<string>("evm_snapshot", []) });
            if (s.kind === "send") {
              const sent = await sign();
              await sender.broadcast(); // followed by the next passes, as the agent does
              await minedSoon(sent.txHash);
            } else if (s.kind === "takeNonce") {
              const ours = await sign(); // stored, not broadcast: the other transaction takes its nonce first
              await takeNonce(ours.nonce);
            } else if (s.kind === "mine") await anvil.rpc("evm_mine", []);
            else await pass(s.lag);
          }
          // Settle: the node catches up and blocks keep coming until nothing is open.
          for (let i = 0; i < confirmations + 6; i++) {
            await pass();
            await anvil.rpc("evm_mine", []);
          }
          await pass();
          const { ledger, chain } = await statuses();
          assert.deepEqual(ledger, chain);
          assert.ok(
            [...settled.values()].every((seen) => seen.length === 1),
            "each transaction is settled once",
          );
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 30) },
    );
  });
});
