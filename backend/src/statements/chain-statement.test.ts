/**
 * A statement whose figures match the chain: on a local node with the deployed platform, investors subscribe,
 * claim, transfer, receive and claim rent and trade on the settlement (chain/testing/scenario.ts); the backend's
 * chain sync stores the events; the statement and the performance view read them. Units are the token's
 * `balanceOf`, income is what the distributor paid out (the stablecoin's balance change), proceeds what the buyer paid.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { erc20Abi, propertyTokenAbi, rentDistributorAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import type { Abi, PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { verifiedProperty } from "../../test/support/fixtures.ts";
import { createChainClient } from "../chain/index.ts";
import { ChainSync } from "../chain/sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../chain/testing/anvil.ts";
import { deployTestPlatform } from "../chain/testing/platform.ts";
import { Chain, runScenario, USD } from "../chain/testing/scenario.ts";
import { myPerformance } from "../portfolio/performance.ts";
import { createStorage } from "../storage/storage-factory.ts";
import { yearPeriod } from "./periods.ts";
import { generateStatement, regenerate } from "./service.ts";

describe("16 a statement's figures match the chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let manager: TestUser, officer: TestUser;
  let investors: TestUser[];
  let token: `0x${string}`;
  let aliceRent: bigint;

  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    investors = await Promise.all([t.user("INVESTOR"), t.user("INVESTOR"), t.user("INVESTOR")]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const platform = await deployTestPlatform(anvil.url, {
      complianceAgent: privateKeyToAccount(TEST_KEYS[1]).address,
      propertyManagers: [manager.address],
    });
    const chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    const { property } = await verifiedProperty(t, manager, officer);
    const actors = {
      admin: privateKeyToAccount(TEST_KEYS[0]),
      agent: privateKeyToAccount(TEST_KEYS[1]),
      manager: manager.account,
      investors: investors.map((i) => i.account),
    };
    // Alice 40, Bob 35, Carol 25 at 1 USD; Alice gives Bob 5; 1,000 USD of rent; Bob claims; Alice sells 4 of an
    // order of 10 at 2 USD to Carol.
    ({ token } = await runScenario(chain, actors, [40n, 35n, 25n], propertyIdToBytes32(property.id)));
    const coin = platform.address("TestStablecoin");
    const balance = () =>
      client.readContract({
        address: coin,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [investors[0]!.account.address],
      });
    const before = await balance();
    await chain.send(investors[0]!.account, platform.address("RentDistributor"), rentDistributorAbi as Abi, "claim", [
      token,
    ]);
    aliceRent = (await balance()) - before;
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    const sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
    for (let i = 0; i < 3; i++) await sync.catchUp();
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("16 units, cost basis, income, realized gain and transactions of the year's statement", async () => {
    const alice = investors[0]!;
    const units = await client.readContract({
      address: token,
      abi: propertyTokenAbi,
      functionName: "balanceOf",
      args: [alice.account.address],
    });
    // Bought 40 for 40 USD; gave 5 away (removing 5 USD of basis, realized −5); sold 4 of 35 for 8 USD (removing
    // 4 USD, realized +4): 31 units at 31 USD, realized −1 USD. Rent: 10 USD a unit on the 35 held at the deposit.
    assert.equal(units, 31n);
    assert.equal(aliceRent, 350n * USD);
    const year = new Date(Number((await client.getBlock()).timestamp) * 1000).getUTCFullYear();
    const period = yearPeriod(year, "ANNUAL");
    const storage = createStorage(t.config);
    const row = await generateStatement(t.db, storage, t.config.siwe.chainId, alice, period);
    assert.ok(row);
    const { content, pdf, csv } = await regenerate(t.db, t.config.siwe.chainId, row);
    assert.equal(createHash("sha256").update(pdf).digest("hex"), row.pdfSha256);
    assert.equal(createHash("sha256").update(csv).digest("hex"), row.csvSha256);
    const [holding] = content.holdings;
    assert.deepEqual(
      [holding!.units, holding!.costBasis, holding!.incomeInPeriod, holding!.realizedInPeriod],
      [units, 31n * USD, aliceRent, -1n * USD],
    );
    assert.deepEqual(
      content.transactions.map((x) => [x.kind, x.units, x.amount]),
      [
        ["SUBSCRIPTION_PAID", 40n, 40n * USD],
        ["UNITS_CLAIMED", 40n, 40n * USD],
        ["TRANSFER_OUT", 5n, 0n],
        ["TRADE_SELL", 4n, 8n * USD],
        ["RENT_CLAIMED", 0n, aliceRent],
      ],
    );
    // The performance view reads the same chain rows: Carol bought 4 for 8 USD on top of her 25.
    const carol = (await myPerformance(t.db, t.config.siwe.chainId, investors[2]!)).positions[0]!;
    assert.deepEqual([carol.units, carol.costBasis], ["29", `${25n * USD + 8n * USD}`]);
    const bob = (await myPerformance(t.db, t.config.siwe.chainId, investors[1]!)).positions[0]!;
    assert.deepEqual([bob.units, bob.costBasis, bob.incomeReceived], ["40", `${35n * USD}`, `${400n * USD}`]);
  });
});
