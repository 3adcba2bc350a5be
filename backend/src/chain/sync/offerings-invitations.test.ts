/**
 * Review 2026-12, on a real node (anvil), the deployed platform, the real sync and API: a cancelled offering whose
 * subscribers paid different prices (the public one, and private-placement invitations at a discount or a premium,
 * issue 20) shows refunds open exactly while the contract's escrow still owes someone (`escrowOwed() > 0`), and the
 * read model's paid and refunded are the contract's own figures (`paidBy` of each wallet), not units x price.
 *
 * - Discount: public price 1; A buys 10 publicly, B 10 by invitation at 0.80; cancelled; both refund: VERIFIED
 *   (before the fix: REFUNDING forever, as refunds 18 < 20 units x 1).
 * - Premium: A 5 publicly, B 10 at 1.50, C 5 publicly; cancelled; B and C refund (20 = 20 units x 1): REFUNDING
 *   while A's 5 is in escrow (before the fix: VERIFIED, and A's refund hidden); A refunds: VERIFIED.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyOfferingAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { keccak256, toHex, type Abi, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API, verifiedProperty } from "../../../test/support/fixtures.ts";
import { INVITATION_TYPES, offeringDomain } from "../../placements/typed-data.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform } from "../testing/platform.ts";
import { Chain, USD } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";

const DAY = 86_400;

describe("refunds after an offering with invitations at other prices (review 2026-12, on chain)", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let chain: Chain;
  let sync: ChainSync;
  let chainId: number;
  let manager: TestUser, officer: TestUser;
  let a: PrivateKeyAccount, b: PrivateKeyAccount, c: PrivateKeyAccount;

  before(async () => {
    t = await createTestContext();
    chainId = t.config.siwe.chainId;
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const agent = privateKeyToAccount(TEST_KEYS[1]);
    const platform = await deployTestPlatform(anvil.url, {
      complianceAgent: agent.address,
      propertyManagers: [manager.address],
    });
    chain = new Chain(anvil, client, platform);
    [a, b, c] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey())) as [
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
    ];
    for (const account of [manager.account, a, b, c]) await chain.fund(account);
    await chain.register(agent, [a.address, b.address, c.address]);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    sync = new ChainSync({
      db: t.db,
      pool,
      client,
      chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    });
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  /** Syncs to the head, then the property's status as anyone reads it. */
  const synced = async (id: string): Promise<string> => {
    await sync.catchUp();
    return (await t.anonymous.get(`${API}/properties/${id}`)).body.status as string;
  };
  const send = (who: PrivateKeyAccount, offering: `0x${string}`, fn: string, args: readonly unknown[] = []) =>
    chain.send(who, offering, propertyOfferingAbi as Abi, fn, args);
  const read = (offering: `0x${string}`, fn: "escrowOwed" | "paidBy", args: readonly unknown[] = []) =>
    client.readContract({
      address: offering,
      abi: propertyOfferingAbi,
      functionName: fn,
      args,
    } as never) as Promise<bigint>;
  /** A verified property, its offering launched by its manager (public price 1 USD a unit) and open. */
  const openOffering = async (): Promise<{ id: string; offering: `0x${string}` }> => {
    const { property } = await verifiedProperty(t, manager, officer);
    const { offering } = await chain.launch(
      manager.account,
      `P ${property.id.slice(0, 8)}`,
      100n,
      propertyIdToBytes32(property.id),
    );
    await chain.advance(10);
    return { id: property.id, offering };
  };
  const subscribePublicly = async (who: PrivateKeyAccount, offering: `0x${string}`, units: bigint) => {
    await chain.mintAndApprove(who, units * USD, offering);
    await send(who, offering, "subscribe", [units]);
  };
  let salts = 0;
  /** `who` redeems an invitation the manager signed for `units` units at `price` a unit. */
  const subscribeWithInvitation = async (
    who: PrivateKeyAccount,
    offering: `0x${string}`,
    units: bigint,
    price: bigint,
  ) => {
    const message = {
      identity: who.address,
      minUnits: units,
      maxUnits: units,
      pricePerUnit: price,
      expiry: Number(await chain.now()) + 7 * DAY,
      salt: keccak256(toHex(`invitation ${++salts}`)),
    };
    const signature = await manager.account.signTypedData({
      domain: offeringDomain(chainId, offering),
      types: INVITATION_TYPES,
      primaryType: "Invitation",
      message,
    });
    await chain.mintAndApprove(who, units * price, offering);
    await send(who, offering, "subscribeWithInvitation", [message, units, signature]);
  };
  /** The read model's paid and refunded. */
  const stored = async (offering: string) =>
    (
      await t.pool.query<{ paid: string; refunded: string }>(
        `SELECT paid::text AS paid, refunded::text AS refunded FROM chain_offerings WHERE "chainId" = $1 AND address = $2`,
        [chainId, offering],
      )
    ).rows[0];

  it("discount: every subscriber refunded, the escrow empty -> VERIFIED", async () => {
    const { id, offering } = await openOffering();
    await subscribePublicly(a, offering, 10n);
    await subscribeWithInvitation(b, offering, 10n, (80n * USD) / 100n);
    assert.equal(await synced(id), "OFFERING");
    const paid = (await read(offering, "paidBy", [a.address])) + (await read(offering, "paidBy", [b.address]));
    assert.equal(paid, 18n * USD);
    assert.deepEqual(await stored(offering), { paid: paid.toString(), refunded: "0" });

    await send(manager.account, offering, "cancel");
    assert.equal(await synced(id), "REFUNDING");
    await send(a, offering, "refund");
    assert.equal(await synced(id), "REFUNDING", "B's 8 is still in escrow");
    await send(b, offering, "refund");
    assert.equal(await read(offering, "escrowOwed"), 0n);
    assert.equal(await synced(id), "VERIFIED", "nothing is owed: the manager may launch again");
    assert.deepEqual(await stored(offering), { paid: paid.toString(), refunded: paid.toString() });
  });

  it("premium: A's payment still in escrow -> REFUNDING until A refunds", async () => {
    const { id, offering } = await openOffering();
    await subscribePublicly(a, offering, 5n);
    await subscribeWithInvitation(b, offering, 10n, (150n * USD) / 100n);
    await subscribePublicly(c, offering, 5n);
    await send(manager.account, offering, "cancel");
    await send(b, offering, "refund");
    await send(c, offering, "refund");
    // 20 refunded = 20 units x the public price, yet A's 5 is owed.
    assert.equal(await read(offering, "escrowOwed"), 5n * USD);
    assert.equal(await synced(id), "REFUNDING");
    assert.deepEqual(await stored(offering), { paid: (25n * USD).toString(), refunded: (20n * USD).toString() });
    await send(a, offering, "refund");
    assert.equal(await read(offering, "escrowOwed"), 0n);
    assert.equal(await synced(id), "VERIFIED");
  });
});
