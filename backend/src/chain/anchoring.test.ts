/**
 * Document anchoring end to end: a registered property with its verified land title and a valuation report,
 * launched on chain under its id by a platform deployed with the backend key as the factory's document agent; the
 * key holds DOCUMENTS_ROLE from the launch on (no grant by the manager), each document is written once (ERC-1643),
 * the sync sees it, and the public document check reports the deed as anchored. A token whose launch granted the key
 * nothing is left alone until its manager grants DOCUMENTS_ROLE (or AGENT_ROLE).
 * (A token launched for a property whose title is not verified is never anchored: see workflow.test.ts.)
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyTokenAbi, propertyTokenFactoryAbi } from "@freehold/deployments/abi";
import { keccak256, toHex, zeroAddress, type Abi, type PublicClient } from "viem";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, uploadDocument, verifiedProperty } from "../../test/support/fixtures.ts";
import { DocumentAnchoring, documentName } from "./anchoring.ts";
import type { ChainConfig } from "./config.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { createChainClient, createComplianceAgent, createSender } from "./index.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";
import { actors, Chain, type Actors } from "./testing/scenario.ts";

const DOCUMENTS_ROLE = keccak256(toHex("DOCUMENTS_ROLE"));
const AGENT_ROLE = keccak256(toHex("AGENT_ROLE"));

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
  let chain: Chain;
  let sync: ChainSync;
  let anchoring: DocumentAnchoring;
  let settle: () => Promise<void>;
  const warnings: string[] = [];

  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(1);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    config = {
      rpcUrl: anvil.url,
      chainId: t.config.siwe.chainId,
      agentKey: TEST_KEYS[1],
      confirmations: 1,
      pollMs: 50,
      agent: { batchSize: 50, maxAttempts: 3, backoffMs: 20 },
      sync: { blockRange: 1_000 },
    };
    chain = new Chain(anvil, client, platform);
    sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: config.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
    const logger = { info: () => {}, warn: (_: object, msg?: string) => void warnings.push(msg ?? "") };
    anchoring = new DocumentAnchoring({
      db: t.db,
      client,
      sender: createSender({ db: t.db, config, client }),
      chainId: config.chainId,
      maxAttempts: 3,
      logger,
    });
    const agent = createComplianceAgent({ db: t.db, config, client, registry: platform.address("IdentityRegistry") });
    settle = async () => {
      for (let i = 0; i < 3; i++) await agent.tick(); // broadcast, then track to confirmation
      await sync.catchUp();
    };
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  /** A property with its land title verified by the officer, and its token launched under its id by the manager. */
  async function launchedProperty(name: string) {
    // Verified (title and property): public, so the anonymous document check may report its matches.
    const { property, document: deed } = await verifiedProperty(t, manager, officer);
    const { token } = await chain.launch(people.manager, name, 100n, propertyIdToBytes32(property.id));
    return { property, deed, token };
  }

  const hasRole = (token: `0x${string}`, role: `0x${string}`) =>
    client.readContract({
      address: token,
      abi: propertyTokenAbi,
      functionName: "hasRole",
      args: [role, people.agent.address],
    });

  it("anchors the deed and the property documents once with the role granted at launch, and the document check reports it", async () => {
    const { property, deed, token } = await launchedProperty("Quai 3");
    const valuation = (await uploadDocument(t, manager, property.id, "VALUATION_REPORT", "valuation 2026")).body as {
      id: string;
      sha256: string;
    };
    // Least privilege: the launch made the backend key a document writer, and nothing more.
    assert.equal(await hasRole(token, DOCUMENTS_ROLE), true, "DOCUMENTS_ROLE granted by the factory at launch");
    assert.equal(await hasRole(token, AGENT_ROLE), false, "no AGENT_ROLE for the backend key");

    await sync.catchUp();
    assert.deepEqual(await anchoring.tick(), { sent: 2, recorded: 0 }, "no grant by the manager was needed");
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 0 }, "in flight: not sent again");
    await settle();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 1 }, "the title records its anchor");

    for (const doc of [deed, valuation]) {
      const [uri, hash] = (await client.readContract({
        address: token,
        abi: propertyTokenAbi,
        functionName: "getDocument",
        args: [documentName(doc.id)],
      })) as readonly [string, `0x${string}`, bigint];
      assert.equal(hash, `0x${doc.sha256}`);
      assert.equal(uri, `/api/v1/properties/${property.id}/documents/${doc.id}`);
    }
    const check = await t.anonymous.get(`${API}/documents/check?sha256=${deed.sha256}`);
    assert.equal(check.status, 200, check.text);
    const titleMatch = (
      check.body.matches as {
        kind: string;
        anchoredOnChain: boolean;
        anchor: { chainId: number; txHash: string } | null;
      }[]
    ).find((m) => m.kind === "land_title");
    assert.equal(titleMatch?.anchoredOnChain, true);
    const sent = await t.db.chainTransaction.findFirstOrThrow({ where: { purpose: { contains: deed.id } } });
    assert.equal(titleMatch?.anchor?.txHash, sent.txHash);
    const valuationCheck = await t.anonymous.get(`${API}/documents/check?sha256=${valuation.sha256}`);
    const docMatch = (
      valuationCheck.body.matches as { kind: string; anchoredOnChain: boolean; anchor: { txHash: string } | null }[]
    ).find((m) => m.kind === "property_document");
    assert.equal(docMatch?.anchoredOnChain, true, "property documents report their anchor too");
    assert.equal(
      docMatch?.anchor?.txHash,
      (await t.db.chainTransaction.findFirstOrThrow({ where: { purpose: { contains: valuation.id } } })).txHash,
    );
    const unknown = await t.anonymous.get(`${API}/documents/check?sha256=${"ab".repeat(32)}`);
    assert.equal(unknown.body.recorded, false);
    assert.equal(
      await t.db.chainTransaction.count({ where: { purpose: { startsWith: "document:" } } }),
      2,
      "each document written once",
    );
    assert.deepEqual(warnings, []);
  });

  it("16 a valuation's supporting document is anchored only once the valuation is approved (four eyes first)", async () => {
    const { property, token } = await launchedProperty("Quai 9");
    const report = (await uploadDocument(t, manager, property.id, "VALUATION_REPORT", "valuation 2027")).body as {
      id: string;
      sha256: string;
    };
    const recorded = await t.as(manager).post(`${API}/properties/${property.id}/valuations`, {
      amount: "1200000.00",
      currency: "EUR",
      method: "APPRAISAL",
      valuer: "Savills",
      valuedOn: "2026-09-30",
      documentId: report.id,
    });
    assert.equal(recorded.status, 201, recorded.text);
    const reportTxs = () => t.db.chainTransaction.count({ where: { purpose: { contains: report.id } } });

    await sync.catchUp();
    assert.deepEqual(await anchoring.tick(), { sent: 1, recorded: 0 }, "the deed only: the valuation is not approved");
    await settle();
    await anchoring.tick();
    assert.equal(await reportTxs(), 0, "a recorded valuation's report is not anchored");

    const approved = await t.as(officer).post(`${API}/valuations/${recorded.body.id}/approve`, {});
    assert.equal(approved.status, 200, approved.text);
    assert.deepEqual(await anchoring.tick(), { sent: 1, recorded: 0 }, "approved: its report is sent");
    await settle();
    const [, hash] = (await client.readContract({
      address: token,
      abi: propertyTokenAbi,
      functionName: "getDocument",
      args: [documentName(report.id)],
    })) as readonly [string, `0x${string}`, bigint];
    assert.equal(hash, `0x${report.sha256}`);
    assert.equal(await reportTxs(), 1, "written once");
  });

  it("sends nothing while the key holds neither DOCUMENTS_ROLE nor AGENT_ROLE; either one, granted by the manager, lets it anchor", async () => {
    // The factory admin clears the document agent: later launches grant the backend key nothing.
    const factory = platform.address("PropertyTokenFactory");
    await chain.send(people.admin, factory, propertyTokenFactoryAbi as Abi, "setDocumentAgent", [zeroAddress]);
    const narrow = await launchedProperty("Quai 5");
    const broad = await launchedProperty("Quai 7");
    await sync.catchUp();
    const before = await t.db.chainTransaction.count();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 0 }, "no role on either token: nothing is sent");
    assert.equal(await t.db.chainTransaction.count(), before);
    assert.equal(
      warnings.filter((w) => w.includes("neither DOCUMENTS_ROLE nor AGENT_ROLE")).length,
      2,
      "one warning per token",
    );

    await chain.send(people.manager, narrow.token, propertyTokenAbi as Abi, "grantRole", [
      DOCUMENTS_ROLE,
      people.agent.address,
    ]);
    await chain.send(people.manager, broad.token, propertyTokenAbi as Abi, "grantRole", [
      AGENT_ROLE,
      people.agent.address,
    ]);
    assert.deepEqual(await anchoring.tick(), { sent: 2, recorded: 0 });
    await settle();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 2 }, "both titles record their anchor");
    for (const { token, deed, property } of [narrow, broad]) {
      const [uri, hash] = (await client.readContract({
        address: token,
        abi: propertyTokenAbi,
        functionName: "getDocument",
        args: [documentName(deed.id)],
      })) as readonly [string, `0x${string}`, bigint];
      assert.equal(hash, `0x${deed.sha256}`);
      assert.equal(uri, `/api/v1/properties/${property.id}/documents/${deed.id}`);
    }
    await chain.send(people.admin, factory, propertyTokenFactoryAbi as Abi, "setDocumentAgent", [people.agent.address]);
  });

  it("anchors a closed financial period's statement (not a draft's) with the URI that serves its bytes", async () => {
    const { property, token } = await launchedProperty("Quai 9");
    const periods = `${API}/properties/${property.id}/financial-periods`;
    const open = await t.as(manager).post(periods, { year: 2026, month: 2 });
    const period = await t.as(manager).post(periods, { year: 2026, month: 1 });
    assert.equal(period.status, 201, period.text);
    for (const id of [open.body.id, period.body.id]) {
      const line = { type: "INCOME", category: "PARKING", description: "Parking bays", amount: "12000" };
      assert.equal((await t.as(manager).post(`${API}/financial-periods/${id}/lines`, line)).status, 201);
    }
    const version = (await t.as(manager).get(`${API}/financial-periods/${period.body.id}`)).body.version as number;
    const closed = await t
      .as(manager)
      .post(`${API}/financial-periods/${period.body.id}/close`, undefined, { headers: { "if-match": `"${version}"` } });
    assert.equal(closed.status, 200, closed.text);

    await sync.catchUp();
    assert.deepEqual(await anchoring.tick(), { sent: 2, recorded: 0 }, "the deed and the closed statement");
    await settle();
    assert.deepEqual(await anchoring.tick(), { sent: 0, recorded: 1 });
    const [uri, hash] = (await client.readContract({
      address: token,
      abi: propertyTokenAbi,
      functionName: "getDocument",
      args: [documentName(period.body.id)],
    })) as readonly [string, `0x${string}`, bigint];
    assert.equal(hash, `0x${closed.body.statementSha256}`);
    assert.equal(uri, `/api/v1/financial-periods/${period.body.id}/statement`);
    const bytes = await t.anonymous.get(uri);
    assert.equal(`0x${createHash("sha256").update(bytes.text).digest("hex")}`, hash, "the anchored hash is the bytes'");
    const check = await t.anonymous.get(`${API}/documents/check?sha256=${closed.body.statementSha256}`);
    const match = (check.body.matches as { kind: string; anchoredOnChain: boolean; anchor: { txHash: string } }[]).find(
      (m) => m.kind === "financial_statement",
    );
    assert.equal(match?.anchoredOnChain, true, "the document check reports the statement's anchor");
    const sent = await t.db.chainTransaction.findFirstOrThrow({ where: { purpose: { contains: period.body.id } } });
    assert.equal(match?.anchor.txHash, sent.txHash);
    assert.equal(
      await t.db.chainTransaction.count({ where: { purpose: { contains: open.body.id } } }),
      0,
      "a draft is not anchored",
    );
  });

  it("a pass asks the database the same questions however many tokens there are (issue 17: idle cost per token)", async () => {
    // Every token launched above is anchored: a pass has nothing to send. What it reads of the client, in order:
    const pass = async (): Promise<string[]> => {
      const used: string[] = [];
      const counting = new Proxy(t.db, {
        get(target, key) {
          if (typeof key === "string") used.push(key);
          const value: unknown = Reflect.get(target, key);
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const result = await new DocumentAnchoring({
        db: counting,
        client,
        sender: createSender({ db: t.db, config, client }),
        chainId: config.chainId,
        maxAttempts: 3,
      }).tick();
      assert.deepEqual(result, { sent: 0, recorded: 0 });
      return used;
    };
    const before = await pass();
    // Ten more tokens, of properties this registry does not know (another deployment's launches): never anchored.
    for (let i = 0; i < 10; i++) {
      const address = `0x${(0xabc000 + i).toString(16).padStart(40, "0")}`;
      await t.db.chainContract.create({
        data: {
          chainId: config.chainId,
          address,
          kind: "PropertyToken",
          propertyId: propertyIdToBytes32(crypto.randomUUID()),
          fromBlock: 1,
        },
      });
    }
    warnings.length = 0;
    assert.deepEqual(await pass(), before, "the same reads with ten more tokens");
    assert.ok(before.length <= 3, `a pass reads ${before.length} times: ${before.join(", ")}`);
  });
});
