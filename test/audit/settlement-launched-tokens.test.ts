/**
 * Audit 2026-11, finding A-05: `Settlement.postOrder` accepted any token address. A contract that ignores
 * `holdByPartition`/`executeHold` (or a real token code base initialized by anyone, outside the platform) makes an
 * order that takes the buyer's payment and delivers nothing the platform vouches for.
 *
 * Now Settlement accepts orders only on tokens launched by a factory its admin added (`isToken`, the factory's
 * record, never the bytecode). A new factory is added beside the old one, whose tokens keep trading. The payment
 * token stays the seller's choice: only the seller is paid in it.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { DAY, DEFAULT_PARTITION, deployPlatform, issueTo, launch, usd, type Platform } from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Audit A-05: Settlement accepts only tokens the platform's factory launched", function () {
  /** A token with the real code, initialized outside the factory by the outsider (who can issue to itself). */
  async function unofficialToken(p: Platform): Promise<string> {
    const cloner = await ethers.deployContract("CloneDeployer");
    const implementation = await p.tokenImplementation.getAddress();
    const address = await cloner.clone.staticCall(implementation);
    await (await cloner.clone(implementation)).wait();
    const token = await ethers.getContractAt("PropertyToken", address);
    const o = p.outsider.address;
    await token.initialize({
      name: "Unofficial",
      symbol: "UNO",
      identityRegistry: await p.registry.getAddress(),
      admin: o,
      issuer: o,
      controller: o,
      agent: o,
      documentAgent: ZeroAddress,
      pauser: o,
      rentDistributor: await p.distributor.getAddress(),
      settlement: await p.settlement.getAddress(),
    });
    return address;
  }

  it("A-05 refuses an order on a token the factory did not launch, changing nothing", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const address = await unofficialToken(p);
    const token = await ethers.getContractAt("PropertyToken", address);
    const seller = p.investors[0]!;
    await token.connect(p.outsider).issueByPartition(DEFAULT_PARTITION, seller.address, 100n, "0x");
    const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
    const stable = await p.stablecoin.getAddress();
    await expect(
      p.settlement.connect(seller).postOrder(address, DEFAULT_PARTITION, 10n, usd(1), stable, ZeroAddress, expiry),
    )
      .to.be.revertedWithCustomError(p.settlement, "SettlementUnknownToken")
      .withArgs(address);
    expect(await token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(0n);
    expect(await p.settlement.nextOrderId()).to.equal(1n);
    // A launched token is accepted.
    const l = await launch(p);
    await issueTo(p, l.token, [seller], 100n);
    await p.settlement
      .connect(seller)
      .postOrder(await l.token.getAddress(), DEFAULT_PARTITION, 10n, usd(1), stable, ZeroAddress, expiry);
    expect(await p.settlement.nextOrderId()).to.equal(2n);
  });

  it("A-05 only the admin adds factories; until one is added every order is refused; tokens of every added factory trade", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const factoryAddress = await p.factory.getAddress();
    expect(await p.settlement.factories()).to.deep.equal([factoryAddress]);
    await expect(p.settlement.connect(p.admin).addFactory(factoryAddress))
      .to.be.revertedWithCustomError(p.settlement, "SettlementFactoryAlreadyAdded")
      .withArgs(factoryAddress);

    const fresh = await ethers.deployContract("Settlement", [
      p.admin.address,
      await p.fees.getAddress(),
      await p.forwarder.getAddress(),
    ]);
    await expect(fresh.connect(p.outsider).addFactory(factoryAddress))
      .to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount")
      .withArgs(p.outsider.address, ethers.ZeroHash);
    await expect(fresh.connect(p.admin).addFactory(p.outsider.address)).to.be.revertedWithCustomError(
      fresh,
      "SettlementZeroAddress",
    );
    const l = await launch(p);
    const token = await l.token.getAddress();
    const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
    await expect(
      fresh
        .connect(p.investors[0]!)
        .postOrder(token, DEFAULT_PARTITION, 1n, 1n, await p.stablecoin.getAddress(), ZeroAddress, expiry),
    ).to.be.revertedWithCustomError(fresh, "SettlementUnknownToken");
    expect(await fresh.isTradable(token)).to.equal(false);

    // A second factory (a new platform generation) is added beside the first: tokens of both trade.
    const second = await ethers.deployContract("PropertyTokenFactory", [
      p.admin.address,
      await p.registry.getAddress(),
      await p.distributor.getAddress(),
      await fresh.getAddress(),
      await p.tokenImplementation.getAddress(),
      await p.offeringImplementation.getAddress(),
      await p.fees.getAddress(),
    ]);
    await expect(fresh.connect(p.admin).addFactory(factoryAddress))
      .to.emit(fresh, "FactoryAdded")
      .withArgs(factoryAddress);
    await fresh.connect(p.admin).addFactory(await second.getAddress());
    expect(await fresh.isTradable(token)).to.equal(true);
    await p.distributor.connect(p.admin).grantRole(await p.distributor.REGISTRAR_ROLE(), await second.getAddress());
    await p.fees.connect(p.admin).grantRole(await p.fees.LAUNCHER_ROLE(), await second.getAddress());
    await second.connect(p.admin).grantRole(await second.PROPERTY_MANAGER_ROLE(), p.manager.address);
    const params = { ...l.params, propertyId: ethers.id("second-generation") };
    const [secondToken] = await second.connect(p.manager).launch.staticCall(params);
    await second.connect(p.manager).launch(params);
    expect(await fresh.isTradable(secondToken)).to.equal(true);
    expect(await fresh.isFactory(await second.getAddress())).to.equal(true);
    expect(await fresh.isFactory(p.outsider.address)).to.equal(false);
  });
});
