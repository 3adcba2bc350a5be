/**
 * Private placements (issue 20): the issuer of an offering signs an invitation (EIP-712) naming an investor identity,
 * a range of units, a price of its own, an expiry and a salt; any verified wallet of that identity redeems it once,
 * through the same escrow, caps and compliance as a public subscription. Each refusal is its own custom error:
 * replay, another offering, another chain, expiry, revocation, a signature not the issuer's, a wallet of another
 * identity, units outside the range.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id } from "ethers";
import { invitationHash, offeringDomain, signInvitation, type Invitation } from "@freehold/dev-kit/deploy";
import {
  closeOffering,
  DAY,
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
import { relayed } from "../helpers/forwarder.js";

const { ethers, networkHelpers } = await network.create();

enum State {
  Pending,
  Active,
  Succeeded,
  Failed,
  Finalized,
  Cancelled,
}

const REDEEMED = 1n;
const REVOKED = 2n;

interface Placement {
  p: Platform;
  l: Launched;
  /** Investor 0's identity has a second wallet. */
  secondWallet: HardhatEthersSigner;
}

describe("PropertyOffering: private placements (invitations)", function () {
  async function fixture(): Promise<Placement> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    const secondWallet = (await ethers.getSigners())[17]!;
    await register(p, secondWallet.address, { identity: p.investors[0]!.address });
    await openOffering(p, l);
    return { p, l, secondWallet };
  }

  /** An invitation for `identity` valid a week, 10 to 100 units at 80 USD (the public price is 100 USD). */
  async function invitationFor(identity: string, overrides: Partial<Invitation> = {}): Promise<Invitation> {
    const now = BigInt(await networkHelpers.time.latest());
    return {
      identity,
      minUnits: 10n,
      maxUnits: 100n,
      pricePerUnit: usd(80),
      expiry: now + 7n * BigInt(DAY),
      salt: id(`invitation-${identity}-${JSON.stringify(overrides, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`),
      ...overrides,
    };
  }

  async function domainOf(l: Launched, chainId?: bigint) {
    return offeringDomain(chainId ?? (await ethers.provider.getNetwork()).chainId, await l.offering.getAddress());
  }

  /** Funds `wallet` with the exact price and redeems `signed` for `units`. */
  async function redeem(
    p: Platform,
    l: Launched,
    wallet: HardhatEthersSigner,
    signed: { invitation: Invitation; signature: string },
    units: bigint,
  ) {
    await fund(p, wallet, units * signed.invitation.pricePerUnit, await l.offering.getAddress());
    return l.offering.connect(wallet).subscribeWithInvitation(signed.invitation, units, signed.signature);
  }

  it("a wallet of the invited identity redeems once at the invitation's price; the digest is the dev-kit's", async function () {
    const { p, l, secondWallet } = await networkHelpers.loadFixture(fixture);
    const identity = p.investors[0]!.address;
    const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(identity));
    expect(await l.offering.invitationHash(signed.invitation)).to.equal(signed.hash);
    expect(signed.hash).to.equal(invitationHash(await domainOf(l), signed.invitation));
    const domain = await l.offering.eip712Domain();
    expect(domain.name).to.equal("Freehold Offering");
    expect(domain.version).to.equal("1");
    expect(domain.verifyingContract).to.equal(await l.offering.getAddress());

    const paid = 40n * usd(80);
    const tx = redeem(p, l, secondWallet, signed, 40n);
    await expect(tx).to.emit(l.offering, "Subscribed").withArgs(secondWallet.address, identity, 40n, paid);
    await expect(tx)
      .to.emit(l.offering, "InvitationRedeemed")
      .withArgs(signed.hash, secondWallet.address, identity, 40n, paid);
    expect(await l.offering.invitationStatus(signed.hash)).to.equal(REDEEMED);
    expect(await l.offering.subscribedUnitsOf(secondWallet.address)).to.equal(40n);
    expect(await l.offering.subscribedUnitsOfIdentity(identity)).to.equal(40n);
    expect(await l.offering.paidBy(secondWallet.address)).to.equal(paid);
    expect(await l.offering.escrowOwed()).to.equal(paid);
    expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(paid);

    // Once: neither the same wallet nor another wallet of the identity can use it again.
    for (const wallet of [secondWallet, p.investors[0]!]) {
      await expect(redeem(p, l, wallet, signed, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationRedeemed")
        .withArgs(signed.hash);
    }
  });

  it("mixed prices: finalize, claims and releases account for each subscription at its own price, fee to the unit", async function () {
    const { p, l, secondWallet } = await networkHelpers.loadFixture(fixture);
    const [a, b, c] = [p.investors[0]!, p.investors[1]!, p.investors[2]!];
    await subscribe(p, l, a, 300n); // 100 USD
    // An odd price, so that a fee computed per unit count instead of per amount would be off.
    const odd = usd(77.777_777);
    const toA = await signInvitation(
      p.manager,
      await domainOf(l),
      await invitationFor(a.address, { pricePerUnit: odd }),
    );
    await (await redeem(p, l, secondWallet, toA, 99n)).wait();
    const toB = await signInvitation(
      p.manager,
      await domainOf(l),
      await invitationFor(b.address, { pricePerUnit: usd(120), minUnits: 1n, maxUnits: 400n }),
    );
    await (await redeem(p, l, b, toB, 7n)).wait();
    await subscribe(p, l, b, 94n); // b holds invited and public units in one wallet
    await subscribe(p, l, c, 11n);
    const paidIn = 300n * usd(100) + 99n * odd + 7n * usd(120) + 94n * usd(100) + 11n * usd(100);
    expect(await l.offering.escrowOwed()).to.equal(paidIn);
    expect(await l.offering.paidBy(b.address)).to.equal(7n * usd(120) + 94n * usd(100));

    await closeOffering(p, l);
    const fee = (paidIn * FEE_BPS) / 10_000n;
    await expect(l.offering.connect(p.manager).finalize()).to.emit(l.offering, "Finalized").withArgs(511n, paidIn, fee);
    // Claims and releases interleaved: each release pays what the newly claimed units paid.
    await l.offering.connect(secondWallet).claim();
    expect(await l.offering.releasableProceeds()).to.equal(99n * odd);
    const firstFee = (99n * odd * FEE_BPS) / 10_000n;
    await expect(l.offering.releaseProceeds())
      .to.emit(l.offering, "ProceedsReleased")
      .withArgs(99n, 99n * odd, firstFee);
    for (const w of [a, b, c]) await l.offering.connect(w).claim();
    const rest = paidIn - 99n * odd;
    await expect(l.offering.releaseProceeds())
      .to.emit(l.offering, "ProceedsReleased")
      .withArgs(412n, rest, fee - firstFee);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
    expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(paidIn - fee);
    expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
    expect(await l.offering.escrowOwed()).to.equal(0n);
    expect(await l.token.balanceOf(b.address)).to.equal(101n);
    expect(await l.token.balanceOf(secondWallet.address)).to.equal(99n);
  });

  it("a failed offering refunds every wallet exactly what it paid, invited and public units each at their price", async function () {
    const { p, l, secondWallet } = await networkHelpers.loadFixture(fixture);
    const [a, b] = [p.investors[0]!, p.investors[1]!];
    const toB = await signInvitation(p.manager, await domainOf(l), await invitationFor(b.address));
    await (await redeem(p, l, b, toB, 30n)).wait();
    await subscribe(p, l, b, 20n);
    const toA = await signInvitation(
      p.manager,
      await domainOf(l),
      await invitationFor(a.address, { pricePerUnit: usd(150) }),
    );
    await (await redeem(p, l, secondWallet, toA, 10n)).wait();
    await subscribe(p, l, a, 15n);
    await closeOffering(p, l);
    expect(await l.offering.state()).to.equal(State.Failed); // 75 units, soft cap 500

    const owedBefore = 30n * usd(80) + 20n * usd(100) + 10n * usd(150) + 15n * usd(100);
    expect(await l.offering.escrowOwed()).to.equal(owedBefore);
    await expect(l.offering.connect(b).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(b.address, 30n * usd(80) + 20n * usd(100));
    expect(await l.offering.escrowOwed()).to.equal(10n * usd(150) + 15n * usd(100));
    await expect(l.offering.connect(secondWallet).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(secondWallet.address, 10n * usd(150));
    await expect(l.offering.connect(a).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(a.address, 15n * usd(100));
    expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
    expect(await l.offering.escrowOwed()).to.equal(0n);
  });

  it("an unclaimable invited position after finalization is refunded at the invitation's price", async function () {
    const { p, l } = await networkHelpers.loadFixture(fixture);
    const [a, b] = [p.investors[0]!, p.investors[1]!];
    await subscribe(p, l, a, 400n);
    const toB = await signInvitation(
      p.manager,
      await domainOf(l),
      await invitationFor(b.address, { maxUnits: 200n, pricePerUnit: usd(91) }),
    );
    await (await redeem(p, l, b, toB, 150n)).wait();
    await closeOffering(p, l);
    await l.offering.connect(p.manager).finalize();
    // The compliance agent removes b: the claim is refused for good, so b takes back what it paid.
    await p.registry.connect(p.complianceAgent).removeIdentity(b.address);
    await expect(l.offering.connect(b).refund())
      .to.emit(l.offering, "Refunded")
      .withArgs(b.address, 150n * usd(91));
    await l.offering.connect(a).claim();
    const fee = (400n * usd(100) * FEE_BPS) / 10_000n;
    await expect(l.offering.releaseProceeds())
      .to.emit(l.offering, "ProceedsReleased")
      .withArgs(400n, 400n * usd(100), fee);
    expect(await p.stablecoin.balanceOf(await l.offering.getAddress())).to.equal(0n);
  });

  describe("refusals", function () {
    it("another offering, another chain, another signer, or a changed field: OfferingInvitationBadSignature", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const a = p.investors[0]!;
      const invitation = await invitationFor(a.address);
      const other = await launch(p, { propertyId: id("property-2"), symbol: "OTH2" });
      await openOffering(p, other);
      const forOther = await signInvitation(p.manager, await domainOf(other), invitation);
      const onChain1 = await signInvitation(p.manager, await domainOf(l, 1n), invitation);
      const byOutsider = await signInvitation(p.outsider, await domainOf(l), invitation);
      const byAdmin = await signInvitation(p.admin, await domainOf(l), invitation);
      const good = await signInvitation(p.manager, await domainOf(l), invitation);
      const tampered = { invitation: { ...invitation, pricePerUnit: usd(1) }, signature: good.signature };
      for (const signed of [forOther, onChain1, byOutsider, byAdmin, tampered]) {
        await expect(redeem(p, l, a, signed, 10n))
          .to.be.revertedWithCustomError(l.offering, "OfferingInvitationBadSignature")
          .withArgs(await l.offering.invitationHash(signed.invitation));
      }
      // The one made for the other offering works there.
      await expect(redeem(p, other, a, forOther, 10n)).to.emit(other.offering, "InvitationRedeemed");
      expect(await l.offering.unitsSold()).to.equal(0n);
    });

    it("expiry: redeemable strictly before it, OfferingInvitationExpired at and after", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const a = p.investors[0]!;
      const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
      await fund(p, a, 10n * usd(80), await l.offering.getAddress());
      await networkHelpers.time.setNextBlockTimestamp(signed.invitation.expiry);
      await expect(l.offering.connect(a).subscribeWithInvitation(signed.invitation, 10n, signed.signature))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationExpired")
        .withArgs(signed.hash, signed.invitation.expiry);
      const fresh = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
      await networkHelpers.time.setNextBlockTimestamp(fresh.invitation.expiry - 1n);
      await expect(l.offering.connect(a).subscribeWithInvitation(fresh.invitation, 10n, fresh.signature)).to.emit(
        l.offering,
        "InvitationRedeemed",
      );
    });

    it("revocation by the issuer only, with an event; a revoked or redeemed invitation cannot be revoked or redeemed", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [a, b] = [p.investors[0]!, p.investors[1]!];
      const toA = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
      for (const intruder of [p.outsider, a, p.admin]) {
        await expect(l.offering.connect(intruder).revokeInvitation(toA.hash))
          .to.be.revertedWithCustomError(l.offering, "OfferingUnauthorized")
          .withArgs(intruder.address);
      }
      await expect(l.offering.connect(p.manager).revokeInvitation(toA.hash))
        .to.emit(l.offering, "InvitationRevoked")
        .withArgs(toA.hash);
      expect(await l.offering.invitationStatus(toA.hash)).to.equal(REVOKED);
      await expect(redeem(p, l, a, toA, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationRevoked")
        .withArgs(toA.hash);
      await expect(l.offering.connect(p.manager).revokeInvitation(toA.hash))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationRevoked")
        .withArgs(toA.hash);

      const toB = await signInvitation(p.manager, await domainOf(l), await invitationFor(b.address));
      await (await redeem(p, l, b, toB, 10n)).wait();
      await expect(l.offering.connect(p.manager).revokeInvitation(toB.hash))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationRedeemed")
        .withArgs(toB.hash);
    });

    it("a wallet of another identity: OfferingInvitationWrongIdentity; an unverified wallet: not eligible", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [a, b] = [p.investors[0]!, p.investors[1]!];
      const toA = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
      await expect(redeem(p, l, b, toA, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationWrongIdentity")
        .withArgs(b.address, a.address, b.address);
      const stranger = (await ethers.getSigners())[18]!;
      await expect(redeem(p, l, stranger, toA, 10n)).to.be.revertedWithCustomError(
        l.offering,
        "OfferingInvestorNotEligible",
      );
      expect(await l.offering.invitationStatus(toA.hash)).to.equal(0n);
    });

    it("units outside the range, zero units, a zero price", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const a = p.investors[0]!;
      const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
      for (const units of [9n, 101n]) {
        await expect(redeem(p, l, a, signed, units))
          .to.be.revertedWithCustomError(l.offering, "OfferingInvitationUnitsOutOfRange")
          .withArgs(units, 10n, 100n);
      }
      const fromZero = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(a.address, { minUnits: 0n }),
      );
      await expect(redeem(p, l, a, fromZero, 0n)).to.be.revertedWithCustomError(l.offering, "OfferingZeroUnits");
      const free = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(a.address, { pricePerUnit: 0n }),
      );
      await expect(redeem(p, l, a, free, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvitationZeroPrice")
        .withArgs(free.hash);
    });

    it("the offering's caps apply: hard cap, the identity's maximum ticket; the minimum ticket is the invitation's", async function () {
      const { p, l, secondWallet } = await networkHelpers.loadFixture(fixture);
      const [a, b, c] = [p.investors[0]!, p.investors[1]!, p.investors[2]!];
      // The public minimum ticket is 10 units; the invitation may sell fewer.
      const small = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(c.address, { minUnits: 1n, maxUnits: 5n }),
      );
      await expect(redeem(p, l, c, small, 3n)).to.emit(l.offering, "InvitationRedeemed");
      // The identity's maximum (400) counts both wallets and both kinds of subscription.
      await subscribe(p, l, a, 350n);
      const big = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(a.address, { maxUnits: 500n }),
      );
      await expect(redeem(p, l, secondWallet, big, 51n))
        .to.be.revertedWithCustomError(l.offering, "OfferingTicketAboveMaximum")
        .withArgs(a.address, 401n, 400n);
      await subscribe(p, l, b, 400n);
      await subscribe(p, l, p.investors[3]!, 200n);
      // 953 sold: 47 remain under the hard cap.
      const toB2 = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(p.investors[4]!.address, { maxUnits: 100n }),
      );
      await expect(redeem(p, l, p.investors[4]!, toB2, 48n))
        .to.be.revertedWithCustomError(l.offering, "OfferingHardCapExceeded")
        .withArgs(48n, 47n);
      // A refused redemption leaves the invitation open.
      expect(await l.offering.invitationStatus(toB2.hash)).to.equal(0n);
      await expect(redeem(p, l, p.investors[4]!, toB2, 47n)).to.emit(l.offering, "InvitationRedeemed");
      expect(await l.offering.state()).to.equal(State.Succeeded);
    });

    it("outside the subscription period: OfferingWrongState", async function () {
      const p = await deployPlatform(ethers, networkHelpers);
      const l = await launch(p);
      const a = p.investors[0]!;
      const expiry = l.params.endTime + 60n * BigInt(DAY);
      const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address, { expiry }));
      await expect(redeem(p, l, a, signed, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Pending, State.Active);
      await closeOffering(p, l);
      await expect(redeem(p, l, a, signed, 10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingWrongState")
        .withArgs(State.Failed, State.Active);
    });
  });

  it("far more units than the invitation allows are refused with its range, with or without a permit (never an overflow panic)", async function () {
    const { p, l } = await networkHelpers.loadFixture(fixture);
    const a = p.investors[0]!;
    const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(a.address));
    const huge = 2n ** 250n; // units x price overflows uint256
    const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
    const permit = await signPermit(p, a, await l.offering.getAddress(), usd(8_000), deadline);
    await expect(l.offering.connect(a).subscribeWithInvitation(signed.invitation, huge, signed.signature))
      .to.be.revertedWithCustomError(l.offering, "OfferingInvitationUnitsOutOfRange")
      .withArgs(huge, 10n, 100n);
    await expect(
      l.offering
        .connect(a)
        .subscribeWithInvitationAndPermit(
          signed.invitation,
          huge,
          signed.signature,
          deadline,
          permit.v,
          permit.r,
          permit.s,
        ),
    )
      .to.be.revertedWithCustomError(l.offering, "OfferingInvitationUnitsOutOfRange")
      .withArgs(huge, 10n, 100n);
  });

  describe("gasless", function () {
    it("an investor holding no ETH redeems with a permit through the forwarder; the issuer revokes through it", async function () {
      const { p, l, secondWallet } = await networkHelpers.loadFixture(fixture);
      const identity = p.investors[0]!.address;
      await networkHelpers.setBalance(secondWallet.address, 0n);
      const offering = await l.offering.getAddress();
      const signed = await signInvitation(p.manager, await domainOf(l), await invitationFor(identity));
      const price = 25n * signed.invitation.pricePerUnit;
      await fund(p, secondWallet, price);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const permit = await signPermit(p, secondWallet, offering, price, deadline);
      const data = l.offering.interface.encodeFunctionData("subscribeWithInvitationAndPermit", [
        signed.invitation,
        25n,
        signed.signature,
        deadline,
        permit.v,
        permit.r,
        permit.s,
      ]);
      await expect(relayed(p.forwarder, p.outsider, secondWallet, l.offering, data))
        .to.emit(l.offering, "InvitationRedeemed")
        .withArgs(signed.hash, secondWallet.address, identity, 25n, price);
      expect(await l.offering.subscribedUnitsOf(secondWallet.address)).to.equal(25n);
      expect(await l.offering.subscribedUnitsOf(p.outsider.address)).to.equal(0n);
      expect(await ethers.provider.getBalance(secondWallet.address)).to.equal(0n);

      // The permit must cover the invitation's price: one base unit short, the payment is refused.
      const other = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(identity, { salt: id("2") }),
      );
      await fund(p, p.investors[0]!, 10n * usd(80));
      const shortPermit = await signPermit(p, p.investors[0]!, offering, 10n * usd(80) - 1n, deadline);
      await expect(
        l.offering
          .connect(p.investors[0]!)
          .subscribeWithInvitationAndPermit(
            other.invitation,
            10n,
            other.signature,
            deadline,
            shortPermit.v,
            shortPermit.r,
            shortPermit.s,
          ),
      ).to.be.revertedWithCustomError(p.stablecoin, "ERC20InsufficientAllowance");

      const revoke = l.offering.interface.encodeFunctionData("revokeInvitation", [other.hash]);
      await expect(relayed(p.forwarder, p.outsider, p.manager, l.offering, revoke))
        .to.emit(l.offering, "InvitationRevoked")
        .withArgs(other.hash);
      // A request signed by anyone else is the signer's, not the issuer's.
      const third = await signInvitation(
        p.manager,
        await domainOf(l),
        await invitationFor(identity, { salt: id("3") }),
      );
      const forged = l.offering.interface.encodeFunctionData("revokeInvitation", [third.hash]);
      await expect(relayed(p.forwarder, p.outsider, secondWallet, l.offering, forged)).to.be.revertedWithCustomError(
        p.forwarder,
        "FailedCall",
      );
      expect(await l.offering.invitationStatus(third.hash)).to.equal(0n);
    });
  });
});
