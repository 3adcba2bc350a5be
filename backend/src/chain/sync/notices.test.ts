/**
 * Issue 16.4: what the chain tells people, written by the chain sync in the range's transaction. Against a real
 * node (anvil), the deployed platform, the API and PostgreSQL, one property's life synced step by step: followers
 * told the offering opened, subscribers that it funded and their units are claimable, holders at the deposit that
 * rent is claimable (amount and the closed period's month), the seller and the buyer of a fill; a failed offering's
 * subscribers that a refund is available. Exactly one row per recipient, email only to a verified address with the
 * preference on, a wallet with no user gets nothing, a replayed range adds nothing, a reorganisation deletes what the
 * orphaned blocks produced (and their queued emails).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import {
  propertyExitAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  rentDistributorAbi,
  settlementAbi,
} from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { keccak256, toHex, zeroAddress, zeroHash, type Abi, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API, verifiedProperty } from "../../../test/support/fixtures.ts";
import type { NotificationEvent } from "../../generated/prisma/enums.ts";
import { emailOff, inboxOf, verifiedEmail } from "../../notifications/notifications.fixtures.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { Chain, statementHashOf, USD } from "../testing/scenario.ts";
import { notifyOfferingsClosingSoon } from "../../jobs/offering-closing-soon.ts";
import { idempotencyKey, ifMatch, submission } from "../../kyc/kyc.fixtures.ts";
import { renderNotificationEmail } from "../../notifications/templates.ts";
import { ChainSync } from "./chain-sync.ts";

describe("16.4 the chain sync notifies", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let platform: DeployedPlatform;
  let chain: Chain;
  let sync: ChainSync;
  let manager: TestUser, officer: TestUser, alice: TestUser, bob: TestUser, follower: TestUser;
  /** An investor wallet that no user signed in with. */
  let stranger: PrivateKeyAccount;
  let propertyId: string;
  let token: `0x${string}`;
  let offering: `0x${string}`;

  const everyone = () => [manager, officer, alice, bob, follower];
  /** Every notification of the test's users, by user and event. */
  const snapshot = async () =>
    JSON.stringify(await Promise.all(everyone().map(async (u) => [u.id, await inboxOf(t, u.id)])));
  const events = async (u: TestUser, event: NotificationEvent) => inboxOf(t, u.id, event);

  const newSync = (blockRange: number) =>
    new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange,
    });
  const subscribe = async (investor: PrivateKeyAccount, units: bigint, to = offering): Promise<void> => {
    await chain.mintAndApprove(investor, units * USD, to);
    await chain.send(investor, to, propertyOfferingAbi as Abi, "subscribe", [units]);
  };
  const deposit = async (amount: bigint, statement: `0x${string}`): Promise<void> => {
    const distributor = platform.address("RentDistributor");
    await chain.mintAndApprove(manager.account, amount, distributor);
    await chain.send(manager.account, distributor, rentDistributorAbi as Abi, "deposit", [token, amount, statement]);
  };

  before(async () => {
    t = await createTestContext();
    [manager, officer, alice, bob, follower] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    stranger = privateKeyToAccount(generatePrivateKey());
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const agent = privateKeyToAccount(TEST_KEYS[1]);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: agent.address,
      propertyManagers: [manager.address],
    });
    chain = new Chain(anvil, client, platform);
    for (const a of [manager.account, alice.account, bob.account, stranger]) await chain.fund(a);
    await chain.register(agent, [alice.address, bob.address, stranger.address] as `0x${string}`[]);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    sync = newSync(1_000);
    // Alice reads email; Bob too, but not for rent; the follower has no address.
    await verifiedEmail(t, alice);
    await verifiedEmail(t, bob);
    await emailOff(t, bob, "RENT_CLAIMABLE");
    ({
      property: { id: propertyId },
    } = await verifiedProperty(t, manager, officer));
    assert.equal((await t.as(follower).put(`${API}/me/followed-properties/${propertyId}`)).status, 204);
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("launched, not open yet: nobody is told", async () => {
    ({ token, offering } = await chain.launch(manager.account, "Harbour", 100n, propertyIdToBytes32(propertyId)));
    await sync.catchUp();
    for (const u of everyone()) assert.deepEqual(await inboxOf(t, u.id), []);
  });

  it("the offering opens: each follower once (in-app; no email without an address)", async () => {
    await chain.advance(10);
    await sync.catchUp();
    const opened = await events(follower, "OFFERING_OPENED");
    assert.deepEqual(
      opened.map((n) => [n.data, n.email]),
      [[{ propertyId, propertyName: "Harbour View Apartments" }, false]],
    );
    assert.deepEqual(await events(alice, "OFFERING_OPENED"), [], "only followers");
  });

  it("the hard cap is reached: each subscriber with a user is told it funded, once", async () => {
    await subscribe(alice.account, 40n);
    await subscribe(bob.account, 35n);
    await subscribe(stranger, 25n);
    await sync.catchUp();
    for (const u of [alice, bob]) assert.equal((await events(u, "OFFERING_FUNDED")).length, 1);
    assert.equal((await events(alice, "OFFERING_FUNDED"))[0]!.email, true, "verified, preference on");
    assert.equal((await events(follower, "OFFERING_FUNDED")).length, 0, "a follower who did not subscribe");
  });

  it("finalized: units claimable to each subscriber, and funded is not told twice", async () => {
    await chain.send(manager.account, offering, propertyOfferingAbi as Abi, "finalize", []);
    await sync.catchUp();
    for (const u of [alice, bob]) {
      assert.equal((await events(u, "UNITS_CLAIMABLE")).length, 1);
      assert.equal((await events(u, "OFFERING_FUNDED")).length, 1);
    }
    for (const i of [alice.account, bob.account, stranger])
      await chain.send(i, offering, propertyOfferingAbi as Abi, "claim", []);
    await sync.catchUp();
  });

  it("rent deposited for a closed period: every holder at the deposit, with the amount and the period's month", async () => {
    // A closed period's statement: its bytes and their SHA-256 (the table checks they agree).
    const text = JSON.stringify({ propertyId, period: "2026-10" });
    const statement = statementHashOf(text);
    await t.db.financialPeriod.create({
      data: {
        propertyId,
        year: 2026,
        month: 10,
        currency: "EUR",
        status: "CLOSED",
        createdById: manager.id,
        closedById: manager.id,
        closedAt: new Date(),
        statement: text,
        statementSha256: statement.slice(2),
      },
    });
    await deposit(1_000n * USD, statement);
    // Bob sells all his units after the deposit: he was a holder at it, so he is told.
    await chain.send(bob.account, token, propertyTokenAbi as Abi, "transfer", [alice.address, 35n]);
    await sync.catchUp();
    const expected = {
      propertyId,
      propertyName: "Harbour View Apartments",
      amount: "1000",
      currency: "EUR",
      period: "2026-10",
    };
    assert.deepEqual(
      (await events(alice, "RENT_CLAIMABLE")).map((n) => [n.data, n.email]),
      [[expected, true]],
    );
    assert.deepEqual(
      (await events(bob, "RENT_CLAIMABLE")).map((n) => [n.data, n.email]),
      [[expected, false]],
      "no email: Bob turned rent emails off",
    );
    assert.deepEqual(await events(follower, "RENT_CLAIMABLE"), [], "not a holder");
  });

  it("a deposit naming no closed period carries no month", async () => {
    await deposit(10n * USD, statementHashOf(`unknown ${propertyId}`));
    await sync.catchUp();
    const rent = await events(alice, "RENT_CLAIMABLE");
    assert.equal(rent.length, 2);
    assert.deepEqual(rent[1]!.data, {
      propertyId,
      propertyName: "Harbour View Apartments",
      amount: "10",
      currency: "EUR",
    });
    assert.deepEqual((await events(bob, "RENT_CLAIMABLE")).length, 1, "Bob held nothing at the second deposit");
  });

  it("a sell order filled: the seller and the buyer, once each; a buyer with no user gets nothing", async () => {
    const settlement = platform.address("Settlement");
    const expiry = (await chain.now()) + 86_400n;
    const args = [
      token,
      zeroHash,
      10n,
      2n * USD,
      platform.address("TestStablecoin"),
      "0x0000000000000000000000000000000000000000",
      expiry,
    ] as const;
    const { result: orderId } = await client.simulateContract({
      account: alice.account,
      address: settlement,
      abi: settlementAbi,
      functionName: "postOrder",
      args,
    });
    await chain.send(alice.account, settlement, settlementAbi as Abi, "postOrder", args);
    await chain.mintAndApprove(bob.account, 8n * USD, settlement);
    await chain.send(bob.account, settlement, settlementAbi as Abi, "fill", [orderId, 4n]);
    await chain.mintAndApprove(stranger, 12n * USD, settlement);
    await chain.send(stranger, settlement, settlementAbi as Abi, "fill", [orderId, 6n]);
    await sync.catchUp();
    const ref = { propertyId, propertyName: "Harbour View Apartments" };
    assert.deepEqual(
      (await events(alice, "ORDER_FILLED")).map((n) => n.data).sort((a, b) => Number(a["units"]) - Number(b["units"])),
      [
        // The first fill left 6 of the 10 units for sale (review 2026-12-06 L6: it read "Sell order filled").
        { ...ref, units: "4", side: "SELL", remaining: "6" },
        { ...ref, units: "6", side: "SELL", remaining: "0" },
      ],
    );
    assert.deepEqual(
      (await events(bob, "ORDER_FILLED")).map((n) => n.data),
      [{ ...ref, units: "4", side: "BUY" }],
    );
  });

  it("a replayed range (the cursor lost, every range stored again) and a second sync add nothing", async () => {
    const before = await snapshot();
    await t.db.chainCursor.deleteMany({});
    await sync.catchUp();
    const other = newSync(7);
    await other.catchUp();
    assert.equal(await snapshot(), before);
  });

  it("a reorganisation deletes what the orphaned blocks told, with its queued email; the new branch is told once", async () => {
    const before = await snapshot();
    const fork = await anvil.rpc<string>("evm_snapshot", []);
    await deposit(5n * USD, statementHashOf(`orphan ${propertyId}`));
    await sync.catchUp();
    const orphan = await events(alice, "RENT_CLAIMABLE");
    assert.equal(orphan.length, 3);
    const orphanId = (
      await t.db.notification.findFirstOrThrow({ where: { userId: alice.id, dedupeKey: orphan[2]!.key } })
    ).id;
    assert.equal(await t.db.emailOutbox.count({ where: { notificationId: orphanId } }), 1);

    assert.equal(await anvil.rpc<boolean>("evm_revert", [fork]), true);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    await sync.catchUp();
    assert.equal(await snapshot(), before, "the orphaned deposit's notifications are gone");
    assert.equal(await t.db.emailOutbox.count({ where: { notificationId: orphanId } }), 0, "and its email");

    await deposit(7n * USD, statementHashOf(`new branch ${propertyId}`));
    await sync.catchUp();
    await sync.catchUp();
    assert.deepEqual(
      (await events(alice, "RENT_CLAIMABLE")).map((n) => n.data["amount"]),
      ["1000", "10", "7"],
    );
  });

  it("an offering closing within 48 h: its subscribers and its followers once each (the periodic scan)", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    for (const u of [follower, alice])
      assert.equal((await t.as(u).put(`${API}/me/followed-properties/${property.id}`)).status, 204);
    const l = await chain.launch(manager.account, "Closing", 100n, propertyIdToBytes32(property.id));
    await sync.catchUp();
    const chainNow = async () => new Date(Number(await chain.now()) * 1000);
    await notifyOfferingsClosingSoon(t.db, await chainNow());
    const closing = async (u: TestUser) =>
      (await events(u, "OFFERING_CLOSING_SOON")).filter((n) => n.data["propertyId"] === property.id);
    assert.deepEqual(await closing(follower), [], "not open yet");
    await chain.advance(10);
    await subscribe(alice.account, 2n, l.offering);
    await subscribe(bob.account, 2n, l.offering);
    await sync.catchUp();
    await notifyOfferingsClosingSoon(t.db, await chainNow());
    await notifyOfferingsClosingSoon(t.db, await chainNow());
    const end = (await t.db.chainOffering.findFirstOrThrow({ where: { address: l.offering } })).endTime!;
    for (const u of [follower, alice, bob])
      assert.deepEqual(
        (await closing(u)).map((n) => n.data),
        [{ propertyId: property.id, propertyName: "Harbour View Apartments", closesAt: end.toISOString() }],
      );
    assert.equal((await closing(alice))[0]!.email, true);
  });

  it("an offering that fails: its subscribers not yet refunded are told a refund is available, once", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const l = await chain.launch(manager.account, "Failing", 100n, propertyIdToBytes32(property.id));
    await chain.advance(10);
    await subscribe(alice.account, 3n, l.offering);
    await subscribe(bob.account, 2n, l.offering);
    await sync.catchUp();
    await chain.advance(86_400);
    await sync.catchUp();
    await sync.catchUp();
    for (const u of [alice, bob]) {
      const failed = (await events(u, "OFFERING_FAILED")).filter((n) => n.data["propertyId"] === property.id);
      assert.equal(failed.length, 1);
      assert.deepEqual(failed[0]!.data, { propertyId: property.id, propertyName: "Harbour View Apartments" });
    }
    assert.equal(
      (await events(alice, "OFFERING_FUNDED")).filter((n) => n.data["propertyId"] === property.id).length,
      0,
    );
  });
  it("INVESTOR_KYC_BLOCKED: a subscriber's verification rejected tells the manager of the offering they are in, and nothing else", async () => {
    // Bob is in an open offering; those of "Closing" and "Failing" failed (refunds due), Harbour's is funded and he claimed.
    const { property } = await verifiedProperty(t, manager, officer);
    const l = await chain.launch(manager.account, "Open", 100n, propertyIdToBytes32(property.id));
    await chain.advance(10);
    await subscribe(bob.account, 2n, l.offering);
    await sync.catchUp();
    const submitted = await t
      .as(bob)
      .post(`${API}/kyc/applications`, submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(submitted.status, 201, submitted.text);
    const id = submitted.body.id as string;
    const version = async () => (await t.as(officer).get(`${API}/kyc/applications/${id}`)).body.version as number;
    await t.as(officer).post(`${API}/kyc/applications/${id}/review`, undefined, ifMatch(await version()));
    const reason = "The proof of address is incomplete";
    const rejected = await t
      .as(officer)
      .post(`${API}/kyc/applications/${id}/reject`, { reason }, ifMatch(await version()));
    assert.equal(rejected.status, 200, rejected.text);

    const rows = await t.db.notification.findMany({ where: { userId: manager.id, event: "INVESTOR_KYC_BLOCKED" } });
    assert.equal(rows.length, 1, "one offering he still takes part in");
    assert.deepEqual(rows[0]!.data, { propertyId: property.id, propertyName: "Harbour View Apartments" });
    const email = renderNotificationEmail(
      { event: "INVESTOR_KYC_BLOCKED", data: rows[0]!.data as { propertyId: string; propertyName: string } },
      { webOrigin: "https://freehold.example", unsubscribeUrl: "https://freehold.example/u" },
    );
    // What the row holds for the manager and what they receive.
    const told = JSON.stringify({ data: rows[0]!.data, dedupeKey: rows[0]!.dedupeKey, email });
    for (const secret of [bob.id, bob.address, bob.address.toLowerCase(), id, "Dubois", "Claire", reason])
      assert.ok(!told.includes(secret), `nothing of the investor or the reason: ${secret}`);
    assert.doesNotMatch(told, /aml|sanction|screen|launder|suspic|reject|kyc|verif|compliance|frozen|block/i);
    assert.equal(await t.db.notification.count({ where: { userId: bob.id, event: "INVESTOR_KYC_BLOCKED" } }), 0);
  });

  it("capital returned by a refinance: every holder at the deposit once, as capital returned (not rent), with the deposit's amount and its own email preference", async () => {
    // Finding: CapitalDeposited was synced into the read models and the ledger, but nobody was told of it.
    const terms = { votingPeriod: 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 0n };
    const governor = await chain.launchGovernor(manager.account, token, terms);
    await chain.send(manager.account, governor, propertyGovernorAbi as Abi, "propose", [
      1, // refinance
      1_000n * USD + 500_000n,
      zeroAddress,
      keccak256(toHex("Refinance Harbour: return 1,000.50 USDC")),
    ]);
    await chain.send(alice.account, governor, propertyGovernorAbi as Abi, "castVote", [1n, 1]);
    await chain.advance(terms.votingPeriod + 1);
    await chain.send(manager.account, governor, propertyGovernorAbi as Abi, "finalize", [1n]);
    const exit = await chain.launchExit(manager.account, token);
    await emailOff(t, alice, "CAPITAL_RETURNED");
    const rentBefore = await Promise.all([alice, bob].map((u) => events(u, "RENT_CLAIMABLE")));
    await chain.mintAndApprove(manager.account, 1_000n * USD + 500_000n, exit);
    await chain.send(manager.account, exit, propertyExitAbi as Abi, "depositCapital", [1n, 1_000n * USD + 500_000n]);
    await sync.catchUp();
    await t.db.chainCursor.deleteMany({});
    await sync.catchUp();

    const expected = { propertyId, propertyName: "Harbour View Apartments", amount: "1000.5", currency: "EUR" };
    assert.deepEqual(
      (await events(alice, "CAPITAL_RETURNED")).map((n) => [n.data, n.email]),
      [[expected, false]],
      "once; no email: Alice turned capital-returned emails off",
    );
    assert.deepEqual(
      (await events(bob, "CAPITAL_RETURNED")).map((n) => [n.data, n.email]),
      [[expected, true]],
      "once; an email: Bob turned off rent emails only",
    );
    assert.deepEqual(await events(follower, "CAPITAL_RETURNED"), [], "not a holder");
    assert.deepEqual(
      await Promise.all([alice, bob].map((u) => events(u, "RENT_CLAIMABLE"))),
      rentBefore,
      "capital is not told as rent",
    );
    const [row] = await t.db.notification.findMany({ where: { userId: bob.id, event: "CAPITAL_RETURNED" } });
    const email = renderNotificationEmail(
      { event: "CAPITAL_RETURNED", data: expected },
      { webOrigin: "https://freehold.example", unsubscribeUrl: "https://freehold.example/u" },
    );
    assert.match(row!.dedupeKey ?? "", /^capital-returned:/);
    assert.match(email.subject, /^Capital returned: Harbour View Apartments$/);
    assert.match(email.text, /1000\.5 EUR/);
    assert.doesNotMatch(`${email.subject} ${email.text}`, /\brent\b/i, "worded as capital, not rent");
  });
});
