import { expect } from "chai";
import { ZeroAddress, encodeBytes32String } from "ethers";
import { network } from "hardhat";
import { DEFAULT_PARTITION, deployToken, issue, tokenInit, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken roles and initialization", function () {
  let ctx: TokenContext;
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    await issue(c, c.investors[0]!.address, 10n);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
  });

  it("grants each role to its holder only", async function () {
    const t = ctx.token;
    const expected: [string, string][] = [
      [await t.DEFAULT_ADMIN_ROLE(), ctx.admin.address],
      [await t.ISSUER_ROLE(), ctx.issuer.address],
      [await t.CONTROLLER_ROLE(), ctx.controller.address],
      [await t.AGENT_ROLE(), ctx.agent.address],
      [await t.DOCUMENTS_ROLE(), ctx.documentAgent.address],
      [await t.PAUSER_ROLE(), ctx.pauser.address],
    ];
    for (const [role, holder] of expected) {
      expect(await t.hasRole(role, holder)).to.equal(true);
      expect(await t.hasRole(role, ctx.outsider.address)).to.equal(false);
    }
  });

  it("refuses an outsider on every privileged function", async function () {
    const t = ctx.token.connect(ctx.outsider);
    const holder = ctx.investors[0]!.address;
    const roles = {
      admin: await t.DEFAULT_ADMIN_ROLE(),
      issuer: await t.ISSUER_ROLE(),
      controller: await t.CONTROLLER_ROLE(),
      agent: await t.AGENT_ROLE(),
      documents: await t.DOCUMENTS_ROLE(),
      pauser: await t.PAUSER_ROLE(),
    };
    const cases: [() => Promise<unknown>, string][] = [
      [() => t.issue(holder, 1n, "0x"), roles.issuer],
      [() => t.issueByPartition(DEFAULT_PARTITION, holder, 1n, "0x"), roles.issuer],
      [() => t.controllerTransfer(holder, ctx.investors[1]!.address, 1n, "0x", "0x"), roles.controller],
      [() => t.controllerRedeem(holder, 1n, "0x", "0x"), roles.controller],
      [() => t.finalizeControllable(), roles.admin],
      [() => t.finalizeIssuance(), roles.admin],
      [() => t.setAddressFrozen(holder, true), roles.agent],
      [() => t.freezePartialTokens(holder, 1n), roles.agent],
      [() => t.unfreezePartialTokens(holder, 1n), roles.agent],
      [() => t.setMaxHolders(1), roles.agent],
      [() => t.setMaxBalancePerIdentity(1n), roles.agent],
      [() => t.setCountryRestrictions([250], true), roles.agent],
      [() => t.setCountryMode(true), roles.agent],
      [() => t.setPartitionRules(DEFAULT_PARTITION, 1, true), roles.agent],
      // Documents name the narrowest role that would do (AGENT_ROLE may write them too).
      [() => t.setDocument(encodeBytes32String("DEED"), "ipfs://x", ethers.ZeroHash), roles.documents],
      [() => t.removeDocument(encodeBytes32String("DEED")), roles.documents],
      [() => t.pause(), roles.pauser],
      [() => t.unpause(), roles.pauser],
      [() => t.grantRole(roles.issuer, ctx.outsider.address), roles.admin],
      [() => t.revokeRole(roles.issuer, ctx.issuer.address), roles.admin],
    ];
    for (const [call, role] of cases) {
      await expect(call())
        .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.outsider.address, role);
    }
    // The platform hooks check their one caller.
    await expect(t.recordDistribution(1n)).to.be.revertedWithCustomError(ctx.token, "TokenOnlyRentDistributor");
    await expect(t.holdByPartition(holder, DEFAULT_PARTITION, 1n)).to.be.revertedWithCustomError(
      ctx.token,
      "TokenOnlySettlement",
    );
    // Nothing changed.
    expect(await ctx.token.balanceOf(holder)).to.equal(10n);
    expect(await ctx.token.paused()).to.equal(false);
  });

  it("announces AccessControl through ERC-165", async function () {
    expect(await ctx.token.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
    expect(await ctx.token.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
    expect(await ctx.token.supportsInterface("0xffffffff")).to.equal(false);
  });

  it("lets the admin hand a role to someone else", async function () {
    await ctx.token.connect(ctx.admin).grantRole(await ctx.token.ISSUER_ROLE(), ctx.outsider.address);
    await ctx.token.connect(ctx.outsider).issue(ctx.investors[1]!.address, 1n, "0x");
    expect(await ctx.token.balanceOf(ctx.investors[1]!.address)).to.equal(1n);
  });

  describe("initialization", function () {
    it("a plain deployment cannot be initialized again", async function () {
      await expect(ctx.token.initialize(tokenInit(await ctx.registry.getAddress(), ctx))).to.be.revertedWithCustomError(
        ctx.token,
        "InvalidInitialization",
      );
    });

    it("an implementation (empty name) is never initialisable; its clones initialize once, with its registry only", async function () {
      const registry = await ctx.registry.getAddress();
      const implementation = await ethers.deployContract("PropertyToken", [
        { ...tokenInit(registry, ctx), name: "" },
        await ctx.forwarder.getAddress(),
      ]);
      await expect(implementation.initialize(tokenInit(registry, ctx))).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      expect(await implementation.hasRole(await implementation.DEFAULT_ADMIN_ROLE(), ctx.admin.address)).to.equal(
        false,
      );
      const cloner = await ethers.deployContract("CloneDeployer");
      const address = await cloner.clone.staticCall(await implementation.getAddress());
      await cloner.clone(await implementation.getAddress());
      const clone = await ethers.getContractAt("PropertyToken", address);
      expect(await clone.identityRegistry()).to.equal(registry);
      await expect(clone.initialize({ ...tokenInit(registry, ctx), identityRegistry: ctx.outsider.address }))
        .to.be.revertedWithCustomError(clone, "TokenRegistryMismatch")
        .withArgs(registry, ctx.outsider.address);
      for (const bad of [{ name: "" }, { symbol: "" }, { admin: ZeroAddress }]) {
        await expect(clone.initialize({ ...tokenInit(registry, ctx), ...bad })).to.be.revertedWithCustomError(
          clone,
          "TokenInvalidInit",
        );
      }
      const init = await (
        await clone.initialize({
          ...tokenInit(registry, ctx),
          issuer: ZeroAddress,
          controller: ZeroAddress,
          agent: ZeroAddress,
          documentAgent: ZeroAddress,
          pauser: ZeroAddress,
        })
      ).wait();
      expect(await clone.name()).to.equal("Rue de Rivoli 12");
      expect(await clone.hasRole(await clone.ISSUER_ROLE(), ZeroAddress)).to.equal(false);
      expect(await clone.hasRole(await clone.DOCUMENTS_ROLE(), ZeroAddress)).to.equal(false);
      // Zero role addresses are skipped: the admin is the only role granted.
      const granted = (await clone.queryFilter(clone.filters.RoleGranted(), init!.blockNumber, init!.blockNumber)).map(
        (l) => [l.args.role, l.args.account],
      );
      expect(granted).to.deep.equal([[await clone.DEFAULT_ADMIN_ROLE(), ctx.admin.address]]);
      await expect(clone.initialize(tokenInit(registry, ctx))).to.be.revertedWithCustomError(
        clone,
        "InvalidInitialization",
      );
    });

    it("a plain deployment needs a registry", async function () {
      const factory = await ethers.getContractFactory("PropertyToken");
      await expect(factory.deploy(tokenInit(ZeroAddress, ctx), ZeroAddress)).to.be.revertedWithCustomError(
        ctx.token,
        "TokenInvalidInit",
      );
    });
  });
});
