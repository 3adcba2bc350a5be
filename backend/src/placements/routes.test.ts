/**
 * Issue 20, private placements over the real app, real PostgreSQL and the real sync of a real node: the property's
 * manager launches its offering from their wallet, signs invitations (EIP-712) and posts them; the backend keeps
 * only what the offering would accept (the manager's own signature, the offering's issuer, a verified identity);
 * the investor sees the invitations of their identity from any of its wallets, redeems one on chain, the manager
 * revokes another on chain, and the synced events give each its status. Bad bodies, by generators, are 400
 * problem+json with nothing written.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { erc20Abi, identityRegistryAbi, propertyOfferingAbi, testStablecoinAbi } from "@freehold/deployments/abi";
import { invitationHash as devKitInvitationHash, offeringDomain as devKitDomain } from "@freehold/dev-kit/deploy";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { keccak256, toHex, type Abi, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API, createProperty } from "../../test/support/fixtures.ts";
import { createChainClient } from "../chain/index.ts";
import { ChainSync } from "../chain/sync/chain-sync.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../chain/testing/anvil.ts";
import { deployTestPlatform } from "../chain/testing/platform.ts";
import { Chain, USD } from "../chain/testing/scenario.ts";
import { INVITATION_TYPES, invitationDigest, offeringDomain } from "./typed-data.ts";

const DAY = 86_400;

describe("20 private placements: invitations posted, listed and followed on chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let chain: Chain;
  let manager: TestUser, otherManager: TestUser, investor: TestUser, secondWallet: TestUser, stranger: TestUser;
  let propertyId: string;
  let offering: `0x${string}`;
  let chainId: number;
  let sync: () => Promise<void>;
  const agent = privateKeyToAccount(TEST_KEYS[1]);

  before(async () => {
    t = await createTestContext();
    chainId = t.config.siwe.chainId;
    [manager, otherManager, investor, secondWallet, stranger] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    propertyId = (await createProperty(t, manager)).id;
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const platform = await deployTestPlatform(anvil.url, {
      complianceAgent: agent.address,
      propertyManagers: [manager.account.address],
    });
    chain = new Chain(anvil, client, platform);
    for (const u of [manager, investor, secondWallet]) await chain.fund(u.account);
    ({ offering } = await chain.launch(manager.account, "Placement House", 1_000n, propertyIdToBytes32(propertyId)));
    // The investor's identity is their first wallet; the second wallet joins it. The stranger is not registered.
    await chain.register(agent, [investor.account.address]);
    const expiry = Number(await chain.now()) + 365 * DAY;
    await chain.send(agent, platform.address("IdentityRegistry"), identityRegistryAbi as Abi, "registerIdentity", [
      secondWallet.account.address,
      investor.account.address,
      250,
      expiry,
      false,
    ]);
    await chain.advance(10);
    sync = async () => {
      const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
      try {
        await new ChainSync({
          db: t.db,
          pool,
          client,
          chainId,
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

  let salts = 0;
  /** A body signed by `signer` (the manager's wallet unless said otherwise). */
  async function body(overrides: Record<string, unknown> = {}, signer = manager.account) {
    const now = Number(await chain.now());
    const fields = {
      identity: investor.account.address,
      minUnits: "5",
      maxUnits: "50",
      pricePerUnit: (80n * USD).toString(),
      expiry: new Date((now + 7 * DAY) * 1000).toISOString(),
      salt: keccak256(toHex(`salt ${++salts}`)),
      ...overrides,
    };
    const message = {
      identity: fields.identity as `0x${string}`,
      minUnits: BigInt(fields.minUnits),
      maxUnits: BigInt(fields.maxUnits),
      pricePerUnit: BigInt(fields.pricePerUnit),
      expiry: BigInt(Date.parse(fields.expiry) / 1000),
      salt: fields.salt as Hex,
    };
    const signature = await signer.signTypedData({
      domain: offeringDomain(chainId, offering),
      types: INVITATION_TYPES,
      primaryType: "Invitation",
      message: { ...message, expiry: Number(message.expiry) },
    });
    return { ...fields, signature, message };
  }
  const post = (as: TestUser, b: unknown) => t.as(as).post(`${API}/properties/${propertyId}/invitations`, b);
  const rowCount = async () => Number((await t.pool.query("SELECT count(*) FROM placement_invitations")).rows[0].count);

  it("the digest is the contract's and the dev-kit's", async () => {
    const { message } = await body();
    const onChain = await client.readContract({
      address: offering,
      abi: propertyOfferingAbi,
      functionName: "invitationHash",
      args: [{ ...message, expiry: Number(message.expiry) }],
    });
    assert.equal(invitationDigest(chainId, offering, message), onChain.toLowerCase());
    const devKit = devKitInvitationHash(devKitDomain(BigInt(chainId), offering), message);
    assert.equal(devKit.toLowerCase(), onChain.toLowerCase());
  });

  it("keeps an invitation the issuer signed for a verified identity; the investor sees it from both wallets; the chain redeems it", async () => {
    const { message, ...signed } = await body();
    const res = await post(manager, signed);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.status, "open");
    assert.equal(res.body.identity, investor.account.address);
    assert.equal(res.body.signer, manager.account.address);
    assert.equal(res.body.hash, invitationDigest(chainId, offering, message));
    assert.equal(JSON.stringify(res.body).includes("name"), false, "no personal data in an invitation");
    // Posted twice: 409, nothing more written.
    const before = await rowCount();
    const again = await post(manager, signed);
    assert.equal(again.status, 409, again.text);
    assert.equal(await rowCount(), before);

    for (const who of [investor, secondWallet]) {
      const mine = await t.as(who).get(`${API}/me/invitations`);
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(
        mine.body.items.map((i: { hash: string; status: string }) => [i.hash, i.status]),
        [[res.body.hash, "open"]],
      );
    }
    assert.deepEqual((await t.as(stranger).get(`${API}/me/invitations`)).body.items, []);
    const listed = await t.as(manager).get(`${API}/properties/${propertyId}/invitations`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.items.length, 1);
    // The property is a draft: invisible to an investor (404), as every route of a property says.
    assert.ok([403, 404].includes((await t.as(investor).get(`${API}/properties/${propertyId}/invitations`)).status));

    // The second wallet redeems 20 units at the invitation's price.
    const coin = chain.platform.address("TestStablecoin");
    await chain.send(privateKeyToAccount(TEST_KEYS[0]), coin, testStablecoinAbi as Abi, "mint", [
      secondWallet.account.address,
      20n * 80n * USD,
    ]);
    await chain.send(secondWallet.account, coin, erc20Abi as Abi, "approve", [offering, 20n * 80n * USD]);
    const tx = await chain.send(secondWallet.account, offering, propertyOfferingAbi as Abi, "subscribeWithInvitation", [
      message,
      20n,
      signed.signature,
    ]);
    await sync();
    const after = (await t.as(investor).get(`${API}/me/invitations`)).body.items[0];
    assert.equal(after.status, "redeemed");
    assert.deepEqual(after.redemption, {
      investor: secondWallet.account.address,
      units: "20",
      paid: (20n * 80n * USD).toString(),
      txHash: tx,
    });
  });

  it("revoked on chain by the issuer: revoked; past its expiry: expired", async () => {
    const { message, ...signed } = await body();
    const res = await post(manager, signed);
    assert.equal(res.status, 201, res.text);
    await chain.send(manager.account, offering, propertyOfferingAbi as Abi, "revokeInvitation", [res.body.hash]);
    const short = await body({ expiry: new Date((Number(await chain.now()) + 3_600) * 1000).toISOString() });
    const { message: _unused, ...shortBody } = short;
    const posted = await post(manager, shortBody);
    assert.equal(posted.status, 201, posted.text);
    await sync();
    const items = (await t.as(manager).get(`${API}/properties/${propertyId}/invitations`)).body.items as {
      hash: string;
      status: string;
      expiry: string;
    }[];
    assert.equal(items.find((i) => i.hash === res.body.hash)?.status, "revoked");
    // The sync stored the offering's new events like its others: decoded, with the offering's token.
    const stored = await t.pool.query(
      `SELECT name, token, args FROM chain_events WHERE address = $1 AND name IN ('InvitationRedeemed', 'InvitationRevoked')
       ORDER BY "blockNumber"`,
      [offering],
    );
    assert.deepEqual(
      stored.rows.map((r: { name: string; args: { invitationHash: string } }) => [r.name, r.args.invitationHash]),
      [
        ["InvitationRedeemed", items.find((i) => i.status === "redeemed")!.hash],
        ["InvitationRevoked", res.body.hash],
      ],
    );
    assert.ok(stored.rows.every((r: { token: string | null }) => /^0x[0-9a-fA-F]{40}$/.test(r.token ?? "")));
    assert.equal(message.identity, investor.account.address);
    // The wall clock decides expiry: an invitation expiring in an hour of chain time is open now, unless the local
    // chain is ahead of the wall clock; the status is whatever the expiry says against the server's clock.
    const shortItem = items.find((i) => i.hash === posted.body.hash)!;
    assert.equal(shortItem.status, Date.parse(shortItem.expiry) <= Date.now() ? "expired" : "open");
  });

  it("refuses what the offering would refuse, with 422 and nothing written", async () => {
    const before = await rowCount();
    const cases: [string, Record<string, unknown>, string][] = [
      ["signed by another key", await strip(body({}, privateKeyToAccount(TEST_KEYS[5]))), "bad_signature"],
      [
        "an identity not registered",
        await strip(body({ identity: stranger.account.address })),
        "identity_not_verified",
      ],
      [
        "an expiry already passed",
        await strip(body({ expiry: new Date(Date.now() - 60_000 - (Date.now() % 1000)).toISOString() })),
        "invitation_expired",
      ],
      // Review 2026-12-06 M3: no amount of it could be booked (the hard cap and maximum per investor are 1,000).
      [
        "a minimum above what the offering has left",
        await strip(body({ minUnits: "1001", maxUnits: "1001" })),
        "invitation_above_remaining",
      ],
    ];
    for (const [label, b, rule] of cases) {
      const res = await post(manager, b);
      assert.equal(res.status, 422, `${label}: ${res.text}`);
      assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
      assert.equal(res.body.rule, rule, label);
    }
    // Another manager signing with their own wallet is not the property's stakeholder.
    const foreign = await post(otherManager, await strip(body({}, otherManager.account)));
    assert.ok([403, 404].includes(foreign.status), foreign.text);
    assert.equal(await rowCount(), before);
  });

  it("refuses malformed bodies (generated) with 400 problem+json naming the field, nothing written", async () => {
    const valid = await strip(body());
    const before = await rowCount();
    const bad = fc.oneof(
      fc.record({ field: fc.constant("identity"), value: fc.oneof(fc.string({ maxLength: 50 }), fc.integer()) }),
      fc.record({
        field: fc.constantFrom("minUnits", "maxUnits", "pricePerUnit"),
        value: fc.oneof(
          fc.integer(),
          fc.constantFrom("-1", "1.5", "01", "", "0x10", "1e3", (1n << 128n).toString()),
          fc.string({ maxLength: 12 }).filter((s) => !/^(0|[1-9]\d*)$/.test(s)),
        ),
      }),
      fc.record({ field: fc.constant("expiry"), value: fc.oneof(fc.string({ maxLength: 30 }), fc.integer()) }),
      fc.record({
        field: fc.constantFrom("salt", "signature"),
        value: fc.oneof(fc.string({ maxLength: 70 }), fc.constant("0x" + "ab".repeat(31))),
      }),
      fc.record({ field: fc.constantFrom("extra", "name", "email"), value: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const res = await post(manager, { ...valid, [field]: value });
        assert.equal(res.status, 400, `${field}=${JSON.stringify(value)}: ${res.text}`);
        assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
      }),
      { numRuns: 60 },
    );
    for (const missing of Object.keys(valid)) {
      const { [missing]: _dropped, ...rest } = valid;
      assert.equal((await post(manager, rest)).status, 400, `without ${missing}`);
    }
    assert.equal((await post(manager, { ...valid, pricePerUnit: "0" })).status, 400, "a zero price");
    assert.equal((await post(manager, { ...valid, minUnits: "60", maxUnits: "50" })).status, 400, "min above max");
    assert.equal(await rowCount(), before);
  });

  // Regression (issue 20): the offering progress derived the units refunded from the amount refunded at the one
  // price of the offering (refunded x units / paid), wrong once an invitation sells at its own price.
  it("the offering progress counts the units refunded of each wallet, whatever price it paid", async () => {
    // The investor's first wallet subscribes 10 public units (1 USD each); the second wallet holds 20 invited units
    // bought at 80 USD (the redemption above). The manager cancels; only the second wallet takes its refund.
    await chain.mintAndApprove(investor.account, 10n * USD, offering);
    await chain.send(investor.account, offering, propertyOfferingAbi as Abi, "subscribe", [10n]);
    await chain.send(manager.account, offering, propertyOfferingAbi as Abi, "cancel", []);
    await chain.send(secondWallet.account, offering, propertyOfferingAbi as Abi, "refund", []);
    await sync();
    const res = await t.as(manager).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.unitsSubscribed, "30");
    assert.equal(res.body.amountPaid, (20n * 80n * USD + 10n * USD).toString());
    assert.equal(res.body.amountRefunded, (20n * 80n * USD).toString());
    assert.equal(res.body.unitsRefunded, "20");
    assert.equal(res.body.escrowHeld, (10n * USD).toString());
  });

  /** The body as posted (without the typed message the test keeps). */
  async function strip(pending: ReturnType<typeof body>): Promise<Record<string, unknown>> {
    const { message: _message, ...rest } = await pending;
    return rest;
  }
});
