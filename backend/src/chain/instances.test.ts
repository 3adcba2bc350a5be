/**
 * Two backend instances on one database behind a round-robin proxy (http-proxy-3, through the dev-kit's server),
 * each running the chain sync, the compliance agent and document anchoring, as a scaled-out deployment does. KYC
 * approvals are driven through the proxy (so by both instances); each approved wallet is written to the
 * IdentityRegistry by exactly one transaction, no nonce is used twice, and each synced event is stored once.
 * Short and without timings: the throughput figure is `npm run bench:instances`.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { serveBuild, type StaticServer } from "@freehold/dev-kit/static-server";
import { getAddress, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  client as httpClient,
  createTestContext,
  freshDatabase,
  signIn,
  type Client,
  type TestContext,
} from "../../test/support/harness.ts";
import { createPool } from "../db/pool.ts";
import { createDb, type Db } from "../db/client.ts";
import {
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
} from "../kyc/kyc.fixtures.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { loadChainConfig } from "./config.ts";
import { createChainClient, startChainServices, type ChainServices } from "./index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { registryWrites } from "./testing/registry-writes.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";

const AGENT = privateKeyToAccount(TEST_KEYS[1]);
const INVESTORS = 4;

describe("two backend instances on one database", () => {
  let anvil: Anvil;
  let chainClient: PublicClient;
  let platform: DeployedPlatform;
  let instances: TestContext[] = [];
  const services: ChainServices[] = [];
  const pools: Db[] = [];
  let proxy: StaticServer;
  const served = [0, 0];

  before(async () => {
    anvil = await startAnvil();
    chainClient = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    platform = await deployTestPlatform(anvil.url, { complianceAgent: AGENT.address });
    const databaseUrl = await freshDatabase();
    // One deployment's settings: the same encryption key and file storage for both instances.
    const shared = {
      KYC_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      STORAGE_DIR: await mkdtemp(path.join(os.tmpdir(), "freehold-instances-")),
    };
    instances = [await createTestContext(shared, { databaseUrl }), await createTestContext(shared, { databaseUrl })];
    const chainConfig = loadChainConfig({
      NODE_ENV: "test",
      CHAIN_RPC_URL: anvil.url,
      CHAIN_ID: "31337",
      COMPLIANCE_AGENT_KEY: TEST_KEYS[1],
      CHAIN_CONFIRMATIONS: "1",
      CHAIN_POLL_MS: "50",
      AGENT_BATCH_SIZE: "3",
      AGENT_BACKOFF_MS: "100",
      CHAIN_DEPLOYMENTS_DIR: platform.recordDir,
    })!;
    for (let i = 0; i < 2; i++) {
      const pool = createPool(databaseUrl, 3);
      const db = createDb(databaseUrl, 3, pool);
      pools.push(db);
      services.push(startChainServices({ db, pool, config: chainConfig, recordDir: platform.recordDir }));
    }
    const root = await mkdtemp(path.join(os.tmpdir(), "freehold-proxy-"));
    let next = 0;
    proxy = await serveBuild(
      root,
      () => {
        const i = next++ % 2;
        served[i]!++;
        return instances[i]!.baseUrl;
      },
      { connectSrc: [] },
    );
  });

  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all(pools.map((d) => d.$disconnect()));
    await proxy?.close();
    await Promise.all(instances.map((t) => t.close()));
    await anvil?.stop();
  });

  /** Signs a new wallet in through the proxy and gives it `roles`. */
  async function user(...roles: Role[]): Promise<{ address: `0x${string}`; client: Client }> {
    const account = privateKeyToAccount(generatePrivateKey());
    const { cookie, user } = await signIn(proxy.url, instances[0]!.config, account);
    if (roles.length) await instances[0]!.db.user.update({ where: { id: user.id }, data: { roles } });
    return { address: account.address, client: httpClient(proxy.url, cookie) };
  }

  it("approvals through both instances: one registry write per wallet, one transaction per nonce, each event once", async () => {
    const officer = await user("COMPLIANCE_OFFICER");
    assert.equal((await loadList(officer.client, await sampleFiles())).status, 201);
    const move = async (id: string, action: string, body?: unknown): Promise<void> => {
      const { version } = (await officer.client.get(`/api/v1/kyc/applications/${id}`)).body as { version: number };
      const res = await officer.client.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch(version));
      assert.equal(res.status, 200, `${action}: ${res.text}`);
    };
    const wallets: `0x${string}`[] = [];
    for (let i = 0; i < INVESTORS; i++) {
      const investor = await user("INVESTOR");
      const submitted = await investor.client.post("/api/v1/kyc/applications", submission(), {
        headers: { "idempotency-key": idempotencyKey() },
      });
      assert.equal(submitted.status, 201, submitted.text);
      const id = submitted.body.id as string;
      assert.equal((await uploadDocument(investor.client, id)).status, 201);
      await move(id, "review");
      await move(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365) });
      wallets.push(getAddress(investor.address));
    }
    assert.ok(served[0]! > 10 && served[1]! > 10, `both instances answered (${served.join(", ")})`);

    const registry = getAddress(platform.address("IdentityRegistry"));
    const db = instances[0]!.db;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const open = await db.onchainIdentityChange.count({ where: { status: { notIn: ["CONFIRMED"] } } });
      const synced = await db.chainEvent.count({ where: { address: registry, name: "IdentityRegistered" } });
      if (open === 0 && synced >= wallets.length) break;
      if (Date.now() > deadline) assert.fail(`not done in time: ${open} changes open, ${synced} synced`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(await db.onchainIdentityChange.count(), wallets.length, "one change per approval");

    const writes = await registryWrites(chainClient, registry);
    for (const w of wallets) assert.equal(writes.get(w), 1, `${w} written to the registry exactly once`);
    assert.equal(
      await db.chainTransaction.count({ where: { status: "CONFIRMED" } }),
      await chainClient.getTransactionCount({ address: AGENT.address }),
      "one stored transaction per nonce the agent used: nothing sent twice",
    );

    // Both syncs ran over the same chain: each followed contract's log is stored once.
    const head = Number(await chainClient.getBlockNumber());
    for (;;) {
      const cursor = await db.chainCursor.findUnique({ where: { chainId: 31337 } });
      if (cursor && cursor.blockNumber >= head) break;
      if (Date.now() > deadline) assert.fail("the sync did not reach the head");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const contracts = await db.chainContract.findMany();
    const onChain = await chainClient.getLogs({
      address: contracts.map((c) => c.address as `0x${string}`),
      fromBlock: 0n,
      toBlock: BigInt(head),
    });
    const stored = await db.chainEvent.findMany({
      where: { blockNumber: { lte: head } },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    assert.deepEqual(
      stored.map((e) => `${e.blockNumber}:${e.logIndex}:${e.txHash}`),
      onChain.map((l) => `${l.blockNumber}:${l.logIndex}:${l.transactionHash}`),
    );
  });
});
