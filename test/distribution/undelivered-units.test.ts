/**
 * Outside review (money): paid subscribers lost rent deposited before their units were delivered.
 *
 * `RentDistributor.deposit` shares a deposit over the token's `totalSupply`, which counts only units already issued.
 * An offering's subscribers receive their units only when they (or anyone, through `claimFor`) claim after
 * finalization, and units issued later start with a negative rent correction (`TokenLedger._credit`): they earn
 * nothing from earlier deposits. Finalized with 1,000 units sold and 300 claimed, a deposit of 1,000 went all to the
 * 300; the 700 who had paid lost that deposit's rent for good.
 *
 * Now: the offering tells the token's distributor at finalization that it owes units (`expectDelivery`), and every
 * deposit, rent or capital, is refused with `DistributorUndeliveredUnits(token, offering, undelivered)` while a
 * finalized offering of the token has units sold and neither delivered nor refunded. Deliver them (`claimFor`, anyone)
 * or refund an unclaimable position (`refundFor`, anyone), then deposit.
 */
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Choice, DOC, Kind, TERMS, attachGovernor, withGovernorImplementation } from "../governance/fixture.js";
import { attachExit, withExitImplementation } from "../exit/fixture.js";
import {
  closeOffering,
  deployPlatform,
  fund,
  issueTo,
  launch,
  nextStatementHash,
  openOffering,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

const RENT = usd(1_000);

describe("Review finding: rent deposited before delivery reaches every paid subscriber", function () {
  /** 1,000 units sold (300 + 400 + 300), finalized; the manager holds money to deposit. */
  async function soldOut(): Promise<{ p: Platform; l: Launched; buyers: HardhatEthersSigner[]; units: bigint[] }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await openOffering(p, l);
    const buyers = [p.investors[0]!, p.investors[1]!, p.investors[2]!];
    const units = [300n, 400n, 300n];
    for (const [i, buyer] of buyers.entries()) await subscribe(p, l, buyer, units[i]!);
    await closeOffering(p, l);
    await l.offering.connect(p.manager).finalize();
    await fund(p, p.manager, 10n * RENT, await p.distributor.getAddress());
    return { p, l, buyers, units };
  }

  async function platformOnly(): Promise<Platform> {
    return deployPlatform(ethers, networkHelpers);
  }

  const deposit = (p: Platform, l: Launched) =>
    p.distributor.connect(p.manager).deposit(l.token.getAddress(), RENT, nextStatementHash());

  it("finding: 300 of 1,000 units claimed, a deposit, then the rest delivered: each subscriber earns its share of every deposit after finalization", async function () {
    const { p, l, buyers, units } = await networkHelpers.loadFixture(soldOut);
    await l.offering.connect(buyers[0]!).claim();
    let deposited = 0n;
    try {
      await (await deposit(p, l)).wait();
      deposited += RENT;
    } catch {
      // refused: nothing was distributed
    }
    for (const buyer of buyers.slice(1)) await l.offering.claimFor(buyer.address);
    await (await deposit(p, l)).wait();
    deposited += RENT;
    const sold = await l.offering.unitsSold();
    for (const [i, buyer] of buyers.entries()) {
      expect(await p.distributor.claimableOf(l.token.getAddress(), buyer.address), `subscriber ${i}`).to.equal(
        (units[i]! * deposited) / sold,
      );
    }
  });

  it("refuses the deposit, naming the offering and the 700 undelivered units, and changes nothing", async function () {
    const { p, l, buyers } = await networkHelpers.loadFixture(soldOut);
    await l.offering.connect(buyers[0]!).claim();
    const token = await l.token.getAddress();
    const before = await p.stablecoin.balanceOf(p.manager.address);
    await expect(deposit(p, l))
      .to.be.revertedWithCustomError(p.distributor, "DistributorUndeliveredUnits")
      .withArgs(token, await l.offering.getAddress(), 700n);
    expect(await p.stablecoin.balanceOf(p.manager.address)).to.equal(before);
    expect(await p.distributor.depositCountOf(token)).to.equal(0n);
    expect(await p.distributor.undeliveredUnitsOf(token)).to.equal(700n);
    expect(await l.offering.undeliveredUnits()).to.equal(700n);
  });

  it("a capital deposit (an approved refinance, through the exit) is refused likewise", async function () {
    const { p, l, buyers } = await networkHelpers.loadFixture(soldOut);
    const token = await l.token.getAddress();
    await l.offering.connect(buyers[0]!).claim();
    await l.offering.connect(buyers[1]!).claim();
    await withGovernorImplementation(p);
    await withExitImplementation(p);
    const governor = await attachGovernor(p, l.token, TERMS);
    const exit = await attachExit(p, token);
    const asManager = governor.connect(p.manager);
    const proposalId = await asManager.propose.staticCall(Kind.Refinance, usd(1_000_000), ethers.ZeroAddress, DOC);
    await (await asManager.propose(Kind.Refinance, usd(1_000_000), ethers.ZeroAddress, DOC)).wait();
    for (const voter of buyers.slice(0, 2)) await governor.connect(voter).castVote(proposalId, Choice.For);
    await networkHelpers.time.increaseTo((await governor.proposal(proposalId)).endTime);
    await fund(p, p.manager, RENT, await exit.getAddress());
    await expect(exit.connect(p.manager).depositCapital(proposalId, RENT))
      .to.be.revertedWithCustomError(p.distributor, "DistributorUndeliveredUnits")
      .withArgs(token, await l.offering.getAddress(), 300n);
    await l.offering.claimFor(buyers[2]!.address);
    await expect(exit.connect(p.manager).depositCapital(proposalId, RENT)).to.emit(p.distributor, "CapitalDeposited");
    for (const buyer of buyers) {
      const units = await l.token.balanceOf(buyer.address);
      expect(await p.distributor.claimableOf(token, buyer.address)).to.equal((units * RENT) / 1_000n);
    }
  });

  it("a position the token refuses for good is refunded by anyone (refundFor, to the subscriber); then the deposit goes through over the units delivered", async function () {
    const { p, l, buyers } = await networkHelpers.loadFixture(soldOut);
    const token = await l.token.getAddress();
    await l.offering.claimFor(buyers[0]!.address);
    await l.offering.claimFor(buyers[1]!.address);
    const leaver = buyers[2]!;
    // Still claimable: no refund, whoever asks.
    await expect(l.offering.connect(p.manager).refundFor(leaver.address))
      .to.be.revertedWithCustomError(l.offering, "OfferingClaimable")
      .withArgs(leaver.address);
    // Frozen: an AML hold keeps the money in escrow, and the deposit waits.
    await p.registry.connect(p.complianceAgent).setFrozen(leaver.address, true);
    await expect(l.offering.connect(p.manager).refundFor(leaver.address)).to.be.revertedWithCustomError(
      l.offering,
      "OfferingRefundOnHold",
    );
    await expect(deposit(p, l)).to.be.revertedWithCustomError(p.distributor, "DistributorUndeliveredUnits");
    await p.registry.connect(p.complianceAgent).setFrozen(leaver.address, false);
    // Removed from the registry: the token refuses the units for good; the manager pushes the refund.
    await p.registry.connect(p.complianceAgent).removeIdentity(leaver.address);
    const paid = 300n * l.params.pricePerUnit;
    const callerBefore = await p.stablecoin.balanceOf(p.manager.address);
    await expect(l.offering.connect(p.manager).refundFor(leaver.address))
      .to.emit(l.offering, "Refunded")
      .withArgs(leaver.address, paid);
    expect(await p.stablecoin.balanceOf(leaver.address)).to.equal(paid);
    expect(await p.stablecoin.balanceOf(p.manager.address)).to.equal(callerBefore);
    expect(await l.offering.undeliveredUnits()).to.equal(0n);
    const dust = RENT % 700n;
    await expect(deposit(p, l)).to.emit(p.distributor, "RentDeposited").withArgs(token, 1n, anyValue, RENT, 700n, dust);
    // The next deposit no longer asks the offering (forgotten), and pays the same way.
    await expect(deposit(p, l))
      .to.emit(p.distributor, "RentDeposited")
      .withArgs(token, 2n, anyValue, RENT, 700n, (RENT + dust) % 700n);
    const perUnit = RENT / 700n + (RENT + dust) / 700n;
    expect(await p.distributor.claimableOf(token, buyers[0]!.address)).to.equal(300n * perUnit);
    expect(await p.distributor.claimableOf(token, buyers[1]!.address)).to.equal(400n * perUnit);
  });

  it("an offering not finalized (open, succeeded, then cancelled) owes no units: deposits on units issued otherwise go through", async function () {
    const p = await networkHelpers.loadFixture(platformOnly);
    const l = await launch(p);
    const token = await l.token.getAddress();
    const founder = p.investors[9]!;
    await issueTo(p, l.token, [founder], 100n);
    await fund(p, p.manager, 10n * RENT, await p.distributor.getAddress());
    await openOffering(p, l);
    await subscribe(p, l, p.investors[0]!, 300n);
    await subscribe(p, l, p.investors[1]!, 300n);
    expect(await l.offering.undeliveredUnits()).to.equal(0n);
    await expect(deposit(p, l)).to.emit(p.distributor, "RentDeposited"); // open: the founder's units only
    await closeOffering(p, l);
    expect(await l.offering.state()).to.equal(2n); // Succeeded, not finalized: nothing owed yet
    await expect(deposit(p, l)).to.emit(p.distributor, "RentDeposited");
    await l.offering.connect(p.manager).cancel();
    expect(await l.offering.undeliveredUnits()).to.equal(0n);
    expect(await p.distributor.undeliveredUnitsOf(token)).to.equal(0n);
    await expect(deposit(p, l)).to.emit(p.distributor, "RentDeposited");
    expect(await p.distributor.claimableOf(token, founder.address)).to.equal(3n * RENT);
  });

  it("only an issuer of the token may say it owes units", async function () {
    const { p, l } = await networkHelpers.loadFixture(soldOut);
    const token = await l.token.getAddress();
    await expect(p.distributor.connect(p.outsider).expectDelivery(token))
      .to.be.revertedWithCustomError(p.distributor, "DistributorUnauthorizedOffering")
      .withArgs(token, p.outsider.address);
    await expect(p.distributor.connect(p.manager).expectDelivery(token))
      .to.be.revertedWithCustomError(p.distributor, "DistributorUnauthorizedOffering")
      .withArgs(token, p.manager.address);
  });

  it("finalize tells the distributor (DeliveryExpected) and the count falls with each delivery", async function () {
    const p = await networkHelpers.loadFixture(platformOnly);
    const l = await launch(p);
    await openOffering(p, l);
    await subscribe(p, l, p.investors[0]!, 300n);
    await subscribe(p, l, p.investors[1]!, 300n);
    await closeOffering(p, l);
    const token = await l.token.getAddress();
    await expect(l.offering.connect(p.manager).finalize())
      .to.emit(p.distributor, "DeliveryExpected")
      .withArgs(token, await l.offering.getAddress());
    expect(await p.distributor.undeliveredUnitsOf(token)).to.equal(600n);
    await l.offering.connect(p.investors[1]!).claim();
    expect(await p.distributor.undeliveredUnitsOf(token)).to.equal(300n);
    expect(await l.offering.undeliveredUnits()).to.equal(300n);
  });
});
