/**
 * A statement whose figures match the chain: on a local node with the deployed platform, investors subscribe,
 * claim, transfer, receive and claim rent and trade on the settlement (chain/testing/scenario.ts); the backend's
 * chain sync stores the events; the statement and the performance view read them. Units are the token's
 * `balanceOf`, income is what the distributor paid out (the stablecoin's balance change), proceeds what the buyer paid.
 * Holder votes (issue 19): a proposal of the token's governor, its tallies and outcome as the governor records them.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  erc20Abi,
  identityRegistryAbi,
  propertyGovernorAbi,
  propertyTokenAbi,
  rentDistributorAbi,
} from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { keccak256, toHex, zeroAddress, type Abi, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { verifiedProperty } from "../../test/support/fixtures.ts";
import { createChainClient } from "../chain/index.ts";
import { ChainSync } from "../chain/sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../chain/testing/anvil.ts";
import { deployTestPlatform } from "../chain/testing/platform.ts";
import { Chain, runScenario, USD } from "../chain/testing/scenario.ts";
import { myPerformance } from "../portfolio/performance.ts";
import { createStorage } from "../storage/storage-factory.ts";
import { csvRecords } from "./csv-read.ts";
import { monthPeriod, yearPeriod } from "./periods.ts";
import { textOf } from "./pdf-text.ts";
import { generateStatement, regenerate, renderStatement } from "./service.ts";

describe("16 a statement's figures match the chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let manager: TestUser, officer: TestUser;
  let investors: TestUser[];
  let token: `0x${string}`;
  let aliceRent: bigint;
  let chain: Chain;
  let sync: ChainSync;
  let agent: ReturnType<typeof privateKeyToAccount>;

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
    chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    const { property } = await verifiedProperty(t, manager, officer);
    agent = privateKeyToAccount(TEST_KEYS[1]);
    const actors = {
      admin: privateKeyToAccount(TEST_KEYS[0]),
      agent,
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
    sync = new ChainSync({
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

  it("19 holder votes: opened in the month with the wallet's vote, decided in the next month's statement", async () => {
    const [alice, bob, carol] = investors as [TestUser, TestUser, TestUser];
    const governor = await chain.launchGovernor(manager.account, token, {
      votingPeriod: 86_400,
      quorumBps: 3_000,
      approvalBps: 6_000,
      proposerThreshold: 0n,
    });
    const send = (who: { account: ReturnType<typeof privateKeyToAccount> }, fn: string, args: unknown[]) =>
      chain.send(who.account, governor, propertyGovernorAbi as Abi, fn, args);
    // Carol votes from a second wallet of her identity: her statement shows her identity's vote.
    const second = { account: privateKeyToAccount(generatePrivateKey()) };
    await chain.fund(second.account);
    const expiry = Number(await chain.now()) + 365 * 86_400;
    await chain.send(
      agent,
      chain.platform.address("IdentityRegistry"),
      identityRegistryAbi as Abi,
      "registerIdentity",
      [second.account.address, carol.account.address, 250, expiry, false],
    );
    // A sale at no less than 120 USD; Alice (31 units) and Carol's identity (29) for, Bob (40) does not vote.
    await send(manager, "propose", [0, 120n * USD, zeroAddress, keccak256(toHex("Sale of the building"))]);
    await send(alice, "castVote", [1n, 1]);
    await send(second, "castVote", [1n, 1]);
    const opened = new Date(Number(await chain.now()) * 1000);
    const month = monthPeriod(opened.getUTCFullYear(), opened.getUTCMonth() + 1);
    const nextStart = month.end;
    const next = monthPeriod(nextStart.getUTCFullYear(), nextStart.getUTCMonth() + 1);
    // Finalized in the next month, an hour after the later of the month's end and the vote's (opened on the month's
    // last day, the vote ends in the next): the first month's statement must still show it open.
    const closes = Math.max(month.end.getTime(), opened.getTime() + 86_400_000);
    await chain.advance(Math.ceil((closes - opened.getTime()) / 1000) + 3_600);
    await send(bob, "finalize", [1n]);
    for (let i = 0; i < 3; i++) await sync.catchUp();
    const p = await client.readContract({
      address: governor,
      abi: propertyGovernorAbi,
      functionName: "proposal",
      args: [1n],
    });
    const state = await client.readContract({
      address: governor,
      abi: propertyGovernorAbi,
      functionName: "state",
      args: [1n],
    });
    assert.equal(state, 2, "approved on chain");
    assert.deepEqual([p.forVotes, p.againstVotes, p.abstainVotes], [60n, 0n, 0n]);
    const day = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

    const chainId = t.config.siwe.chainId;
    const first = await renderStatement(t.db, chainId, alice, month);
    assert.deepEqual(first.content.votes, [
      {
        property: first.content.holdings[0]!.property,
        symbol: first.content.holdings[0]!.symbol,
        token: token,
        currency: first.content.holdings[0]!.currency,
        // The proposal's amount is in the token's payment coin (85faef2), not the property's currency.
        coin: "tUSD",
        proposalId: "1",
        kind: "sale",
        amount: 120n * USD,
        openedOn: day(p.startTime),
        endsOn: day(p.endTime),
        result: null,
        ownVote: "for",
        ownWeight: 31n,
      },
    ]);
    const again = await renderStatement(t.db, chainId, alice, month);
    assert.deepEqual([again.pdf, again.csv], [first.pdf, first.csv], "same content, same bytes");
    const firstCsv = csvRecords(first.csv.toString("utf8")).filter((r) => r["section"] === "vote");
    assert.deepEqual(
      firstCsv.map((r) => [r["key"], r["value"], r["amount"], r["units"], r["own_vote"], r["result"]]),
      [["1", "sale", `${120n * USD}`, "31", "for", "open"]],
    );
    const firstText = await textOf(first.pdf);
    assert.match(firstText, /Holder votes/);
    assert.ok(firstText.includes("Sale (minimum 120.00 tUSD)"), firstText);
    assert.match(firstText, /Open +For \(31\)/, "open, no tallies, and the wallet's vote");

    const decided = await renderStatement(t.db, chainId, carol, next);
    assert.deepEqual(
      decided.content.votes.map((v) => [v.proposalId, v.result, v.ownVote, v.ownWeight]),
      [["1", { approved: true, for: 60n, against: 0n, abstain: 0n }, "for", 29n]],
    );
    const decidedCsv = csvRecords(decided.csv.toString("utf8")).filter((r) => r["section"] === "vote");
    assert.deepEqual(
      decidedCsv.map((r) => [
        r["key"],
        r["result"],
        r["votes_for"],
        r["votes_against"],
        r["votes_abstain"],
        r["own_vote"],
        r["units"],
      ]),
      [["1", "approved", "60", "0", "0", "for", "29"]],
    );
    assert.match(await textOf(decided.pdf), /Approved +60 \/ 0 \/ 0 +For \(29\)/);
    const absent = await renderStatement(t.db, chainId, bob, next);
    assert.deepEqual(
      absent.content.votes.map((v) => [v.ownVote, v.ownWeight]),
      [["none", null]],
    );
    assert.match(await textOf(absent.pdf), /Approved +60 \/ 0 \/ 0 +Did not vote/);
    // The month after: nothing opened or decided, no section.
    const later = monthPeriod(next.end.getUTCFullYear(), next.end.getUTCMonth() + 1);
    const quiet = await renderStatement(t.db, chainId, alice, later);
    assert.deepEqual(quiet.content.votes, []);
    assert.doesNotMatch(await textOf(quiet.pdf), /Holder votes/);
  });
});
