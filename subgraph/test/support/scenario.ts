/**
 * The platform's whole life on an in-process Hardhat network, deployed by the real deploy script
 * (`deployPlatform` of @freehold/dev-kit/deploy): KYC registrations, updates, freezes and a removal; three launches through the
 * factory (default partition, a named partition, one cancelled); subscriptions, finalization, claims and refunds;
 * ERC-20 and partition transfers; a settlement order posted, partly filled and cancelled; rent deposited,
 * claimed and redirected by the controller; documents; freezes and holds; controller transfer and redemption; a redemption by a holder;
 * private placements: invitations redeemed at their own prices (one refunded when its offering is cancelled) and one
 * revoked unused; holder votes (issue 19): a governor for Docklands, a sale proposal voted by three identities (one
 * changing its vote, one voting from its second wallet) and finalized, and a second proposal left open; the exit
 * (issue 19): Docklands' exit launched, the sale's proceeds deposited (the token closes), Bob redeeming and the
 * controller redeeming Erin's units to her second wallet, Dave and Alice not yet.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, id, sha256, toUtf8Bytes, ZeroAddress } from "ethers";
import { network } from "hardhat";
import type { DeploymentRecord } from "@freehold/deployments";
import type {
  IdentityRegistry,
  PlatformFees,
  PropertyExit,
  PropertyGovernor,
  PropertyOffering,
  PropertyToken,
  PropertyTokenFactory,
  RentDistributor,
  Settlement,
  TestStablecoin,
} from "@freehold/dev-kit/contract-types";
import { deployPlatform, offeringDomain, signInvitation, type SignedInvitation } from "@freehold/dev-kit/deploy";
import type { Eip1193Provider } from "../../test-host/chain.js";

export const DEFAULT_PARTITION = "0x" + "00".repeat(32);
export const LOCKUP = encodeBytes32String("LOCKUP-12M");
const DAY = 86_400n;
const FR = 250;
const DE = 276;
const usd = (n: number): bigint => BigInt(n) * 1_000_000n;

export interface Scenario {
  provider: Eip1193Provider;
  record: DeploymentRecord;
  recordDir: string;
  registry: IdentityRegistry;
  distributor: RentDistributor;
  settlement: Settlement;
  factory: PropertyTokenFactory;
  stablecoin: TestStablecoin;
  platformFees: PlatformFees;
  /** Collects every kind of fee (a wallet that does nothing else: its balance is the fees paid). */
  feeRecipient: string;
  tokens: PropertyToken[];
  offerings: PropertyOffering[];
  /** The governors the factory launched (Docklands'). */
  governors: PropertyGovernor[];
  /** The exits the factory launched (Docklands', closed by its sale). */
  exits: PropertyExit[];
  /** Every wallet that took part (for balance checks). */
  wallets: string[];
  /** Wallets the compliance agent registered at some point. */
  registered: string[];
}

async function wait(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

export async function runScenario(): Promise<Scenario> {
  const { ethers, networkHelpers: helpers, provider } = await network.create();
  const signers = await ethers.getSigners();
  const [admin, agent, manager, treasury, feeRecipient, alice, bob, carol, dave, erin, frank, erinSecond] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const addr = async (s: HardhatEthersSigner): Promise<string> => (await s.getAddress()).toLowerCase();
  const recordDir = mkdtempSync(join(tmpdir(), "freehold-subgraph-"));
  const { record } = await deployPlatform({
    ethers,
    recordDir,
    params: {
      complianceAgent: await addr(agent),
      propertyManagers: [await addr(manager)],
      feeRecipient: await addr(feeRecipient),
      feeBps: 150,
    },
    log: () => undefined,
  });
  const at = (key: string): string => {
    const deployed = record.contracts[key];
    if (!deployed) throw new Error(`deployment record has no ${key}`);
    return deployed.address;
  };
  const registry = await ethers.getContractAt("IdentityRegistry", at("IdentityRegistry"));
  const distributor = await ethers.getContractAt("RentDistributor", at("RentDistributor"));
  const settlement = await ethers.getContractAt("Settlement", at("Settlement"));
  const factory = await ethers.getContractAt("PropertyTokenFactory", at("PropertyTokenFactory"));
  const stablecoin = await ethers.getContractAt("TestStablecoin", at("TestStablecoin"));

  // Fees of every kind charged today (issue 20): the primary fee is the deploy's 1.5 %; rent (1 %), trade (0.5 %) and
  // exit (2 %) are announced and in effect 12 weeks later, before anything is sold. The rent increase is written down
  // (applyIncrease); trade and exit are charged as due increases not written down.
  const fees = await ethers.getContractAt("PlatformFees", at("PlatformFees"));
  await wait(fees.connect(admin).announceIncrease(1, 100));
  await wait(fees.connect(admin).announceIncrease(2, 50));
  await wait(fees.connect(admin).announceIncrease(3, 200));
  await helpers.time.increase(12 * 7 * 86_400 + 1);
  await wait(fees.connect(admin).applyIncrease(1));

  // KYC: five investors, one batch; an update, a freeze and unfreeze, and a removal of a wallet that never buys.
  const now = BigInt(await helpers.time.latest());
  const investors = [alice, bob, carol, dave, erin];
  const wallets = (await Promise.all(investors.map(addr))) as [string, string, string, string, string];
  await wait(registry.connect(agent).registerIdentity(wallets[0], wallets[0], FR, now + 365n * DAY, true));
  await wait(
    registry.connect(agent).batchRegisterIdentity(
      wallets.slice(1),
      wallets.slice(1),
      [FR, DE, FR, DE],
      wallets.slice(1).map(() => now + 365n * DAY),
      [false, true, true, false],
    ),
  );
  await wait(
    registry.connect(agent).registerIdentity(await addr(frank), await addr(frank), DE, now + 30n * DAY, false),
  );
  await wait(registry.connect(agent).updateIdentity(wallets[1], DE, now + 700n * DAY, true));
  await wait(registry.connect(agent).setFrozen(wallets[3], true));
  await wait(registry.connect(agent).setFrozen(wallets[3], false));
  await wait(registry.connect(agent).removeIdentity(await addr(frank)));

  // Three launches: a default-partition property, a lock-up class, and one that will be cancelled.
  const launch = async (name: string, symbol: string, partition: string, hardCap: bigint) => {
    const start = BigInt(await helpers.time.latest()) + 3_600n;
    const params = {
      propertyId: id(name),
      name,
      symbol,
      partition,
      paymentToken: await stablecoin.getAddress(),
      pricePerUnit: usd(100),
      softCap: 50n,
      hardCap,
      minTicket: 10n,
      maxTicket: 400n,
      startTime: start,
      endTime: start + 30n * DAY,
      treasury: await addr(treasury),
    };
    const [token, offering] = await factory.connect(manager).launch.staticCall(params);
    await wait(factory.connect(manager).launch(params));
    return {
      token: await ethers.getContractAt("PropertyToken", token),
      offering: await ethers.getContractAt("PropertyOffering", offering),
      params,
    };
  };
  const rivoli = await launch("Rue de Rivoli 12", "RIV12", DEFAULT_PARTITION, 600n);
  const docks = await launch("Docklands Loft", "DOCK", LOCKUP, 400n);
  const harbour = await launch("Harbour View", "HARB", DEFAULT_PARTITION, 300n);
  await helpers.time.increaseTo(rivoli.params.startTime);
  await helpers.time.increaseTo(harbour.params.startTime);

  const subscribe = async (offering: PropertyOffering, investor: HardhatEthersSigner, units: bigint): Promise<void> => {
    const price = units * usd(100);
    await wait(stablecoin.connect(admin).mint(await addr(investor), price));
    await wait(stablecoin.connect(investor).approve(await offering.getAddress(), price));
    await wait(offering.connect(investor).subscribe(units));
  };
  await subscribe(rivoli.offering, alice, 250n);
  await subscribe(rivoli.offering, bob, 200n);
  await subscribe(rivoli.offering, carol, 100n);
  await subscribe(rivoli.offering, alice, 50n); // hard cap reached: 600
  await subscribe(docks.offering, bob, 150n);
  await subscribe(docks.offering, dave, 100n);
  // Frank, verified again, subscribes to Docklands; removed from the registry after finalization, his claim is refused
  // for good and he takes back exactly what he paid (issue 13: a refund after Finalized).
  await wait(
    registry
      .connect(agent)
      .registerIdentity(
        await addr(frank),
        await addr(frank),
        DE,
        BigInt(await helpers.time.latest()) + 400n * DAY,
        false,
      ),
  );
  await subscribe(docks.offering, frank, 20n);
  await subscribe(harbour.offering, carol, 40n);
  await subscribe(harbour.offering, erin, 30n);

  // Private placements (issue 20), signed by the manager (the offerings' issuer): Erin redeems 30 Docklands units at
  // 80 instead of 100, Dave 20 Harbour units at 95 (refunded at that price when Harbour is cancelled); an invitation
  // to Carol is revoked unused.
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const invite = async (
    offering: PropertyOffering,
    investor: HardhatEthersSigner,
    pricePerUnit: bigint,
  ): Promise<SignedInvitation> =>
    signInvitation(manager, offeringDomain(chainId, await offering.getAddress()), {
      identity: await addr(investor),
      minUnits: 10n,
      maxUnits: 50n,
      pricePerUnit,
      expiry: BigInt(await helpers.time.latest()) + 60n * DAY,
      salt: id(`${await offering.getAddress()} ${await addr(investor)}`),
    });
  const redeem = async (offering: PropertyOffering, investor: HardhatEthersSigner, units: bigint, price: bigint) => {
    const signed = await invite(offering, investor, price);
    await wait(stablecoin.connect(admin).mint(await addr(investor), units * price));
    await wait(stablecoin.connect(investor).approve(await offering.getAddress(), units * price));
    await wait(offering.connect(investor).subscribeWithInvitation(signed.invitation, units, signed.signature));
  };
  await redeem(docks.offering, erin, 30n, usd(80));
  await redeem(harbour.offering, dave, 20n, usd(95));
  await wait(docks.offering.connect(manager).revokeInvitation((await invite(docks.offering, carol, usd(70))).hash));

  // Rivoli succeeded at its hard cap; Docklands reaches its soft cap and closes; Harbour is cancelled.
  await wait(rivoli.offering.connect(manager).finalize());
  await wait(harbour.offering.connect(manager).cancel());
  await wait(harbour.offering.connect(carol).refund());
  await wait(harbour.offering.connect(erin).refund());
  await wait(harbour.offering.connect(dave).refund());
  await helpers.time.increaseTo(docks.params.endTime);
  await wait(docks.offering.connect(manager).finalize());
  await wait(rivoli.offering.connect(alice).claim());
  await wait(rivoli.offering.connect(bob).claim());
  await wait(rivoli.offering.connect(dave).claimFor(await addr(carol)));
  await wait(docks.offering.connect(bob).claim());
  await wait(docks.offering.connect(dave).claim());
  await wait(docks.offering.connect(erin).claim());
  await wait(registry.connect(agent).removeIdentity(await addr(frank)));
  await wait(docks.offering.connect(frank).refund());
  // Finalize moves no money: the proceeds of the delivered units leave the escrow through releaseProceeds (anyone).
  await wait(rivoli.offering.connect(dave).releaseProceeds());
  await wait(docks.offering.connect(manager).releaseProceeds());

  // Secondary moves: ERC-20 transfer and transferFrom (default partition), partition transfer.
  await wait(rivoli.token.connect(alice).transfer(await addr(dave), 40n));
  await wait(rivoli.token.connect(bob).approve(await addr(carol), 30n));
  await wait(rivoli.token.connect(carol).transferFrom(await addr(bob), await addr(erin), 30n));
  await wait(docks.token.connect(bob).transferByPartition(LOCKUP, await addr(erin), 20n, "0x"));
  await wait(rivoli.token.connect(alice).transfer(await addr(alice), 1n)); // to oneself: a Transfer, no change
  await wait(docks.token.connect(dave).authorizeOperatorByPartition(LOCKUP, await addr(carol)));
  await wait(
    docks.token
      .connect(carol)
      .operatorTransferByPartition(LOCKUP, await addr(dave), await addr(alice), 15n, "0x", "0x"),
  );
  await wait(docks.token.connect(dave).redeemByPartition(LOCKUP, 5n, "0x"));
  // ERC-1594 issue on the default partition (Transfer first, then Issued), by the manager as issuer.
  await wait(rivoli.token.connect(manager).grantRole(await rivoli.token.ISSUER_ROLE(), await addr(manager)));
  await wait(rivoli.token.connect(manager).issue(await addr(erin), 12n, "0x"));

  // Settlement: Alice sells 60 Rivoli units; Dave buys 25, Erin 15; Alice cancels the rest.
  const expiry = BigInt(await helpers.time.latest()) + 7n * DAY;
  const orderId = await settlement.nextOrderId();
  await wait(
    settlement
      .connect(alice)
      .postOrder(
        await rivoli.token.getAddress(),
        DEFAULT_PARTITION,
        60n,
        usd(110),
        await stablecoin.getAddress(),
        ZeroAddress,
        expiry,
      ),
  );
  for (const [buyer, units] of [
    [dave, 25n],
    [erin, 15n],
  ] as const) {
    await wait(stablecoin.connect(admin).mint(await addr(buyer), units * usd(110)));
    await wait(stablecoin.connect(buyer).approve(await settlement.getAddress(), units * usd(110)));
    await wait(settlement.connect(buyer).fill(orderId, units));
  }
  await wait(settlement.connect(alice).cancel(orderId));
  // Docklands: Bob sells 10 lock-up units, filled by Erin in full.
  const dockOrder = await settlement.nextOrderId();
  await wait(
    settlement
      .connect(bob)
      .postOrder(
        await docks.token.getAddress(),
        LOCKUP,
        10n,
        usd(90),
        await stablecoin.getAddress(),
        await addr(erin),
        expiry,
      ),
  );
  await wait(stablecoin.connect(admin).mint(await addr(erin), 10n * usd(90)));
  await wait(stablecoin.connect(erin).approve(await settlement.getAddress(), 10n * usd(90)));
  // Docklands trades at its own 0.2 % (an override, below the platform's 0.5 %); an override set and removed on Harbour.
  await wait(fees.connect(admin).setOverride(2, await docks.token.getAddress(), 20));
  await wait(fees.connect(admin).setOverride(1, await harbour.token.getAddress(), 10));
  await wait(fees.connect(admin).removeOverride(1, await harbour.token.getAddress()));
  await wait(settlement.connect(erin).fill(dockOrder, 10n));

  // Rent: two deposits on Rivoli (one with dust), one on Docklands; claims in between and after.
  // Each deposit pays out one closed period, named by the SHA-256 of its statement.
  const depositRent = async (token: PropertyToken, amount: bigint, statement: string): Promise<void> => {
    await wait(stablecoin.connect(admin).mint(await addr(manager), amount));
    await wait(stablecoin.connect(manager).approve(await distributor.getAddress(), amount));
    await wait(distributor.connect(manager).deposit(await token.getAddress(), amount, statement));
  };
  await depositRent(rivoli.token, usd(6_000) + 7n, sha256(toUtf8Bytes("Rivoli, January")));
  await wait(distributor.connect(alice).claim(await rivoli.token.getAddress()));
  await wait(rivoli.token.connect(dave).transfer(await addr(carol), 5n));
  await depositRent(rivoli.token, usd(3_000), sha256(toUtf8Bytes("Rivoli, February")));
  // Another property may pay a statement with the same hash: uniqueness is per token.
  await depositRent(docks.token, usd(1_250), sha256(toUtf8Bytes("Rivoli, January")));
  await wait(distributor.connect(bob).claimMany([await rivoli.token.getAddress(), await docks.token.getAddress()]));
  await wait(distributor.connect(dave).claim(await rivoli.token.getAddress()));

  // Documents, freezes, configuration, controller actions, a redemption by a holder.
  const titleDeed = encodeBytes32String("TITLE_DEED");
  await wait(rivoli.token.connect(manager).setDocument(titleDeed, "ipfs://title-v1", id("title v1")));
  await wait(rivoli.token.connect(manager).setDocument(titleDeed, "ipfs://title-v2", id("title v2")));
  await wait(
    rivoli.token.connect(manager).setDocument(encodeBytes32String("VALUATION"), "ipfs://valuation", id("valuation")),
  );
  await wait(rivoli.token.connect(manager).removeDocument(encodeBytes32String("VALUATION")));
  await wait(rivoli.token.connect(manager).setMaxHolders(100));
  await wait(rivoli.token.connect(manager).setMaxBalancePerIdentity(1_000n));
  await wait(rivoli.token.connect(manager).setCountryRestrictions([840, 408], true));
  await wait(rivoli.token.connect(manager).setCountryRestrictions([408], false));
  await wait(
    docks.token.connect(manager).setPartitionRules(LOCKUP, BigInt(await helpers.time.latest()) + 365n * DAY, false),
  );
  await wait(rivoli.token.connect(manager).freezePartialTokens(await addr(erin), 10n));
  await wait(rivoli.token.connect(manager).setAddressFrozen(await addr(carol), true));
  // The controller pays the frozen holder's unclaimed rent to another registered wallet (RentRedirected).
  await wait(
    distributor.connect(manager).redirectRent(await rivoli.token.getAddress(), await addr(carol), await addr(dave)),
  );
  await wait(
    rivoli.token
      .connect(manager)
      .controllerTransfer(await addr(carol), await addr(dave), 20n, "0x", encodeBytes32String("court order")),
  );
  await wait(
    docks.token.connect(manager).controllerRedeem(await addr(erin), 5n, "0x", encodeBytes32String("lost wallet")),
  );
  await wait(rivoli.token.connect(bob).redeem(10n, "0x"));
  await wait(rivoli.token.connect(manager).pause());

  // Holder votes (issue 19) on Docklands (Bob 120, Erin 55, Dave 80, Alice 15 units): the manager launches its
  // governor (a week, 30 % quorum, 60 % approval, 100 units to propose) and proposes a sale. Bob votes against, then
  // changes to for; Erin votes for from her second wallet (same identity); Dave abstains. Approved: 175 for, 80
  // abstaining. A second proposal (a free decision) stays open with Dave's vote.
  const governorTerms = { votingPeriod: 7 * 86_400, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 100n };
  const governorAddress = await factory.connect(manager).launchGovernor.staticCall(docks.token, governorTerms);
  await wait(factory.connect(manager).launchGovernor(docks.token, governorTerms));
  const snapshots = await ethers.getContractAt("IPropertyTokenSnapshots", await docks.token.getAddress());
  await wait(snapshots.connect(manager).setGovernor(governorAddress));
  const governor = await ethers.getContractAt("PropertyGovernor", governorAddress);
  await wait(
    registry
      .connect(agent)
      .registerIdentity(
        await addr(erinSecond),
        wallets[4],
        DE,
        BigInt(await helpers.time.latest()) + 365n * DAY,
        false,
      ),
  );
  await wait(governor.connect(manager).propose(0, usd(450_000), ZeroAddress, id("Docklands sale memorandum")));
  await wait(governor.connect(bob).castVote(1n, 0));
  await wait(governor.connect(erinSecond).castVote(1n, 1));
  await wait(governor.connect(dave).castVote(1n, 2));
  await wait(governor.connect(bob).castVote(1n, 1));
  await helpers.time.increase(7 * 86_400);
  await wait(governor.connect(alice).finalize(1n));
  await wait(governor.connect(manager).propose(4, 0n, ZeroAddress, id("Docklands: repaint the facade")));
  await wait(governor.connect(dave).castVote(2n, 1));

  // The exit (issue 19): the manager launches Docklands' exit and deposits the approved sale's proceeds (above its
  // 450,000 minimum; the 2 % exit fee goes to the collector); the token closes. Bob redeems; the controller redeems
  // Erin's units to her second wallet (a lost wallet); Dave, the third voter, redeems a week later; Alice never does
  // (her claim stays).
  const exitAddress = await factory.connect(manager).launchExit.staticCall(docks.token);
  await wait(factory.connect(manager).launchExit(docks.token));
  const exit = await ethers.getContractAt("PropertyExit", exitAddress);
  const saleAmount = usd(460_000) + 3n;
  await wait(stablecoin.connect(admin).mint(await addr(manager), saleAmount));
  await wait(stablecoin.connect(manager).approve(exitAddress, saleAmount));
  await wait(exit.connect(manager).depositProceeds(1n, saleAmount));
  await wait(exit.connect(bob).redeem());
  await wait(exit.connect(manager).redeemFor(wallets[4], await addr(erinSecond)));
  await helpers.time.increase(7 * 86_400);
  await wait(exit.connect(dave).redeem());

  const tokens = [rivoli.token, docks.token, harbour.token];
  const offerings = [rivoli.offering, docks.offering, harbour.offering];
  return {
    provider,
    record,
    recordDir,
    registry,
    distributor,
    settlement,
    factory,
    stablecoin,
    platformFees: fees,
    feeRecipient: await addr(feeRecipient),
    tokens,
    offerings,
    governors: [governor],
    exits: [exit],
    wallets: [...wallets, await addr(manager), await addr(treasury)],
    registered: [...wallets, await addr(frank), await addr(erinSecond)],
  };
}
