/**
 * Issue 13 §1: a subscriber who paid always ends with units or with money back, whatever other holders do.
 *
 * Before: `finalize` sent the proceeds to the treasury before any unit existed, and the token knew nothing of the
 * places and balances the offering had promised. Other holders could then make a subscriber's claim fail for good
 * (a gift filling the holder cap, a gift pushing the subscriber over the balance limit), and `refund()` was closed:
 * the subscriber had paid and held nothing.
 *
 * Now: the proceeds stay in the offering's escrow after finalization and are released to the treasury (and the
 * platform fee) only for units actually issued; a claim the token refuses becomes a refund of exactly what that
 * wallet paid. Temporary holds (a pause, an AML freeze, a KYC that merely expired) keep the money in escrow: neither
 * units nor money move until they are lifted (or, for the KYC, the compliance agent removes the investor).
 */
import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String } from "ethers";
import {
  closeOffering,
  COUNTRY_US,
  DAY,
  deployPlatform,
  FEE_BPS,
  launch,
  openOffering,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

const PRICE = usd(100);

describe("Issue 13 §1: a paid subscriber ends with units or with money back", function () {
  /** Alice and Bob (two identities) subscribe 250 units each: the soft cap; the offering is finalized. */
  async function finalizedFixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await openOffering(p, l);
    const [alice, bob] = [p.investors[0]!, p.investors[1]!];
    await subscribe(p, l, alice, 250n);
    await subscribe(p, l, bob, 250n);
    await closeOffering(p, l);
    await l.offering.connect(p.manager).finalize();
    return { p, l };
  }

  async function holderCapFixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await l.token.connect(p.manager).setMaxHolders(2);
    await openOffering(p, l);
    await subscribe(p, l, p.investors[0]!, 250n);
    await subscribe(p, l, p.investors[1]!, 250n);
    await closeOffering(p, l);
    await l.offering.connect(p.manager).finalize();
    return { p, l };
  }

  it("13.1 maxHolders = 2: Alice claims and gives 1 unit to a third identity; Bob's claim is refused and Bob takes back exactly what he paid", async function () {
    const { p, l } = await networkHelpers.loadFixture(holderCapFixture);
    const [alice, bob, carol] = [p.investors[0]!, p.investors[1]!, p.investors[2]!];
    await l.offering.connect(alice).claim();
    await l.token.connect(alice).transfer(carol.address, 1n);
    await expect(l.offering.connect(bob).claim()).to.be.revertedWithCustomError(l.token, "TokenMaxHoldersReached");
    const paid = 250n * PRICE;
    await expect(l.offering.connect(bob).refund()).to.emit(l.offering, "Refunded").withArgs(bob.address, paid);
    expect(await p.stablecoin.balanceOf(bob.address)).to.equal(paid);
    expect(await l.offering.isSettled(bob.address)).to.equal(true);
    expect(await l.offering.unitsRefunded()).to.equal(250n);
    expect(await l.offering.escrowOwed()).to.equal(paid); // Alice's payment, releasable
    expect(await l.offering.releasableProceeds()).to.equal(paid);
    await expect(l.offering.connect(bob).refund()).to.be.revertedWithCustomError(l.offering, "OfferingAlreadySettled");
    await expect(l.offering.connect(bob).claim()).to.be.revertedWithCustomError(l.offering, "OfferingAlreadySettled");
    // Only Alice's units were ever turned into proceeds.
    await l.offering.releaseProceeds();
    const fee = (paid * FEE_BPS) / 10_000n;
    expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(paid - fee);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
    expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
    expect(await l.offering.escrowOwed()).to.equal(0n);
  });

  it("13.1 maxBalancePerIdentity: a gift pushes Bob over the limit, so his claim is refused and he takes back exactly what he paid", async function () {
    const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
    const [alice, bob] = [p.investors[0]!, p.investors[1]!];
    await l.token.connect(p.manager).setMaxBalancePerIdentity(300n);
    await l.offering.connect(alice).claim();
    await l.token.connect(alice).transfer(bob.address, 100n);
    await expect(l.offering.connect(bob).claim()).to.be.revertedWithCustomError(l.token, "TokenMaxBalanceExceeded");
    await expect(l.offering.connect(bob).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(bob.address, 250n * PRICE);
    expect(await p.stablecoin.balanceOf(bob.address)).to.equal(250n * PRICE);
  });

  it("13.1 finalize keeps the proceeds in escrow; they are released only for issued units, to the treasury and the platform", async function () {
    const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
    const [alice, bob] = [p.investors[0]!, p.investors[1]!];
    const offeringAddress = await l.offering.getAddress();
    expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(500n * PRICE);
    expect(await l.offering.escrowOwed()).to.equal(500n * PRICE);
    expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(0n);
    expect(await l.offering.releasableProceeds()).to.equal(0n);
    await expect(l.offering.releaseProceeds()).to.be.revertedWithCustomError(l.offering, "OfferingNothingToRelease");

    await l.offering.claimFor(alice.address);
    expect(await l.offering.releasableProceeds()).to.equal(250n * PRICE);
    const fee = (250n * PRICE * FEE_BPS) / 10_000n;
    // Anyone may push the release; the money only ever goes to the treasury and the fee recipient of the terms.
    await expect(l.offering.connect(p.outsider).releaseProceeds())
      .to.emit(l.offering, "ProceedsReleased")
      .withArgs(250n, 250n * PRICE, fee);
    expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(250n * PRICE - fee);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
    expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(250n * PRICE);
    expect(await l.offering.escrowOwed()).to.equal(250n * PRICE);

    await l.offering.claimFor(bob.address);
    await l.offering.releaseProceeds();
    // The fee is computed on the cumulative release, so releasing in steps never loses a base unit.
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal((500n * PRICE * FEE_BPS) / 10_000n);
    expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(0n);
    expect(await l.offering.unitsReleased()).to.equal(500n);
  });

  it("13.1 a refund after finalization is refused while the claim would succeed (no exit from a sale that can deliver)", async function () {
    const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
    const alice = p.investors[0]!;
    await expect(l.offering.connect(alice).refund())
      .to.be.revertedWithCustomError(l.offering, "OfferingClaimable")
      .withArgs(alice.address);
    await expect(l.offering.connect(p.outsider).refund())
      .to.be.revertedWithCustomError(l.offering, "OfferingNothingToSettle")
      .withArgs(p.outsider.address);
  });

  it("13.1 temporary holds keep the money in escrow: a pause or an AML freeze blocks claim and refund until lifted", async function () {
    const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
    const [alice, bob] = [p.investors[0]!, p.investors[1]!];
    await l.token.connect(p.manager).pause();
    await expect(l.offering.connect(alice).claim()).to.be.revertedWithCustomError(l.token, "TokenPaused");
    await expect(l.offering.connect(alice).refund())
      .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
      .withArgs(alice.address, encodeBytes32String("TRANSFERS_PAUSED"));
    await l.token.connect(p.manager).unpause();

    await p.registry.connect(p.complianceAgent).setFrozen(bob.address, true);
    await expect(l.offering.connect(bob).refund())
      .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
      .withArgs(bob.address, encodeBytes32String("RECEIVER_FROZEN"));
    await l.token.connect(p.manager).setAddressFrozen(alice.address, true);
    await expect(l.offering.connect(alice).refund())
      .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
      .withArgs(alice.address, encodeBytes32String("RECEIVER_FROZEN"));
    expect(await l.offering.escrowOwed()).to.equal(500n * PRICE);
    await p.registry.connect(p.complianceAgent).setFrozen(bob.address, false);
    await l.offering.connect(bob).claim();
    expect(await l.token.balanceOf(bob.address)).to.equal(250n);
  });

  // Audit finding 2026-12 (finding 2): the freeze was checked only when the token was closed by its exit; any refusal
  // the token reports before RECEIVER_FROZEN (issuance finalized, paused) or a revoked ISSUER_ROLE masked it, and the
  // frozen subscriber took the escrow back. An AML hold keeps the money in escrow whatever else refuses the claim.
  it("13.1 an AML-frozen subscriber gets no refund whatever else refuses the claim (revoked role, finalized issuance, pause)", async function () {
    const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
    const [alice, bob] = [p.investors[0]!, p.investors[1]!];
    const RECEIVER_FROZEN = encodeBytes32String("RECEIVER_FROZEN");
    await p.registry.connect(p.complianceAgent).setFrozen(bob.address, true);
    await l.token.connect(p.manager).setAddressFrozen(alice.address, true);
    const asManager = l.token.connect(p.manager);
    const masks: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      [
        "issuer role revoked",
        async () => asManager.revokeRole(await l.token.ISSUER_ROLE(), await l.offering.getAddress()),
        async () => asManager.grantRole(await l.token.ISSUER_ROLE(), await l.offering.getAddress()),
      ],
      ["issuance finalized", () => asManager.finalizeIssuance(), async () => undefined],
      ["pause", () => asManager.pause(), () => asManager.unpause()],
    ];
    for (const [label, apply, lift] of masks) {
      await apply();
      for (const frozen of [alice, bob])
        await expect(l.offering.connect(frozen).refund(), label)
          .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
          .withArgs(frozen.address, RECEIVER_FROZEN);
      await lift();
    }
    expect(await l.offering.escrowOwed()).to.equal(500n * PRICE);
    // Lifted, the refund is due (issuance is finalized for good).
    await p.registry.connect(p.complianceAgent).setFrozen(bob.address, false);
    await expect(l.offering.connect(bob).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(bob.address, 250n * PRICE);
  });

  // The sibling of finding 2: before finalization only the post-finalization refund checked the freeze, so a subscriber
  // frozen on the token or in the registry took its money back from a cancelled or failed offering. The same hold
  // applies: the money stays in escrow until the freeze is lifted, then the refund pays in full.
  describe("an AML-frozen subscriber gets no refund from a cancelled or failed offering either", function () {
    /** Alice subscribes 250 units and Bob 100: 350, below the soft cap of 500. */
    async function subscribedFixture(): Promise<{ p: Platform; l: Launched }> {
      const p = await deployPlatform(ethers, networkHelpers);
      const l = await launch(p);
      await openOffering(p, l);
      await subscribe(p, l, p.investors[0]!, 250n);
      await subscribe(p, l, p.investors[1]!, 100n);
      return { p, l };
    }
    const outcomes: [string, (p: Platform, l: Launched) => Promise<unknown>][] = [
      ["cancelled", (p, l) => l.offering.connect(p.manager).cancel()],
      ["failed (soft cap missed)", (p, l) => closeOffering(p, l)],
    ];
    const freezes: [string, (p: Platform, l: Launched, wallet: string, frozen: boolean) => Promise<unknown>][] = [
      ["registry", (p, _l, wallet, frozen) => p.registry.connect(p.complianceAgent).setFrozen(wallet, frozen)],
      ["token", (p, l, wallet, frozen) => l.token.connect(p.manager).setAddressFrozen(wallet, frozen)],
    ];
    for (const [outcome, end] of outcomes)
      for (const [where, setFrozen] of freezes)
        it(`${outcome}, frozen on the ${where}: refund on hold (RECEIVER_FROZEN), nothing paid; unfrozen, paid in full`, async function () {
          const { p, l } = await networkHelpers.loadFixture(subscribedFixture);
          const alice = p.investors[0]!;
          await setFrozen(p, l, alice.address, true);
          await end(p, l);
          expect(await l.offering.state()).to.equal(outcome === "cancelled" ? 5n : 3n);
          const before = await p.stablecoin.balanceOf(alice.address);
          await expect(l.offering.connect(alice).refund())
            .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
            .withArgs(alice.address, encodeBytes32String("RECEIVER_FROZEN"));
          expect(await p.stablecoin.balanceOf(alice.address)).to.equal(before);
          expect(await l.offering.isSettled(alice.address)).to.equal(false);
          expect(await l.offering.escrowOwed()).to.equal(350n * PRICE);
          await setFrozen(p, l, alice.address, false);
          await expect(l.offering.connect(alice).refund())
            .to.emit(l.offering, "Refunded")
            .withArgs(alice.address, 250n * PRICE);
          expect(await p.stablecoin.balanceOf(alice.address)).to.equal(before + 250n * PRICE);
          expect(await l.offering.escrowOwed()).to.equal(100n * PRICE);
        });
  });

  describe("Audit A-04: a rule change between subscription and claim never traps a paid subscriber", function () {
    it("A-04 KYC expired: on hold (renew and claim); removed by the compliance agent: refund", async function () {
      const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
      const [alice, bob] = [p.investors[0]!, p.investors[1]!];
      await networkHelpers.time.increase(6 * 365 * DAY); // both KYCs (5 years) expired
      await expect(l.offering.connect(alice).claim()).to.be.revertedWithCustomError(
        l.token,
        "TokenReceiverNotVerified",
      );
      await expect(l.offering.connect(alice).refund())
        .to.be.revertedWithCustomError(l.offering, "OfferingRefundOnHold")
        .withArgs(alice.address, encodeBytes32String("RECEIVER_NOT_VERIFIED"));
      const now = await networkHelpers.time.latest();
      await p.registry.connect(p.complianceAgent).updateIdentity(alice.address, 250, now + 365 * DAY, true);
      await l.offering.connect(alice).claim();
      expect(await l.token.balanceOf(alice.address)).to.equal(250n);

      await p.registry.connect(p.complianceAgent).removeIdentity(bob.address);
      await expect(l.offering.connect(bob).refund())
        .to.emit(l.offering, "Refunded")
        .withArgs(bob.address, 250n * PRICE);
    });

    it("A-04 country list changed, balance limit lowered, issuance finalized: each turns the claim into a refund", async function () {
      const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
      const [alice, bob] = [p.investors[0]!, p.investors[1]!];
      const asManager = l.token.connect(p.manager);
      await asManager.setCountryRestrictions([250], true); // FR on the block-list
      await expect(l.offering.connect(alice).claim()).to.be.revertedWithCustomError(l.token, "TokenCountryRestricted");
      await expect(l.offering.connect(alice).refund())
        .to.emit(l.offering, "Refunded")
        .withArgs(alice.address, 250n * PRICE);
      await asManager.setCountryRestrictions([250], false);

      await asManager.setMaxBalancePerIdentity(100n);
      await expect(l.offering.connect(bob).claim()).to.be.revertedWithCustomError(l.token, "TokenMaxBalanceExceeded");
      await asManager.setMaxBalancePerIdentity(0n);
      await asManager.finalizeIssuance();
      await expect(l.offering.connect(bob).claim()).to.be.revertedWithCustomError(l.token, "TokenIssuanceFinalized");
      await expect(l.offering.connect(bob).refund())
        .to.emit(l.offering, "Refunded")
        .withArgs(bob.address, 250n * PRICE);
      expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
      expect(await l.offering.releasableProceeds()).to.equal(0n);
    });

    it("A-04 the offering's ISSUER_ROLE revoked after finalization: refund", async function () {
      const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
      const alice = p.investors[0]!;
      await l.token.connect(p.manager).revokeRole(await l.token.ISSUER_ROLE(), await l.offering.getAddress());
      await expect(l.offering.connect(alice).claim()).to.be.revertedWithCustomError(
        l.token,
        "AccessControlUnauthorizedAccount",
      );
      await expect(l.offering.connect(alice).refund())
        .to.emit(l.offering, "Refunded")
        .withArgs(alice.address, 250n * PRICE);
    });

    it("A-04 a receiver outside the allow-list (country mode switched) gets the refund; the escrow always equals what it owes", async function () {
      const { p, l } = await networkHelpers.loadFixture(finalizedFixture);
      const [alice, bob] = [p.investors[0]!, p.investors[1]!];
      await l.token.connect(p.manager).setCountryRestrictions([COUNTRY_US], true);
      await l.token.connect(p.manager).setCountryMode(true); // allow-list of US only
      await l.offering.connect(alice).refund();
      await l.offering.connect(bob).refund();
      expect(await l.offering.escrowOwed()).to.equal(0n);
      expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
      expect(await l.offering.unitsSettled()).to.equal(500n);
    });
  });
});
