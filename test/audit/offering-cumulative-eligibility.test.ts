/**
 * Audit 2026-11, finding A-02: a subscription asked the token whether `units` (this ticket alone) could be issued to
 * the investor, while the claim after finalization issues the identity's whole subscription. Two tickets of 60
 * under a 100-unit limit per identity both passed; after finalization the proceeds had gone to the treasury and the
 * second claim was refused by the token forever (no tokens, no refund). The eligibility check must cover what will
 * be issued: the identity's running total.
 *
 * Finding A-03, same root: the token counts holders only once units exist (at claim), so with a maximum of 2 holders
 * any number of new identities could subscribe, and every claim past the second was refused after finalization.
 * The offering now reserves a holder place for each identity that holds no unit at its first ticket.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String } from "ethers";
import {
  closeOffering,
  deployPlatform,
  fund,
  launch,
  openOffering,
  register,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Audit A-02: offering eligibility covers the identity's whole subscription", function () {
  async function openFixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await openOffering(p, l);
    await l.token.connect(p.manager).setMaxBalancePerIdentity(100n);
    return { p, l };
  }

  it("refuses a second ticket that would take the identity over the token's balance limit", async function () {
    const { p, l } = await networkHelpers.loadFixture(openFixture);
    const a = p.investors[0]!;
    await subscribe(p, l, a, 60n);
    await fund(p, a, usd(6_000), await l.offering.getAddress());
    await expect(l.offering.connect(a).subscribe(60n))
      .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
      .withArgs(a.address, "0x57", encodeBytes32String("MAX_BALANCE_EXCEEDED"));
    await l.offering.connect(a).subscribe(40n); // exactly the limit
    expect(await l.offering.subscribedUnitsOfIdentity(a.address)).to.equal(100n);
  });

  it("counts every wallet of the identity, and every accepted ticket can be claimed", async function () {
    const { p, l } = await networkHelpers.loadFixture(openFixture);
    const [a, second] = [p.investors[0]!, p.outsider];
    await register(p, second.address, { identity: a.address });
    await subscribe(p, l, a, 60n);
    await fund(p, second, usd(6_000), await l.offering.getAddress());
    await expect(l.offering.connect(second).subscribe(60n))
      .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
      .withArgs(second.address, "0x57", encodeBytes32String("MAX_BALANCE_EXCEEDED"));
    await l.offering.connect(second).subscribe(40n);
    // Reach the soft cap (500) with other identities, each within the limit.
    for (const investor of p.investors.slice(1, 5)) await subscribe(p, l, investor, 100n);
    await closeOffering(p, l);
    await l.offering.connect(p.manager).finalize();
    for (const wallet of [a, second, ...p.investors.slice(1, 5)]) await l.offering.claimFor(wallet.address);
    expect(await l.token.balanceOfIdentity(a.address)).to.equal(100n);
    expect(await l.token.totalSupply()).to.equal(await l.offering.unitsSold());
  });

  describe("Audit A-03: holder places promised by tickets", function () {
    async function cappedFixture(): Promise<{ p: Platform; l: Launched }> {
      const { p, l } = await openFixture();
      await l.token.connect(p.manager).setMaxBalancePerIdentity(0n);
      await l.token.connect(p.manager).setMaxHolders(2n);
      return { p, l };
    }

    it("refuses a new identity once earlier tickets have taken every holder place", async function () {
      const { p, l } = await networkHelpers.loadFixture(cappedFixture);
      const [a, b, c] = p.investors as [typeof p.outsider, typeof p.outsider, typeof p.outsider];
      await subscribe(p, l, a, 100n);
      await subscribe(p, l, b, 100n);
      await fund(p, c, usd(1_000), await l.offering.getAddress());
      await expect(l.offering.connect(c).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(c.address, "0x57", encodeBytes32String("MAX_HOLDERS_REACHED"));
    });

    it("lets reserved identities and their other wallets add tickets, and every accepted ticket is claimed", async function () {
      const { p, l } = await networkHelpers.loadFixture(cappedFixture);
      const [a, b] = p.investors as [typeof p.outsider, typeof p.outsider];
      await register(p, p.outsider.address, { identity: a.address });
      await subscribe(p, l, a, 100n);
      await subscribe(p, l, b, 100n);
      await subscribe(p, l, a, 200n);
      await subscribe(p, l, p.outsider, 100n);
      await closeOffering(p, l);
      await l.offering.connect(p.manager).finalize();
      for (const wallet of [a, b, p.outsider]) await l.offering.claimFor(wallet.address);
      expect(await l.token.holderCount()).to.equal(2n);
      expect(await l.token.totalSupply()).to.equal(500n);
    });

    it("counts an identity that already holds units as no new holder", async function () {
      const { p, l } = await networkHelpers.loadFixture(cappedFixture);
      const [a, b, c] = p.investors as [typeof p.outsider, typeof p.outsider, typeof p.outsider];
      const asManager = l.token.connect(p.manager);
      await asManager.grantRole(await l.token.ISSUER_ROLE(), p.manager.address);
      await asManager.issue(a.address, 1n, "0x"); // one holder already
      await subscribe(p, l, a, 100n); // holds units: no place reserved
      await subscribe(p, l, b, 100n); // the second and last place
      await fund(p, c, usd(1_000), await l.offering.getAddress());
      await expect(l.offering.connect(c).subscribe(10n))
        .to.be.revertedWithCustomError(l.offering, "OfferingInvestorNotEligible")
        .withArgs(c.address, "0x57", encodeBytes32String("MAX_HOLDERS_REACHED"));
    });
  });
});
