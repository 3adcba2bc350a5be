/**
 * The tokenization workflow end to end, on a local node with the real deploy scripts and the real backend
 * (PostgreSQL, HTTP API, compliance agent, anchoring, sync): a manager registers a property and its title, an
 * officer verifies both; the manager launches the token; the backend anchors the documents; investors pass KYC
 * and AML and the agent whitelists them on chain; they subscribe, the offering closes and is finalized, they claim;
 * rent is deposited and claimed; a secondary trade settles. Steps whose preconditions fail are refused (unverified
 * title, unapproved investor, closed offering). At the end the registry's cap table equals the chain's balances.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  identityRegistryAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  rentDistributorAbi,
  settlementAbi,
} from "@freehold/deployments/abi";
import { keccak256, toHex, zeroAddress, zeroHash, type Abi, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, etag, leaseInput, propertyWithTitle, unit, verifiedProperty } from "../../test/support/fixtures.ts";
import {
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument as uploadKycDocument,
} from "../kyc/kyc.fixtures.ts";
import { DocumentAnchoring } from "./anchoring.ts";
import type { ChainConfig } from "./config.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { createChainClient, createComplianceAgent, createSender } from "./index.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";
import { Chain, statementHashOf, USD } from "./testing/scenario.ts";

describe("tokenization workflow, end to end", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let platform: DeployedPlatform;
  let chain: Chain;
  let manager: TestUser, officer: TestUser;
  let investors: TestUser[];
  let outsider: TestUser;
  let services: () => Promise<void>;

  before(async () => {
    t = await createTestContext();
    [manager, officer, outsider] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    investors = await Promise.all([t.user("INVESTOR"), t.user("INVESTOR"), t.user("INVESTOR")]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const agentKey = TEST_KEYS[1];
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: privateKeyToAccount(agentKey).address,
      propertyManagers: [manager.address],
    });
    chain = new Chain(anvil, client, platform);
    for (const u of [manager, outsider, ...investors]) await chain.fund(u.account);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    const config: ChainConfig = {
      rpcUrl: anvil.url,
      chainId: t.config.siwe.chainId,
      agentKey,
      confirmations: 1,
      pollMs: 50,
      agent: { batchSize: 50, maxAttempts: 3, backoffMs: 20 },
      sync: { blockRange: 1_000 },
    };
    const sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: config.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
    const anchoring = new DocumentAnchoring({
      db: t.db,
      client,
      sender: createSender({ db: t.db, config, client }),
      chainId: config.chainId,
      maxAttempts: 3,
    });
    const agent = createComplianceAgent({ db: t.db, config, client, registry: platform.address("IdentityRegistry") });
    // What the backend's chain services do on every pass (startChainServices runs the same in loops).
    services = async () => {
      for (let i = 0; i < 3; i++) {
        await sync.catchUp();
        await anchoring.tick();
        await agent.tick();
      }
      await sync.catchUp();
    };
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  const refused = async (
    account: PrivateKeyAccount,
    address: `0x${string}`,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<string> => {
    try {
      await client.simulateContract({ account, address, abi, functionName, args } as never);
    } catch (error) {
      return (error as Error).message;
    }
    return assert.fail(`${functionName} should have been refused`);
  };

  it("runs from registration to a settled secondary trade, refusing every step whose preconditions fail", async () => {
    // 1. Registration and verification in the registry.
    const { property, document: deed } = await verifiedProperty(t, manager, officer);
    const { property: unverified } = await propertyWithTitle(t, manager);

    // 2. The manager launches both on chain; only the verified one is linked and anchored.
    const { token, offering } = await chain.launch(
      manager.account,
      "Rue de Rivoli 12",
      100n,
      propertyIdToBytes32(property.id),
    );
    const stray = await chain.launch(manager.account, "Unverified", 100n, propertyIdToBytes32(unverified.id));
    const backendKey = privateKeyToAccount(TEST_KEYS[1]).address;
    for (const tk of [token, stray.token])
      await chain.send(manager.account, tk, propertyTokenAbi as Abi, "grantRole", [
        keccak256(toHex("AGENT_ROLE")),
        backendKey,
      ]);
    await services();
    const check = await t.anonymous.get(`${API}/documents/check?sha256=${deed.sha256}`);
    assert.equal(
      check.body.matches.find((m: { kind: string }) => m.kind === "land_title").anchoredOnChain,
      true,
      "the deed is anchored",
    );
    const strayDocs = (await client.readContract({
      address: stray.token,
      abi: propertyTokenAbi,
      functionName: "getAllDocuments",
    })) as readonly string[];
    assert.equal(strayDocs.length, 0, "unverified title: nothing anchored");
    const linked = await t.as(manager).get(`${API}/properties/${property.id}`);
    assert.ok(
      ["TOKENIZED", "OFFERING"].includes(linked.body.status),
      `the chain sync moved the status when it saw the launch: ${linked.body.status}`,
    );
    const history = await t.as(manager).get(`${API}/properties/${property.id}/history`);
    const last = (history.body as { to: string; reason: string | null; actorId: string | null }[]).find(
      (h) => h.to === "TOKENIZED",
    );
    assert.match(last?.reason ?? "", new RegExp(`offering launched .*offering ${offering}`, "i"));
    assert.equal(last?.actorId, null, "moved by the chain sync");
    assert.equal(
      (await t.as(manager).get(`${API}/properties/${unverified.id}`)).body.status,
      "DRAFT",
      "the unverified one is not linked",
    );

    // 3. KYC and AML; the approval reaches the chain through the outbox and the compliance agent.
    assert.equal((await loadList(t.as(officer), await sampleFiles())).status, 201);
    for (const investor of investors) {
      const app = await t
        .as(investor)
        .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
      assert.equal(app.status, 201, app.text);
      assert.equal((await uploadKycDocument(t.as(investor), app.body.id)).status, 201);
      const reviewed = await t
        .as(officer)
        .post(
          `${API}/kyc/applications/${app.body.id}/review`,
          undefined,
          ifMatch((await t.as(officer).get(`${API}/kyc/applications/${app.body.id}`)).body.version),
        );
      assert.equal(reviewed.status, 200, reviewed.text);
      const approved = await t
        .as(officer)
        .post(
          `${API}/kyc/applications/${app.body.id}/approve`,
          { country: 250, accredited: false, kycExpiresAt: inDays(365) },
          ifMatch(reviewed.body.version),
        );
      assert.equal(approved.status, 200, approved.text);
    }
    await services();
    for (const investor of investors) {
      assert.equal(
        await client.readContract({
          address: platform.address("IdentityRegistry"),
          abi: identityRegistryAbi,
          functionName: "isVerified",
          args: [investor.account.address],
        }),
        true,
      );
    }

    // 4. The offering: an unapproved investor is refused, the approved ones fill it, then it is closed.
    await chain.advance(10);
    await chain.mintAndApprove(outsider.account, 10n * USD, offering);
    const notEligible = await refused(outsider.account, offering, propertyOfferingAbi as Abi, "subscribe", [10n]);
    assert.match(notEligible, /OfferingInvestorNotEligible/);
    assert.match(
      notEligible,
      new RegExp(toHex("RECEIVER_NOT_VERIFIED").slice(2)),
      "refused because the investor is not verified",
    );
    const units = [50n, 30n, 20n];
    for (const [i, investor] of investors.entries()) {
      await chain.mintAndApprove(investor.account, units[i]! * USD, offering);
      await chain.send(investor.account, offering, propertyOfferingAbi as Abi, "subscribe", [units[i]!]);
    }
    assert.match(
      await refused(investors[0]!.account, offering, propertyOfferingAbi as Abi, "subscribe", [1n]),
      /OfferingWrongState\(uint8 actual, uint8 expected\)\s+\(2, 1\)/,
      "closed offering (Succeeded, not Active)",
    );
    await chain.send(manager.account, offering, propertyOfferingAbi as Abi, "finalize", []);
    for (const investor of investors)
      await chain.send(investor.account, offering, propertyOfferingAbi as Abi, "claim", []);

    // 5. Rent recorded against a lease in the registry is deposited to the distributor and claimed; a trade settles.
    const u = await unit(t, manager, property.id);
    const lease = await t.as(manager).post(`${API}/leases`, leaseInput(property.id, u.id, { rentAmount: "2100.00" }));
    assert.equal(lease.status, 201, lease.text);
    const active = await t
      .as(manager)
      .post(`${API}/leases/${lease.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.body.version) });
    assert.equal(active.status, 200, active.text);
    const entry = (await t.as(manager).get(`${API}/leases/${lease.body.id}/schedule`)).body[0].id as string;
    const paid = await t.as(manager).post(`${API}/leases/${lease.body.id}/payments`, {
      scheduleEntryId: entry,
      amount: "2100.00",
      fees: "100.00",
      paidOn: "2026-01-05",
      method: "BANK_TRANSFER",
    });
    assert.equal(paid.status, 201, paid.text);
    const before = await t.as(manager).get(`${API}/chain/properties/${property.id}/distributions`);
    assert.equal(before.body.awaitingDeposit, (2_000n * USD).toString(), "net rent collected, not deposited yet");
    const distributor = platform.address("RentDistributor");
    const due = BigInt(before.body.awaitingDeposit);
    await chain.mintAndApprove(manager.account, due, distributor);
    const january = statementHashOf("2026-01 statement");
    await chain.send(manager.account, distributor, rentDistributorAbi as Abi, "deposit", [token, due, january]);
    for (const investor of investors)
      await chain.send(investor.account, distributor, rentDistributorAbi as Abi, "claim", [token]);
    const settlement = platform.address("Settlement");
    const [seller, buyer] = investors as [TestUser, TestUser];
    const order = [
      token,
      zeroHash,
      10n,
      2n * USD,
      platform.address("TestStablecoin"),
      zeroAddress,
      (await chain.now()) + 86_400n,
    ] as const;
    const { result: orderId } = await client.simulateContract({
      account: seller.account,
      address: settlement,
      abi: settlementAbi,
      functionName: "postOrder",
      args: order,
    });
    await chain.send(seller.account, settlement, settlementAbi as Abi, "postOrder", order);
    await chain.mintAndApprove(buyer.account, 20n * USD, settlement);
    await chain.send(buyer.account, settlement, settlementAbi as Abi, "fill", [orderId, 10n]);
    await services();

    // 6. The registry agrees with the chain.
    const capTable = await t.as(manager).get(`${API}/chain/properties/${property.id}/cap-table`);
    assert.equal(capTable.status, 200, capTable.text);
    const onChain = new Map<string, bigint>();
    for (const investor of investors)
      onChain.set(
        investor.account.address,
        (await client.readContract({
          address: token,
          abi: propertyTokenAbi,
          functionName: "balanceOf",
          args: [investor.account.address],
        })) as bigint,
      );
    assert.deepEqual(
      new Map(
        (capTable.body.holders as { holder: string; balance: string }[]).map((h) => [h.holder, BigInt(h.balance)]),
      ),
      onChain,
    );
    assert.deepEqual([...onChain.values()], [40n, 40n, 20n]);
    const rent = await t.as(manager).get(`${API}/chain/properties/${property.id}/distributions`);
    assert.equal(rent.body.awaitingDeposit, "0", "the collected rent is on chain");
    assert.deepEqual(
      (rent.body.deposits as { amount: string; statementHash: string }[]).map((d) => [d.amount, d.statementHash]),
      [[due.toString(), january.slice(2)]],
      "the API names the period statement the deposit paid out",
    );
    const progress = await t.as(investors[0]!).get(`${API}/chain/properties/${property.id}/offering`);
    assert.equal(progress.body.outcome, "finalized");
    const funded = await t.anonymous.get(`${API}/properties/${property.id}`);
    assert.equal(funded.body.status, "FUNDED", "the registry followed the offering to the end, with no manual step");
    const mine = await t.as(investors[0]!).get(`${API}/chain/portfolio`);
    assert.equal(
      mine.body.rent[0].claimed,
      ((2_000n * USD) / 2n).toString(),
      "half the units at the deposit: half the rent",
    );
  });
});
