/**
 * Capital returned by a refinance (issue 19) through the sync and the read models, on a real node with the platform
 * the deploy engine deploys: the exit deposits it through the rent distributor (`CapitalDeposited`, no fee) and the
 * holders claim it with their rent (`RentClaimed`, one accumulator on chain). The portfolio's claimable must equal
 * the distributor's `claimableOf` for every holder, never below zero; the distribution history counts the capital;
 * the ledger shows it as capital returned, not rent. Then a seeded sequence of rent deposits (with a rent fee),
 * transfers and claims around the capital deposit keeps the portfolio equal to the chain for every holder.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  platformFeesAbi,
  propertyExitAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  rentDistributorAbi,
} from "@freehold/deployments/abi";
import { getAddress, keccak256, toHex, zeroAddress, type Abi, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { freshDatabase } from "../../../test/support/harness.ts";
import { createDb, type Db } from "../../db/client.ts";
import { walletLedger } from "../../portfolio/ledger.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { actors, Chain, statementHashOf, USD, type Actors } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";
import { distributionHistory, portfolio } from "./read-models.ts";

const CHAIN_ID = 31337;
const REFINANCE = 1;
const FOR = 1;
const RENT_KIND = 1;
const RENT_FEE_BPS = 150;
const TERMS = { votingPeriod: 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 0n };
/** 100,000 USDC returned, plus 3 base units: not a multiple of the supply, so dust is carried. */
const CAPITAL = 100_000n * USD + 3n;

describe("19 capital returned by a refinance: synced, counted apart from rent, claimable as on chain", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let people: Actors;
  let db: Db;
  let pool: pg.Pool;
  let sync: ChainSync;
  let token: `0x${string}`;
  let governor: `0x${string}`;
  let exit: `0x${string}`;
  let alice: PrivateKeyAccount, bob: PrivateKeyAccount, carol: PrivateKeyAccount;
  let distributor: `0x${string}`;
  let statements = 0;

  const claimableOf = (holder: string): Promise<bigint> =>
    client.readContract({
      address: distributor,
      abi: rentDistributorAbi,
      functionName: "claimableOf",
      args: [token, getAddress(holder)],
    });
  const rentRow = async (holder: string) =>
    (await portfolio(pool, CHAIN_ID, holder)).rent.find((r) => r.token === getAddress(token));
  const depositRent = async (amount: bigint): Promise<void> => {
    await chain.mintAndApprove(people.manager, amount, distributor);
    await chain.send(people.manager, distributor, rentDistributorAbi as Abi, "deposit", [
      token,
      amount,
      statementHashOf(`Capital Row 1, period ${++statements}`),
    ]);
  };
  const claim = (who: PrivateKeyAccount) => chain.send(who, distributor, rentDistributorAbi as Abi, "claim", [token]);
  /** Every holder's portfolio claimable equals the distributor's claimableOf, and is never negative. */
  const assertClaimableAsOnChain = async (label: string): Promise<void> => {
    await sync.catchUp();
    for (const who of [alice, bob, carol]) {
      const onChain = await claimableOf(who.address);
      const row = await rentRow(who.address);
      assert.ok(!row || !row.claimable.startsWith("-"), `${label}: a negative claimable for ${who.address}`);
      assert.equal(BigInt(row?.claimable ?? "0"), onChain, `${label}: claimable of ${who.address}`);
    }
  };

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(3);
    [alice, bob, carol] = people.investors as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount];
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    distributor = platform.address("RentDistributor");
    for (const who of [...people.investors, people.manager]) await chain.fund(who);
    ({ token } = await (async () => {
      const launched = await chain.launch(people.manager, "Capital Row 1", 100n);
      await chain.register(
        people.agent,
        people.investors.map((i) => i.address),
      );
      await chain.advance(10);
      // Alice holds 10 %, as in the review's example.
      for (const [who, units] of [
        [alice, 10n],
        [bob, 60n],
        [carol, 30n],
      ] as const) {
        await chain.mintAndApprove(who, units * USD, launched.offering);
        await chain.send(who, launched.offering, propertyOfferingAbi as Abi, "subscribe", [units]);
      }
      await chain.send(people.manager, launched.offering, propertyOfferingAbi as Abi, "finalize", []);
      for (const who of [alice, bob, carol])
        await chain.send(who, launched.offering, propertyOfferingAbi as Abi, "claim", []);
      return launched;
    })());
    governor = await chain.launchGovernor(people.manager, token, TERMS);
    await chain.send(people.manager, governor, propertyGovernorAbi as Abi, "propose", [
      REFINANCE,
      CAPITAL,
      zeroAddress,
      keccak256(toHex("Refinance Capital Row 1: return 100,000 USDC")),
    ]);
    for (const who of [alice, bob, carol])
      await chain.send(who, governor, propertyGovernorAbi as Abi, "castVote", [1n, FOR]);
    await chain.advance(TERMS.votingPeriod + 1);
    await chain.send(people.manager, governor, propertyGovernorAbi as Abi, "finalize", [1n]);
    exit = await chain.launchExit(people.manager, token);

    const url = await freshDatabase();
    db = createDb(url, 4);
    pool = new pg.Pool({ connectionString: url, max: 2 });
    sync = new ChainSync({
      db,
      pool,
      client,
      chainId: CHAIN_ID,
      record: platform.record,
      confirmations: 1,
      blockRange: 50,
    });
  });

  after(async () => {
    await pool?.end();
    await db?.$disconnect();
    await anvil?.stop();
  });

  it("a capital deposit: claimable as on chain, claimed to zero (never negative), counted in the history", async () => {
    await depositRent(1_000n * USD + 7n);
    await chain.mintAndApprove(people.manager, CAPITAL, exit);
    await chain.send(people.manager, exit, propertyExitAbi as Abi, "depositCapital", [1n, CAPITAL]);
    await assertClaimableAsOnChain("after the capital deposit");
    assert.equal(BigInt((await rentRow(alice.address))!.claimable), 10_100n * USD, "10 % of rent and capital");

    await claim(alice);
    await assertClaimableAsOnChain("after alice's claim");
    const row = await rentRow(alice.address);
    assert.deepEqual(
      [row?.claimed, row?.claimable, row?.capitalClaimed, row?.capitalClaimable],
      [(10_100n * USD).toString(), "0", (10_000n * USD).toString(), "0"],
    );
    const bobs = await rentRow(bob.address);
    assert.deepEqual([bobs?.capitalClaimed, bobs?.capitalClaimable], ["0", (60_000n * USD).toString()]);

    const history = await distributionHistory(db, CHAIN_ID, token);
    assert.deepEqual(
      history.deposits.map((d) => [d.kind, d.amount]),
      [
        ["RENT", (1_000n * USD + 7n).toString()],
        ["CAPITAL", CAPITAL.toString()],
      ],
    );
    assert.equal(history.totalDeposited, (1_000n * USD + 7n + CAPITAL).toString());
    assert.equal(history.totalClaimed, (10_100n * USD).toString());
    assert.ok(BigInt(history.totalClaimed) <= BigInt(history.totalDeposited));
  });

  it("the ledger splits a claim into capital returned and rent, as the contract accrued them", async () => {
    const lines = (await walletLedger(db, CHAIN_ID, alice.address))
      .filter((e) => e.kind === "RENT_CLAIMED" || e.kind === "CAPITAL_RETURNED")
      .map((e) => [e.kind, e.amount]);
    assert.deepEqual(lines, [
      ["CAPITAL_RETURNED", 10_000n * USD],
      ["RENT_CLAIMED", 100n * USD],
    ]);
  });

  it("a seeded sequence of rent deposits (with a rent fee), transfers and claims keeps every claimable as on chain", async () => {
    // A rent fee of 1.5 % (an increase takes effect 12 weeks after its announcement): only the net is distributed.
    await chain.send(
      privateKeyToAccount(TEST_KEYS[0]),
      platform.address("PlatformFees"),
      platformFeesAbi as Abi,
      "announceIncrease",
      [RENT_KIND, RENT_FEE_BPS],
    );
    await chain.advance(12 * 7 * 86_400 + 1);
    let seed = 20_261_219;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const holders = [alice, bob, carol];
    for (let step = 0; step < 10; step++) {
      const op = next(3);
      if (op === 0) await depositRent(BigInt(1 + next(5_000)) * USD + BigInt(next(100)));
      else if (op === 1) {
        const from = holders[next(3)]!;
        const balance = (await client.readContract({
          address: token,
          abi: propertyTokenAbi,
          functionName: "balanceOf",
          args: [from.address],
        })) as bigint;
        const to = holders.filter((h) => h !== from)[next(2)]!;
        if (balance > 0n)
          await chain.send(from, token, propertyTokenAbi as Abi, "transfer", [
            to.address,
            1n + BigInt(next(Number(balance))),
          ]);
      } else {
        const who = holders[next(3)]!;
        if ((await claimableOf(who.address)) > 0n) await claim(who);
      }
      await assertClaimableAsOnChain(`step ${step} (op ${op})`);
    }
    const fees = await db.chainEvent.count({ where: { token: getAddress(token), name: "RentFeeCharged" } });
    assert.ok(fees > 0, "the sequence deposited rent under the rent fee");
    const history = await distributionHistory(db, CHAIN_ID, token);
    const [distributed, claimed] = await client.readContract({
      address: distributor,
      abi: rentDistributorAbi,
      functionName: "totalsOf",
      args: [token],
    });
    assert.equal(BigInt(history.totalClaimed), claimed, "claimed as the distributor counts it");
    assert.ok(BigInt(history.totalDeposited) >= distributed);
  });
});
