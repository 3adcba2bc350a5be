/**
 * The exit (issue 19) through the sync, the API, the money views and the relayer, on a real node with the platform the
 * deploy engine deploys: a verified property launched under its id, subscribed by two investors, finalized; its
 * governor; a sale proposed by the manager and approved by the holders; the exit made by the factory (ExitLaunched),
 * the proceeds deposited (an exit fee of 2 %), the two holders redeeming (one through the relayer, gasless). Every
 * figure is checked against the exit's own views (`closing`, `payoutOf`); the property moves FUNDED -> EXITED and a
 * reorganisation of the deposit moves it back.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  platformFeesAbi,
  propertyExitAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  propertyTokenFactoryAbi,
  rentDistributorAbi,
} from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { RELAYER } from "@freehold/dev-kit/accounts";
import { setBalance } from "@freehold/dev-kit/chain";
import { xirr } from "@freehold/finance";
import {
  encodeFunctionData,
  getAddress,
  keccak256,
  toHex,
  zeroAddress,
  type Abi,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, createProperty, verifiedProperty } from "../../test/support/fixtures.ts";
import { feeRevenue } from "../fees/service.ts";
import { createRelayer } from "../relayer/index.ts";
import type { Relayer } from "../relayer/relayer.ts";
import { loadChainConfig } from "./config.ts";
import { createChainClient } from "./index.ts";
import { ChainSync } from "./sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "./testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "./testing/platform.ts";
import { signForwardRequest } from "./testing/forward-request.ts";
import { Chain, statementHashOf, USD } from "./testing/scenario.ts";

const CHAIN_ID = 31337;
const EXIT_KIND = 3;
const EXIT_FEE_BPS = 200;
const SALE = 0;
const FOR = 1;
const TERMS = { votingPeriod: 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 0n };
const MINIMUM_PRICE = 100n * USD;
/** Gross proceeds: not a multiple of the supply, so the payouts round down. */
const GROSS = 110n * USD + 7n;

interface ExitBody {
  propertyId: string;
  token: string | null;
  exit: null | {
    address: string;
    governor: string;
    paymentToken: string;
    sale: null | {
      proposalId: string;
      depositor: string;
      amount: string;
      fee: string;
      collector: string;
      proceeds: string;
      supplyAtClose: string;
      blockTime: string;
      txHash: string;
    };
    paidOut: string;
    unitsRedeemed: string;
    redemptions: { holder: string; to: string; units: string; payout: string; blockTime: string; txHash: string }[];
    capitalReturns: unknown[];
  };
}

interface PositionBody {
  token: string;
  units: string;
  realizedProceeds: string;
  unredeemed: string | null;
  irr: number | null;
}

describe("19 the exit: synced, shown, counted, relayed", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let t: TestContext;
  let relayer: Relayer;
  let pool: pg.Pool;
  let sync: ChainSync;
  let manager: TestUser, officer: TestUser, alice: TestUser, bob: TestUser;
  let propertyId: string;
  let token: `0x${string}`;
  let offering: `0x${string}`;
  let governor: `0x${string}`;
  let exit: `0x${string}`;
  const admin = privateKeyToAccount(TEST_KEYS[0]);
  const agent = privateKeyToAccount(TEST_KEYS[1]);

  const exitView = async (user: TestUser = officer): Promise<ExitBody> => {
    const res = await t.as(user).get(`${API}/chain/properties/${propertyId}/exit`);
    assert.equal(res.status, 200, res.text);
    return res.body as ExitBody;
  };
  const status = async (): Promise<string> => (await t.anonymous.get(`${API}/properties/${propertyId}`)).body.status;
  const closing = () => client.readContract({ address: exit, abi: propertyExitAbi, functionName: "closing" });
  const position = async (user: TestUser): Promise<PositionBody> => {
    const res = await t.as(user).get(`${API}/me/performance`);
    assert.equal(res.status, 200, res.text);
    const found = (res.body.positions as PositionBody[]).find((p) => p.token === getAddress(token));
    assert.ok(found, "a position in the property's token");
    return found;
  };
  const inbox = async (user: TestUser, event: string): Promise<Record<string, unknown>[]> =>
    (
      await t.db.notification.findMany({
        where: { userId: user.id, event: event as never },
        orderBy: { createdAt: "asc" },
      })
    ).map((n) => n.data as Record<string, unknown>);
  const timeOf = async (hash: Hex): Promise<Date> => {
    const receipt = await client.getTransactionReceipt({ hash });
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    return new Date(Number(block.timestamp) * 1000);
  };

  const signed = (signer: PrivateKeyAccount, to: `0x${string}`, data: Hex) =>
    signForwardRequest(chain, signer, to, data, { gas: 400_000n });

  async function settled(user: TestUser, id: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      await relayer.tick();
      const res = await t.as(user).get(`${API}/relay/${id}`);
      assert.equal(res.status, 200, res.text);
      if (res.body.status !== "SUBMITTED") return res.body.status as string;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`relay request ${id} never settled`);
  }

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    platform = await deployTestPlatform(anvil.url, { complianceAgent: agent.address });
    chain = new Chain(anvil, client, platform);
    await setBalance(anvil, RELAYER.address, 10n ** 20n);
    const config = loadChainConfig({
      CHAIN_RPC_URL: anvil.url,
      CHAIN_ID: String(CHAIN_ID),
      CHAIN_CONFIRMATIONS: "1",
      CHAIN_DEPLOYMENTS_DIR: platform.recordDir,
      RELAYER_KEY: RELAYER.key,
      RELAYER_DAILY_GAS: "5000000",
      RELAYER_REQUESTS_PER_MINUTE: "10000",
    })!;
    t = await createTestContext({}, { relayer: (db) => (relayer = createRelayer({ db, config, client })!) });
    [manager, officer, alice, bob] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    for (const a of [manager, alice, bob]) await chain.fund(a.account);
    const factory = platform.address("PropertyTokenFactory");
    const role = await client.readContract({
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "PROPERTY_MANAGER_ROLE",
    });
    await chain.send(admin, factory, propertyTokenFactoryAbi as Abi, "grantRole", [role, manager.address]);
    // An exit fee of 2 %: an increase takes effect 12 weeks after its announcement (the holding period below).
    await chain.send(admin, platform.address("PlatformFees"), platformFeesAbi as Abi, "announceIncrease", [
      EXIT_KIND,
      EXIT_FEE_BPS,
    ]);
    await chain.register(agent, [alice.address as `0x${string}`, bob.address as `0x${string}`]);
    propertyId = (await verifiedProperty(t, manager, officer)).property.id;
    ({ token, offering } = await chain.launch(manager.account, "Exit Lane 1", 100n, propertyIdToBytes32(propertyId)));
    await chain.advance(10);
    for (const [who, units] of [
      [alice, 60n],
      [bob, 40n],
    ] as const) {
      await chain.mintAndApprove(who.account, units * USD, offering);
      await chain.send(who.account, offering, propertyOfferingAbi as Abi, "subscribe", [units]);
    }
    await chain.send(manager.account, offering, propertyOfferingAbi as Abi, "finalize", []);
    for (const who of [alice, bob]) await chain.send(who.account, offering, propertyOfferingAbi as Abi, "claim", []);
    // Rent before the sale: bob claims his, a cash flow of his return.
    const distributor = platform.address("RentDistributor");
    await chain.mintAndApprove(manager.account, 10n * USD, distributor);
    await chain.send(manager.account, distributor, rentDistributorAbi as Abi, "deposit", [
      token,
      10n * USD,
      statementHashOf("Exit Lane 1, before the sale"),
    ]);
    await chain.send(bob.account, distributor, rentDistributorAbi as Abi, "claim", [token]);
    await chain.advance(85 * 86_400);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: CHAIN_ID,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
    await sync.catchUp();
  });
  after(async () => {
    await pool?.end();
    await t?.close();
    await anvil?.stop();
  });

  it("19 before an exit: the property answers exit null, and is FUNDED", async () => {
    assert.equal(await status(), "FUNDED");
    assert.deepEqual(await exitView(alice), { propertyId, token: getAddress(token), exit: null });
  });

  it("19 a sale approved by the holders: votes opened and decided are told to the holders", async () => {
    governor = await chain.launchGovernor(manager.account, token, TERMS);
    await chain.send(manager.account, governor, propertyGovernorAbi as Abi, "propose", [
      SALE,
      MINIMUM_PRICE,
      zeroAddress,
      keccak256(toHex("Sell Exit Lane 1 to the highest bidder")),
    ]);
    for (const who of [alice, bob])
      await chain.send(who.account, governor, propertyGovernorAbi as Abi, "castVote", [1n, FOR]);
    await chain.advance(TERMS.votingPeriod + 1);
    await chain.send(manager.account, governor, propertyGovernorAbi as Abi, "finalize", [1n]);
    await sync.catchUp();
    for (const who of [alice, bob]) {
      const opened = await inbox(who, "VOTE_OPENED");
      assert.equal(opened.length, 1, "one vote opened");
      assert.deepEqual([opened[0]!["propertyId"], opened[0]!["proposalKind"]], [propertyId, "sale"]);
      const decided = await inbox(who, "VOTE_DECIDED");
      assert.deepEqual(
        decided.map((n) => [n["proposalKind"], n["approved"]]),
        [["sale", true]],
      );
    }
    assert.equal((await inbox(manager, "VOTE_OPENED")).length, 0, "the manager holds no units");
  });

  it("19 follows the exit from its ExitLaunched event; a relayed redeem before the sync is refused", async () => {
    exit = await chain.launchExit(manager.account, token);

    const redeem = encodeFunctionData({ abi: propertyExitAbi, functionName: "redeem" });
    const early = await t.as(bob).post(`${API}/relay`, await signed(bob.account, exit, redeem));
    assert.equal(early.status, 422, early.text);
    assert.equal(early.body.rule, "relay-not-allowed");
    assert.match(early.body.detail, /not a Freehold contract/, "an exit the sync has not stored is unknown");

    await sync.catchUp();
    const row = await t.db.chainContract.findUnique({
      where: { chainId_address: { chainId: CHAIN_ID, address: getAddress(exit) } },
    });
    const tokenRow = await t.db.chainContract.findUnique({
      where: { chainId_address: { chainId: CHAIN_ID, address: getAddress(token) } },
    });
    assert.ok(row, "the exit is followed");
    assert.deepEqual(
      [row.kind, row.token, row.propertyId, row.discoveredBlock === row.fromBlock],
      ["PropertyExit", getAddress(token), tokenRow!.propertyId, true],
    );
    const exitSet = await t.db.chainEvent.findMany({ where: { address: getAddress(token), name: "ExitSet" } });
    assert.equal(exitSet.length, 1, "the token's ExitSet is stored by name");
    const view = await exitView(bob);
    assert.deepEqual(view.exit, {
      address: getAddress(exit),
      governor: getAddress(governor),
      paymentToken: platform.address("TestStablecoin"),
      sale: null,
      paidOut: "0",
      unitsRedeemed: "0",
      redemptions: [],
      capitalReturns: [],
    });
    assert.equal(await status(), "FUNDED", "an exit without a sale changes nothing");
  });

  const deposit = async (): Promise<Hex> => {
    await chain.mintAndApprove(manager.account, GROSS, exit);
    return chain.send(manager.account, exit, propertyExitAbi as Abi, "depositProceeds", [1n, GROSS]);
  };

  it("19 the proceeds deposited: the sale as the exit records it, EXITED, the exit fee as revenue, holders told", async () => {
    const hash = await deposit();
    await sync.catchUp();
    const [proposalId, proceeds, supplyAtClose, paidOut] = await closing();
    const fee = (GROSS * BigInt(EXIT_FEE_BPS)) / 10_000n;
    const { exit: view } = await exitView(alice);
    assert.ok(view?.sale);
    assert.deepEqual(
      {
        proposalId: view.sale.proposalId,
        amount: view.sale.amount,
        fee: view.sale.fee,
        proceeds: view.sale.proceeds,
        supplyAtClose: view.sale.supplyAtClose,
        depositor: view.sale.depositor,
        txHash: view.sale.txHash,
        paidOut: view.paidOut,
      },
      {
        proposalId: String(proposalId),
        amount: String(GROSS),
        fee: String(fee),
        proceeds: String(proceeds),
        supplyAtClose: String(supplyAtClose),
        depositor: getAddress(manager.address),
        txHash: hash,
        paidOut: String(paidOut),
      },
    );
    assert.equal(proceeds, GROSS - fee, "proceeds = amount - fee");
    assert.equal(view.sale.blockTime, (await timeOf(hash)).toISOString());
    assert.equal(
      await t.db.chainEvent.count({ where: { address: getAddress(token), name: "Closed" } }),
      1,
      "the token's Closed is stored by name",
    );

    assert.equal(await status(), "EXITED");
    const history = (await t.as(officer).get(`${API}/properties/${propertyId}/history`)).body as {
      from: string;
      to: string;
      actorId: string | null;
      reason: string;
    }[];
    const last = history.at(-1)!;
    assert.deepEqual([last.from, last.to, last.actorId], ["FUNDED", "EXITED", null]);
    assert.match(last.reason, /sale proceeds deposited/);
    const listed = await t.anonymous.get(`${API}/properties?status=EXITED`);
    assert.equal(listed.status, 200, listed.text);
    assert.ok(
      (listed.body.items as { id: string }[]).some((p) => p.id === propertyId),
      "an exited property is public, like a funded one",
    );

    const revenue = await feeRevenue(pool, CHAIN_ID, {});
    const exitRevenue = revenue.properties.filter((p) => p.kind === "EXIT");
    assert.deepEqual(
      exitRevenue.map((p) => [p.propertyId, p.token, p.amount, p.paymentToken]),
      [[propertyId, getAddress(token), String(fee), platform.address("TestStablecoin")]],
    );

    for (const [who, units] of [
      [alice, 60n],
      [bob, 40n],
    ] as const) {
      const told = await inbox(who, "PROCEEDS_DEPOSITED");
      assert.equal(told.length, 1);
      const payout = await client.readContract({
        address: exit,
        abi: propertyExitAbi,
        functionName: "payoutOf",
        args: [who.account.address],
      });
      assert.deepEqual(
        [told[0]!["units"], told[0]!["amount"]],
        [String(units), (Number(payout) / 1e6).toString()],
        "its units and what they redeem for",
      );
      const p = await position(who);
      assert.deepEqual([p.units, p.realizedProceeds, p.unredeemed], [String(units), "0", String(payout)]);
    }
  });

  it("19 a reorganisation of a redemption range forgets the redemption and its notice; the deposit before the fork stands", async () => {
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await chain.send(alice.account, exit, propertyExitAbi as Abi, "redeem", []);
    await sync.catchUp();
    assert.equal((await exitView()).exit!.redemptions.length, 1);
    assert.equal((await inbox(alice, "REDEMPTION_PAID")).length, 1);
    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await chain.advance(7);
    for (let i = 0; i < 4; i++) await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    await sync.catchUp();
    assert.equal((await exitView()).exit!.redemptions.length, 0, "the orphaned redemption is gone");
    assert.equal((await inbox(alice, "REDEMPTION_PAID")).length, 0, "and its notification");
    assert.equal(await status(), "EXITED", "the deposit, before the fork, stands");
  });

  it("19 a reorganisation past the deposit: FUNDED again, no sale, no exit fee, no proceeds notice", async () => {
    // The deposit happens again in a branch that is abandoned.
    const other = await freshExit();
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await chain.mintAndApprove(manager.account, GROSS, other.exit);
    await chain.send(manager.account, other.exit, propertyExitAbi as Abi, "depositProceeds", [1n, GROSS]);
    await sync.catchUp();
    const statusOf = async () => (await t.anonymous.get(`${API}/properties/${other.propertyId}`)).body.status;
    assert.equal(await statusOf(), "EXITED");
    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await chain.advance(7);
    for (let i = 0; i < 6; i++) await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    await sync.catchUp();
    assert.equal(await statusOf(), "FUNDED", "moved back along the edge");
    const history = (await t.as(officer).get(`${API}/properties/${other.propertyId}/history`)).body as {
      from: string;
      to: string;
      reason: string;
    }[];
    assert.deepEqual([history.at(-1)!.from, history.at(-1)!.to], ["EXITED", "FUNDED"]);
    assert.match(history.at(-1)!.reason, /reorganisation: undone \(sale proceeds deposited/);
    const view = await t.as(officer).get(`${API}/chain/properties/${other.propertyId}/exit`);
    assert.equal(view.body.exit.sale, null);
    const revenue = await feeRevenue(pool, CHAIN_ID, {});
    assert.equal(
      revenue.properties.filter((p) => p.kind === "EXIT" && p.propertyId === other.propertyId).length,
      0,
      "no exit fee from the abandoned branch",
    );
  });

  it("19 launched, funded and sold within one synced range: each step recorded, the subscriber told it was funded", async () => {
    const other = await freshExit(false);
    await chain.mintAndApprove(manager.account, GROSS, other.exit);
    await chain.send(manager.account, other.exit, propertyExitAbi as Abi, "depositProceeds", [1n, GROSS]);
    await sync.catchUp();
    const history = (await t.as(officer).get(`${API}/properties/${other.propertyId}/history`)).body as {
      to: string;
      actorId: string | null;
    }[];
    assert.deepEqual(
      history.slice(-5).map((h) => [h.to, h.actorId]),
      ["TOKENIZED", "OFFERING", "CLOSED", "FUNDED", "EXITED"].map((to) => [to, null]),
    );
    const funded = await inbox(alice, "OFFERING_FUNDED");
    assert.ok(
      funded.some((d) => d["propertyId"] === other.propertyId),
      "funded on the way to EXITED",
    );
  });

  /** A second property, funded by alice alone, with an approved sale and its exit (synced unless `synced` is false). */
  async function freshExit(synced = true): Promise<{ propertyId: string; exit: `0x${string}` }> {
    const id = (await verifiedProperty(t, manager, officer)).property.id;
    const launched = await chain.launch(manager.account, "Exit Lane 2", 10n, propertyIdToBytes32(id));
    await chain.advance(10);
    await chain.mintAndApprove(alice.account, 10n * USD, launched.offering);
    await chain.send(alice.account, launched.offering, propertyOfferingAbi as Abi, "subscribe", [10n]);
    await chain.send(manager.account, launched.offering, propertyOfferingAbi as Abi, "finalize", []);
    await chain.send(alice.account, launched.offering, propertyOfferingAbi as Abi, "claim", []);
    const g = await chain.launchGovernor(manager.account, launched.token, TERMS);
    await chain.send(manager.account, g, propertyGovernorAbi as Abi, "propose", [
      SALE,
      MINIMUM_PRICE,
      zeroAddress,
      keccak256(toHex("Sell Exit Lane 2")),
    ]);
    await chain.send(alice.account, g, propertyGovernorAbi as Abi, "castVote", [1n, FOR]);
    await chain.advance(TERMS.votingPeriod + 1);
    const exit = await chain.launchExit(manager.account, launched.token);
    if (synced) await sync.catchUp();
    return { propertyId: id, exit };
  }

  it("19 two holders redeem, one through the relayer: payouts as the exit pays them, realized proceeds and the final return", async () => {
    const payoutOf = (who: TestUser) =>
      client.readContract({
        address: exit,
        abi: propertyExitAbi,
        functionName: "payoutOf",
        args: [who.account.address],
      });
    const alicePayout = await payoutOf(alice);
    const bobPayout = await payoutOf(bob);
    const aliceHash = await chain.send(alice.account, exit, propertyExitAbi as Abi, "redeem", []);

    const redeem = encodeFunctionData({ abi: propertyExitAbi, functionName: "redeem" });
    const relayed = await t.as(bob).post(`${API}/relay`, await signed(bob.account, exit, redeem));
    assert.equal(relayed.status, 202, relayed.text);
    assert.equal(await settled(bob, relayed.body.id), "CONFIRMED");
    const bobHash = relayed.body.txHash as Hex;
    const outsider = await t.user("INVESTOR");
    const refused = await t.as(outsider).post(`${API}/relay`, await signed(outsider.account, exit, redeem));
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "relay-would-revert", "a wallet without units: the simulation refuses");

    await sync.catchUp();
    const { exit: view } = await exitView(manager);
    const [, , , paidOut] = await closing();
    assert.equal(view!.paidOut, String(paidOut));
    assert.equal(paidOut, alicePayout + bobPayout);
    assert.deepEqual(
      view!.redemptions.map((r) => [r.holder, r.to, r.units, r.payout, r.txHash]),
      [
        [getAddress(alice.address), getAddress(alice.address), "60", String(alicePayout), aliceHash],
        [getAddress(bob.address), getAddress(bob.address), "40", String(bobPayout), bobHash],
      ],
    );
    assert.equal(view!.unitsRedeemed, "100");
    // Who redeemed how much is a cap-table fact (the cap table is the manager's, officers' and admins'): a holder
    // sees only its own redemptions, another investor none; the totals stay visible, like an offering's progress.
    const own = (await exitView(bob)).exit!;
    assert.deepEqual(
      own.redemptions.map((r) => r.holder),
      [getAddress(bob.address)],
    );
    assert.deepEqual([own.paidOut, own.unitsRedeemed], [String(paidOut), "100"]);
    assert.deepEqual((await exitView(outsider)).exit!.redemptions, []);
    assert.equal((await exitView(officer)).exit!.redemptions.length, 2);
    for (const [who, payout] of [
      [alice, alicePayout],
      [bob, bobPayout],
    ] as const) {
      const paid = await inbox(who, "REDEMPTION_PAID");
      assert.deepEqual(
        paid.map((n) => [n["units"], n["amount"]]),
        [[who === alice ? "60" : "40", (Number(payout) / 1e6).toString()]],
      );
    }

    // Alice: paid 60 USD at her subscription, got her payout at her redemption.
    const subscribed = await t.db.chainEvent.findFirst({
      where: { address: getAddress(offering), name: "Subscribed", args: { path: ["investor"], equals: alice.address } },
    });
    const a = await position(alice);
    assert.deepEqual([a.units, a.realizedProceeds, a.unredeemed], ["0", String(alicePayout), "0"]);
    const expected = xirr([
      { at: subscribed!.blockTime, amount: -60n * USD },
      { at: await timeOf(aliceHash), amount: alicePayout },
    ]);
    assert.ok(expected !== null && a.irr !== null && Math.abs(a.irr - expected) < 1e-9, `IRR ${a.irr} vs ${expected}`);
    const b = await position(bob);
    assert.deepEqual([b.units, b.realizedProceeds, b.unredeemed], ["0", String(bobPayout), "0"]);
    assert.ok(b.irr !== null && b.irr > (a.irr ?? 0), "bob's rent adds to his return");
  });

  it("19 the exit route: signed-in callers who see the property; 401 anonymous, 404 invisible or unknown, 400 malformed", async () => {
    assert.equal((await t.anonymous.get(`${API}/chain/properties/${propertyId}/exit`)).status, 401);
    const draft = (await createProperty(t, manager)).id;
    const otherManager = await t.user("PROPERTY_MANAGER");
    for (const who of [otherManager, alice])
      assert.equal((await t.as(who).get(`${API}/chain/properties/${draft}/exit`)).status, 404, "a draft is invisible");
    assert.equal(
      (await t.as(officer).get(`${API}/chain/properties/00000000-0000-4000-8000-000000000000/exit`)).status,
      404,
    );
    assert.equal((await t.as(officer).get(`${API}/chain/properties/not-a-uuid/exit`)).status, 400);
    for (const who of [manager, officer, t.admin, alice, otherManager])
      assert.equal((await t.as(who).get(`${API}/chain/properties/${propertyId}/exit`)).status, 200);
    const none = await t.as(manager).get(`${API}/chain/properties/${draft}/exit`);
    assert.deepEqual(none.body, { propertyId: draft, token: null, exit: null });
  });
});
