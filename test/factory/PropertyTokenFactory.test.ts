import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import {
  DAY,
  deployPlatform,
  FEE_BPS,
  FeeKind,
  launch,
  openOffering,
  subscribe,
  type LaunchOverrides,
  type Platform,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();

/** EIP-1167 minimal proxy runtime code for `implementation` (45 bytes), as OpenZeppelin's Clones deploys it. */
function cloneCode(implementation: string): string {
  return `0x363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`;
}

describe("PropertyTokenFactory", function () {
  async function fixture(): Promise<Platform> {
    return deployPlatform(ethers, networkHelpers);
  }

  describe("launch", function () {
    it("clones token and offering, initializes and wires both, and announces the property", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      const propertyId = ethers.id("rivoli-12");
      const { token, offering, params } = await launch(p, { propertyId });
      const tokenAddress = await token.getAddress();
      const offeringAddress = await offering.getAddress();

      const logs = await p.factory.queryFilter(p.factory.filters.PropertyLaunched());
      expect(logs).to.have.length(1);
      const event = logs[0]!.args;
      expect([event.propertyId, event.token, event.offering, event.manager, event.name, event.symbol]).to.deep.equal([
        propertyId,
        tokenAddress,
        offeringAddress,
        p.manager.address,
        params.name,
        params.symbol,
      ]);

      // Both are minimal proxies of the current implementations; the offering carries its terms as code.
      expect((await ethers.provider.getCode(tokenAddress)).toLowerCase()).to.equal(
        cloneCode(await p.tokenImplementation.getAddress()),
      );
      const offeringCode = await ethers.provider.getCode(offeringAddress);
      expect(offeringCode.slice(0, 92).toLowerCase()).to.equal(cloneCode(await p.offeringImplementation.getAddress()));
      expect((offeringCode.length - 2) / 2).to.equal(45 + 192);

      // Token initialized and wired.
      expect(await token.name()).to.equal(params.name);
      expect(await token.symbol()).to.equal(params.symbol);
      expect(await token.decimals()).to.equal(0n);
      expect(await token.identityRegistry()).to.equal(await p.registry.getAddress());
      expect(await token.rentDistributor()).to.equal(await p.distributor.getAddress());
      expect(await token.settlement()).to.equal(await p.settlement.getAddress());
      expect(await p.distributor.paymentTokenOf(tokenAddress)).to.equal(await p.stablecoin.getAddress());

      // Roles: the manager runs the token, the offering is its only issuer, the platform's document agent may only
      // write documents, the factory keeps nothing.
      const roles = {
        admin: await token.DEFAULT_ADMIN_ROLE(),
        issuer: await token.ISSUER_ROLE(),
        controller: await token.CONTROLLER_ROLE(),
        agent: await token.AGENT_ROLE(),
        documents: await token.DOCUMENTS_ROLE(),
        pauser: await token.PAUSER_ROLE(),
      };
      // Every grant of the launch, and nothing else (AccessControl has no enumeration: its events are the record).
      const grants = (await token.queryFilter(token.filters.RoleGranted())).map((l) => [
        l.args.role,
        l.args.account,
        l.args.sender,
      ]);
      const factoryAddress = await p.factory.getAddress();
      expect(grants).to.deep.equal([
        [roles.admin, p.manager.address, factoryAddress],
        [roles.issuer, offeringAddress, factoryAddress],
        [roles.controller, p.manager.address, factoryAddress],
        [roles.agent, p.manager.address, factoryAddress],
        [roles.documents, p.complianceAgent.address, factoryAddress],
        [roles.pauser, p.manager.address, factoryAddress],
      ]);
      expect(await p.factory.documentAgent()).to.equal(p.complianceAgent.address);
      for (const role of Object.values(roles)) {
        expect(await token.hasRole(role, p.complianceAgent.address)).to.equal(role === roles.documents);
      }
      expect(await token.hasRole(roles.documents, p.manager.address)).to.equal(false);
      for (const role of [roles.admin, roles.controller, roles.agent, roles.pauser]) {
        expect(await token.hasRole(role, p.manager.address)).to.equal(true);
        expect(await token.hasRole(role, offeringAddress)).to.equal(false);
      }
      expect(await token.hasRole(roles.issuer, offeringAddress)).to.equal(true);
      expect(await token.hasRole(roles.issuer, p.manager.address)).to.equal(false);
      for (const role of Object.values(roles)) {
        expect(await token.hasRole(role, await p.factory.getAddress())).to.equal(false);
      }
      // The offering is the issuer of this token only.
      const other = await launch(p, { propertyId: ethers.id("other") });
      expect(await other.token.hasRole(roles.issuer, offeringAddress)).to.equal(false);
      expect(await token.hasRole(roles.issuer, await other.offering.getAddress())).to.equal(false);

      // A clone cannot be initialized twice.
      await expect(
        token.initialize({
          name: "X",
          symbol: "X",
          identityRegistry: await p.registry.getAddress(),
          admin: p.outsider.address,
          issuer: p.outsider.address,
          controller: ZeroAddress,
          agent: ZeroAddress,
          documentAgent: ZeroAddress,
          pauser: ZeroAddress,
          rentDistributor: ZeroAddress,
          settlement: ZeroAddress,
        }),
      ).to.revert(ethers);
      expect(await token.hasRole(roles.admin, p.outsider.address)).to.equal(false);
    });

    it("refuses anyone without the property manager role", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      const role = await p.factory.PROPERTY_MANAGER_ROLE();
      for (const caller of [p.outsider, p.admin, p.investors[0]!]) {
        const attempt = launch({ ...p, manager: caller });
        await expect(attempt)
          .to.be.revertedWithCustomError(p.factory, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
    });

    it("refuses inconsistent terms, changing nothing", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      const now = BigInt(await networkHelpers.time.latest());
      const bad: [LaunchOverrides, string][] = [
        [{ paymentToken: ZeroAddress }, "paymentToken"],
        [{ treasury: ZeroAddress }, "treasury"],
        [{ pricePerUnit: 0n }, "pricePerUnit"],
        [{ softCap: 0n }, "caps"],
        [{ softCap: 1_001n, hardCap: 1_000n }, "caps"],
        [{ maxTicket: 0n, minTicket: 0n }, "tickets"],
        [{ minTicket: 401n, maxTicket: 400n }, "tickets"],
        [{ minTicket: 2_000n, maxTicket: 3_000n }, "tickets"],
        [{ startTime: now + 100n, endTime: now + 100n }, "times"],
        [{ startTime: now - 200n, endTime: now - 100n }, "times"],
      ];
      for (const [overrides, field] of bad) {
        await expect(launch(p, overrides))
          .to.be.revertedWithCustomError(p.offeringImplementation, "OfferingInvalidTerms")
          .withArgs(ethers.encodeBytes32String(field));
      }
      await expect(launch(p, { name: "" })).to.be.revertedWithCustomError(p.factory, "FactoryEmptyName");
      await expect(launch(p, { symbol: "" })).to.be.revertedWithCustomError(p.factory, "FactoryEmptyName");
      await expect(launch(p, { pricePerUnit: 2n ** 128n })).to.be.revertedWithCustomError(
        p.factory,
        "SafeCastOverflowedUintDowncast",
      );
      await expect(launch(p, { hardCap: 2n ** 64n })).to.be.revertedWithCustomError(
        p.factory,
        "SafeCastOverflowedUintDowncast",
      );
      expect(await p.factory.queryFilter(p.factory.filters.PropertyLaunched())).to.have.length(0);
    });
  });

  describe("administration", function () {
    it("replaces implementations for new launches only", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      const before = await launch(p);
      const newToken = await ethers.deployContract("PropertyToken", [
        {
          name: "",
          symbol: "",
          identityRegistry: await p.registry.getAddress(),
          admin: ZeroAddress,
          issuer: ZeroAddress,
          controller: ZeroAddress,
          agent: ZeroAddress,
          documentAgent: ZeroAddress,
          pauser: ZeroAddress,
          rentDistributor: ZeroAddress,
          settlement: ZeroAddress,
        },
        await p.forwarder.getAddress(),
      ]);
      const newOffering = await ethers.deployContract("PropertyOffering", [await p.forwarder.getAddress()]);
      const [t, o] = [await newToken.getAddress(), await newOffering.getAddress()];
      await expect(p.factory.connect(p.outsider).setImplementations(t, o))
        .to.be.revertedWithCustomError(p.factory, "AccessControlUnauthorizedAccount")
        .withArgs(p.outsider.address, ethers.ZeroHash);
      await expect(p.factory.connect(p.manager).setImplementations(t, o)).to.be.revertedWithCustomError(
        p.factory,
        "AccessControlUnauthorizedAccount",
      );
      await expect(p.factory.connect(p.admin).setImplementations(p.outsider.address, o))
        .to.be.revertedWithCustomError(p.factory, "FactoryInvalidAddress")
        .withArgs(ethers.encodeBytes32String("tokenImplementation"));
      await expect(p.factory.connect(p.admin).setImplementations(t, ZeroAddress))
        .to.be.revertedWithCustomError(p.factory, "FactoryInvalidAddress")
        .withArgs(ethers.encodeBytes32String("offeringImplementation"));
      await expect(p.factory.connect(p.admin).setImplementations(t, o))
        .to.emit(p.factory, "ImplementationsUpdated")
        .withArgs(t, o);
      expect(await p.factory.tokenImplementation()).to.equal(t);
      expect(await p.factory.offeringImplementation()).to.equal(o);

      const after = await launch(p, { propertyId: ethers.id("after") });
      expect((await ethers.provider.getCode(await after.token.getAddress())).toLowerCase()).to.equal(cloneCode(t));
      expect((await ethers.provider.getCode(await before.token.getAddress())).toLowerCase()).to.equal(
        cloneCode(await p.tokenImplementation.getAddress()),
      );
    });

    it("20 fixes in each new offering the primary fee and collector of the platform's fee schedule", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      expect(await p.factory.platformFees()).to.equal(await p.fees.getAddress());
      const first = await launch(p);
      const terms = await first.offering.terms();
      expect([terms.feeBps, terms.feeRecipient]).to.deep.equal([FEE_BPS, p.feeRecipient.address]);

      // A decrease and a new collector count for the next launch at once.
      await p.fees.connect(p.admin).decreaseFee(FeeKind.Primary, 90);
      await p.fees.connect(p.admin).setCollector(FeeKind.Primary, p.outsider.address);
      const second = await launch(p, { propertyId: ethers.id("second") });
      const secondTerms = await second.offering.terms();
      expect([secondTerms.feeBps, secondTerms.feeRecipient]).to.deep.equal([90n, p.outsider.address]);
      // Only the primary kind goes into an offering.
      await p.fees.connect(p.admin).announceIncrease(FeeKind.Rent, 400);
      expect((await (await launch(p, { propertyId: ethers.id("third") })).offering.terms()).feeBps).to.equal(90n);
    });

    it("20 an open offering keeps the fee it started with: later decreases, increases and collector changes do not touch it", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      // Open for 20 weeks: longer than an increase's 12-week delay.
      const endTime = BigInt(await networkHelpers.time.latest()) + 20n * 7n * BigInt(DAY);
      const l = await launch(p, { hardCap: 1_000n, softCap: 100n, maxTicket: 1_000n, minTicket: 1n, endTime });
      await openOffering(p, l);
      await subscribe(p, l, p.investors[0]!, 400n);

      // The schedule moves while the offering is open: an increase announced and in effect 12 weeks later, a new
      // collector, then a decrease.
      await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 500);
      await p.fees.connect(p.admin).setCollector(FeeKind.Primary, p.outsider.address);
      await networkHelpers.time.increase(12 * 7 * DAY);
      expect((await p.fees.feeOf(FeeKind.Primary, await l.token.getAddress()))[0]).to.equal(500n);
      await p.fees.connect(p.admin).decreaseFee(FeeKind.Primary, 10);
      const terms = await l.offering.terms();
      expect([terms.feeBps, terms.feeRecipient]).to.deep.equal([FEE_BPS, p.feeRecipient.address]);

      // The proceeds are released with the launch-time fee, to the launch-time collector.
      await subscribe(p, l, p.investors[1]!, 600n);
      await l.offering.connect(p.manager).finalize();
      for (const investor of p.investors.slice(0, 2)) await l.offering.connect(investor).claim();
      const proceeds = 1_000n * l.params.pricePerUnit;
      const fee = (proceeds * FEE_BPS) / 10_000n;
      await expect(l.offering.releaseProceeds())
        .to.emit(l.offering, "ProceedsReleased")
        .withArgs(1_000n, proceeds, fee);
      expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
      expect(await p.stablecoin.balanceOf(p.outsider.address)).to.equal(0n);
      expect(await p.stablecoin.balanceOf(p.treasury.address)).to.equal(proceeds - fee);
    });

    it("20 a launch never gets a primary fee above 5 %, the schedule's maximum (the factory's own ceiling was 10 %)", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      await expect(p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 501))
        .to.be.revertedWithCustomError(p.fees, "PlatformFeesAboveMaximum")
        .withArgs(FeeKind.Primary, 501, 500);
      await expect(p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 1_000))
        .to.be.revertedWithCustomError(p.fees, "PlatformFeesAboveMaximum")
        .withArgs(FeeKind.Primary, 1_000, 500);
      await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 500);
      await networkHelpers.time.increase(12 * 7 * DAY);
      expect((await (await launch(p)).offering.terms()).feeBps).to.equal(500n);
      // The factory has no fee setting of its own any more.
      const functions: string[] = [];
      p.factory.interface.forEachFunction((f) => functions.push(f.name));
      for (const removed of ["setPlatformFee", "feeBps", "feeRecipient", "MAX_FEE_BPS"])
        expect(functions).not.to.include(removed);
    });

    it("20 an increase announced before a launch counts only from its effective date", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      await p.fees.connect(p.admin).announceIncrease(FeeKind.Primary, 300);
      const [, effectiveAt] = await p.fees.pendingIncrease(FeeKind.Primary);
      // The launch mined at effectiveAt - 1 still gets the old fee; the one mined at effectiveAt gets the new one.
      await networkHelpers.time.increaseTo(effectiveAt - 2n);
      const before = await launch(p, { propertyId: ethers.id("before") });
      expect(await networkHelpers.time.latest()).to.equal(Number(effectiveAt) - 1);
      expect((await before.offering.terms()).feeBps).to.equal(FEE_BPS);
      const after = await launch(p, { propertyId: ethers.id("after") });
      expect(await networkHelpers.time.latest()).to.equal(Number(effectiveAt));
      expect((await after.offering.terms()).feeBps).to.equal(300n);
    });

    it("validates its constructor arguments", async function () {
      const p = await networkHelpers.loadFixture(fixture);
      const Factory = await ethers.getContractFactory("PropertyTokenFactory");
      const good = [
        p.admin.address,
        await p.registry.getAddress(),
        await p.distributor.getAddress(),
        await p.settlement.getAddress(),
        await p.tokenImplementation.getAddress(),
        await p.offeringImplementation.getAddress(),
        await p.fees.getAddress(),
      ] as const;
      const fields = [
        "admin",
        "identityRegistry",
        "rentDistributor",
        "settlement",
        "tokenImplementation",
        "offeringImplementation",
        "platformFees",
      ];
      for (const [i, field] of fields.entries()) {
        const args = [...good] as unknown[];
        args[i] = ZeroAddress;
        await expect(Factory.deploy(...(args as Parameters<typeof Factory.deploy>)))
          .to.be.revertedWithCustomError(Factory, "FactoryInvalidAddress")
          .withArgs(ethers.encodeBytes32String(field));
      }
      const deployed = await Factory.deploy(...good);
      expect(await deployed.identityRegistry()).to.equal(good[1]);
      expect(await deployed.rentDistributor()).to.equal(good[2]);
      expect(await deployed.settlement()).to.equal(good[3]);
      expect(await deployed.platformFees()).to.equal(good[6]);
      // The fee schedule must be a contract (an account would make every launch revert).
      const notAContract = [...good] as unknown[];
      notAContract[6] = p.outsider.address;
      await expect(Factory.deploy(...(notAContract as Parameters<typeof Factory.deploy>)))
        .to.be.revertedWithCustomError(Factory, "FactoryInvalidAddress")
        .withArgs(ethers.encodeBytes32String("platformFees"));
    });
  });
});
