/**
 * Issue 20: a property can start with a lower fee. The fee admin grants it by property id, naming the property's
 * manager, before the launch (`PlatformFees.setLaunchOverride`); the factory binds it to the new token in that
 * manager's launch transaction, so the offering's terms carry the discounted primary fee from the start. Never above
 * the platform's fee. Audit finding 5: the property id of a launch is the launching manager's word, so only the named
 * manager's launch binds the discount; another manager's launch under that id leaves it in place.
 */
import { expect } from "chai";
import { network } from "hardhat";
import fc from "fast-check";
import { ZeroAddress } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
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
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40))
      .to.emit(p.fees, "LaunchOverrideSet")
      .withArgs(FeeKind.Primary, discounted, p.manager.address, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Trade, 0);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n, p.manager.address]);

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
    await expect(tx).to.emit(p.fees, "LaunchOverridesBound").withArgs(discounted, tokenAddress, p.manager.address);

    const offering = await ethers.getContractAt("PropertyOffering", offeringAddress);
    const terms = await offering.terms();
    expect([terms.feeBps, terms.feeRecipient]).to.deep.equal([40n, p.feeRecipient.address]);
    expect(await p.fees.overrideOf(FeeKind.Primary, tokenAddress)).to.deep.equal([true, 40n]);
    expect(await p.fees.overrideOf(FeeKind.Trade, tokenAddress)).to.deep.equal([true, 0n]);
    expect(await p.fees.overrideOf(FeeKind.Rent, tokenAddress)).to.deep.equal([false, 0n]);
    // Used once: the property id carries no discount any more (a relaunch under the same id pays the platform's fee).
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([false, 0n, ZeroAddress]);
  });

  it("audit finding 5: another manager launching with the property's id gets no discount, and the property's manager still does", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const otherManager = p.outsider;
    await p.factory.connect(p.admin).grantRole(await p.factory.PROPERTY_MANAGER_ROLE(), otherManager.address);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Trade, 0);

    const taken = await launch(p, { propertyId: discounted }, otherManager);
    expect((await taken.offering.terms()).feeBps).to.equal(FEE_BPS);
    for (const kind of Object.values(FeeKind))
      expect(await p.fees.overrideOf(kind, await taken.token.getAddress())).to.deep.equal([false, 0n]);
    // Still there, for the manager it names.
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n, p.manager.address]);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Trade)).to.deep.equal([true, 0n, p.manager.address]);

    const own = await launch(p, { propertyId: discounted });
    expect((await own.offering.terms()).feeBps).to.equal(40n);
    expect(await p.fees.overrideOf(FeeKind.Primary, await own.token.getAddress())).to.deep.equal([true, 40n]);
    expect(await p.fees.overrideOf(FeeKind.Trade, await own.token.getAddress())).to.deep.equal([true, 0n]);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([false, 0n, ZeroAddress]);
  });

  it("gives no discount to other properties", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40);
    const l = await launch(p, { propertyId: other });
    expect((await l.offering.terms()).feeBps).to.equal(FEE_BPS);
    expect(await p.fees.overrideOf(FeeKind.Primary, await l.token.getAddress())).to.deep.equal([false, 0n]);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n, p.manager.address]);
  });

  it("refuses outsiders: granting, removing and binding", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    const admin = await p.fees.DEFAULT_ADMIN_ROLE();
    const launcher = await p.fees.LAUNCHER_ROLE();
    for (const who of [p.outsider, p.manager]) {
      await expect(p.fees.connect(who).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, admin);
      await expect(p.fees.connect(who).removeLaunchOverride(discounted, FeeKind.Primary))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, admin);
    }
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40);
    // Only the factory binds: an outsider cannot steal a property's discount for a token of its own, even naming the
    // property's manager (nor can the fee admin, who is no launcher).
    for (const who of [p.outsider, p.admin, p.manager]) {
      await expect(p.fees.connect(who).bindLaunchOverrides(discounted, p.outsider.address, p.manager.address))
        .to.be.revertedWithCustomError(p.fees, "AccessControlUnauthorizedAccount")
        .withArgs(who.address, launcher);
    }
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n, p.manager.address]);
    expect(await p.fees.hasRole(launcher, await p.factory.getAddress())).to.equal(true);
    // A property without a launch override, or one named to another manager, has nothing to bind: the call changes
    // nothing, whoever makes it.
    for (const [propertyId, manager] of [
      [other, p.outsider.address],
      [other, ZeroAddress],
      [discounted, p.outsider.address],
      [discounted, ZeroAddress],
    ] as const) {
      await expect(p.fees.connect(p.outsider).bindLaunchOverrides(propertyId, p.outsider.address, manager)).not.to.emit(
        p.fees,
        "FeeOverrideSet",
      );
    }
    expect(await p.fees.overrideOf(FeeKind.Primary, p.outsider.address)).to.deep.equal([false, 0n]);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 40n, p.manager.address]);
  });

  it("refuses a discount above the platform's fee in effect, a zero property id and a zero manager", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await expect(
      p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, FEE_BPS + 1n),
    )
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform")
      .withArgs(FeeKind.Primary, discounted, FEE_BPS + 1n, FEE_BPS);
    // Rent is 0 at deployment: no discount below zero, and nothing above it.
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Rent, 1))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform")
      .withArgs(FeeKind.Rent, discounted, 1, 0);
    // An announced increase does not count before its effective date.
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 400);
    await expect(
      p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 300),
    ).to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchOverrideAbovePlatform");
    await expect(
      p.fees.connect(p.admin).setLaunchOverride(ethers.ZeroHash, p.manager.address, FeeKind.Primary, 10),
    ).to.be.revertedWithCustomError(p.fees, "PlatformFeesZeroPropertyId");
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, ZeroAddress, FeeKind.Primary, 10))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesZeroLaunchManager")
      .withArgs(discounted);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([false, 0n, ZeroAddress]);
  });

  it("names one manager per property: another is refused until the property's launch overrides are removed", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Trade, 0);
    for (const kind of [FeeKind.Primary, FeeKind.Rent])
      await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, p.outsider.address, kind, 0))
        .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchManagerMismatch")
        .withArgs(discounted, p.outsider.address, p.manager.address);
    // Replacing a kind's discount for the same manager is fine.
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 30);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 30n, p.manager.address]);
    // The last removal forgets the manager too; then another can be named.
    await p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Primary);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Trade)).to.deep.equal([true, 0n, p.manager.address]);
    await p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Trade);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Trade)).to.deep.equal([false, 0n, ZeroAddress]);
    await expect(p.fees.connect(p.admin).setLaunchOverride(discounted, p.outsider.address, FeeKind.Primary, 20))
      .to.emit(p.fees, "LaunchOverrideSet")
      .withArgs(FeeKind.Primary, discounted, p.outsider.address, 20);
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Primary)).to.deep.equal([true, 20n, p.outsider.address]);
  });

  it("removes a launch override before launch (with its event); removing none is refused", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 40);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Trade, 0);
    await expect(p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Primary))
      .to.emit(p.fees, "LaunchOverrideRemoved")
      .withArgs(FeeKind.Primary, discounted);
    await expect(p.fees.connect(p.admin).removeLaunchOverride(discounted, FeeKind.Primary))
      .to.be.revertedWithCustomError(p.fees, "PlatformFeesNoLaunchOverride")
      .withArgs(FeeKind.Primary, discounted);
    // The other kind is untouched.
    expect(await p.fees.launchOverrideOf(discounted, FeeKind.Trade)).to.deep.equal([true, 0n, p.manager.address]);
    const l = await launch(p, { propertyId: discounted });
    expect((await l.offering.terms()).feeBps).to.equal(FEE_BPS);
    expect(await p.fees.overrideOf(FeeKind.Trade, await l.token.getAddress())).to.deep.equal([true, 0n]);
  });

  it("the open offering keeps its discounted fee after later changes, and the token never pays above the platform", async function () {
    const p = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setLaunchOverride(discounted, p.manager.address, FeeKind.Primary, 100);
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
          if (granted)
            await p.fees.connect(p.admin).setLaunchOverride(id, p.manager.address, FeeKind.Primary, grantBps);
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

  describe("class (audit finding 5): launches by any manager under any property id", function () {
    const WEEK = 7 * DAY;
    /** The platform's fee of each kind here (the primary one is the fixture's; the others raised for this class). */
    const PLATFORM_BPS = [Number(FEE_BPS), 100, 80, 60];
    const properties = [ethers.id("class-property-a"), ethers.id("class-property-b"), ethers.id("class-property-c")];

    /** The fixture, three managers allowed to launch, and every kind with a fee a discount can be below. */
    async function managersFixture(): Promise<{ p: Platform; managers: HardhatEthersSigner[] }> {
      const p = await deployPlatform(ethers, networkHelpers);
      const spare = (await ethers.getSigners()).slice(16, 18);
      const managers = [p.manager, ...spare];
      for (const m of spare) await p.factory.connect(p.admin).grantRole(await p.factory.PROPERTY_MANAGER_ROLE(), m);
      for (const kind of [FeeKind.Rent, FeeKind.Trade, FeeKind.Exit])
        await p.fees.connect(p.admin).announceIncrease(kind, PLATFORM_BPS[kind]!);
      await networkHelpers.time.increase(12 * WEEK);
      return { p, managers };
    }

    type Action =
      | { type: "grant"; property: number; manager: number; kind: number; bps: number }
      | { type: "remove"; property: number; kind: number }
      | { type: "launch"; property: number; manager: number };
    const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc
        .record({ property: index(3), manager: index(3), kind: index(4), share: fc.integer({ min: 0, max: 100 }) })
        .map(({ share, ...a }) => ({
          type: "grant" as const,
          ...a,
          bps: Math.floor((PLATFORM_BPS[a.kind]! * share) / 100),
        })),
      fc.record({ type: fc.constant("remove" as const), property: index(3), kind: index(4) }),
      fc.record({ type: fc.constant("launch" as const), property: index(3), manager: index(3) }),
    );

    it("a token has fee overrides exactly when the manager the admin named launched it under that property id, and only that launch consumes them", async function () {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
          const { p, managers } = await networkHelpers.loadFixture(managersFixture);
          /** The model: each property's named manager and its discounts by kind. */
          const granted = new Map<number, { manager: number; bps: Map<number, number> }>();
          const launched: { token: string; bps: Map<number, number> }[] = [];

          for (const a of actions) {
            const propertyId = properties[a.property]!;
            const entry = granted.get(a.property);
            if (a.type === "grant") {
              const manager = managers[a.manager]!.address;
              const call = p.fees.connect(p.admin).setLaunchOverride(propertyId, manager, a.kind, a.bps);
              if (entry && entry.manager !== a.manager) {
                await expect(call)
                  .to.be.revertedWithCustomError(p.fees, "PlatformFeesLaunchManagerMismatch")
                  .withArgs(propertyId, manager, managers[entry.manager]!.address);
              } else {
                await call;
                const bps = entry?.bps ?? new Map<number, number>();
                bps.set(a.kind, a.bps);
                granted.set(a.property, { manager: a.manager, bps });
              }
            } else if (a.type === "remove") {
              const call = p.fees.connect(p.admin).removeLaunchOverride(propertyId, a.kind);
              if (!entry?.bps.has(a.kind)) {
                await expect(call).to.be.revertedWithCustomError(p.fees, "PlatformFeesNoLaunchOverride");
              } else {
                await call;
                entry.bps.delete(a.kind);
                if (entry.bps.size === 0) granted.delete(a.property);
              }
            } else {
              const l = await launch(p, { propertyId }, managers[a.manager]!);
              const binds = entry !== undefined && entry.manager === a.manager;
              const bps = binds ? entry.bps : new Map<number, number>();
              if (binds) granted.delete(a.property);
              launched.push({ token: await l.token.getAddress(), bps });
              const primary = Math.min(bps.get(FeeKind.Primary) ?? PLATFORM_BPS[0]!, PLATFORM_BPS[0]!);
              expect((await l.offering.terms()).feeBps).to.equal(BigInt(primary));
            }

            // Every property's launch overrides are the model's: left in place by any other launch.
            for (const [i, id] of properties.entries()) {
              const e = granted.get(i);
              for (const kind of Object.values(FeeKind)) {
                const b = e?.bps.get(kind);
                expect(await p.fees.launchOverrideOf(id, kind)).to.deep.equal([
                  b !== undefined,
                  BigInt(b ?? 0),
                  e ? managers[e.manager]!.address : ZeroAddress,
                ]);
              }
            }
          }
          // Every token launched has the overrides of its own launch, and only those.
          for (const { token, bps } of launched)
            for (const kind of Object.values(FeeKind)) {
              const b = bps.get(kind);
              expect(await p.fees.overrideOf(kind, token)).to.deep.equal([b !== undefined, BigInt(b ?? 0)]);
            }
        }),
        { numRuns: 25 },
      );
    });
  });
});
