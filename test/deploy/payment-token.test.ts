/**
 * Issue 13 §7, the production stablecoin: the deploy takes an existing stablecoin (`--payment-token`), reads its
 * decimals and EIP-2612 permit support on chain and records them; the whole launch -> subscribe -> claim -> rent
 * path runs on a chain where a 6-decimal stablecoin was deployed by someone else, once with permit (signed under
 * the recorded domain) and once without (approve, then subscribe).
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { existsSync } from "node:fs";
import { id, Signature, ZeroHash, type Signer } from "ethers";
import {
  EIP2612_PERMIT_TYPES,
  MAX_PAYMENT_DECIMALS,
  paymentTokenOf,
  type DeploymentRecord,
} from "@freehold/deployments";
import { deploymentPath, readDeployment } from "@freehold/deployments/node";
import { probePaymentToken, deployPlatform } from "@freehold/dev-kit/deploy";
import { COUNTRY_FR, nextStatementHash } from "../factory/fixture.js";
import { recordDir } from "./helpers.js";

type Ethers = Awaited<ReturnType<typeof network.create>>["ethers"];
type Helpers = Awaited<ReturnType<typeof network.create>>["networkHelpers"];

/** A USDC-like coin (permit domain version "2", no EIP-5267) or a USDT-like one (no permit), deployed by `owner`. */
async function stablecoin(ethers: Ethers, owner: Signer, kind: "permit" | "approve", decimals = 6) {
  return kind === "permit"
    ? ethers.deployContract("MockPermitStablecoin", ["USD Coin", "USDC", decimals, "2"], owner)
    : ethers.deployContract("MockStablecoin", ["Tether USD", "USDT", decimals], owner);
}

/** Signs an EIP-2612 permit under the domain the deploy recorded, as the web app does. */
async function signPermit(
  ethers: Ethers,
  record: DeploymentRecord,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
) {
  const pay = paymentTokenOf(record);
  if (!pay.permit) throw new Error("the recorded payment token has no permit");
  const coin = await ethers.getContractAt("MockPermitStablecoin", pay.address);
  const domain = { ...pay.permit, chainId: record.chainId, verifyingContract: pay.address };
  const message = {
    owner: await owner.getAddress(),
    spender,
    value,
    nonce: await coin.nonces(await owner.getAddress()),
    deadline,
  };
  return Signature.from(await owner.signTypedData(domain, { Permit: [...EIP2612_PERMIT_TYPES.Permit] }, message));
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error as Error,
  );
}

/** Launch -> subscribe -> finalize -> claim -> rent, through the deployed factory, paid in the recorded stablecoin. */
async function wholePath(ethers: Ethers, helpers: Helpers, kind: "permit" | "approve"): Promise<void> {
  const [, agent, manager, coinIssuer, alice, bob] = await ethers.getSigners();
  const coin = await stablecoin(ethers, coinIssuer!, kind);
  const dir = recordDir();
  const { record } = await deployPlatform({
    ethers,
    params: {
      paymentToken: await coin.getAddress(),
      complianceAgent: agent!.address,
      propertyManagers: [manager!.address],
    },
    recordDir: dir,
    log: () => {},
  });
  const pay = paymentTokenOf(record);
  expect(record.contracts["TestStablecoin"], "the platform deployed no stablecoin of its own").to.equal(undefined);
  expect(pay).to.deep.include({ address: await coin.getAddress(), decimals: 6, source: "existing" });
  expect(pay.permit).to.deep.equal(kind === "permit" ? { name: "USD Coin", version: "2" } : null);
  const usd = (coins: bigint): bigint => coins * 10n ** BigInt(pay.decimals);
  const at = (key: string): string => record.contracts[key]!.address;

  const registry = await ethers.getContractAt("IdentityRegistry", at("IdentityRegistry"));
  const expiry = BigInt(await helpers.time.latest()) + 365n * 86_400n;
  for (const investor of [alice!, bob!])
    await registry.connect(agent!).registerIdentity(investor.address, investor.address, COUNTRY_FR, expiry, true);

  const factory = await ethers.getContractAt("PropertyTokenFactory", at("PropertyTokenFactory"));
  const now = BigInt(await helpers.time.latest());
  const launchParams = {
    propertyId: id(`stablecoin-${kind}`),
    name: "Quai de Jemmapes 8",
    symbol: "QJ8",
    partition: ZeroHash,
    paymentToken: pay.address,
    pricePerUnit: usd(100n),
    softCap: 10n,
    hardCap: 100n,
    minTicket: 1n,
    maxTicket: 100n,
    startTime: now + 60n,
    endTime: now + 30n * 86_400n,
    treasury: manager!.address,
  };
  const [tokenAddress, offeringAddress] = await factory.connect(manager!).launch.staticCall(launchParams);
  await (await factory.connect(manager!).launch(launchParams)).wait();
  const token = await ethers.getContractAt("PropertyToken", tokenAddress!);
  const offering = await ethers.getContractAt("PropertyOffering", offeringAddress!);
  await helpers.time.increase(120);

  await coin.mint(alice!.address, usd(6_000n));
  await coin.mint(bob!.address, usd(4_000n));
  const deadline = BigInt(await helpers.time.latest()) + 1_800n;
  if (kind === "permit") {
    // One transaction per investor: the permit signed under the recorded domain moves the allowance.
    for (const [investor, units] of [
      [alice!, 60n],
      [bob!, 40n],
    ] as const) {
      const { v, r, s } = await signPermit(ethers, record, investor, offeringAddress!, units * usd(100n), deadline);
      await (await offering.connect(investor).subscribeWithPermit(units, deadline, v, r, s)).wait();
    }
  } else {
    // Without permit a signed subscription cannot move the money (the web app never offers it): approve first.
    await expect(
      offering.connect(alice!).subscribeWithPermit(60n, deadline, 27, ZeroHash, ZeroHash),
    ).to.be.revertedWithCustomError(coin, "ERC20InsufficientAllowance");
    for (const [investor, units] of [
      [alice!, 60n],
      [bob!, 40n],
    ] as const) {
      await (await coin.connect(investor).approve(offeringAddress!, units * usd(100n))).wait();
      await (await offering.connect(investor).subscribe(units)).wait();
    }
  }
  expect(await coin.balanceOf(offeringAddress!)).to.equal(usd(10_000n));

  await (await offering.connect(manager!).finalize()).wait();
  await (await offering.connect(alice!).claim()).wait();
  await (await offering.connect(bob!).claim()).wait();
  expect(await token.balanceOf(alice!.address)).to.equal(60n);
  expect(await token.balanceOf(bob!.address)).to.equal(40n);
  // Claimed units' payments leave the escrow for the treasury (no platform fee in this deploy).
  await (await offering.connect(manager!).releaseProceeds()).wait();
  expect(await coin.balanceOf(manager!.address), "the proceeds reach the treasury").to.equal(usd(10_000n));

  // Rent of 1,234.5 coins: 6 decimals all the way, nothing lost to rounding at 100 units.
  const distributor = await ethers.getContractAt("RentDistributor", at("RentDistributor"));
  expect(await distributor.paymentTokenOf(tokenAddress!)).to.equal(pay.address);
  const rent = usd(1_234n) + 500_000n;
  await (await coin.connect(manager!).approve(at("RentDistributor"), rent)).wait();
  await (await distributor.connect(manager!).deposit(tokenAddress!, rent, nextStatementHash())).wait();
  for (const [investor, units] of [
    [alice!, 60n],
    [bob!, 40n],
  ] as const) {
    const before = await coin.balanceOf(investor.address);
    await (await distributor.connect(investor).claim(tokenAddress!)).wait();
    expect(await coin.balanceOf(investor.address), `${units} units earn their share`).to.equal(
      before + (rent * units) / 100n,
    );
  }
}

describe("13.7 the production stablecoin", function () {
  it("13.7 records an existing 6-decimal USDC-like stablecoin (permit domain version 2, no EIP-5267) on a production chain, deploying no TestStablecoin", async function () {
    const { ethers } = await network.create({ override: { chainId: 1 } });
    const [, coinIssuer] = await ethers.getSigners();
    const coin = await stablecoin(ethers, coinIssuer!, "permit");
    const dir = recordDir();
    const { record, summary } = await deployPlatform({
      ethers,
      params: { paymentToken: await coin.getAddress() },
      recordDir: dir,
      log: () => {},
    });
    expect(record.paymentToken).to.deep.equal({
      address: await coin.getAddress(),
      name: "USD Coin",
      symbol: "USDC",
      decimals: 6,
      permit: { name: "USD Coin", version: "2" },
      source: "existing",
    });
    expect(readDeployment(1, dir)!.paymentToken, "written to the record on disk").to.deep.equal(record.paymentToken);
    expect(record.contracts["TestStablecoin"]).to.equal(undefined);
    expect(summary).to.match(
      /record the payment token\s+recorded\s+USDC 0x[0-9a-fA-F]{40} \(6 decimals, EIP-2612 permit "USD Coin" v2\)/,
    );
  });

  it("13.7 records a 6-decimal stablecoin without permit as approve-only (permit: null)", async function () {
    const { ethers } = await network.create();
    const [, coinIssuer] = await ethers.getSigners();
    const coin = await stablecoin(ethers, coinIssuer!, "approve");
    const { record } = await deployPlatform({
      ethers,
      params: { paymentToken: await coin.getAddress() },
      recordDir: recordDir(),
      log: () => {},
    });
    expect(record.paymentToken).to.deep.equal({
      address: await coin.getAddress(),
      name: "Tether USD",
      symbol: "USDT",
      decimals: 6,
      permit: null,
      source: "existing",
    });
  });

  it("13.7 records a DAI-style permit (DOMAIN_SEPARATOR, nonces and version, but another permit signature) as no permit", async function () {
    const { ethers } = await network.create();
    const [, coinIssuer] = await ethers.getSigners();
    const coin = await ethers.deployContract("MockDaiStylePermitStablecoin", ["Dai-style USD", "DUSD"], coinIssuer!);
    const found = await probePaymentToken(ethers.provider, await coin.getAddress(), "existing");
    expect(found).to.deep.include({ decimals: 6, permit: null });
  });

  it("13.7 records the TestStablecoin it deploys on a test chain (EIP-5267 domain) like any other stablecoin", async function () {
    const { ethers } = await network.create();
    const { record } = await deployPlatform({ ethers, recordDir: recordDir(), log: () => {} });
    expect(record.paymentToken).to.deep.equal({
      address: record.contracts["TestStablecoin"]!.address,
      name: "Test USD",
      symbol: "tUSD",
      decimals: 6,
      permit: { name: "Test USD", version: "1" },
      source: "TestStablecoin",
    });
  });

  it("13.7 refuses an address that is not a usable stablecoin before anything is sent, and records nothing", async function () {
    const { ethers } = await network.create({ override: { chainId: 1 } });
    const [, coinIssuer, someone] = await ethers.getSigners();
    const notErc20 = await ethers.deployContract("IdentityRegistry", [someone!.address, someone!.address]);
    const daiLike = await ethers.deployContract("MockStablecoin", ["Dai Stablecoin", "DAI", 18], coinIssuer!);
    const cases: [string, RegExp][] = [
      [someone!.address, /no contract at this address/],
      [await notErc20.getAddress(), /name\(\) failed, so it is not an ERC-20 stablecoin/],
      [
        await daiLike.getAddress(),
        /18 decimals; the platform accepts 0 to 8 \(a holder's rent is bounded at 2\^55 base units\)/,
      ],
    ];
    for (const [address, message] of cases) {
      const dir = recordDir();
      const block = await ethers.provider.getBlockNumber();
      const error = await refusal(
        deployPlatform({ ethers, params: { paymentToken: address }, recordDir: dir, log: () => {} }),
      );
      expect(error.message).to.match(message);
      expect(await ethers.provider.getBlockNumber(), "nothing was sent").to.equal(block);
      expect(existsSync(deploymentPath(1, dir)), "nothing was recorded").to.equal(false);
    }
  });

  it("13.7 a re-run without --payment-token keeps the recorded stablecoin; naming another one replaces it and says what offerings keep", async function () {
    const { ethers } = await network.create({ override: { chainId: 1 } });
    const [, coinIssuer] = await ethers.getSigners();
    const usdc = await stablecoin(ethers, coinIssuer!, "permit");
    const usdt = await stablecoin(ethers, coinIssuer!, "approve");
    const dir = recordDir();
    await deployPlatform({ ethers, params: { paymentToken: await usdc.getAddress() }, recordDir: dir, log: () => {} });
    const block = await ethers.provider.getBlockNumber();

    const again = await deployPlatform({ ethers, recordDir: dir, log: () => {} });
    expect(again.results[0]).to.deep.include({ step: "record the payment token", outcome: "unchanged" });
    expect(again.record.paymentToken!.address).to.equal(await usdc.getAddress());
    expect(await ethers.provider.getBlockNumber()).to.equal(block);

    const other = await deployPlatform({
      ethers,
      params: { paymentToken: await usdt.getAddress() },
      recordDir: dir,
      log: () => {},
    });
    expect(other.results[0]!.outcome).to.equal("recorded");
    expect(other.results[0]!.detail).to.contain(`(was ${await usdc.getAddress()}: offerings launched before keep it)`);
    expect(readDeployment(1, dir)!.paymentToken).to.deep.include({ address: await usdt.getAddress(), permit: null });
    expect(await ethers.provider.getBlockNumber(), "recording the stablecoin sends nothing").to.equal(block);
  });

  it("13.7 the whole launch -> subscribe -> claim -> rent path with a separately deployed 6-decimal stablecoin WITH permit", async function () {
    const { ethers, networkHelpers } = await network.create();
    await wholePath(ethers, networkHelpers, "permit");
  });

  it("13.7 the whole launch -> subscribe -> claim -> rent path with a separately deployed 6-decimal stablecoin WITHOUT permit (approve)", async function () {
    const { ethers, networkHelpers } = await network.create();
    await wholePath(ethers, networkHelpers, "approve");
  });

  it("13.7 (class) whatever decimals (0..18) and permit a stablecoin has, the record says exactly that (or refuses past 8 decimals), and a recorded permit is one the token accepts", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [, coinIssuer, owner, spender] = await ethers.getSigners();
    const permitKinds = fc.oneof(
      fc.constant({ kind: "none" as const }),
      fc.constant({ kind: "eip5267" as const }),
      fc.constant({ kind: "dai-style" as const }),
      fc.record({ kind: fc.constant("version" as const), version: fc.string({ minLength: 1, maxLength: 8 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 18 }), permitKinds, async (decimals, permit) => {
        const coin =
          permit.kind === "none"
            ? await ethers.deployContract("MockStablecoin", ["Plain", "PLN", decimals], coinIssuer!)
            : permit.kind === "eip5267"
              ? await ethers.deployContract("TestStablecoin", ["Test USD", "tUSD", coinIssuer!.address])
              : permit.kind === "dai-style"
                ? await ethers.deployContract("MockDaiStylePermitStablecoin", ["Dai-style USD", "DUSD"], coinIssuer!)
                : await ethers.deployContract(
                    "MockPermitStablecoin",
                    ["Permit USD", "PUSD", decimals, permit.version],
                    coinIssuer!,
                  );
        const actual = permit.kind === "eip5267" || permit.kind === "dai-style" ? 6 : decimals;
        if (actual > MAX_PAYMENT_DECIMALS) {
          // Past the token's rent bookkeeping bound: refused, whatever the permit.
          expect(
            (await refusal(probePaymentToken(ethers.provider, await coin.getAddress(), "existing"))).message,
          ).to.contain(`${actual} decimals; the platform accepts 0 to 8`);
          return;
        }
        const found = await probePaymentToken(ethers.provider, await coin.getAddress(), "existing");
        expect(found.decimals).to.equal(actual);
        if (permit.kind === "none" || permit.kind === "dai-style") {
          expect(found.permit).to.equal(null);
          return;
        }
        expect(found.permit).to.deep.equal(
          permit.kind === "eip5267"
            ? { name: "Test USD", version: "1" }
            : { name: "Permit USD", version: permit.version },
        );
        // The recorded domain is the one the token checks: a permit signed under it sets the allowance.
        const record = {
          chainId: 31337,
          network: "test",
          updatedAt: "",
          contracts: {},
          paymentToken: found,
        } satisfies DeploymentRecord;
        const deadline = BigInt(await networkHelpers.time.latest()) + 600n;
        const { v, r, s } = await signPermit(ethers, record, owner!, spender!.address, 7n, deadline);
        const permitted = await ethers.getContractAt("MockPermitStablecoin", found.address);
        await (await permitted.permit(owner!.address, spender!.address, 7n, deadline, v, r, s)).wait();
        expect(await coin.allowance(owner!.address, spender!.address)).to.equal(7n);
      }),
      { numRuns: 20 },
    );
  });
});
