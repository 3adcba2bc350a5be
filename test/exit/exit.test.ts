/**
 * Issue 19, the exit: sale proceeds and redemption, return of capital at a refinance (`docs/design/contracts.md`,
 * "Exit"). The factory makes one exit per token; it accepts only a proposal the token's governor approved, of kind
 * sale (closes the token) or refinance (does not close); each holder redeems its units for exactly its pro-rata share.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { relayed } from "../helpers/forwarder.js";
import {
  closeOffering,
  DAY,
  FeeKind,
  fund,
  issueTo,
  launch,
  nextStatementHash,
  openOffering,
  register,
  subscribe,
  usd,
} from "../factory/fixture.js";
import { attachGovernor, DOC, proposeAsManager, State, UNITS } from "../governance/fixture.js";
import { approve, attachExit, deployExit, depositProceeds, Kind, type Exit } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const PRICE = usd(1_000_000);

async function fixture(): Promise<Exit> {
  return deployExit(ethers, networkHelpers);
}

/** The fixture with a sale approved (minimum price PRICE) and its proceeds deposited. */
async function closedFixture(): Promise<Exit & { proposalId: bigint }> {
  const e = await deployExit(ethers, networkHelpers);
  const proposalId = await approve(e, Kind.Sale, PRICE);
  await depositProceeds(e, proposalId, PRICE);
  return { ...e, proposalId };
}

describe("PropertyExit: launch and wiring (issue 19)", function () {
  let e: Exit;
  beforeEach(async function () {
    e = await networkHelpers.loadFixture(fixture);
  });

  it("19 the factory makes one exit per token, naming the token, its governor and its payment token", async function () {
    const tokenAddress = await e.token.getAddress();
    const exitAddress = await e.exit.getAddress();
    expect(await e.platform.factory.exitOf(tokenAddress)).to.equal(exitAddress);
    expect(await e.exit.token()).to.equal(tokenAddress);
    expect(await e.exit.governor()).to.equal(await e.governor.getAddress());
    expect(await e.exit.paymentToken()).to.equal(await e.platform.stablecoin.getAddress());
    expect(await e.tokenExit.exit()).to.equal(exitAddress);
    expect(await e.tokenExit.isClosed()).to.equal(false);
    expect(await e.exit.closing()).to.deep.equal([0n, 0n, 0n, 0n]);
    await expect(e.platform.factory.connect(e.platform.manager).launchExit(tokenAddress))
      .to.be.revertedWithCustomError(e.platform.factory, "FactoryExitExists")
      .withArgs(tokenAddress, exitAddress);
  });

  it("19 launchExit refuses outsiders, non-admins of the token, unknown tokens, tokens without a governor", async function () {
    const { platform } = e;
    const factory = platform.factory;
    const { token } = await launch(platform, { propertyId: ethers.id("property-2") });
    const tokenAddress = await token.getAddress();
    await expect(factory.connect(platform.outsider).launchExit(tokenAddress))
      .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
      .withArgs(platform.outsider.address, await factory.PROPERTY_MANAGER_ROLE());
    const otherManager = platform.treasury;
    await factory.grantRole(await factory.PROPERTY_MANAGER_ROLE(), otherManager.address);
    await expect(factory.connect(otherManager).launchExit(tokenAddress))
      .to.be.revertedWithCustomError(factory, "FactoryNotTokenAdmin")
      .withArgs(tokenAddress, otherManager.address);
    const asManager = factory.connect(platform.manager);
    await expect(asManager.launchExit(platform.outsider.address))
      .to.be.revertedWithCustomError(factory, "FactoryUnknownToken")
      .withArgs(platform.outsider.address);
    await expect(asManager.launchExit(tokenAddress))
      .to.be.revertedWithCustomError(factory, "FactoryNoGovernor")
      .withArgs(tokenAddress);
  });

  it("19 setExitImplementation: admin only, a contract; without one no exit can be made", async function () {
    const { platform } = e;
    const factory = platform.factory;
    await expect(factory.connect(platform.outsider).setExitImplementation(await e.exit.getAddress()))
      .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
      .withArgs(platform.outsider.address, ethers.ZeroHash);
    await expect(factory.setExitImplementation(platform.outsider.address))
      .to.be.revertedWithCustomError(factory, "FactoryInvalidAddress")
      .withArgs(ethers.encodeBytes32String("exitImplementation"));
    const implementation = await factory.exitImplementation();
    await expect(factory.setExitImplementation(implementation))
      .to.emit(factory, "ExitImplementationUpdated")
      .withArgs(implementation);
  });

  it("19 the implementation itself refuses everything", async function () {
    const implementation = await ethers.getContractAt("PropertyExit", await e.platform.factory.exitImplementation());
    await expect(implementation.token()).to.be.revertedWithCustomError(implementation, "ExitImplementationOnly");
    await expect(implementation.connect(e.holders[0]!).redeem()).to.be.revertedWithCustomError(
      implementation,
      "ExitImplementationOnly",
    );
  });

  // Audit finding (2026-12-04): the token's admin could name a contract of its own as the exit, which may burn every
  // holder's units unpaid, even after finalizeControllable promised that nobody moves units by force again.
  it("19 setExit: only a platform factory names the exit (launchExit), never the token's admin or an outsider", async function () {
    const { platform } = e;
    const { token } = await launch(platform, { propertyId: ethers.id("property-2") });
    const tokenExit = await ethers.getContractAt("IPropertyTokenExit", await token.getAddress());
    await (await token.connect(platform.manager).finalizeControllable()).wait();
    const rogue = await e.governor.getAddress(); // any contract the admin controls would do
    for (const caller of [platform.manager, platform.outsider])
      await expect(tokenExit.connect(caller).setExit(rogue))
        .to.be.revertedWithCustomError(token, "TokenOnlyFactory")
        .withArgs(caller.address);
    await attachGovernor(platform, token);
    const factory = platform.factory.connect(platform.manager);
    const exitAddress = await factory.launchExit.staticCall(await token.getAddress());
    await expect(factory.launchExit(await token.getAddress()))
      .to.emit(tokenExit, "ExitSet")
      .withArgs(exitAddress);
    expect(await tokenExit.exit()).to.equal(exitAddress);
    expect(await platform.factory.exitOf(await token.getAddress())).to.equal(exitAddress);
    await expect(e.tokenExit.connect(platform.manager).setExit(rogue))
      .to.be.revertedWithCustomError(token, "TokenOnlyFactory")
      .withArgs(platform.manager.address);
  });

  it("19 only the token's exit closes the token and burns at redemption", async function () {
    const outsider = e.platform.outsider;
    await expect(e.tokenExit.connect(outsider).closeForExit())
      .to.be.revertedWithCustomError(e.token, "TokenOnlyExit")
      .withArgs(outsider.address);
    await expect(e.tokenExit.connect(e.platform.manager).redeemForExit(e.holders[0]!.address, true))
      .to.be.revertedWithCustomError(e.token, "TokenOnlyExit")
      .withArgs(e.platform.manager.address);
  });
});

describe("PropertyExit: the sale's proceeds (issue 19)", function () {
  let e: Exit;
  beforeEach(async function () {
    e = await networkHelpers.loadFixture(fixture);
  });

  // Review finding (2026-12-04): the close pauses the token, and a finalized offering held the refund of a subscriber
  // who had not claimed while the token is paused (OfferingRefundOnHold): that subscriber was left with neither units,
  // nor refund, nor a share of the proceeds (its units are not in the supply at the close).
  it("19 after the close a finalized offering's unclaimed subscriber takes a refund; an AML-frozen one stays on hold", async function () {
    const { platform } = e;
    const sold = await launch(platform, { propertyId: ethers.id("sold") });
    const [claimer, late, frozen] = [platform.investors[4]!, platform.investors[5]!, platform.investors[6]!];
    await openOffering(platform, sold);
    await subscribe(platform, sold, claimer, 300n);
    await subscribe(platform, sold, late, 150n);
    await subscribe(platform, sold, frozen, 100n);
    await closeOffering(platform, sold);
    await (await sold.offering.connect(platform.manager).finalize()).wait();
    await (await sold.offering.connect(claimer).claim()).wait();
    await (await sold.token.connect(platform.manager).setAddressFrozen(frozen.address, true)).wait();
    const governor = await attachGovernor(platform, sold.token);
    const exit = await attachExit(platform, await sold.token.getAddress());
    const proposalId = await governor.connect(platform.manager).propose.staticCall(Kind.Sale, PRICE, ZeroAddress, DOC);
    await (await governor.connect(platform.manager).propose(Kind.Sale, PRICE, ZeroAddress, DOC)).wait();
    await (await governor.connect(claimer).castVote(proposalId, 1)).wait();
    await time.increaseTo((await governor.proposal(proposalId)).endTime);
    await fund(platform, platform.manager, PRICE, await exit.getAddress());
    await (await exit.connect(platform.manager).depositProceeds(proposalId, PRICE)).wait();

    const paid = 150n * sold.params.pricePerUnit;
    const before = await platform.stablecoin.balanceOf(late.address);
    await (await sold.offering.connect(late).refund()).wait();
    expect((await platform.stablecoin.balanceOf(late.address)) - before).to.equal(paid);
    await expect(sold.offering.connect(frozen).refund()).to.be.revertedWithCustomError(
      sold.offering,
      "OfferingRefundOnHold",
    );
    // The holder who claimed is paid from the proceeds for all the supply at the close.
    await (await exit.connect(claimer).redeem()).wait();
    expect(await sold.token.totalSupply()).to.equal(0n);
  });

  it("19 depositProceeds refuses outsiders, unknown, active, rejected and non-sale proposals, and a price below the minimum", async function () {
    const { platform } = e;
    const asManager = e.exit.connect(platform.manager);
    await expect(asManager.depositProceeds(1n, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitProposalNotApproved")
      .withArgs(1n, State.None);
    const active = await proposeAsManager(e, Kind.Sale, PRICE);
    await expect(asManager.depositProceeds(active, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitProposalNotApproved")
      .withArgs(active, State.Active);
    await time.increaseTo((await e.governor.proposal(active)).endTime);
    await expect(asManager.depositProceeds(active, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitProposalNotApproved")
      .withArgs(active, State.Rejected);
    const refinance = await approve(e, Kind.Refinance, PRICE);
    await expect(asManager.depositProceeds(refinance, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitWrongKind")
      .withArgs(refinance, Kind.Refinance);
    const sale = await approve(e, Kind.Sale, PRICE);
    await expect(e.exit.connect(platform.outsider).depositProceeds(sale, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitNotManager")
      .withArgs(platform.outsider.address);
    await expect(e.exit.connect(e.holders[0]!).depositProceeds(sale, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitNotManager")
      .withArgs(e.holders[0]!.address);
    await expect(asManager.depositProceeds(sale, PRICE - 1n))
      .to.be.revertedWithCustomError(e.exit, "ExitBelowMinimumPrice")
      .withArgs(sale, PRICE - 1n, PRICE);
    // Not funded: the stablecoin's own refusal, nothing moves.
    await expect(asManager.depositProceeds(sale, PRICE)).to.be.revertedWithCustomError(
      platform.stablecoin,
      "ERC20InsufficientAllowance",
    );
    expect(await e.tokenExit.isClosed()).to.equal(false);
  });

  it("19 depositProceeds takes the exit fee, records proceeds and supply, and closes the token for good", async function () {
    const { platform } = e;
    // The fee increase takes effect 12 weeks after its announcement, before the vote (an approved sale expires one
    // voting period after its vote ended).
    await platform.fees.connect(platform.admin).announceIncrease(FeeKind.Exit, 200n);
    await time.increase(12 * 7 * DAY);
    const proposalId = await approve(e, Kind.Sale, PRICE);
    expect(await e.governor.state(proposalId)).to.equal(State.Approved);
    const gross = PRICE + usd(10);
    const fee = (gross * 200n) / 10_000n;
    await fund(platform, platform.manager, gross, await e.exit.getAddress());
    const tx = e.exit.connect(platform.manager).depositProceeds(proposalId, gross);
    await expect(tx)
      .to.emit(e.exit, "ProceedsDeposited")
      .withArgs(proposalId, platform.manager.address, gross, fee, platform.feeRecipient.address, gross - fee, 1_000n);
    await expect(tx)
      .to.emit(e.tokenExit, "Closed")
      .withArgs(await e.exit.getAddress());
    expect(await platform.stablecoin.balanceOf(platform.feeRecipient.address)).to.equal(fee);
    expect(await platform.stablecoin.balanceOf(await e.exit.getAddress())).to.equal(gross - fee);
    expect(await e.exit.closing()).to.deep.equal([proposalId, gross - fee, 1_000n, 0n]);
    expect(await e.tokenExit.isClosed()).to.equal(true);
    expect(await e.token.paused()).to.equal(true);
    expect(await e.token.isIssuable()).to.equal(false);
    // A second deposit, for this or another approved sale, is refused.
    await expect(e.exit.connect(platform.manager).depositProceeds(proposalId, gross))
      .to.be.revertedWithCustomError(e.exit, "ExitAlreadyClosed")
      .withArgs(proposalId);
  });

  it("19 after the close no transfer, issue, holder redemption, controller move, unpause or rent deposit succeeds", async function () {
    const c = await networkHelpers.loadFixture(closedFixture);
    const { platform, token, holders } = c;
    const [a, b] = [holders[0]!, holders[1]!];
    await expect(token.connect(a).transfer(b.address, 1n)).to.be.revertedWithCustomError(token, "TokenPaused");
    await expect(
      token.connect(a).transferByPartition(ethers.ZeroHash, b.address, 1n, "0x"),
    ).to.be.revertedWithCustomError(token, "TokenPaused");
    await expect(token.connect(a).redeem(1n, "0x")).to.be.revertedWithCustomError(token, "TokenPaused");
    await expect(
      token.connect(platform.manager).issue(platform.investors[6]!.address, 1n, "0x"),
    ).to.be.revertedWithCustomError(token, "TokenPaused");
    await expect(token.connect(platform.manager).unpause()).to.be.revertedWithCustomError(token, "TokenIsClosed");
    await expect(
      token.connect(platform.manager).controllerTransfer(a.address, b.address, 1n, "0x", "0x"),
    ).to.be.revertedWithCustomError(token, "TokenIsClosed");
    await expect(
      token.connect(platform.manager).controllerRedeem(a.address, 1n, "0x", "0x"),
    ).to.be.revertedWithCustomError(token, "TokenIsClosed");
    await expect(
      token.connect(platform.manager).forcedTransfer(a.address, b.address, 1n),
    ).to.be.revertedWithCustomError(token, "TokenIsClosed");
    await fund(platform, platform.manager, usd(1_000), await platform.distributor.getAddress());
    await expect(
      platform.distributor.connect(platform.manager).deposit(await token.getAddress(), usd(1_000), nextStatementHash()),
    ).to.be.revertedWithCustomError(token, "TokenIsClosed");
    // The exit closed the token once: it cannot close it again.
    await expect(c.exit.connect(platform.manager).depositProceeds(c.proposalId, PRICE)).to.be.revertedWithCustomError(
      c.exit,
      "ExitAlreadyClosed",
    );
  });
});

describe("PropertyExit: a sale is executed on the state it was voted on (audit 2026-12, finding 1)", function () {
  /** A second token with a 1-bp quorum governor and one ally holding 1 unit; its sale at a minimum of 1 approved. */
  async function tinyVote(e: Exit): Promise<{
    token: Awaited<ReturnType<typeof launch>>["token"];
    governor: Awaited<ReturnType<typeof attachGovernor>>;
    exit: Awaited<ReturnType<typeof attachExit>>;
    proposalId: bigint;
  }> {
    const { platform } = e;
    const { token } = await launch(platform, { propertyId: ethers.id("tiny-vote") });
    const ally = platform.investors[5]!;
    await issueTo(platform, token, [ally], 1n);
    const governor = await attachGovernor(platform, token, {
      votingPeriod: 7 * DAY,
      quorumBps: 1,
      approvalBps: 5_001,
      proposerThreshold: 0n,
    });
    const exit = await attachExit(platform, await token.getAddress());
    const proposalId = await governor.connect(platform.manager).propose.staticCall(Kind.Sale, 1n, ZeroAddress, DOC);
    await (await governor.connect(platform.manager).propose(Kind.Sale, 1n, ZeroAddress, DOC)).wait();
    await (await governor.connect(ally).castVote(proposalId, 1)).wait();
    await time.increaseTo((await governor.proposal(proposalId)).endTime);
    expect(await governor.state(proposalId)).to.equal(State.Approved);
    return { token, governor, exit, proposalId };
  }

  it("19 an approved sale cannot close the token once the supply grew past the supply it was voted on", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform } = e;
    const { token, exit, proposalId } = await tinyVote(e);
    // The supply grows to 1,000,000 units held by investors who never voted on a sale at 1 base unit.
    await issueTo(platform, token, [platform.investors[6]!, platform.investors[7]!], [600_000n, 399_999n]);
    await (await token.connect(platform.manager).finalizeControllable()).wait();
    await fund(platform, platform.manager, 1n, await exit.getAddress());
    await expect(exit.connect(platform.manager).depositProceeds(proposalId, 1n))
      .to.be.revertedWithCustomError(exit, "ExitSupplyChanged")
      .withArgs(proposalId, 1n, 1_000_000n);
    const tokenExit = await ethers.getContractAt("IPropertyTokenExit", await token.getAddress());
    expect(await tokenExit.isClosed()).to.equal(false);
    // A supply that shrank is refused too: the sale is bound to exactly the supply it was voted on.
    await (await token.connect(platform.investors[7]!).redeem(399_999n, "0x")).wait();
    await (await token.connect(platform.investors[6]!).redeem(600_000n, "0x")).wait();
    await (await token.connect(platform.investors[5]!).redeem(1n, "0x")).wait();
    await issueTo(platform, token, [platform.investors[5]!], 1n);
    expect(await token.totalSupply()).to.equal(1n);
    // Back at the voted supply, within the window: the sale goes through.
    await expect(exit.connect(platform.manager).depositProceeds(proposalId, 1n)).to.emit(exit, "ProceedsDeposited");
  });

  it("19 an approved sale expires one voting period after its vote ended", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const proposalId = await approve(e, Kind.Sale, PRICE);
    const { endTime } = await e.governor.proposal(proposalId);
    const deadline = endTime + BigInt(7 * DAY);
    await fund(e.platform, e.platform.manager, PRICE, await e.exit.getAddress());
    await time.setNextBlockTimestamp(deadline);
    await expect(e.exit.connect(e.platform.manager).depositProceeds(proposalId, PRICE))
      .to.be.revertedWithCustomError(e.exit, "ExitSaleExpired")
      .withArgs(proposalId, deadline);
    expect(await e.tokenExit.isClosed()).to.equal(false);
    // One second before the deadline it would have gone through (replayed on a fresh fixture).
    const f = await networkHelpers.loadFixture(fixture);
    const again = await approve(f, Kind.Sale, PRICE);
    await fund(f.platform, f.platform.manager, PRICE, await f.exit.getAddress());
    await time.setNextBlockTimestamp((await f.governor.proposal(again)).endTime + BigInt(7 * DAY) - 1n);
    await expect(f.exit.connect(f.platform.manager).depositProceeds(again, PRICE)).to.emit(f.exit, "ProceedsDeposited");
  });

  it("19 once a later sale is approved, only the later one closes the token (the earlier one has expired)", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const first = await approve(e, Kind.Sale, PRICE);
    // The holders approve a second sale at twice the price, opened as soon as the first vote ended.
    const second = await approve(e, Kind.Sale, 2n * PRICE);
    await fund(e.platform, e.platform.manager, 2n * PRICE, await e.exit.getAddress());
    await expect(e.exit.connect(e.platform.manager).depositProceeds(first, PRICE)).to.be.revertedWithCustomError(
      e.exit,
      "ExitSaleExpired",
    );
    await expect(e.exit.connect(e.platform.manager).depositProceeds(second, 2n * PRICE)).to.emit(
      e.exit,
      "ProceedsDeposited",
    );
    expect((await e.exit.closing()).proposalId).to.equal(second);
  });
});

describe("PropertyExit: redemption (issue 19)", function () {
  let c: Exit & { proposalId: bigint };
  beforeEach(async function () {
    c = await networkHelpers.loadFixture(closedFixture);
  });

  it("19 each holder redeems all its units for units x proceeds / supply at close, once", async function () {
    const exitAddress = await c.exit.getAddress();
    let paid = 0n;
    for (const [i, holder] of c.holders.entries()) {
      const payout = (UNITS[i]! * PRICE) / 1_000n;
      expect(await c.exit.payoutOf(holder.address)).to.equal(payout);
      const tx = c.exit.connect(holder).redeem();
      await expect(tx).to.emit(c.exit, "Redeemed").withArgs(holder.address, holder.address, UNITS[i]!, payout);
      await expect(tx).to.emit(c.token, "Transfer").withArgs(holder.address, ZeroAddress, UNITS[i]!);
      paid += payout;
      expect(await c.platform.stablecoin.balanceOf(holder.address)).to.equal(payout);
      expect(await c.token.balanceOf(holder.address)).to.equal(0n);
      await expect(c.exit.connect(holder).redeem())
        .to.be.revertedWithCustomError(c.exit, "ExitNothingToRedeem")
        .withArgs(holder.address);
    }
    expect(await c.token.totalSupply()).to.equal(0n);
    expect(await c.token.holderCount()).to.equal(0n);
    expect(await c.exit.closing()).to.deep.equal([c.proposalId, PRICE, 1_000n, paid]);
    expect(paid).to.equal(PRICE);
    expect(await c.platform.stablecoin.balanceOf(exitAddress)).to.equal(0n);
  });

  it("19 a wallet without units, and anyone before the close, is refused", async function () {
    const outsider = c.platform.outsider;
    await expect(c.exit.connect(outsider).redeem())
      .to.be.revertedWithCustomError(c.exit, "ExitNothingToRedeem")
      .withArgs(outsider.address);
    const e = await networkHelpers.loadFixture(fixture);
    await expect(e.exit.connect(e.holders[0]!).redeem()).to.be.revertedWithCustomError(e.exit, "ExitNotClosed");
  });

  it("19 rounding: each payout is rounded down, the dust (less than one base unit per holder) stays in the exit", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const proposalId = await approve(e, Kind.Sale, 1_000n);
    const proceeds = 1_003_002n; // not a multiple of the supply (1,000)
    await depositProceeds(e, proposalId, proceeds);
    let paid = 0n;
    for (const [i, holder] of e.holders.entries()) {
      await e.exit.connect(holder).redeem();
      const payout = (UNITS[i]! * proceeds) / 1_000n;
      expect(await e.platform.stablecoin.balanceOf(holder.address)).to.equal(payout);
      paid += payout;
    }
    const dust = proceeds - paid;
    expect(dust).to.be.lessThan(BigInt(e.holders.length));
    expect(await e.platform.stablecoin.balanceOf(await e.exit.getAddress())).to.equal(dust);
    expect((await e.exit.closing()).paidOut).to.equal(paid);
  });

  it("19 rent deposited before the close stays claimable after redemption burned the units", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform } = e;
    const tokenAddress = await e.token.getAddress();
    await fund(platform, platform.manager, usd(1_000), await platform.distributor.getAddress());
    await platform.distributor.connect(platform.manager).deposit(tokenAddress, usd(1_000), nextStatementHash());
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await depositProceeds(e, proposalId, PRICE);
    const a = e.holders[0]!;
    await e.exit.connect(a).redeem();
    expect(await platform.distributor.claimableOf(tokenAddress, a.address)).to.equal(usd(400));
    await platform.distributor.connect(a).claim(tokenAddress);
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal((400n * PRICE) / 1_000n + usd(400));
    // Claimed before redeeming works as well.
    const b = e.holders[1]!;
    await platform.distributor.connect(b).claim(tokenAddress);
    await e.exit.connect(b).redeem();
    expect(await platform.stablecoin.balanceOf(b.address)).to.equal((300n * PRICE) / 1_000n + usd(300));
    expect(await platform.distributor.claimableOf(tokenAddress, b.address)).to.equal(0n);
  });

  it("19 second wallets of one identity and units in named partitions are redeemed wallet by wallet", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const [a, second] = [e.holders[0]!, e.seconds[0]!];
    await e.token.connect(a).transfer(second.address, 100n);
    const lockup = ethers.encodeBytes32String("LOCKUP-12M");
    await issueTo(e.platform, e.token, [second], 50n, lockup);
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await depositProceeds(e, proposalId, PRICE);
    const supply = 1_050n;
    await e.exit.connect(second).redeem();
    expect(await e.platform.stablecoin.balanceOf(second.address)).to.equal((150n * PRICE) / supply);
    expect(await e.token.balanceOfByPartition(lockup, second.address)).to.equal(0n);
    expect(await e.token.totalSupplyByPartition(lockup)).to.equal(0n);
    await e.exit.connect(a).redeem();
    expect(await e.platform.stablecoin.balanceOf(a.address)).to.equal((300n * PRICE) / supply);
    expect(await e.token.balanceOfIdentity(a.address)).to.equal(0n);
  });

  it("19 a holder on hold (frozen, removed) cannot redeem; the claim stays; the controller pays a recovered wallet", async function () {
    const { platform, exit, token } = c;
    const [a, b] = [c.holders[0]!, c.holders[1]!];
    await token.connect(platform.manager).setAddressFrozen(a.address, true);
    await expect(exit.connect(a).redeem()).to.be.revertedWithCustomError(exit, "ExitHolderOnHold").withArgs(a.address);
    await platform.registry.connect(platform.complianceAgent).removeIdentity(b.address);
    await expect(exit.connect(b).redeem()).to.be.revertedWithCustomError(exit, "ExitHolderOnHold").withArgs(b.address);
    expect(await token.balanceOf(b.address)).to.equal(300n);
    // Lost-wallet recovery: the controller pays b's share to b's new wallet, registered to b's identity.
    const unregistered = (await ethers.getSigners()).at(-3)!;
    const recovered = (await ethers.getSigners()).at(-4)!;
    await register(platform, recovered.address, { identity: b.address });
    // While the issuer keeps control, a court order may pay another investor (c's share to `other`).
    const [cHolder, other] = [c.holders[2]!, platform.investors[7]!];
    await expect(exit.connect(platform.manager).redeemFor(cHolder.address, other.address))
      .to.emit(exit, "Redeemed")
      .withArgs(cHolder.address, other.address, 200n, (200n * PRICE) / 1_000n);
    // Audit finding (2026-12-04): after finalizeControllable another investor's wallet was still accepted, so a
    // controller (the manager) could pay a holder's proceeds to any registered wallet, its own included.
    await token.connect(platform.manager).finalizeControllable();
    await expect(exit.connect(platform.manager).redeemFor(b.address, other.address))
      .to.be.revertedWithCustomError(exit, "ExitReceiverNotHolderIdentity")
      .withArgs(b.address, other.address);
    await expect(exit.connect(platform.outsider).redeemFor(b.address, recovered.address))
      .to.be.revertedWithCustomError(exit, "ExitUnauthorizedController")
      .withArgs(platform.outsider.address);
    await expect(exit.connect(b).redeemFor(b.address, recovered.address))
      .to.be.revertedWithCustomError(exit, "ExitUnauthorizedController")
      .withArgs(b.address);
    await expect(exit.connect(platform.manager).redeemFor(b.address, unregistered.address))
      .to.be.revertedWithCustomError(exit, "ExitReceiverNotRegistered")
      .withArgs(unregistered.address);
    const payout = (300n * PRICE) / 1_000n;
    await expect(exit.connect(platform.manager).redeemFor(b.address, recovered.address))
      .to.emit(exit, "Redeemed")
      .withArgs(b.address, recovered.address, 300n, payout);
    expect(await platform.stablecoin.balanceOf(recovered.address)).to.equal(payout);
    expect(await token.balanceOf(b.address)).to.equal(0n);
    await expect(exit.connect(platform.manager).redeemFor(b.address, recovered.address))
      .to.be.revertedWithCustomError(exit, "ExitNothingToRedeem")
      .withArgs(b.address);
    // The frozen holder's claim stays until the freeze is lifted, however long that takes.
    await time.increase(3 * 365 * DAY);
    await token.connect(platform.manager).setAddressFrozen(a.address, false);
    await exit.connect(a).redeem();
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal((400n * PRICE) / 1_000n);
  });

  // The class "no path pays a frozen wallet": redeemFor ignores the holder's hold (court order, recovery), but it
  // paid any registered receiver, a frozen one included (the frozen holder itself, or a wallet of its frozen identity).
  it("19 redeemFor never pays a frozen wallet (registry or token freeze); an unfrozen receiver is paid", async function () {
    const { platform, exit, token } = c;
    const [a, b] = [c.holders[0]!, c.holders[1]!];
    const second = (await ethers.getSigners()).at(-4)!;
    await register(platform, second.address, { identity: a.address });
    const freezes: [string, (wallet: string, frozen: boolean) => Promise<unknown>][] = [
      ["registry", (wallet, frozen) => platform.registry.connect(platform.complianceAgent).setFrozen(wallet, frozen)],
      ["token", (wallet, frozen) => token.connect(platform.manager).setAddressFrozen(wallet, frozen)],
    ];
    for (const [where, setFrozen] of freezes) {
      await setFrozen(a.address, true);
      for (const [holder, to] of [
        [a, a],
        [a, second],
        [b, a],
      ] as const)
        await expect(exit.connect(platform.manager).redeemFor(holder.address, to.address), where)
          .to.be.revertedWithCustomError(exit, "ExitReceiverFrozen")
          .withArgs(to.address);
      await setFrozen(a.address, false);
    }
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal(0n);
    expect(await platform.stablecoin.balanceOf(second.address)).to.equal(0n);
    expect(await token.balanceOf(a.address)).to.equal(400n);
    // Frozen, a's share can still be paid by court order to an unfrozen wallet of another identity.
    await platform.registry.connect(platform.complianceAgent).setFrozen(a.address, true);
    await expect(exit.connect(platform.manager).redeemFor(a.address, b.address))
      .to.emit(exit, "Redeemed")
      .withArgs(a.address, b.address, 400n, (400n * PRICE) / 1_000n);
  });

  // Audit finding 2026-12 (finding 3): the exit paid a partially frozen holder for all its units, frozen ones
  // included, and the burn's trim zeroed the frozen amount. A frozen amount is a hold, like a frozen address.
  it("19 a holder with frozen units is on hold: no payout (not even for its free units) until the freeze is lifted", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform, token, exit } = e;
    const [a, b] = [e.holders[0]!, e.holders[1]!];
    await (await token.connect(platform.manager).setFrozenTokens(a.address, 50n)).wait();
    await (await token.connect(platform.manager).freezePartialTokens(b.address, 1n)).wait();
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await depositProceeds(e, proposalId, PRICE);
    for (const holder of [a, b])
      await expect(exit.connect(holder).redeem())
        .to.be.revertedWithCustomError(exit, "ExitHolderOnHold")
        .withArgs(holder.address);
    expect(await token.balanceOf(a.address)).to.equal(400n);
    expect(await token.frozenTokensOf(a.address)).to.equal(50n);
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal(0n);
    // Lifted, the holder redeems all its units; the controller's recovery ignores holds as for a frozen address.
    await (await token.connect(platform.manager).setFrozenTokens(a.address, 0n)).wait();
    await (await exit.connect(a).redeem()).wait();
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal((400n * PRICE) / 1_000n);
    await expect(exit.connect(platform.manager).redeemFor(b.address, b.address))
      .to.emit(exit, "Redeemed")
      .withArgs(b.address, b.address, 300n, (300n * PRICE) / 1_000n);
  });

  it("19 units held for a sell order are burned with the hold released; the seller can still cancel the order", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform } = e;
    const a = e.holders[0]!;
    const tokenAddress = await e.token.getAddress();
    const expiry = (await time.latest()) + 30 * DAY;
    const stable = await platform.stablecoin.getAddress();
    await (
      await platform.settlement
        .connect(a)
        .postOrder(tokenAddress, ethers.ZeroHash, 150n, usd(1), stable, ZeroAddress, expiry)
    ).wait();
    expect(await e.token.heldBalanceOfByPartition(a.address, ethers.ZeroHash)).to.equal(150n);
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await depositProceeds(e, proposalId, PRICE);
    await expect(e.exit.connect(a).redeem())
      .to.emit(e.token, "HoldReleased")
      .withArgs(a.address, ethers.ZeroHash, 150n);
    expect(await platform.stablecoin.balanceOf(a.address)).to.equal((400n * PRICE) / 1_000n);
    expect(await e.token.heldBalanceOfByPartition(a.address, ethers.ZeroHash)).to.equal(0n);
    await expect(platform.settlement.connect(a).cancel(1n))
      .to.emit(platform.settlement, "OrderCancelled")
      .withArgs(1n, 0n);
  });

  it("19 an exit the token does not name (cloned outside the factory) cannot close it: the deposit reverts whole", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform } = e;
    const { token: other } = await launch(platform, { propertyId: ethers.id("property-2") });
    await issueTo(platform, other, [platform.investors[5]!], 10n);
    const otherAddress = await other.getAddress();
    const governor = await attachGovernor(platform, other);
    // The factory names every exit it makes; one cloned elsewhere from the same implementation with the same
    // arguments is not the token's.
    const cloner = await ethers.deployContract("CloneDeployer");
    const args = ethers.solidityPacked(
      ["address", "address", "address", "address", "address"],
      [
        otherAddress,
        await governor.getAddress(),
        await platform.stablecoin.getAddress(),
        await platform.fees.getAddress(),
        await platform.distributor.getAddress(),
      ],
    );
    const implementation = await platform.factory.exitImplementation();
    const exitAddress = await cloner.cloneWithArgs.staticCall(implementation, args);
    await (await cloner.cloneWithArgs(implementation, args)).wait();
    const unnamed = await ethers.getContractAt("PropertyExit", exitAddress);
    expect(await unnamed.token()).to.equal(otherAddress);
    await (await governor.connect(platform.manager).propose(Kind.Sale, PRICE, ZeroAddress, DOC)).wait();
    await (await governor.connect(platform.investors[5]!).castVote(1n, 1)).wait();
    await time.increaseTo((await governor.proposal(1n)).endTime);
    await fund(platform, platform.manager, PRICE, exitAddress);
    await expect(unnamed.connect(platform.manager).depositProceeds(1n, PRICE))
      .to.be.revertedWithCustomError(other, "TokenOnlyExit")
      .withArgs(exitAddress);
    expect(await platform.stablecoin.balanceOf(exitAddress)).to.equal(0n);
    expect(await other.paused()).to.equal(false);
  });

  it("19 redemption burns even after the manager gave up control (finalizeControllable)", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    await e.token.connect(e.platform.manager).finalizeControllable();
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await depositProceeds(e, proposalId, PRICE);
    await e.exit.connect(e.holders[2]!).redeem();
    expect(await e.token.balanceOf(e.holders[2]!.address)).to.equal(0n);
    expect(await e.platform.stablecoin.balanceOf(e.holders[2]!.address)).to.equal((200n * PRICE) / 1_000n);
  });

  it("19 redeem is gasless: a holder's request relayed by the trusted forwarder pays the holder", async function () {
    const d = c.holders[3]!;
    const data = c.exit.interface.encodeFunctionData("redeem");
    await (await relayed(c.platform.forwarder, c.platform.outsider, d, c.exit, data)).wait();
    expect(await c.platform.stablecoin.balanceOf(d.address)).to.equal((100n * PRICE) / 1_000n);
  });
});

describe("PropertyExit: refinance, a return of capital (issue 19)", function () {
  let e: Exit;
  beforeEach(async function () {
    e = await networkHelpers.loadFixture(fixture);
  });

  it("19 an approved refinance pays capital through the rent distributor, pro rata, without closing; once", async function () {
    const { platform } = e;
    const tokenAddress = await e.token.getAddress();
    const proposalId = await approve(e, Kind.Refinance, usd(5_000_000));
    const amount = usd(50_000);
    await fund(platform, platform.manager, amount, await e.exit.getAddress());
    const tx = e.exit.connect(platform.manager).depositCapital(proposalId, amount);
    await expect(tx).to.emit(e.exit, "CapitalReturned").withArgs(proposalId, platform.manager.address, amount, 1n);
    await expect(tx)
      .to.emit(platform.distributor, "CapitalDeposited")
      .withArgs(tokenAddress, 1n, DOC, amount, 1_000n, 0n);
    expect(await e.tokenExit.isClosed()).to.equal(false);
    expect(await e.exit.isCapitalReturned(proposalId)).to.equal(true);
    for (const [i, holder] of e.holders.entries()) {
      expect(await platform.distributor.claimableOf(tokenAddress, holder.address)).to.equal(
        (UNITS[i]! * amount) / 1_000n,
      );
    }
    await platform.distributor.connect(e.holders[0]!).claim(tokenAddress);
    expect(await platform.stablecoin.balanceOf(e.holders[0]!.address)).to.equal(usd(20_000));
    // The token trades on.
    await e.token.connect(e.holders[1]!).transfer(e.holders[2]!.address, 1n);
    await fund(platform, platform.manager, amount, await e.exit.getAddress());
    await expect(e.exit.connect(platform.manager).depositCapital(proposalId, amount))
      .to.be.revertedWithCustomError(e.exit, "ExitCapitalAlreadyReturned")
      .withArgs(proposalId);
  });

  it("19 depositCapital refuses outsiders, sales, unapproved proposals, zero, and a closed token", async function () {
    const { platform } = e;
    const asManager = e.exit.connect(platform.manager);
    const refinance = await approve(e, Kind.Refinance, usd(1));
    await expect(e.exit.connect(platform.outsider).depositCapital(refinance, usd(1)))
      .to.be.revertedWithCustomError(e.exit, "ExitNotManager")
      .withArgs(platform.outsider.address);
    await expect(asManager.depositCapital(refinance, 0n)).to.be.revertedWithCustomError(e.exit, "ExitZeroAmount");
    await expect(asManager.depositCapital(9n, usd(1)))
      .to.be.revertedWithCustomError(e.exit, "ExitProposalNotApproved")
      .withArgs(9n, State.None);
    const sale = await approve(e, Kind.Sale, PRICE);
    await expect(asManager.depositCapital(sale, usd(1)))
      .to.be.revertedWithCustomError(e.exit, "ExitWrongKind")
      .withArgs(sale, Kind.Sale);
    await depositProceeds(e, sale, PRICE);
    await expect(asManager.depositCapital(refinance, usd(1)))
      .to.be.revertedWithCustomError(e.exit, "ExitAlreadyClosed")
      .withArgs(sale);
  });

  it("19 the distributor takes capital only from the token's exit", async function () {
    const { platform } = e;
    const tokenAddress = await e.token.getAddress();
    await fund(platform, platform.manager, usd(1), await platform.distributor.getAddress());
    await expect(platform.distributor.connect(platform.manager).depositCapital(tokenAddress, usd(1), DOC))
      .to.be.revertedWithCustomError(platform.distributor, "DistributorUnauthorizedDepositor")
      .withArgs(tokenAddress, platform.manager.address);
    await expect(platform.distributor.connect(platform.outsider).depositCapital(platform.outsider.address, 1n, DOC))
      .to.be.revertedWithCustomError(platform.distributor, "DistributorTokenNotRegistered")
      .withArgs(platform.outsider.address);
  });
});

describe("PropertyExit: other tokens (issue 19)", function () {
  it("19 an exit acts on its own token only; votes of another token approve nothing here", async function () {
    const e = await networkHelpers.loadFixture(fixture);
    const { platform } = e;
    const { token: other } = await launch(platform, { propertyId: ethers.id("property-2") });
    await issueTo(platform, other, [platform.investors[5]!], 10n);
    const otherGovernor = await attachGovernor(platform, other);
    const otherExit = await attachExit(platform, await other.getAddress());
    expect(await otherExit.governor()).to.equal(await otherGovernor.getAddress());
    // Proposal 1 approved on the first token's governor is not proposal 1 of the other's.
    const proposalId = await approve(e, Kind.Sale, PRICE);
    await fund(platform, platform.manager, PRICE, await otherExit.getAddress());
    await expect(otherExit.connect(platform.manager).depositProceeds(proposalId, PRICE))
      .to.be.revertedWithCustomError(otherExit, "ExitProposalNotApproved")
      .withArgs(proposalId, State.None);
  });
});
