/**
 * The chain read routes over the real app and real PostgreSQL, fed by the real sync from a real node: a
 * property registered in the registry, launched on chain under its id, a platform day, then the API answers.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { identityRegistryAbi, propertyOfferingAbi, propertyTokenAbi } from "@freehold/deployments/abi";
import { getAddress, type Abi, type PublicClient } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { offeringProgress } from "./sync/read-models.ts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, createProperty } from "../../test/support/fixtures.ts";
import { propertyIdToBytes32, bytes32ToPropertyId } from "@freehold/deployments/property-id";
import { createChainClient } from "./index.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform } from "./testing/platform.ts";
import { actors, Chain, runScenario, USD, type Actors, type ScenarioResult } from "./testing/scenario.ts";

describe("chain read routes", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let people: Actors;
  let scenario: ScenarioResult;
  let manager: TestUser, officer: TestUser, investor: TestUser;
  let propertyId: string;
  let untokenized: string;
  let chain: Chain;
  let sync: () => Promise<void>;

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    propertyId = (await createProperty(t, manager)).id;
    untokenized = (await createProperty(t, manager)).id;
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    // The property's manager in the registry launches it from their own wallet: only such a launch is the property's.
    people = { ...actors(3), manager: manager.account };
    const platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    scenario = await runScenario(chain, people, [40n, 35n, 25n], propertyIdToBytes32(propertyId));
    sync = async () => {
      const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
      try {
        await new ChainSync({
          db: t.db,
          pool,
          client,
          chainId: t.config.siwe.chainId,
          record: platform.record,
          confirmations: 1,
          blockRange: 1_000,
        }).catchUp();
      } finally {
        await pool.end();
      }
    };
    await sync();
  });
  after(async () => {
    await anvil?.stop();
    await t?.close();
  });

  it("maps property ids to bytes32 and back", () => {
    assert.equal(bytes32ToPropertyId(propertyIdToBytes32(propertyId)), propertyId);
    assert.equal(bytes32ToPropertyId("0x" + "ab".repeat(32)), undefined);
    assert.throws(() => propertyIdToBytes32("not-a-uuid"), /not a property id/);
  });

  it("gives the property's manager the cap table, equal to the balances on chain", async () => {
    const res = await t.as(manager).get(`${API}/chain/properties/${propertyId}/cap-table`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.token, getAddress(scenario.token));
    for (const h of res.body.holders as { holder: `0x${string}`; partition: `0x${string}`; balance: string }[]) {
      const onChain = await client.readContract({
        address: scenario.token,
        abi: propertyTokenAbi,
        functionName: "balanceOfByPartition",
        args: [h.partition, h.holder],
      });
      assert.equal(BigInt(h.balance), onChain);
    }
    assert.equal((res.body.holders as unknown[]).length, 3);
    assert.equal(res.body.nextCursor, null);
    const none = await t.as(manager).get(`${API}/chain/properties/${untokenized}/cap-table`);
    assert.deepEqual(none.body, { propertyId: untokenized, token: null, holders: [], nextCursor: null });
  });

  it("pages the cap table by holder with a cursor, and refuses a malformed one", async () => {
    const whole = await t.as(manager).get(`${API}/chain/properties/${propertyId}/cap-table`);
    const seen: unknown[] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `?limit=1&after=${after}` : "?limit=1";
      const res = await t.as(officer).get(`${API}/chain/properties/${propertyId}/cap-table${query}`);
      assert.equal(res.status, 200, res.text);
      assert.equal((res.body.holders as unknown[]).length, 1);
      seen.push(...(res.body.holders as unknown[]));
      after = res.body.nextCursor as string | null;
    } while (after);
    assert.deepEqual(seen, whole.body.holders, "one holder per page, each once, in the order of the whole table");
    for (const bad of ["?after=nope", "?limit=0", "?limit=501", `?after=${"0x" + "1".repeat(40)}`]) {
      const res = await t.as(manager).get(`${API}/chain/properties/${propertyId}/cap-table${bad}`);
      assert.equal(res.status, 400, bad);
    }
  });

  it("refuses the cap table to investors and other managers, and hides unknown properties", async () => {
    assert.equal((await t.as(investor).get(`${API}/chain/properties/${propertyId}/cap-table`)).status, 403);
    const other = await t.user("PROPERTY_MANAGER");
    assert.equal(
      (await t.as(other).get(`${API}/chain/properties/${propertyId}/cap-table`)).status,
      404,
      "a draft is invisible to other managers",
    );
    assert.equal(
      (await t.as(officer).get(`${API}/chain/properties/00000000-0000-4000-8000-000000000000/cap-table`)).status,
      404,
    );
    assert.equal((await t.anonymous.get(`${API}/chain/properties/${propertyId}/cap-table`)).status, 401);
  });

  it("reports offering progress, distributions and activity", async () => {
    const offering = await t.as(officer).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(offering.status, 200, offering.text);
    assert.equal(offering.body.outcome, "finalized");
    assert.equal(offering.body.unitsSubscribed, "100");
    assert.equal(offering.body.investors, 3);
    const terms = await client.readContract({
      address: scenario.offering,
      abi: propertyOfferingAbi,
      functionName: "terms",
    });
    assert.deepEqual(
      offering.body.terms,
      {
        pricePerUnit: USD.toString(),
        softCap: "10",
        hardCap: "100",
        minTicket: "1",
        maxTicket: "100",
        startTime: new Date(terms.startTime * 1000).toISOString(),
        endTime: new Date(terms.endTime * 1000).toISOString(),
        paymentToken: getAddress(terms.paymentToken),
        tokenSymbol: "RUE ",
        feeBps: terms.feeBps,
        feeRecipient: getAddress(terms.feeRecipient),
      },
      "the terms as launched (runScenario), equal to the contract's",
    );
    const none = await t.as(officer).get(`${API}/chain/properties/${untokenized}/offering`);
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(
      [none.body.offering, none.body.outcome, none.body.terms],
      [null, "none", null],
      "not tokenized: no offering, no terms",
    );
    assert.equal((await t.anonymous.get(`${API}/chain/properties/${propertyId}/offering`)).status, 401);
    assert.equal(
      (await t.as(investor).get(`${API}/chain/properties/${untokenized}/offering`)).status,
      404,
      "a draft is invisible to investors",
    );
    const rent = await t.as(officer).get(`${API}/chain/properties/${propertyId}/distributions`);
    assert.equal(rent.body.totalDeposited, (1_000n * USD).toString());
    assert.equal(rent.body.deposits.length, 1);
    const feed = await t.as(manager).get(`${API}/chain/properties/${propertyId}/activity?limit=5`);
    assert.equal(feed.status, 200, feed.text);
    assert.equal(feed.body.events.length, 5);
    const older = await t
      .as(manager)
      .get(`${API}/chain/properties/${propertyId}/activity?limit=100&beforeBlock=${feed.body.events[4].blockNumber}`);
    assert.ok(older.body.events.every((e: { blockNumber: number }) => e.blockNumber < feed.body.events[4].blockNumber));
    assert.equal((await t.as(manager).get(`${API}/chain/properties/${propertyId}/activity?limit=0`)).status, 400);
  });

  it("shows an investor's portfolio to compliance and to nobody else", async () => {
    const carol = people.investors[2]!.address;
    const res = await t.as(officer).get(`${API}/chain/portfolio/${carol}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.holdings, [
      { token: getAddress(scenario.token), partition: "0x" + "00".repeat(32), balance: "29" },
    ]);
    assert.equal(res.body.subscriptions[0].units, "25");
    assert.equal((await t.as(investor).get(`${API}/chain/portfolio/${carol}`)).status, 403);
    const own = await t.as(investor).get(`${API}/chain/portfolio`);
    assert.deepEqual(own.body, { wallet: getAddress(investor.address), holdings: [], subscriptions: [], rent: [] });
  });

  it("13.3 shows the offering's money after finalization: proceeds held in escrow until released, then released (units, amount, fee), equal to the contract's views", async () => {
    const views = async () => {
      const read = (functionName: "escrowOwed" | "unitsReleased" | "unitsRefunded") =>
        client.readContract({ address: scenario.offering, abi: propertyOfferingAbi, functionName });
      return {
        escrowHeld: (await read("escrowOwed")).toString(),
        unitsReleased: (await read("unitsReleased")).toString(),
        unitsRefunded: (await read("unitsRefunded")).toString(),
      };
    };
    const pick = (b: { escrowHeld: string; released: { units: string }; unitsRefunded: string }) => ({
      escrowHeld: b.escrowHeld,
      unitsReleased: b.released.units,
      unitsRefunded: b.unitsRefunded,
    });
    const before = await t.as(officer).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(before.status, 200, before.text);
    assert.deepEqual(
      pick(before.body),
      await views(),
      "finalized and claimed, nothing released: the whole sale is still in escrow",
    );
    assert.equal(before.body.escrowHeld, (100n * USD).toString());
    assert.deepEqual(before.body.released, { units: "0", amount: "0", fee: "0" });
    await chain.send(people.manager, scenario.offering, propertyOfferingAbi as Abi, "releaseProceeds", []);
    await sync();
    const after = await t.as(officer).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.deepEqual(pick(after.body), await views(), "after releaseProceeds");
    assert.equal(after.body.escrowHeld, "0");
    const [log] = await client.getContractEvents({
      address: scenario.offering,
      abi: propertyOfferingAbi,
      eventName: "ProceedsReleased",
      fromBlock: 0n,
    });
    assert.deepEqual(after.body.released, {
      units: log!.args.units!.toString(),
      amount: log!.args.amount!.toString(),
      fee: log!.args.fee!.toString(),
    });
    assert.equal(after.body.released.amount, (100n * USD).toString());
  });

  it("13.3 counts a refund after finalization (the token refuses a removed investor's claim for good): units refunded, escrow held and released equal the contract's views", async () => {
    const [kept, removed] = actors(2).investors as [PrivateKeyAccount, PrivateKeyAccount];
    for (const i of [kept, removed]) await chain.fund(i);
    await chain.register(people.agent, [kept.address, removed.address]);
    const launch = await chain.launch(people.manager, "Refund After Final", 20n);
    await chain.advance(10);
    for (const [investor, units] of [
      [kept, 12n],
      [removed, 8n],
    ] as const) {
      await chain.mintAndApprove(investor, units * USD, launch.offering);
      await chain.send(investor, launch.offering, propertyOfferingAbi as Abi, "subscribe", [units]);
    }
    await chain.send(people.manager, launch.offering, propertyOfferingAbi as Abi, "finalize", []);
    await chain.send(
      people.agent,
      chain.platform.address("IdentityRegistry"),
      identityRegistryAbi as Abi,
      "removeIdentity",
      [removed.address],
    );
    await chain.send(removed, launch.offering, propertyOfferingAbi as Abi, "refund", []);
    await chain.send(people.manager, launch.offering, propertyOfferingAbi as Abi, "claimFor", [kept.address]);
    await chain.send(people.manager, launch.offering, propertyOfferingAbi as Abi, "releaseProceeds", []);
    await sync();
    const progress = await offeringProgress(t.db, t.config.siwe.chainId, launch.offering);
    const read = (functionName: "escrowOwed" | "unitsReleased" | "unitsRefunded") =>
      client.readContract({ address: launch.offering, abi: propertyOfferingAbi, functionName });
    assert.equal(progress?.outcome, "finalized");
    assert.deepEqual(
      [progress?.unitsRefunded, progress?.amountRefunded, progress?.released.units, progress?.escrowHeld],
      [
        (await read("unitsRefunded")).toString(),
        (8n * USD).toString(),
        (await read("unitsReleased")).toString(),
        (await read("escrowOwed")).toString(),
      ],
    );
    assert.deepEqual(
      [progress?.unitsRefunded, progress?.released.units, progress?.escrowHeld],
      ["8", "12", "0"],
      "8 refunded at the price paid, 12 released, nothing left",
    );
  });

  // Last: it relaunches the property, so its token changes for every later read.
  it("keeps showing the finalized offering when a funded property is launched again (funded once), and keeps both", async () => {
    const relaunch = await chain.launch(people.manager, "Rue de Rivoli 12 bis", 250n, propertyIdToBytes32(propertyId));
    await sync();
    const rows = await t.db.chainOffering.findMany({ where: { propertyId }, orderBy: { discoveredBlock: "asc" } });
    assert.deepEqual(
      rows.map((r) => r.address),
      [getAddress(scenario.offering), getAddress(relaunch.offering)],
      "both offerings are kept",
    );
    const res = await t.as(officer).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      [res.body.offering, res.body.token, res.body.outcome],
      [getAddress(scenario.offering), getAddress(scenario.token), "finalized"],
    );
    const capTable = await t.as(manager).get(`${API}/chain/properties/${propertyId}/cap-table`);
    assert.equal(capTable.body.token, getAddress(scenario.token), "the cap table stays the holders' token");
    // A relaunch of a property whose offering did not complete is shown instead: chain/sync/property-state.test.ts.
  });
});
