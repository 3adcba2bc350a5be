/**
 * The compliance agent against real PostgreSQL and a real node (anvil): outbox rows become IdentityRegistry
 * writes in order, batched, exactly once, across refused changes, racing instances, a key used elsewhere, and
 * processes killed (SIGKILL) between storing and sending and between sending and recording.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { identityRegistryAbi } from "@freehold/deployments/abi";
import { createWalletClient, getAddress, http, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { freshDatabase } from "../../test/support/harness.ts";
import { createDb, type Db } from "../db/client.ts";
import type { ChainConfig } from "./config.ts";
import { createChainClient, createComplianceAgent } from "./index.ts";
import type { ComplianceAgent } from "./compliance-agent.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform } from "./testing/platform.ts";

const AGENT = privateKeyToAccount(TEST_KEYS[1]);
const YEAR = 365 * 86_400_000;

function wallet(): `0x${string}` {
  return privateKeyToAccount(generatePrivateKey()).address;
}

describe("compliance agent", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let registry: `0x${string}`;
  let databaseUrl: string;
  let db: Db;
  let config: ChainConfig;

  const agent = (database = db, overrides: Partial<ChainConfig["agent"]> = {}): ComplianceAgent =>
    createComplianceAgent({
      db: database,
      config: { ...config, agent: { ...config.agent, ...overrides } },
      client,
      registry,
    });

  const enqueue = async (
    kind: "REGISTER" | "UPDATE" | "REMOVE" | "FREEZE" | "UNFREEZE",
    who: string,
    extra: { country?: number; accredited?: boolean; identity?: string } = {},
  ) =>
    db.onchainIdentityChange.create({
      data: {
        kind,
        wallet: who,
        reason: `test.${kind.toLowerCase()}`,
        ...(kind === "REGISTER" || kind === "UPDATE"
          ? {
              country: extra.country ?? 250,
              kycExpiry: new Date(Date.now() + YEAR),
              accredited: extra.accredited ?? false,
            }
          : {}),
        ...(kind === "REGISTER" ? { identity: extra.identity ?? who } : {}),
      },
    });

  const read = <T>(functionName: "isVerified" | "isFrozen" | "contains" | "countryOf", who: string): Promise<T> =>
    client.readContract({
      address: registry,
      abi: identityRegistryAbi,
      functionName,
      args: [getAddress(who)],
    }) as Promise<T>;

  /** Runs passes until no row is PENDING or SENT (or gives up). */
  const drain = async (a: ComplianceAgent, passes = 40): Promise<void> => {
    for (let i = 0; i < passes; i++) {
      await a.tick();
      if ((await db.onchainIdentityChange.count({ where: { status: { in: ["PENDING", "SENT"] } } })) === 0) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    assert.fail("the outbox did not drain");
  };

  const registrations = async (who: string): Promise<number> =>
    (
      await client.getContractEvents({
        address: registry,
        abi: identityRegistryAbi,
        eventName: "IdentityRegistered",
        args: { wallet: getAddress(who) },
        fromBlock: 0n,
      })
    ).length;

  before(async () => {
    anvil = await startAnvil();
    const platform = await deployTestPlatform(anvil.url, { complianceAgent: AGENT.address });
    registry = platform.address("IdentityRegistry");
    databaseUrl = await freshDatabase();
    db = createDb(databaseUrl, 4);
    config = {
      rpcUrl: anvil.url,
      chainId: 31337,
      agentKey: TEST_KEYS[1],
      confirmations: 1,
      pollMs: 50,
      agent: { batchSize: 50, maxAttempts: 2, backoffMs: 20 },
      sync: { blockRange: 1000 },
    };
    client = createChainClient(config);
  });

  after(async () => {
    await db?.$disconnect();
    await anvil?.stop();
  });

  it("applies approvals, updates, freezes and removals in order, batching what is pending", async () => {
    const wallets = Array.from({ length: 25 }, wallet);
    for (const w of wallets) await enqueue("REGISTER", w);
    await enqueue("FREEZE", wallets[0]!);
    await enqueue("UPDATE", wallets[1]!, { country: 276, accredited: true });
    await enqueue("REMOVE", wallets[2]!);
    await enqueue("UNFREEZE", wallets[0]!);
    const before = await db.chainTransaction.count();
    await drain(agent());

    const rows = await db.onchainIdentityChange.findMany({ orderBy: { seq: "asc" } });
    assert.ok(
      rows.every((r) => r.status === "CONFIRMED" && r.txHash && r.processedAt),
      "every row confirmed",
    );
    const txs = (await db.chainTransaction.count()) - before;
    assert.ok(txs <= 5, `25 registrations and 4 changes in ${txs} transactions (batched)`);
    assert.equal(new Set(rows.slice(0, 25).map((r) => r.txHash)).size, 1, "the 25 registrations share one batch");
    assert.equal(await read("isVerified", wallets[0]!), true, "frozen then unfrozen");
    assert.equal(await read("isFrozen", wallets[0]!), false);
    assert.equal(await read("countryOf", wallets[1]!), 276);
    assert.equal(await read("contains", wallets[2]!), false);
    for (const w of wallets.slice(3)) assert.equal(await read("isVerified", w), true);
    const sent = await db.chainTransaction.findMany({ where: { status: "CONFIRMED" }, orderBy: { nonce: "asc" } });
    assert.deepEqual(
      sent.map((t) => t.nonce),
      sent.map((_, i) => sent[0]!.nonce + i),
      "consecutive nonces",
    );
  });

  it("sends the freezes of one identity in the order they were queued, whichever of its wallets each names", async () => {
    // Finding (review 2026-12): the contract freezes an identity, not a wallet, and the agent kept order per wallet
    // only. An UNFREEZE queued on one wallet and backing off let a later FREEZE on another wallet of the same identity
    // go first, and then undid it: a sanctioned identity ended unfrozen.
    const [first, second] = [wallet(), wallet()];
    await enqueue("REGISTER", first);
    await enqueue("REGISTER", second, { identity: first });
    await enqueue("FREEZE", first);
    await drain(agent());
    assert.equal(await read<boolean>("isFrozen", second), true);
    const unfreeze = await enqueue("UNFREEZE", first);
    // The UNFREEZE backs off (as after a refused estimate or a dropped transaction) while the later FREEZE is due.
    await db.chainIdentityDispatch.create({ data: { changeId: unfreeze.id, notBefore: new Date(Date.now() + 1_500) } });
    await enqueue("FREEZE", second);
    await drain(agent(), 200);
    assert.equal(await read<boolean>("isFrozen", first), true, "the identity ends frozen, as last queued");
    assert.equal(await read<boolean>("isFrozen", second), true);
  });

  it("ends every identity frozen as the last FREEZE or UNFREEZE queued on any of its wallets says, whatever backs off", async () => {
    // The class of the finding above: the agent may send rows out of `seq` order (backoffs, retries), but never in an
    // order that changes an identity's final freeze. Generated: freezes and unfreezes named on the wallets of a
    // two-wallet identity and of a lone one, each due now or backing off for a while.
    const step = fc.record({
      kind: fc.constantFrom("FREEZE" as const, "UNFREEZE" as const),
      wallet: fc.nat({ max: 2 }),
      backoffMs: fc.constantFrom(0, 0, 150, 400),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const [a, b, c] = [wallet(), wallet(), wallet()];
        await enqueue("REGISTER", a);
        await enqueue("REGISTER", b, { identity: a });
        await enqueue("REGISTER", c);
        await drain(agent());
        const wallets = [a, b, c];
        for (const s of steps) {
          const row = await enqueue(s.kind, wallets[s.wallet]!);
          if (s.backoffMs > 0)
            await db.chainIdentityDispatch.create({
              data: { changeId: row.id, notBefore: new Date(Date.now() + s.backoffMs) },
            });
        }
        await drain(agent(), 400);
        const last = (ws: number[]) => steps.filter((s) => ws.includes(s.wallet)).at(-1)?.kind === "FREEZE";
        const expected = [last([0, 1]), last([0, 1]), last([2])];
        const actual = await Promise.all(wallets.map((w) => read<boolean>("isFrozen", w)));
        assert.deepEqual(actual, expected, JSON.stringify(steps));
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it("an idle pass asks the database one question: no tracking, claiming or broadcasting (issue 17: idle polling)", async () => {
    await drain(agent());
    assert.equal(await db.chainTransaction.count({ where: { status: { in: ["SIGNED", "MINED"] } } }), 0);
    // What the pass uses of the client (its sender's too): every property read on it, in order.
    const used: string[] = [];
    const counting = new Proxy(db, {
      get(target, key) {
        if (typeof key === "string") used.push(key);
        const value: unknown = Reflect.get(target, key);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await agent(counting).tick();
    assert.deepEqual(used, ["$queryRaw"]);
    // With a change waiting, the pass does its work (and the next one is idle again).
    const who = wallet();
    await enqueue("REGISTER", who);
    await drain(agent(counting));
    assert.equal(await registrations(who), 1);
  });

  it("isolates a change the registry refuses: retried with backoff, then FAILED with the decoded error; the others go through", async () => {
    const good = [wallet(), wallet()];
    const stranger = wallet();
    await enqueue("REGISTER", good[0]!);
    const bad = await enqueue("UPDATE", stranger); // never registered: the registry refuses
    await enqueue("REGISTER", good[1]!);
    await drain(agent());
    const row = await db.onchainIdentityChange.findUniqueOrThrow({ where: { id: bad.id } });
    assert.equal(row.status, "FAILED");
    assert.equal(row.attempts, 2);
    assert.match(row.lastError ?? "", /^Registry\w+\(/, `decoded error, got ${row.lastError}`);
    assert.equal(row.txHash, null, "nothing was sent for it");
    for (const w of good) assert.equal(await read("isVerified", w), true);
  });

  it("never sends a change twice when several backend instances run at once", async () => {
    const wallets = Array.from({ length: 12 }, wallet);
    for (const w of wallets) await enqueue("REGISTER", w);
    const dbs = [createDb(databaseUrl, 3), createDb(databaseUrl, 3), createDb(databaseUrl, 3)];
    try {
      const agents = dbs.map((d) => agent(d, { batchSize: 4 }));
      for (let round = 0; round < 20; round++) {
        await Promise.all(agents.map((a) => a.tick()));
        if ((await db.onchainIdentityChange.count({ where: { status: { in: ["PENDING", "SENT"] } } })) === 0) break;
      }
    } finally {
      await Promise.all(dbs.map((d) => d.$disconnect()));
    }
    for (const w of wallets) assert.equal(await registrations(w), 1, `${w} registered exactly once`);
    const onChainNonce = await client.getTransactionCount({ address: AGENT.address });
    assert.equal(
      await db.chainTransaction.count({ where: { status: { in: ["CONFIRMED", "REVERTED"] } } }),
      onChainNonce,
      "one stored transaction per nonce used",
    );
  });

  it("manages its nonce itself: a transaction sent elsewhere with the agent key takes a nonce, and a stored one it displaced is retried", async () => {
    const first = wallet();
    await enqueue("REGISTER", first);
    // Sign and store without broadcasting (a pass that stops before sending).
    const stopped = createComplianceAgent({
      db,
      config,
      client,
      registry,
      faults: {
        beforeBroadcast: () => {
          throw new Error("stop");
        },
      },
    });
    await assert.rejects(stopped.tick(), /stop/);
    const stored = await db.chainTransaction.findFirstOrThrow({ where: { status: "SIGNED" } });
    // Someone uses the agent key directly, taking that nonce.
    const external = createWalletClient({ account: AGENT, transport: http(anvil.url) });
    const hash = await external.sendTransaction({ to: AGENT.address, value: 0n, nonce: stored.nonce, chain: null });
    await client.waitForTransactionReceipt({ hash });
    // A drop is final, so it waits for the block that used the nonce to have `confirmations` blocks on top.
    await anvil.rpc("evm_mine", []);

    await drain(agent());
    assert.equal((await db.chainTransaction.findUniqueOrThrow({ where: { id: stored.id } })).status, "DROPPED");
    assert.equal(await registrations(first), 1);
    const row = await db.onchainIdentityChange.findFirstOrThrow({ where: { wallet: first } });
    assert.equal(row.status, "CONFIRMED");
    assert.equal(row.attempts, 1, "the dropped transaction does not count as an attempt");
  });

  it("follows a write through a reorganisation: the mined transaction's block disappears, the same bytes are mined again, confirmed once", async () => {
    const who = wallet();
    const row = await enqueue("REGISTER", who);
    const deep = createComplianceAgent({ db, config: { ...config, confirmations: 3 }, client, registry });
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await deep.tick(); // signed and broadcast
    const txHash = (await db.onchainIdentityChange.findUniqueOrThrow({ where: { id: row.id } })).txHash! as Hex;
    // anvil mines it at depth 1 on its own time: under load, after the broadcast has returned (a flake in CI)
    await client.waitForTransactionReceipt({ hash: txHash, timeout: 30_000 });
    await deep.tick(); // seen mined, not deep enough
    const sent = await db.chainTransaction.findFirstOrThrow({ where: { txHash } });
    assert.equal(sent.status, "MINED");
    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true); // the block is gone
    await deep.tick(); // no receipt any more: back to waiting, broadcast again
    for (let i = 0; i < 3; i++) await anvil.rpc("evm_mine", []);
    await deep.tick();
    const settled = await db.chainTransaction.findUniqueOrThrow({ where: { id: sent.id } });
    assert.equal(settled.status, "CONFIRMED");
    assert.notEqual(settled.blockHash, sent.blockHash, "confirmed in the new block");
    assert.equal((await db.onchainIdentityChange.findUniqueOrThrow({ where: { id: row.id } })).status, "CONFIRMED");
    assert.equal(await registrations(who), 1);
  });

  for (const fault of ["before-broadcast", "after-broadcast"] as const) {
    it(`loses and duplicates nothing when the backend is killed ${fault === "before-broadcast" ? "after storing the signed transaction, before sending it" : "after sending, before recording it"}`, async () => {
      const wallets = [wallet(), wallet(), wallet()];
      for (const w of wallets) await enqueue("REGISTER", w);
      await enqueue("FREEZE", wallets[0]!);
      const killed = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", fileURLToPath(new URL("./testing/agent-process.ts", import.meta.url))],
          {
            env: {
              ...process.env,
              FAULT: fault,
              DATABASE_URL: databaseUrl,
              REGISTRY: registry,
              CHAIN_RPC_URL: anvil.url,
              CHAIN_ID: "31337",
              COMPLIANCE_AGENT_KEY: TEST_KEYS[1],
              CHAIN_CONFIRMATIONS: "1",
            },
            stdio: ["ignore", "ignore", "pipe"],
          },
        );
        child.once("error", reject);
        child.once("exit", (_code, signal) => resolve(signal));
      });
      assert.equal(killed, "SIGKILL");
      const inFlight = await db.chainTransaction.findMany({ where: { status: "SIGNED" } });
      assert.equal(inFlight.length, 1, "the signed transaction was stored before the crash");
      assert.equal(inFlight[0]!.broadcasts, 0, "the crash came before the broadcast was recorded");
      // "pending": a transaction the killed process sent counts as used even if the node has not mined it yet (anvil
      // mines after answering the send; a busy CI machine once read the nonce in between and counted it twice).
      const nonceAfterCrash = await client.getTransactionCount({ address: AGENT.address, blockTag: "pending" });

      await drain(agent());
      for (const w of wallets) assert.equal(await registrations(w), 1, "registered exactly once");
      assert.equal(await read("isFrozen", wallets[0]!), true);
      const stored = await db.chainTransaction.findUniqueOrThrow({ where: { id: inFlight[0]!.id } });
      assert.equal(stored.status, "CONFIRMED", "the very transaction signed before the crash was the one mined");
      const after = await client.getTransactionCount({ address: AGENT.address });
      assert.equal(
        after - nonceAfterCrash,
        fault === "before-broadcast" ? 2 : 1,
        "only the stored transaction and the later freeze",
      );
    });
  }
});
