/**
 * Document anchoring end to end: a registered property with its verified land title and a valuation report,
 * launched on chain under its id; the backend key is refused until the manager grants it AGENT_ROLE; then each
 * document is written once (ERC-1643), the sync sees it, and the public document check reports the deed as anchored.
 * (A token launched for a property whose title is not verified is never anchored: see workflow.test.ts.)
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyTokenAbi } from "@freehold/deployments/abi";
import { keccak256, toHex, type Abi, type PublicClient } from "viem";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, etag, propertyWithTitle, uploadDocument } from "../../test/support/fixtures.ts";
import { DocumentAnchoring, documentName } from "./anchoring.ts";
import type { ChainConfig } from "./config.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { createChainClient, createComplianceAgent, createSender } from "./index.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";
import { actors, Chain, type Actors } from "./testing/scenario.ts";

describe("document anchoring", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let platform: DeployedPlatform;
  let people: Actors;
  let manager: TestUser;
  let officer: TestUser;
  let config: ChainConfig;

  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(1);
    platform = await deployTestPlatform(anvil.url, { complianceAgent: people.agent.address, propertyManagers: [people.manager.address] });
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    config = { rpcUrl: anvil.url, chainId: t.config.siwe.chainId, agentKey: TEST_KEYS[1], confirmations: 1, pollMs: 50, agent: { batchSize: 50, maxAttempts: 3, backoffMs: 20 }, sync: { blockRange: 1_000 } };
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("anchors the deed and the property documents once, and the document check reports it", async () => {
    const { property, document: deed, title } = await propertyWithTitle(t, manager);
    const valuation = (await uploadDocument(t, manager, property.id, "VALUATION_REPORT", "valuation 2026")).body as { id: string; sha256: string };
    const verified = await t.as(officer).post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(title.version) });
    assert.equal(verified.status, 200, verified.text);
    const chain = new Chain(anvil, client, platform);
    const { token } = await chain.launch(people.manager, "Quai 3", 100n, propertyIdToBytes32(property.id));

    const sync = new ChainSync({ db: t.db, pool, client, chainId: config.chainId, record: platform.record, confirmations: 1, blockRange: 1_000 });
    const anchoring = new DocumentAnchoring({ db: t.db, client, sender: createSender({ db: t.db, config, client }), chainId: config.chainId, maxAttempts: 3 });
    const agent = createComplianceAgent({ db: t.db, config, client, registry: platform.address("IdentityRegistry") });
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) await agent.tick(); // broadcast, then track to confirmation
      await sync.catchUp();
    };

    await sync.catchUp();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 0, linked: 0 }, "the backend key has no AGENT_ROLE yet: nothing is sent");
    assert.equal(await t.db.chainTransaction.count(), 0);

    await chain.send(people.manager, token, propertyTokenAbi as Abi, "grantRole", [keccak256(toHex("AGENT_ROLE")), people.agent.address]);
    assert.deepEqual(await anchoring.tick(), { sent: 2, recorded: 0, linked: 0 });
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 0, linked: 0 }, "in flight: not sent again");
    await settle();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 1, linked: 0 }, "the title records its anchor");

    for (const doc of [deed, valuation]) {
      const [uri, hash] = (await client.readContract({ address: token, abi: propertyTokenAbi, functionName: "getDocument", args: [documentName(doc.id)] })) as readonly [string, `0x${string}`, bigint];
      assert.equal(hash, `0x${doc.sha256}`);
      assert.equal(uri, `/api/v1/properties/${property.id}/documents/${doc.id}`);
    }
    const check = await t.anonymous.get(`${API}/documents/check?sha256=${deed.sha256}`);
    assert.equal(check.status, 200, check.text);
    const titleMatch = (check.body.matches as { kind: string; anchoredOnChain: boolean; anchor: { chainId: number; txHash: string } | null }[]).find((m) => m.kind === "land_title");
    assert.equal(titleMatch?.anchoredOnChain, true);
    const sent = await t.db.chainTransaction.findFirstOrThrow({ where: { purpose: { contains: deed.id } } });
    assert.equal(titleMatch?.anchor?.txHash, sent.txHash);
    const valuationCheck = await t.anonymous.get(`${API}/documents/check?sha256=${valuation.sha256}`);
    const docMatch = (valuationCheck.body.matches as { kind: string; anchoredOnChain: boolean; anchor: { txHash: string } | null }[]).find((m) => m.kind === "property_document");
    assert.equal(docMatch?.anchoredOnChain, true, "property documents report their anchor too");
    assert.equal(docMatch?.anchor?.txHash, (await t.db.chainTransaction.findFirstOrThrow({ where: { purpose: { contains: valuation.id } } })).txHash);
    const unknown = await t.anonymous.get(`${API}/documents/check?sha256=${"ab".repeat(32)}`);
    assert.equal(unknown.body.recorded, false);
    assert.equal(await t.db.chainTransaction.count({ where: { purpose: { startsWith: "document:" } } }), 2, "each document written once");
  });
});
