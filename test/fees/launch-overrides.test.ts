/**
 * Issue 20: a property can start with a lower fee. The fee admin grants it by property id before the launch
 * (`PlatformFees.setLaunchOverride`); the factory binds it to the new token in the launch transaction, so the
 * offering's terms carry the discounted primary fee from the start. Never above the platform's fee.
 */
import { expect } from "chai";
import { network } from "hardhat";
import fc from "fast-check";
import {
  DAY,
  deployPlatform,
  FEE_BPS,
  FeeKind,
  launch,
  openOffering,
  subscribe,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PlatformFees launch overrides (issue 20)", function () {
  async function fixture(): Promise<Platform> {
    return deployPlatform(ethers, networkHelpers);
  }
  const discounted = ethers.id("property-discounted");
  const other = ethers.id("property-other");

  it("applies a primary discount granted before launch to that property's offering, in the launch transaction", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 40))
      .to.emit(p.fees, "LaunchOverrideSet")
      .withArgs(FeeKind.Primary, discounted, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Trade, 0);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n]);

    const now = BigInt(await networkHelpers.time.latest());
    const params = {
      propertyId: discounted,
      name: "Discounted",
      symbol: "DSC",
      partition: ethers.ZeroHash,
      paymentToken: await p.stablecoin.getAddress(),
      pricePerUnit: 100_000_000n,
      softCap: 500n,
      hardCap: 1_000n,
      minTicket: 10n,
      maxTicket: 400n,
      startTime: now + 3_600n,
      endTime: now + 3_600n + 30n * BigInt(DAY),
      treasury: p.treasury.address,
    };
    const factory = p.factory.connect(p.manager);
    const [tokenAddress, offeringAddress] = await factory.launch.staticCall(params);
    const tx = factory.launch(params);
    await expect(tx).to.emit(p.fees, "FeeOverrideSet").withArgs(FeeKind.Primary, tokenAddress, 40);
    await expect(tx).to.emit(p.fees, "FeeOverrideSet").withArgs(FeeKind.Trade, tokenAddress, 0);
    await expect(tx).to.emit(p.fees, "LaunchOverridesBound").withArgs(discounted, tokenAddress);

    const offering = await ethers.getContractAt("PropertyOffering", offeringAddress);
    const terms = await offering.terms();
    expect([terms.feeBps, terms.feeRecipient]).to.deep.equal([40n, p.feeRecipient.address]);
    expect(await p.fees.overrideOf(FeeKind.Primary, tokenAddress)).to.deep.equal([true, 40n]);
    expect(await p.fees.overrideOf(FeeKind.Trade, tokenAddress)).to.deep.equal([true, 0n]);
    expect(await p.fees.overrideOf(FeeKind.Rent, tokenAddress)).to.deep.equal([false, 0n]);
    // Used once: the property id carries no discount any more (a relaunch under the same id pays the platform's fee).
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([false, 0n]);
  });

  it("gives no discount to other properties", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 40);
    const l = await launch(p, { propertyId: other });
    expect((await l.offering.terms()).feeBps).to.equal(FEE_BPS);
    expect(await p.fees.overrideOf(FeeKind.Primary, await l.token.getAddress())).to.deep.equal([false, 0n]);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n]);
  });

  it("refuses outsiders: granting, removing and binding", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const admin = await p.fees.DEFAULT_ADMIN_ROLE();
    const launcher = await p.fees.LAUNCHER_ROLE();
    for (const who of [p.outsider, p.manager]) {
      await expect(p.fees.connect(who).setLaunchOverride(discounted, FeeKind.Primary, 40))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, admin);
      await expect(p.fees.connect(who).removeLaunchOverride(discounted, FeeKind.Primary))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, admin);
    }
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 40);
    // Only the factory binds: an outsider cannot steal a property's discount for a token of its own (nor can the
    // fee admin, who is no launcher).
    for (const who of [p.outsider, p.admin]) {
      await expect(p.fees.connect(who).bindLaunchOverrides(discounted, p.outsider.address))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, launcher);
    }
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n]);
    expect(await p.fees.hasRole(launcher, await p.factory.getAddress())).to.equal(true);
    // A property without a launch override has nothing to bind: the call changes nothing, whoever makes it.
    await expect(p.fees.connect(p.outsider).bindLaunchOverrides(other, p.outsider.address)).not.to.emit(
      p.fees,
      "FeeOverrideSet",
    );
    expect(await p.fees.overrideOf(FeeKind.Primary, p.outsider.address)).to.deep.equal([false, 0n]);
  });

  it("refuses a discount above the platform's fee in effect, and a zero property id", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, FEE_BPS + 1n))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform")
      .withArgs(FeeKind.Primary, discounted, FEE_BPS + 1n, FEE_BPS);
    // Rent is 0 at deployment: no discount below zero, and nothing above it.
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Rent, 1))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform")
      .withArgs(FeeKind.Rent, discounted, 1, 0);
    // An announced increase does not count before its effective date.
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 400);
    await expect(
      p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 300),
    ).to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform");
    await expect(
      p.fees.connect(p.admin).setLaunchOverride(ethers.ZeroHash, FeeKind.Primary, 10),
    ).to.be.revertedWithCustomError(p.fees, "PlatformFeesZeroPropertyId");
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([false, 0n]);
  });

  it("removes a launch override before launch (with its event); removing none is refused", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Trade, 0);
    await expect(p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Primary))
      .to.emit(p.fees, "LaunchOverrideRemoved")
      .withArgs(FeeKind.Primary, discounted);
    await expect(p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Primary))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesNoLaunchOverride")
      .withArgs(FeeKind.Primary, discounted);
    // The other kind is untouched.
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Trade)).to.deep.equal([true, 0n]);
    const l = await launch(p, { propertyId: discounted });
    expect((await l.offering.terms()).feeBps).to.equal(FEE_BPS);
    expect(await p.fees.overrideOf(FeeKind.Trade, await l.token.getAddress())).to.deep.equal([true, 0n]);
  });

  it("the open offering keeps its discounted fee after later changes, and the token never pays above the platform", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, FeeKind.Primary, 100);
    const endTime = BigInt(await networkHelpers.time.latest()) + 20n * 7n * BigInt(DAY);
    const l = await launch(p, {
      propertyId: discounted,
      hardCap: 1_000n,
      softCap: 100n,
      maxTicket: 1_000n,
      minTicket: 1n,
      endTime,
    });
    const token = await l.token.getAddress();
    await openOffering(p, l);
    await subscribe(p, l, p.investors[0]!, 400n);
    // The override is removed, the platform's fee rises (in effect 12 weeks later), then drops below the discount.
    await p.fees.connect(p.admin).removeOverride(FeeKind.Primary, token);
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 500);
    await networkHelpers.time.increase(12 * 7 * DAY);
    expect((await p.fees.feeOf(FeeKind.Primary, token))[0]).to.equal(500n);
    expect((await l.offering.terms()).feeBps).to.equal(100n);
    await p.fees.connect(p.admin).decreaseFee(FeeKind.Primary, 20);
    expect((await l.offering.terms()).feeBps).to.equal(100n);

    await subscribe(p, l, p.investors[1]!, 600n);
    await l.offering.connect(p.manager).finalize();
    for (const investor of p.investors.slice(0, 2)) await l.offering.connect(investor).claim();
    const proceeds = 1_000n * l.params.pricePerUnit;
    const fee = (proceeds * 100n) / 10_000n;
    await expect(l.offering.releaseProceeds()).to.emit(l.offering, "ProceedsReleased").withArgs(1_000n, proceeds, fee);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
  });

  it("property: whatever discounts are granted and whatever the platform's fee does before launch, a launch's fee is the lower of the two and never above the platform's", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    let launches = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: Number(FEE_BPS) }),
        fc.integer({ min: 0, max: Number(FEE_BPS) }),
        fc.boolean(),
        async (grantBps, platformBps, granted) => {
          launches += 1;
          const id = ethers.id(`generated-${launches}`);
          const [current] = await p.fees.platformFeeOf(FeeKind.Primary);
          // Back to the fixture's fee (an increase would take 12 weeks: bring it down, then model from there).
          if (current < FEE_BPS) {
            await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, FEE_BPS);
            await networkHelpers.time.increase(12 * 7 * DAY);
          }
          if (granted) await p.fees.connect(p.admin).setLaunchOverride(id, FeeKind.Primary, grantBps);
          if (platformBps < Number(FEE_BPS)) await p.fees.connect(p.admin).decreaseFee(FeeKind.Primary, platformBps);
          const l = await launch(p, { propertyId: id });
          const expected = granted ? Math.min(grantBps, platformBps) : platformBps;
          expect((await l.offering.terms()).feeBps).to.equal(BigInt(expected));
          expect((await l.offering.terms()).feeBps <= BigInt(platformBps)).to.equal(true);
        },
      ),
      { numRuns: 15 },
    );
  });
});
