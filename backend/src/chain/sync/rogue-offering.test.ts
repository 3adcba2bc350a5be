/**
 * Issue 13 §2 (backend half): only offerings the platform's factory created are stored, listed or shown. Anyone can
 * deploy a clone of the official offering implementation with terms naming a real token and themselves as
 * treasury; the sync discovers offerings only from the PropertyLaunched events of the factory in the deployment
 * record (its own record of what it created), never by looking at bytecode, so such a clone is never followed.
 * On a real node: a genuine launch, then a rogue clone built byte for byte like the factory's (same implementation,
 * the genuine terms with the treasury swapped), which refuses a verified investor's subscription (OfferingCannotIssue: the
 * real token does not know it as its offering), and is still never stored, listed or shown.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyOfferingAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import {
  BaseError,
  ContractFunctionRevertedError,
  concat,
  createWalletClient,
  erc20Abi,
  getAddress,
  http,
  numberToHex,
  size,
  slice,
  type Abi,
  type Hex,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API, verifiedProperty } from "../../../test/support/fixtures.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { Chain, USD } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";

/** OpenZeppelin Clones.cloneWithImmutableArgs: the runtime is this prefix, the implementation, this suffix, the args. */
const RUNTIME_PREFIX = "0x363d3d373d3d3d363d73";
const RUNTIME_SUFFIX = "0x5af43d82803e903d91602b57fd5bf3";
/** OfferingTermsCodec: the treasury's 20 bytes start at byte 130 of the packed terms. */
const TREASURY_OFFSET = 130;

describe("13.2 an offering the factory did not create is never stored, listed or shown", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let pool: pg.Pool;
  let platform: DeployedPlatform;
  let chain: Chain;
  let manager: TestUser, officer: TestUser, investor: TestUser;
  let propertyId: string;
  let genuine: { token: `0x${string}`; offering: `0x${string}` };
  let rogue: `0x${string}`;
  const attacker = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const agent = privateKeyToAccount(TEST_KEYS[1]);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: agent.address,
      propertyManagers: [manager.address],
    });
    chain = new Chain(anvil, client, platform);
    for (const a of [manager.account, investor.account, attacker]) await chain.fund(a);
    await chain.register(agent, [investor.account.address]);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    ({
      property: { id: propertyId },
    } = await verifiedProperty(t, manager, officer));
    genuine = await chain.launch(manager.account, "Genuine", 100n, propertyIdToBytes32(propertyId));
    await chain.advance(10);

    // The rogue clone: the genuine offering's own code, with the attacker as treasury, deployed by the attacker.
    const code = (await client.getCode({ address: genuine.offering }))!;
    const implementation = slice(code, 10, 30);
    assert.equal(
      getAddress(implementation),
      getAddress(platform.address("PropertyOfferingImplementation")),
      "the genuine offering is a clone of the official implementation",
    );
    const args = slice(code, 45);
    const rogueArgs = concat([slice(args, 0, TREASURY_OFFSET), attacker.address, slice(args, TREASURY_OFFSET + 20)]);
    const runtime = concat([RUNTIME_PREFIX, implementation, RUNTIME_SUFFIX, rogueArgs]);
    const creation = concat(["0x61", numberToHex(size(runtime), { size: 2 }), "0x3d81600a3d39f3", runtime]) as Hex;
    const wallet = createWalletClient({ account: attacker, transport: http(anvil.url) });
    const receipt = await client.waitForTransactionReceipt({
      hash: await wallet.sendTransaction({ data: creation, chain: null }),
      pollingInterval: 20,
    });
    rogue = getAddress(receipt.contractAddress!);
    assert.equal(
      (await client.getCode({ address: rogue }))?.toLowerCase(),
      runtime.toLowerCase(),
      "the rogue offering is a working clone of the official implementation",
    );
    const terms = await client.readContract({ address: rogue, abi: propertyOfferingAbi, functionName: "terms" });
    assert.deepEqual(
      [getAddress(terms.token), getAddress(terms.treasury)],
      [getAddress(genuine.token), attacker.address],
      "naming the real token, the attacker as treasury",
    );

    // A verified investor subscribes to both (the rogue takes the money where the contract lets it).
    await chain.mintAndApprove(investor.account, 5n * USD, genuine.offering);
    await chain.send(investor.account, genuine.offering, propertyOfferingAbi as Abi, "subscribe", [5n]);
    await chain.mintAndApprove(investor.account, 5n * USD, rogue);
    // The contract refuses it: the real token does not know the clone as its offering, so it could never issue.
    const refusal = await client
      .simulateContract({
        account: investor.account,
        address: rogue,
        abi: propertyOfferingAbi,
        functionName: "subscribe",
        args: [5n],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const reverted =
      refusal instanceof BaseError ? refusal.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    assert.ok(reverted instanceof ContractFunctionRevertedError, `the rogue's subscribe reverts: ${String(refusal)}`);
    assert.equal(reverted.data?.errorName, "OfferingCannotIssue", "refused with OfferingCannotIssue");
    await assert.rejects(
      chain.send(investor.account, rogue, propertyOfferingAbi as Abi, "subscribe", [5n]),
      "sent anyway, it reverts on chain",
    );
    assert.equal(
      await client.readContract({
        address: platform.address("TestStablecoin"),
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [rogue],
      }),
      0n,
      "the rogue holds no money",
    );
    assert.equal((await client.getLogs({ address: rogue, fromBlock: 0n })).length, 0, "the rogue emitted no event");
    await new ChainSync({
      db: t.db,
      pool,
      client,
      chainId: t.config.siwe.chainId,
      record: platform.record,
      confirmations: 1,
      blockRange: 1_000,
    }).catchUp();
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("is not stored: no contract, offering row or event of the rogue clone", async () => {
    assert.equal(await t.db.chainContract.count({ where: { address: rogue } }), 0);
    assert.equal(await t.db.chainOffering.count({ where: { address: rogue } }), 0);
    assert.equal(await t.db.chainEvent.count({ where: { address: rogue } }), 0);
    assert.equal(
      await t.db.chainOffering.count({ where: { address: getAddress(genuine.offering) } }),
      1,
      "the factory's offering is",
    );
  });

  it("is not listed or shown: the marketplace card, the offering route, the activity feed and the investor's portfolio name only the factory's offering", async () => {
    const list = await t.anonymous.get(`${API}/properties?limit=100`);
    const card = list.body.items.find((p: { id: string }) => p.id === propertyId);
    assert.equal(card.chain.offeringAddress, getAddress(genuine.offering));
    assert.equal(card.status, "OFFERING", "the genuine offering is open");
    const offering = await t.as(investor).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(offering.body.offering, getAddress(genuine.offering));
    const activity = await t.as(manager).get(`${API}/chain/properties/${propertyId}/activity?limit=100`);
    assert.ok(activity.body.events.every((e: { address: string }) => e.address !== rogue));
    const portfolio = await t.as(investor).get(`${API}/chain/portfolio`);
    assert.ok(
      portfolio.body.subscriptions.every((s: { offering: string }) => s.offering !== rogue),
      JSON.stringify(portfolio.body.subscriptions),
    );
    const serialised = JSON.stringify([list.body, offering.body, activity.body, portfolio.body]).toLowerCase();
    assert.ok(!serialised.includes(rogue.toLowerCase()), "the rogue address appears in no response");
  });
});
