import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String } from "ethers";
import {
  closeOffering,
  COUNTRY_US,
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  FEE_BPS,
  fund,
  launch,
  openOffering,
  register,
  signPermit,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

enum State {
  Pending,
  Active,
  Succeeded,
  Failed,
  Finalized,
  Cancelled,
}

describe("PropertyOffering", function () {
  async function fixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    return { p, l };
  }

  async function openFixture(): Promise<{ p: Platform; l: Launched }> {
    const { p, l } = await fixture();
    await openOffering(p, l);
    return { p, l };
  }

  describe("life cycle", function () {
    it("is Pending before the start and refuses subscriptions", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      expect(await l.offering.state()).to.equal(State.Pending);
      const investor = p.investors[0]!;
      await fund(p, investor, usd(10_000), await l.offering.getAddress());
      await expect(l.offering.connect(investor).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Pending, State.Active);
    });

    it("succeeds at the soft cap: investors claim their units, the proceeds of claimed units go to treasury and platform", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const [a, b] = p.investors as [(typeof p.investors)[0], (typeof p.investors)[0]];
      await subscribe(p, l, a!, 300n);
      await subscribe(p, l, b!, 200n); // exactly the soft cap
      expect(await l.offering.unitsSold()).to.equal(500n);
      expect(await l.offering.state()).to.equal(State.Active);
      const offeringAddress = await l.offering.getAddress();
      expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(usd(50_000));
      expect(await l.offering.escrowOwed()).to.equal(usd(50_000));

      await closeOffering(p, l);
      expect(await l.offering.state()).to.equal(State.Succeeded);
      const proceeds = usd(50_000);
      const fee = (proceeds * FEE_BPS) / 10_000n;
      await expect(l.offering.connect(p.manager).finalize())
        .to.emit(l.offering, "Finalized")
        .withArgs(500n, proceeds, fee);
      // Issue 13 §1: the proceeds stay in escrow until units are issued.
      expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(proceeds);
      expect(await l.offering.escrowOwed()).to.equal(proceeds);
      expect(await l.offering.state()).to.equal(State.Finalized);

      await expect(l.offering.connect(a).claim()).to.emit(l.offering, "Claimed").withArgs(a.address, 300n);
      expect(await l.token.balanceOf(a.address)).to.equal(300n);
      expect(await l.token.balanceOfByPartition(DEFAULT_PARTITION, a.address)).to.equal(300n);
      // Anyone may pay the gas of another investor's claim; the units go to the investor.
      await expect(l.offering.connect(p.outsider).claimFor(b.address))
        .to.emit(l.offering, "Claimed")
        .withArgs(b.address, 200n);
      expect(await l.token.balanceOf(b.address)).to.equal(200n);
      expect(await l.token.balanceOf(p.outsider.address)).to.equal(0n);
      expect(await l.token.totalSupply()).to.equal(500n);
      expect(await l.offering.unitsSettled()).to.equal(500n);
      await expect(l.offering.releaseProceeds()).to.emit(l.offering, "ProceedsReleased").withArgs(500n, proceeds, fee);
      expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(proceeds - fee);
      expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
      expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(0n);
      expect(await l.offering.escrowOwed()).to.equal(0n);
    });

    it("closes early when the hard cap is reached", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      for (const investor of p.investors.slice(0, 3)) await subscribe(p, l, investor, 300n);
      const last = p.investors[3]!;
      await fund(p, last, usd(20_000), await l.offering.getAddress());
      await expect(l.offering.connect(last).subscribe(101n))
        .to.be.revertedWithCustomError(l.offering, "OfferingHardCapExceeded")
        .withArgs(101n, 100n);
      await l.offering.connect(last).subscribe(100n);
      expect(await l.offering.unitsSold()).to.equal(1_000n);
      // Before the end time, and already successful.
      expect(BigInt(await networkHelpers.time.latest())).to.be.lessThan(l.params.endTime);
      expect(await l.offering.state()).to.equal(State.Succeeded);
      await expect(l.offering.connect(last).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Succeeded, State.Active);
      await l.offering.connect(p.manager).finalize();
      await l.offering.connect(last).claim();
      expect(await l.token.balanceOf(last.address)).to.equal(100n);
    });

    it("fails below the soft cap: every subscriber takes a full refund, once", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const [a, b] = [p.investors[0]!, p.investors[1]!];
      await subscribe(p, l, a, 120n);
      await subscribe(p, l, b, 80n);
      // While the sale is open there is no way out.
      await expect(l.offering.connect(a).refund())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Active, State.Failed);
      await closeOffering(p, l);
      expect(await l.offering.state()).to.equal(State.Failed);
      await expect(l.offering.connect(p.manager).finalize())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Failed, State.Succeeded);
      await expect(l.offering.connect(a).claim())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Failed, State.Finalized);

      await expect(l.offering.connect(a).refund()).to.emit(l.offering, "Refunded").withArgs(a.address, usd(12_000));
      expect(await p.stablecoin.balanceOf(a.address)).to.equal(usd(12_000));
      expect(await l.offering.escrowOwed()).to.equal(usd(8_000));
      await expect(l.offering.connect(a).refund())
        .to.be.revertedWithCustomError(l.offering, "OfferingAlreadySettled")
        .withArgs(a.address);
      await expect(l.offering.connect(p.outsider).refund())
        .to.be.revertedWithCustomError(l.offering, "OfferingNothingToSettle")
        .withArgs(p.outsider.address);
      await l.offering.connect(b).refund();
      expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
      expect(await l.token.totalSupply()).to.equal(0n);
    });

    it("is cancelled by the issuer: no more subscriptions, refunds open, never finalized", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await subscribe(p, l, a, 50n);
      await expect(l.offering.connect(p.outsider).cancel())
        .to.be.revertedWithCustomError(l.offering, "OfferingUnauthorized")
        .withArgs(p.outsider.address);
      await expect(l.offering.connect(p.manager).cancel()).to.emit(l.offering, "Cancelled");
      expect(await l.offering.state()).to.equal(State.Cancelled);
      await expect(l.offering.connect(a).subscribe(10n)).to.be.revertedWithCustomError(
        l.offering,
        "OfferingWrongState",
      );
      await expect(l.offering.connect(p.manager).cancel()).to.be.revertedWithCustomError(
        l.offering,
        "OfferingWrongState",
      );
      await expect(l.offering.connect(p.manager).finalize())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Cancelled, State.Succeeded);
      await l.offering.connect(a).refund();
      expect(await p.stablecoin.balanceOf(a.address)).to.equal(usd(5_000));
    });

    it("cannot be cancelled once finalized", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await subscribe(p, l, p.investors[0]!, 400n);
      await subscribe(p, l, p.investors[1]!, 100n);
      await closeOffering(p, l);
      await l.offering.connect(p.manager).finalize();
      await expect(l.offering.connect(p.manager).cancel())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Finalized, State.Active);
      // Finalized: a refund is due only for units the token refuses (issue 13 §1); these can be claimed.
      await expect(l.offering.connect(p.investors[0]!).refund())
        .to.be.revertedWithCustomError(l.offering, "OfferingClaimable")
        .withArgs(p.investors[0]!.address);
    });

    it("counts as failed when a success is not finalized within the window", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await subscribe(p, l, a, 400n);
      await subscribe(p, l, p.investors[1]!, 100n);
      await closeOffering(p, l);
      expect(await l.offering.state()).to.equal(State.Succeeded);
      await networkHelpers.time.increaseTo(l.params.endTime + (await l.offering.FINALIZE_WINDOW()));
      expect(await l.offering.state()).to.equal(State.Failed);
      await expect(l.offering.connect(p.manager).finalize()).to.be.revertedWithCustomError(
        l.offering,
        "OfferingWrongState",
      );
      await l.offering.connect(a).refund();
      expect(await p.stablecoin.balanceOf(a.address)).to.equal(usd(40_000));
    });
  });

  describe("claims", function () {
    it("refuses a double claim, a claim with no subscription, and claims before finalization", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await subscribe(p, l, a, 400n);
      await subscribe(p, l, p.investors[1]!, 100n);
      await expect(l.offering.connect(a).claim())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Active, State.Finalized);
      await closeOffering(p, l);
      await l.offering.connect(p.manager).finalize();
      await l.offering.connect(a).claim();
      expect(await l.offering.isSettled(a.address)).to.equal(true);
      await expect(l.offering.connect(a).claim())
        .to.be.revertedWithCustomError(l.offering, "OfferingAlreadySettled")
        .withArgs(a.address);
      await expect(l.offering.claimFor(a.address)).to.be.revertedWithCustomError(l.offering, "OfferingAlreadySettled");
      await expect(l.offering.connect(p.outsider).claim())
        .to.be.revertedWithCustomError(l.offering, "OfferingNothingToSettle")
        .withArgs(p.outsider.address);
      expect(await l.token.balanceOf(a.address)).to.equal(400n);
    });

    it("a claim is refused by the token when the investor became ineligible, and succeeds once resolved", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await subscribe(p, l, a, 400n);
      await subscribe(p, l, p.investors[1]!, 100n);
      await closeOffering(p, l);
      await l.offering.connect(p.manager).finalize();
      await p.registry.connect(p.complianceAgent).setFrozen(a.address, true);
      await expect(l.offering.connect(a).claim())
        .to.be.revertedWithCustomError(l.token, "TokenWalletFrozen")
        .withArgs(a.address);
      expect(await l.offering.isSettled(a.address)).to.equal(false);
      await p.registry.connect(p.complianceAgent).setFrozen(a.address, false);
      await l.offering.connect(a).claim();
      expect(await l.token.balanceOf(a.address)).to.equal(400n);
    });
  });

  describe("finalization rights", function () {
    it("refuses finalize by anyone but the issuer, and before success", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await subscribe(p, l, p.investors[0]!, 400n);
      await subscribe(p, l, p.investors[1]!, 100n);
      await expect(l.offering.connect(p.manager).finalize())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Active, State.Succeeded);
      await closeOffering(p, l);
      for (const caller of [p.outsider, p.investors[0]!, p.admin, p.treasury]) {
        await expect(l.offering.connect(caller).finalize())
          .to.be.revertedWithCustomError(l.offering, "OfferingUnauthorized")
          .withArgs(caller.address);
      }
      // Even an account that holds ISSUER_ROLE on the token is not the offering's issuer.
      await l.token.connect(p.manager).grantRole(await l.token.ISSUER_ROLE(), p.outsider.address);
      await expect(l.offering.connect(p.outsider).finalize()).to.be.revertedWithCustomError(
        l.offering,
        "OfferingUnauthorized",
      );
      await expect(l.offering.connect(p.manager).finalize()).to.emit(l.offering, "Finalized");
      await expect(l.offering.connect(p.manager).finalize())
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Finalized, State.Succeeded);
    });
  });

  describe("tickets per identity", function () {
    it("adds up the wallets of one identity against the maximum ticket", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const [first, second] = [p.investors[0]!, p.outsider];
      // `outsider` becomes a second wallet of the first investor's identity.
      await register(p, second.address, { identity: first.address });
      await subscribe(p, l, first, 300n);
      await fund(p, second, usd(20_000), await l.offering.getAddress());
      await expect(l.offering.connect(second).subscribe(101n))
        .to.be.revertedWithCustomError(l.offering, "OfferingTicketAboveMaximum")
        .withArgs(first.address, 401n, 400n);
      await expect(l.offering.connect(second).subscribe(100n))
        .to.emit(l.offering, "Subscribed")
        .withArgs(second.address, first.address, 100n, usd(10_000));
      expect(await l.offering.subscribedUnitsOf(first.address)).to.equal(300n);
      expect(await l.offering.subscribedUnitsOf(second.address)).to.equal(100n);
      expect(await l.offering.subscribedUnitsOfIdentity(first.address)).to.equal(400n);
      expect(await l.offering.subscribedUnitsOfIdentity(second.address)).to.equal(0n);
      await expect(l.offering.connect(first).subscribe(1n)).to.be.revertedWithCustomError(
        l.offering,
        "OfferingTicketAboveMaximum",
      );
      // Another identity is not affected.
      await subscribe(p, l, p.investors[1]!, 400n);
    });

    it("refuses a first ticket below the minimum, and zero units", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await fund(p, a, usd(10_000), await l.offering.getAddress());
      await expect(l.offering.connect(a).subscribe(9n))
        .to.be.revertedWithCustomError(l.offering, "OfferingTicketBelowMinimum")
        .withArgs(a.address, 9n, 10n);
      await expect(l.offering.connect(a).subscribe(0n)).to.be.revertedWithCustomError(l.offering, "OfferingZeroUnits");
      await l.offering.connect(a).subscribe(10n);
      await l.offering.connect(a).subscribe(1n); // the identity's total (11) is above the minimum
      expect(await l.offering.subscribedUnitsOf(a.address)).to.equal(11n);
    });
  });

  describe("eligibility (the token's verdict)", function () {
    it("refuses an unverified investor with the token's code and reason", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await fund(p, p.outsider, usd(10_000), await l.offering.getAddress());
      const [code, reason] = await l.token.canIssueByPartition(p.outsider.address, DEFAULT_PARTITION, 10n);
      expect(reason).to.equal(encodeBytes32String("RECEIVER_NOT_VERIFIED"));
      expect(code).to.equal("0x57");
      await expect(l.offering.connect(p.outsider).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(p.outsider.address, code, reason);
    });

    it("refuses an investor whose KYC expired", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await register(p, p.outsider.address, { kycDays: 1 });
      await fund(p, p.outsider, usd(10_000), await l.offering.getAddress());
      await networkHelpers.time.increase(2 * DAY);
      await expect(l.offering.connect(p.outsider).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(p.outsider.address, "0x57", encodeBytes32String("RECEIVER_NOT_VERIFIED"));
    });

    it("refuses a frozen investor (registry freeze and token freeze)", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const [a, b] = [p.investors[0]!, p.investors[1]!];
      await fund(p, a, usd(10_000), await l.offering.getAddress());
      await fund(p, b, usd(10_000), await l.offering.getAddress());
      await p.registry.connect(p.complianceAgent).setFrozen(a.address, true);
      await l.token.connect(p.manager).setAddressFrozen(b.address, true);
      for (const investor of [a, b]) {
        const [code, reason] = await l.token.canIssueByPartition(investor.address, DEFAULT_PARTITION, 10n);
        expect(code).to.not.equal("0x51");
        await expect(l.offering.connect(investor).subscribe(10n))
          .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
          .withArgs(investor.address, code, reason);
      }
    });

    it("refuses an investor from a country outside the allow-list", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await l.token.connect(p.manager).setCountryMode(true);
      await l.token.connect(p.manager).setCountryRestrictions([250], true); // France only
      await register(p, p.outsider.address, { country: COUNTRY_US });
      await fund(p, p.outsider, usd(10_000), await l.offering.getAddress());
      await expect(l.offering.connect(p.outsider).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(p.outsider.address, "0x57", encodeBytes32String("COUNTRY_RESTRICTED"));
      await subscribe(p, l, p.investors[0]!, 10n); // a French investor passes
    });

    it("refuses an investor over the token's balance limit per identity", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await l.token.connect(p.manager).setMaxBalancePerIdentity(50n);
      const a = p.investors[0]!;
      await fund(p, a, usd(10_000), await l.offering.getAddress());
      const [code, reason] = await l.token.canIssueByPartition(a.address, DEFAULT_PARTITION, 51n);
      expect(reason).to.equal(encodeBytes32String("MAX_BALANCE_EXCEEDED"));
      await expect(l.offering.connect(a).subscribe(51n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(a.address, code, reason);
      await l.offering.connect(a).subscribe(50n);
    });

    it("refuses everyone while the token is paused", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      await l.token.connect(p.manager).pause();
      const a = p.investors[0]!;
      await fund(p, a, usd(10_000), await l.offering.getAddress());
      await expect(l.offering.connect(a).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(a.address, "0x54", encodeBytes32String("TRANSFERS_PAUSED"));
    });
  });

  describe("payment", function () {
    it("subscribes with an EIP-2612 permit in one transaction", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      const offeringAddress = await l.offering.getAddress();
      await fund(p, a, usd(5_000));
      expect(await p.stablecoin.allowance(a.address, offeringAddress)).to.equal(0n);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const sig = await signPermit(p, a, offeringAddress, usd(5_000), deadline);
      await expect(l.offering.connect(a).subscribeWithPermit(50n, deadline, sig.v, sig.r, sig.s))
        .to.emit(l.offering, "Subscribed")
        .withArgs(a.address, a.address, 50n, usd(5_000));
      expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(usd(5_000));
      expect(await p.stablecoin.allowance(a.address, offeringAddress)).to.equal(0n);
    });

    it("still subscribes when someone front-ran the permit, and refuses a bad permit without allowance", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      const offeringAddress = await l.offering.getAddress();
      await fund(p, a, usd(5_000));
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const sig = await signPermit(p, a, offeringAddress, usd(5_000), deadline);
      await p.stablecoin
        .connect(p.outsider)
        .permit(a.address, offeringAddress, usd(5_000), deadline, sig.v, sig.r, sig.s);
      await l.offering.connect(a).subscribeWithPermit(50n, deadline, sig.v, sig.r, sig.s);
      expect(await l.offering.subscribedUnitsOf(a.address)).to.equal(50n);

      const b = p.investors[1]!;
      await fund(p, b, usd(5_000));
      const forged = await signPermit(p, p.outsider, offeringAddress, usd(5_000), deadline); // signed by the wrong key
      await expect(
        l.offering.connect(b).subscribeWithPermit(50n, deadline, forged.v, forged.r, forged.s),
      ).to.be.revertedWithCustomError(p.stablecoin, "ERC20InsufficientAllowance");
      expect(await l.offering.subscribedUnitsOf(b.address)).to.equal(0n);
    });

    it("refuses more units than remain with OfferingHardCapExceeded, with or without a permit (never an overflow panic)", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      const offeringAddress = await l.offering.getAddress();
      const huge = 2n ** 250n; // units x price overflows uint256
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const sig = await signPermit(p, a, offeringAddress, usd(5_000), deadline);
      const remaining = l.params.hardCap;
      await expect(l.offering.connect(a).subscribe(huge))
        .to.be.revertedWithCustomError(l.offering, "OfferingHardCapExceeded")
        .withArgs(huge, remaining);
      await expect(l.offering.connect(a).subscribeWithPermit(huge, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(l.offering, "OfferingHardCapExceeded")
        .withArgs(huge, remaining);
    });

    it("refuses a payment token that delivers less than asked", async function () {
      const { p } = await networkHelpers.loadFixture(fixture);
      const fot = await ethers.deployContract("FeeOnTransferToken", [100n]);
      const l = await launch(p, { paymentToken: await fot.getAddress(), propertyId: ethers.id("fot") });
      await openOffering(p, l);
      const a = p.investors[0]!;
      await fot.mint(a.address, usd(10_000));
      await fot.connect(a).approve(await l.offering.getAddress(), usd(10_000));
      await expect(l.offering.connect(a).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingPaymentShortfall")
        .withArgs(usd(1_000), usd(990));
      expect(await l.offering.unitsSold()).to.equal(0n);
    });

    it("refuses a subscription without enough allowance, changing nothing", async function () {
      const { p, l } = await networkHelpers.loadFixture(openFixture);
      const a = p.investors[0]!;
      await fund(p, a, usd(10_000), await l.offering.getAddress());
      await expect(l.offering.connect(a).subscribe(101n)).to.be.revertedWithCustomError(
        p.stablecoin,
        "ERC20InsufficientAllowance",
      );
      expect(await l.offering.unitsSold()).to.equal(0n);
      expect(await l.offering.subscribedUnitsOf(a.address)).to.equal(0n);
    });

    it("blocks re-entry from the payment token", async function () {
      const { p } = await networkHelpers.loadFixture(fixture);
      const evil = await ethers.deployContract("ReentrantToken");
      const l = await launch(p, { paymentToken: await evil.getAddress(), propertyId: ethers.id("evil") });
      await openOffering(p, l);
      const a = p.investors[0]!;
      await evil.mint(a.address, usd(10_000));
      await evil.connect(a).approve(await l.offering.getAddress(), usd(10_000));
      await evil.arm(await l.offering.getAddress(), l.offering.interface.encodeFunctionData("subscribe", [10n]));
      await expect(l.offering.connect(a).subscribe(10n)).to.be.revertedWithCustomError(
        l.offering,
        "ReentrancyGuardReentrantCall",
      );
      // Reading the debt mid-subscription (books updated, payment not yet in) is refused too.
      await evil.arm(await l.offering.getAddress(), l.offering.interface.encodeFunctionData("escrowOwed"));
      await expect(l.offering.connect(a).subscribe(10n)).to.be.revertedWithCustomError(
        l.offering,
        "ReentrancyGuardReentrantCall",
      );
      await evil.arm(ethers.ZeroAddress, "0x");
      await l.offering.connect(a).subscribe(10n);
      expect(await l.offering.escrowOwed()).to.equal(usd(1_000));
    });
  });

  describe("views and implementation", function () {
    it("exposes the launch terms", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const t = await l.offering.terms();
      expect(t.token).to.equal(await l.token.getAddress());
      expect(t.partition).to.equal(l.params.partition);
      expect(t.paymentToken).to.equal(l.params.paymentToken);
      expect(t.pricePerUnit).to.equal(l.params.pricePerUnit);
      expect([t.softCap, t.hardCap, t.minTicket, t.maxTicket]).to.deep.equal([500n, 1_000n, 10n, 400n]);
      expect([t.startTime, t.endTime]).to.deep.equal([l.params.startTime, l.params.endTime]);
      expect(t.treasury).to.equal(p.treasury.address);
      expect(t.feeBps).to.equal(FEE_BPS);
      expect(t.feeRecipient).to.equal(p.feeRecipient.address);
      expect(t.issuer).to.equal(p.manager.address);
    });

    it("keys tickets on the wallet when the registry reports no identity", async function () {
      const { p } = await networkHelpers.loadFixture(fixture);
      // A factory whose token implementation is a stub acting as a registry that knows no identity.
      const stub = await ethers.deployContract("StubPropertyToken");
      const factory = await ethers.deployContract("PropertyTokenFactory", [
        p.admin.address,
        await p.registry.getAddress(),
        await p.distributor.getAddress(),
        await p.settlement.getAddress(),
        await stub.getAddress(),
        await p.offeringImplementation.getAddress(),
        await p.fees.getAddress(),
      ]);
      await factory.grantRole(await factory.PROPERTY_MANAGER_ROLE(), p.manager.address);
      await p.distributor.connect(p.admin).grantRole(await p.distributor.REGISTRAR_ROLE(), await factory.getAddress());
      await p.fees.connect(p.admin).grantRole(await p.fees.LAUNCHER_ROLE(), await factory.getAddress());
      const l = await launch({ ...p, factory }, { propertyId: ethers.id("stub") });
      await openOffering(p, l);
      const a = p.investors[0]!;
      await fund(p, a, usd(1_000), await l.offering.getAddress());
      await expect(l.offering.connect(a).subscribe(10n))
        .to.emit(l.offering, "Subscribed")
        .withArgs(a.address, a.address, 10n, usd(1_000));
      expect(await l.offering.subscribedUnitsOfIdentity(a.address)).to.equal(10n);
      expect(await l.offering.subscribedUnitsOfIdentity(ethers.ZeroAddress)).to.equal(0n);
    });

    it("the implementation itself is not an offering", async function () {
      const { p } = await networkHelpers.loadFixture(fixture);
      const impl = p.offeringImplementation;
      await expect(impl.subscribe(1n)).to.be.revertedWithCustomError(impl, "OfferingImplementationOnly");
      await expect(impl.state()).to.be.revertedWithCustomError(impl, "OfferingImplementationOnly");
      await expect(impl.finalize()).to.be.revertedWithCustomError(impl, "OfferingImplementationOnly");
      await expect(impl.refund()).to.be.revertedWithCustomError(impl, "OfferingImplementationOnly");
    });
  });
});
