/**
 * Issue 20, gasless investor actions: the relay API over the real app and real PostgreSQL, on a real node with the
 * platform deployed by the deploy script, the sync storing the launched contracts. An investor whose wallet holds
 * no ETH subscribes with a permit, claims units and claims rent through `POST /relay`; the relayer pays. Every
 * refusal writes nothing and sends nothing (fast-check over malformed bodies and tampered requests); the budget and
 * the rate limit answer 429 with Retry-After (two concurrent requests cannot both spend a budget only one fits); a
 * crash between signing and broadcasting sends exactly once.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { EIP2612_PERMIT_TYPES } from "@freehold/deployments";
import {
  identityRegistryAbi,
  propertyGovernorAbi,
  propertyOfferingAbi,
  propertyTokenAbi,
  rentDistributorAbi,
  settlementAbi,
  testStablecoinAbi,
} from "@freehold/deployments/abi";
import { RELAYER } from "@freehold/dev-kit/accounts";
import { setBalance } from "@freehold/dev-kit/chain";
import {
  encodeFunctionData,
  keccak256,
  parseSignature,
  toHex,
  zeroAddress,
  zeroHash,
  type Abi,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
} from "viem";
import { createTestContext, signIn, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";
import { loadChainConfig } from "../chain/config.ts";
import { createChainClient } from "../chain/index.ts";
import { catchUp } from "../chain/testing/catch-up.ts";
import { startAnvil, type Anvil } from "../chain/testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../chain/testing/platform.ts";
import { signForwardRequest, type RelayBody } from "../chain/testing/forward-request.ts";
import { actors, Chain, statementHashOf, USD, type Actors } from "../chain/testing/scenario.ts";
import { INVITATION_TYPES, offeringDomain } from "../placements/typed-data.ts";
import { createRelayer } from "./index.ts";
import type { Relayer, RelayerOptions } from "./relayer.ts";

const CHAIN_ID = 31337;

type Body = RelayBody;

describe("20 gasless investor actions: the relay", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let people: Actors;
  let t: TestContext;
  let strict: TestContext;
  let relayer: Relayer;
  let investor: TestUser;
  let offering: `0x${string}`;
  let token: `0x${string}`;

  const settings = (extra: Record<string, string> = {}) =>
    loadChainConfig({
      CHAIN_RPC_URL: anvil.url,
      CHAIN_ID: String(CHAIN_ID),
      CHAIN_CONFIRMATIONS: "1",
      CHAIN_DEPLOYMENTS_DIR: platform.recordDir,
      RELAYER_KEY: RELAYER.key,
      ...extra,
    })!;

  const build = (
    db: TestContext["db"],
    extra: Record<string, string> = {},
    faults: Pick<RelayerOptions, "faults"> & { senderFaults?: { afterBroadcast?: (hash: Hex) => void } } = {},
  ): Relayer => createRelayer({ db, config: settings(extra), client, ...faults })!;

  const sync = () =>
    catchUp({ db: t.db, databaseUrl: t.databaseUrl, client, chainId: CHAIN_ID, record: platform.record });

  /** Rows and the relayer's transactions: what a refusal must leave as it was. */
  async function footprint(): Promise<{ rows: number; transactions: number; nonce: number }> {
    return {
      rows: await t.db.relayRequest.count(),
      transactions: await t.db.chainTransaction.count({ where: { fromAddress: RELAYER.address } }),
      nonce: await client.getTransactionCount({ address: RELAYER.address, blockTag: "pending" }),
    };
  }

  const forwarder = () => platform.address("FreeholdForwarder");

  /** `signer`'s forwarder request for `data` on `to`, as the web app's wallet signs it. */
  const signed = (
    signer: PrivateKeyAccount,
    to: `0x${string}`,
    data: Hex,
    options: { gas?: bigint; nonce?: bigint; deadline?: bigint } = {},
  ): Promise<Body> => signForwardRequest(chain, signer, to, data, options);

  /** `owner`'s EIP-2612 permit of `value` test USD base units to `spender`, valid for an hour. */
  async function permit(owner: PrivateKeyAccount, spender: `0x${string}`, value: bigint) {
    const coin = platform.address("TestStablecoin");
    const deadline = (await chain.now()) + 3_600n;
    const nonce = await client.readContract({
      address: coin,
      abi: testStablecoinAbi,
      functionName: "nonces",
      args: [owner.address],
    });
    const signature = await owner.signTypedData({
      domain: { name: "Test USD", version: "1", chainId: CHAIN_ID, verifyingContract: coin },
      types: EIP2612_PERMIT_TYPES,
      primaryType: "Permit",
      message: { owner: owner.address, spender, value, nonce, deadline },
    });
    const { r, s, v } = parseSignature(signature);
    return { deadline, v: Number(v), r, s };
  }

  /** `subscribeWithPermit(units, ...)` on `to` for `owner`, the permit signed for the offering (no approval tx). */
  async function subscribeWithPermit(owner: PrivateKeyAccount, to: `0x${string}`, units: bigint): Promise<Hex> {
    const { deadline, v, r, s } = await permit(owner, to, units * USD);
    return encodeFunctionData({
      abi: propertyOfferingAbi,
      functionName: "subscribeWithPermit",
      args: [units, deadline, v, r, s],
    });
  }

  async function verifiedInvestorWithUsd(ctx: TestContext, usd: bigint): Promise<TestUser> {
    const user = await ctx.user("INVESTOR");
    await chain.register(people.agent, [user.account.address]);
    await chain.send(people.admin, platform.address("TestStablecoin"), testStablecoinAbi as Abi, "mint", [
      user.account.address,
      usd * USD,
    ]);
    return user;
  }

  /** Runs the relayer's passes until the request is final; returns its view. */
  async function settled(ctx: TestContext, user: TestUser, id: string): Promise<{ status: string; gasUsed: string }> {
    for (let i = 0; i < 100; i++) {
      await relayer.tick();
      const res = await ctx.as(user).get(`${API}/relay/${id}`);
      assert.equal(res.status, 200, res.text);
      if (res.body.status !== "SUBMITTED") return res.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`relay request ${id} never settled`);
  }

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(0);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    await setBalance(anvil, RELAYER.address, 10n ** 20n);
    t = await createTestContext(
      {},
      {
        relayer: (db) => (relayer = build(db, { RELAYER_DAILY_GAS: "5000000", RELAYER_REQUESTS_PER_MINUTE: "10000" })),
      },
    );
    strict = await createTestContext(
      {},
      {
        databaseUrl: t.databaseUrl,
        // Each request holds its transaction open a moment after reading the budget: without the per-user lock
        // the concurrent one would read the same sum and both would pass.
        relayer: (db) =>
          build(
            db,
            { RELAYER_DAILY_GAS: "500000", RELAYER_REQUESTS_PER_MINUTE: "3" },
            { faults: { afterBudgetCheck: () => new Promise((resolve) => setTimeout(resolve, 500)) } },
          ),
      },
    );
    ({ token, offering } = await chain.launch(people.manager, "Canal Street 4"));
    await chain.advance(10);
    await sync();
    investor = await verifiedInvestorWithUsd(t, 50n);
  });
  after(async () => {
    await strict?.close();
    await t?.close();
    await anvil?.stop();
  });

  it("20 GET /relay names the forwarder, the relayer and the user's budget", async () => {
    const res = await t.as(investor).get(`${API}/relay`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      enabled: true,
      chainId: CHAIN_ID,
      forwarder: forwarder(),
      relayer: RELAYER.address,
      dailyGasBudget: "5000000",
      gasUsedToday: "0",
      gasRemainingToday: "5000000",
    });
    const defaults = settings().relayer!;
    assert.deepEqual([defaults.dailyGas, defaults.requestsPerMinute], [1_500_000n, 10], "the defaults");
  });

  it("20 an investor with zero ETH subscribes with a permit through the relay: the units are theirs, the relayer pays", async () => {
    const wallet = investor.account;
    assert.equal(await client.getBalance({ address: wallet.address }), 0n);
    const relayerEth = await client.getBalance({ address: RELAYER.address });
    const body = await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 20n));
    const res = await t.as(investor).post(`${API}/relay`, body);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.status, "SUBMITTED");
    assert.match(res.body.txHash, /^0x[0-9a-f]{64}$/);
    const final = await settled(t, investor, res.body.id);
    assert.equal(final.status, "CONFIRMED");
    assert.ok(BigInt(final.gasUsed) > 0n);
    const units = (who: `0x${string}`) =>
      client.readContract({
        address: offering,
        abi: propertyOfferingAbi,
        functionName: "subscribedUnitsOf",
        args: [who],
      });
    assert.equal(await units(wallet.address), 20n);
    assert.equal(await units(RELAYER.address), 0n);
    assert.equal(await client.getBalance({ address: wallet.address }), 0n, "the investor paid no gas");
    assert.ok((await client.getBalance({ address: RELAYER.address })) < relayerEth, "the relayer paid it");
    const receipt = await client.getTransactionReceipt({ hash: res.body.txHash });
    assert.equal(receipt.from.toLowerCase(), RELAYER.address.toLowerCase());
    assert.equal(receipt.to?.toLowerCase(), forwarder().toLowerCase());
    const budget = await t.as(investor).get(`${API}/relay`);
    assert.equal(budget.body.gasUsedToday, "300000", "the budget counts the request's gas");
    assert.equal(budget.body.gasRemainingToday, "4700000");
  });

  it("20 an invited investor with zero ETH redeems a private-placement invitation with a permit through the relay", async () => {
    // Found merging the web's placements: the invest page relays subscribeWithInvitationAndPermit for a wallet
    // without ETH, and the relayer's allow-list refused it (422 not allowed).
    const user = await verifiedInvestorWithUsd(t, 10n);
    const wallet = user.account;
    const identity = await client.readContract({
      address: platform.address("IdentityRegistry"),
      abi: identityRegistryAbi,
      functionName: "identityOf",
      args: [wallet.address],
    });
    const invitation = {
      identity,
      minUnits: 1n,
      maxUnits: 10n,
      pricePerUnit: USD / 2n,
      expiry: (await chain.now()) + 86_400n,
      salt: keccak256(toHex("relayed invitation")),
    };
    const invitationSignature = await people.manager.signTypedData({
      domain: offeringDomain(CHAIN_ID, offering),
      types: INVITATION_TYPES,
      primaryType: "Invitation",
      message: invitation,
    });
    const units = 8n;
    const { deadline, v, r, s } = await permit(wallet, offering, units * invitation.pricePerUnit);
    const data = encodeFunctionData({
      abi: propertyOfferingAbi,
      functionName: "subscribeWithInvitationAndPermit",
      args: [{ ...invitation, expiry: Number(invitation.expiry) }, units, invitationSignature, deadline, v, r, s],
    });
    const res = await t.as(user).post(`${API}/relay`, await signed(wallet, offering, data));
    assert.equal(res.status, 202, res.text);
    assert.equal((await settled(t, user, res.body.id)).status, "CONFIRMED");
    const paid = await client.readContract({
      address: platform.address("TestStablecoin"),
      abi: testStablecoinAbi,
      functionName: "balanceOf",
      args: [wallet.address],
    });
    assert.equal(paid, 10n * USD - units * invitation.pricePerUnit, "paid the invitation's price, not the public one");
    assert.equal(await client.getBalance({ address: wallet.address }), 0n, "the investor paid no gas");
  });

  it("20 refuses what it must not relay: another's wallet 403; not allowed, invalid, would revert 422; nothing written or sent", async () => {
    const wallet = investor.account;
    const before = await footprint();
    const refusals: [string, Body, number, string | undefined, RegExp][] = [];
    const other = await t.user("INVESTOR");
    refusals.push([
      "signed by someone else's wallet",
      await signed(other.account, offering, encodeFunctionData({ abi: propertyOfferingAbi, functionName: "claim" })),
      403,
      undefined,
      /not your wallet/,
    ]);
    refusals.push([
      "a contract Freehold does not know",
      await signed(wallet, platform.address("TestStablecoin"), `0x095ea7b3${"00".repeat(64)}`),
      422,
      "relay-not-allowed",
      /not a Freehold contract/,
    ]);
    refusals.push([
      "a token (known, nothing relayed on it)",
      await signed(
        wallet,
        token,
        encodeFunctionData({ abi: propertyTokenAbi, functionName: "transfer", args: [other.account.address, 1n] }),
      ),
      422,
      "relay-not-allowed",
      /not a Freehold contract the relayer calls/,
    ]);
    refusals.push([
      "a function not on the allow-list (the manager's finalize)",
      await signed(wallet, offering, encodeFunctionData({ abi: propertyOfferingAbi, functionName: "finalize" })),
      422,
      "relay-not-allowed",
      /is not relayed/,
    ]);
    const withValue = await signed(
      wallet,
      offering,
      encodeFunctionData({ abi: propertyOfferingAbi, functionName: "claim" }),
    );
    withValue.request.value = "1";
    refusals.push(["value", withValue, 422, "relay-not-allowed", /no value/]);
    refusals.push([
      "an expired deadline",
      await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 1n), {
        deadline: (await chain.now()) - 10n,
      }),
      422,
      "relay-invalid-request",
      /deadline has passed/,
    ]);
    refusals.push([
      "a used nonce",
      await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 1n), { nonce: 0n }),
      422,
      "relay-invalid-request",
      /nonce 0 is not the signer's next nonce 1/,
    ]);
    refusals.push([
      "a subscription above the investor's funds (simulated)",
      await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 90n)),
      422,
      "relay-would-revert",
      /would revert: \w+\(/,
    ]);
    refusals.push([
      "too little gas for the call (simulated)",
      await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 1n), { gas: 30_000n }),
      422,
      "relay-would-revert",
      /would (revert|run out of gas)/,
    ]);
    for (const [what, body, status, rule, detail] of refusals) {
      const res = await t.as(investor).post(`${API}/relay`, body);
      assert.equal(res.status, status, `${what}: ${res.text}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/, what);
      assert.equal(res.body.rule, rule, what);
      assert.match(res.body.detail, detail, what);
    }
    assert.deepEqual(await footprint(), before, "no refusal wrote a row or sent a transaction");
  });

  it("20 refuses malformed bodies with 400 and writes nothing (fast-check)", async () => {
    const valid = await signed(investor.account, offering, await subscribeWithPermit(investor.account, offering, 1n));
    const before = await footprint();
    const fields = Object.keys(valid.request) as (keyof Body["request"])[];
    const patterns: Record<keyof Body["request"], RegExp> = {
      from: /^0x[0-9a-fA-F]{40}$/,
      to: /^0x[0-9a-fA-F]{40}$/,
      value: /^\d{1,78}$/,
      gas: /^[1-9]\d{0,7}$/,
      nonce: /^\d{1,78}$/,
      deadline: /^\d{1,15}$/,
      data: /^0x(?:[0-9a-fA-F]{2})*$/,
      signature: /^0x(?:[0-9a-fA-F]{2})*$/,
    };
    const invalidFor = (field: keyof Body["request"]) =>
      fc
        .oneof(
          fc.constant(undefined),
          fc.constant(null),
          fc.integer(),
          fc.boolean(),
          fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
          fc.string({ maxLength: 90 }).filter((s) => !patterns[field].test(s)),
          fc.constantFrom("0x123", "0xzz", "99999999999999999", "-1", "1e3", " 1"),
        )
        .filter((v) => typeof v !== "string" || !patterns[field].test(v));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), invalidFor(field))),
        fc.boolean(),
        async ([field, bad], extraKey) => {
          // An undefined field is left out of the JSON: a missing field.
          const request: Record<string, unknown> = { ...valid.request, [field]: bad };
          if (extraKey) request["relayer"] = RELAYER.address;
          const res = await t.as(investor).post(`${API}/relay`, { request });
          assert.equal(res.status, 400, `${field}=${JSON.stringify(bad)}: ${res.text}`);
        },
      ),
      { numRuns: 60 },
    );
    for (const body of [{}, { request: null }, { request: valid.request, more: 1 }, []])
      assert.equal((await t.as(investor).post(`${API}/relay`, body)).status, 400, JSON.stringify(body));
    assert.deepEqual(await footprint(), before);
  });

  it("20 a tampered request (any byte of the signature or the data changed) is refused 422, nothing written or sent; the original then passes", async () => {
    const wallet = investor.account;
    const data = await subscribeWithPermit(wallet, offering, 2n);
    const valid = await signed(wallet, offering, data);
    const before = await footprint();
    const flip = (hex: Hex, byte: number, mask: number): Hex => {
      const bytes = Buffer.from(hex.slice(2), "hex");
      bytes[byte] = bytes[byte]! ^ mask;
      return `0x${bytes.toString("hex")}`;
    };
    const dataBytes = (data.length - 2) / 2;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("signature" as const, "data" as const),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (field, at, mask) => {
          const size = field === "signature" ? 65 : dataBytes;
          const tampered = { request: { ...valid.request, [field]: flip(valid.request[field], at % size, mask) } };
          const res = await t.as(investor).post(`${API}/relay`, tampered);
          assert.equal(res.status, 422, `${field}[${at % size}] ^ ${mask}: ${res.text}`);
          assert.ok(["relay-invalid-request", "relay-not-allowed"].includes(res.body.rule), res.text);
        },
      ),
      { numRuns: 40 },
    );
    assert.deepEqual(await footprint(), before, "no tampered request wrote or sent anything");
    const res = await t.as(investor).post(`${API}/relay`, valid);
    assert.equal(res.status, 202, res.text);
    assert.equal((await settled(t, investor, res.body.id)).status, "CONFIRMED");
  });

  it("20 another user's relay request is not found; an unknown id neither", async () => {
    const mine = await t.db.relayRequest.findFirstOrThrow({ where: { userId: investor.id } });
    const other = await t.user("INVESTOR");
    assert.equal((await t.as(other).get(`${API}/relay/${mine.id}`)).status, 404);
    assert.equal((await t.as(t.admin).get(`${API}/relay/${mine.id}`)).status, 404, "not even an admin's");
    assert.equal((await t.anonymous.get(`${API}/relay/${mine.id}`)).status, 401);
    assert.equal((await t.as(investor).get(`${API}/relay/${mine.id}`)).status, 200);
    assert.equal((await t.as(investor).get(`${API}/relay/not-a-uuid`)).status, 400);
  });

  it("20 two concurrent requests cannot both spend a daily budget only one fits: one 202, one 429 with Retry-After", async () => {
    const user = await verifiedInvestorWithUsd(strict, 50n);
    const [a, b] = [
      await signed(user.account, offering, await subscribeWithPermit(user.account, offering, 3n)),
      await signed(user.account, offering, await subscribeWithPermit(user.account, offering, 4n)),
    ];
    const before = await footprint();
    const answers = await Promise.all([a, b].map((body) => strict.as(user).post(`${API}/relay`, body)));
    assert.deepEqual(answers.map((r) => r.status).sort(), [202, 429], answers.map((r) => r.text).join(" | "));
    const refused = answers.find((r) => r.status === 429)!;
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 86_400, `Retry-After ${retryAfter}`);
    assert.match(refused.body.detail, /daily gas budget/);
    const after = await footprint();
    assert.equal(after.rows, before.rows + 1);
    assert.equal(after.transactions, before.transactions + 1);
    const budget = await strict.as(user).get(`${API}/relay`);
    assert.deepEqual(
      [budget.body.dailyGasBudget, budget.body.gasUsedToday, budget.body.gasRemainingToday],
      ["500000", "300000", "200000"],
    );
  });

  it("20 the per-user rate limit answers 429 with Retry-After (refused requests count too)", async () => {
    const user = await strict.user("INVESTOR");
    const body = await signed(user.account, token, `0xa9059cbb${"00".repeat(64)}`);
    for (let i = 0; i < 3; i++) assert.equal((await strict.as(user).post(`${API}/relay`, body)).status, 422);
    const limited = await strict.as(user).post(`${API}/relay`, body);
    assert.equal(limited.status, 429, limited.text);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    const someoneElse = await strict.user("INVESTOR");
    const theirs = await signed(someoneElse.account, token, `0xa9059cbb${"00".repeat(64)}`);
    assert.equal((await strict.as(someoneElse).post(`${API}/relay`, theirs)).status, 422, "the limit is per user");
  });

  it("20 a crash between signing and broadcasting sends exactly once (before broadcast, and after it)", async () => {
    const wallet = investor.account;
    const crashes: [string, Parameters<typeof build>[2]][] = [
      ["after the commit, before broadcast", { faults: { afterStore: () => assert.fail("crash") } }],
      ["right after the broadcast", { senderFaults: { afterBroadcast: () => assert.fail("crash") } }],
    ];
    for (const [when, faults] of crashes) {
      const crashing = build(t.db, { RELAYER_REQUESTS_PER_MINUTE: "10000" }, faults);
      const units = await client.readContract({
        address: offering,
        abi: propertyOfferingAbi,
        functionName: "subscribedUnitsOf",
        args: [wallet.address],
      });
      const before = await footprint();
      const body = await signed(wallet, offering, await subscribeWithPermit(wallet, offering, 1n));
      const user = { id: investor.id, address: investor.address };
      const request = {
        ...body.request,
        from: wallet.address,
        to: offering,
        value: 0n,
        gas: BigInt(body.request.gas),
        nonce: BigInt(body.request.nonce),
        deadline: BigInt(body.request.deadline),
      };
      // The broadcast fault is caught by the relayer (the request is stored): it answers; the other crash throws.
      await crashing.submit(user, request).catch((error: Error) => assert.match(error.message, /crash/));
      const row = await t.db.relayRequest.findFirstOrThrow({
        where: { userId: investor.id },
        orderBy: { createdAt: "desc" },
        include: { chainTransaction: true },
      });
      // The restarted process (a fresh relayer on the same database) finishes the job.
      const restarted = build(t.db);
      for (let i = 0; i < 50; i++) {
        await restarted.tick();
        const status = (await t.db.chainTransaction.findUniqueOrThrow({ where: { id: row.chainTransactionId } }))
          .status;
        if (status === "CONFIRMED") break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await restarted.tick();
      const after = await footprint();
      assert.equal(after.rows, before.rows + 1, when);
      assert.equal(after.transactions, before.transactions + 1, when);
      assert.equal(after.nonce, before.nonce + 1, `${when}: exactly one transaction on chain`);
      const final = await t.as(investor).get(`${API}/relay/${row.id}`);
      assert.equal(final.body.status, "CONFIRMED", when);
      assert.equal(
        await client.readContract({
          address: offering,
          abi: propertyOfferingAbi,
          functionName: "subscribedUnitsOf",
          args: [wallet.address],
        }),
        units + 1n,
        `${when}: subscribed once`,
      );
    }
  });

  it("20 claims units and rent through the relay", async () => {
    const wallet = investor.account;
    await chain.advance(90_000);
    await chain.send(people.manager, offering, propertyOfferingAbi as Abi, "finalize", []);
    const subscribed = await client.readContract({
      address: offering,
      abi: propertyOfferingAbi,
      functionName: "subscribedUnitsOf",
      args: [wallet.address],
    });
    const claim = await signed(
      wallet,
      offering,
      encodeFunctionData({ abi: propertyOfferingAbi, functionName: "claim" }),
    );
    const claimed = await t.as(investor).post(`${API}/relay`, claim);
    assert.equal(claimed.status, 202, claimed.text);
    assert.equal((await settled(t, investor, claimed.body.id)).status, "CONFIRMED");
    const balance = (who: `0x${string}`) =>
      client.readContract({ address: token, abi: propertyTokenAbi, functionName: "balanceOf", args: [who] });
    assert.equal(await balance(wallet.address), subscribed);
    assert.equal(await balance(RELAYER.address), 0n);

    const distributor = platform.address("RentDistributor");
    await chain.mintAndApprove(people.manager, 1_000n * USD, distributor);
    await chain.send(people.manager, distributor, rentDistributorAbi as Abi, "deposit", [
      token,
      1_000n * USD,
      statementHashOf("relayed rent"),
    ]);
    const usd = (who: `0x${string}`) =>
      client.readContract({
        address: platform.address("TestStablecoin"),
        abi: testStablecoinAbi,
        functionName: "balanceOf",
        args: [who],
      });
    const before = await usd(wallet.address);
    const rent = await signed(
      wallet,
      distributor,
      encodeFunctionData({ abi: rentDistributorAbi, functionName: "claim", args: [token] }),
    );
    const res = await t.as(investor).post(`${API}/relay`, rent);
    assert.equal(res.status, 202, res.text);
    assert.equal((await settled(t, investor, res.body.id)).status, "CONFIRMED");
    assert.ok((await usd(wallet.address)) > before, "the rent went to the investor");
    assert.equal(await usd(RELAYER.address), 0n);
    assert.equal(await client.getBalance({ address: wallet.address }), 0n);

    // Posting an order on the Settlement (the deployment's) is relayed too.
    const order = await signed(
      wallet,
      platform.address("Settlement"),
      encodeFunctionData({
        abi: settlementAbi,
        functionName: "postOrder",
        args: [
          token,
          zeroHash,
          1n,
          USD,
          platform.address("TestStablecoin"),
          zeroAddress,
          (await chain.now()) + 86_400n,
        ],
      }),
    );
    const posted = await t.as(investor).post(`${API}/relay`, order);
    assert.equal(posted.status, 202, posted.text);
    assert.equal((await settled(t, investor, posted.body.id)).status, "CONFIRMED");
  });

  it("19 holder votes: propose and castVote on a governor are relayed once the sync stored it; before, and for outsiders, refused", async () => {
    // The investor holds units of `token` (claimed above). Its manager makes the governor and signs in to the API.
    const governor = await chain.launchGovernor(people.manager, token, {
      votingPeriod: 86_400,
      quorumBps: 3_000,
      approvalBps: 6_000,
      proposerThreshold: 0n,
    });
    const session = await signIn(t.baseUrl, t.config, people.manager);
    const manager: TestUser = {
      ...session.user,
      address: people.manager.address,
      account: people.manager,
      cookie: session.cookie,
    };
    const propose = encodeFunctionData({
      abi: propertyGovernorAbi,
      functionName: "propose",
      args: [4, 0n, zeroAddress, keccak256(toHex("relayed proposal"))],
    });
    const before = await footprint();
    const early = await t
      .as(manager)
      .post(`${API}/relay`, await signed(people.manager, governor, propose, { gas: 500_000n }));
    assert.equal(early.status, 422, early.text);
    assert.equal(early.body.rule, "relay-not-allowed");
    assert.match(early.body.detail, /not a Freehold contract/, "a governor the sync has not stored is unknown");
    assert.deepEqual(await footprint(), before, "the refusal wrote and sent nothing");

    await sync();
    const proposed = await t
      .as(manager)
      .post(`${API}/relay`, await signed(people.manager, governor, propose, { gas: 500_000n }));
    assert.equal(proposed.status, 202, proposed.text);
    assert.equal((await settled(t, manager, proposed.body.id)).status, "CONFIRMED");
    const proposal = await client.readContract({
      address: governor,
      abi: propertyGovernorAbi,
      functionName: "proposal",
      args: [1n],
    });
    assert.equal(proposal.proposer, people.manager.address, "the manager proposed, not the relayer");

    const castVote = encodeFunctionData({ abi: propertyGovernorAbi, functionName: "castVote", args: [1n, 1] });
    const voted = await t.as(investor).post(`${API}/relay`, await signed(investor.account, governor, castVote));
    assert.equal(voted.status, 202, voted.text);
    assert.equal((await settled(t, investor, voted.body.id)).status, "CONFIRMED");
    const [didVote, choice, weight] = await client.readContract({
      address: governor,
      abi: propertyGovernorAbi,
      functionName: "voteOf",
      args: [1n, investor.account.address],
    });
    assert.deepEqual([didVote, choice], [true, 1], "the investor's identity voted for");
    assert.ok(weight > 0n);
    assert.equal(await client.getBalance({ address: investor.account.address }), 0n, "the investor paid no gas");

    const still = await footprint();
    const outsider = await verifiedInvestorWithUsd(t, 0n);
    const refusals: [string, TestUser, Body, string, RegExp][] = [
      [
        "a verified wallet without units votes (simulated)",
        outsider,
        await signed(outsider.account, governor, castVote),
        "relay-would-revert",
        /would revert: GovernorNoVotingPower\(/,
      ],
      [
        "a holder proposes without being allowed (simulated)",
        investor,
        await signed(investor.account, governor, propose, { gas: 500_000n }),
        "relay-would-revert",
        /would revert: Governor\w+\(/,
      ],
      [
        "finalize is not on the allow-list",
        investor,
        await signed(
          investor.account,
          governor,
          encodeFunctionData({ abi: propertyGovernorAbi, functionName: "finalize", args: [1n] }),
        ),
        "relay-not-allowed",
        /is not relayed/,
      ],
    ];
    for (const [what, user, body, rule, detail] of refusals) {
      const res = await t.as(user).post(`${API}/relay`, body);
      assert.equal(res.status, 422, `${what}: ${res.text}`);
      assert.equal(res.body.rule, rule, what);
      assert.match(res.body.detail, detail, what);
    }
    assert.deepEqual(await footprint(), still, "no refusal wrote a row or sent a transaction");
  });
});

describe("20 the relay without a relayer key", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t?.close());

  it("20 GET /relay says disabled; POST /relay answers 503 relay-disabled for the user's own wallet", async () => {
    const user = await t.user("INVESTOR");
    const info = await t.as(user).get(`${API}/relay`);
    assert.equal(info.status, 200);
    assert.equal(info.body.enabled, false);
    assert.equal(info.body.forwarder, null);
    const res = await t.as(user).post(`${API}/relay`, {
      request: {
        from: user.address,
        to: user.address,
        value: "0",
        gas: "100000",
        nonce: "0",
        deadline: "4000000000",
        data: "0x4e71d92d",
        signature: "0x" + "11".repeat(65),
      },
    });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.rule, "relay-disabled");
    assert.equal(await t.db.relayRequest.count(), 0);
  });
});
