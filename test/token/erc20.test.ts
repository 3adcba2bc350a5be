import { expect } from "chai";
import { network } from "hardhat";
import { shouldBehaveLikeERC20 } from "../helpers/erc20.behavior.js";
import { deployToken, enableAllRules, issue, tokenInit, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

const ERRORS = {
  insufficientBalance: "TokenInsufficientBalance",
  insufficientAllowance: "TokenInsufficientAllowance",
  invalidReceiver: "TokenInvalidReceiver",
  invalidSpender: "TokenInvalidApproval",
};

async function plainToken(): Promise<TokenContext> {
  const ctx = await deployToken(ethers, networkHelpers);
  await enableAllRules(ctx);
  await issue(ctx, ctx.investors[0]!.address, 100n);
  return ctx;
}

/** The same token as a minimal-proxy clone of an implementation deployed with an empty name. */
async function clonedToken(): Promise<TokenContext> {
  const ctx = await deployToken(ethers, networkHelpers);
  const registry = await ctx.registry.getAddress();
  const implementation = await ethers.deployContract("PropertyToken", [
    { ...tokenInit(registry, ctx), name: "" },
    await ctx.forwarder.getAddress(),
  ]);
  const cloner = await ethers.deployContract("CloneDeployer");
  const address = await cloner.clone.staticCall(await implementation.getAddress());
  await cloner.clone(await implementation.getAddress());
  const token = await ethers.getContractAt("PropertyToken", address);
  await token.initialize(tokenInit(registry, ctx));
  const cloned = { ...ctx, token };
  await enableAllRules(cloned);
  await issue(cloned, ctx.investors[0]!.address, 100n);
  return cloned;
}

for (const [label, fixture] of [
  ["deployed plain", plainToken],
  ["deployed as a clone", clonedToken],
] as const) {
  describe(`PropertyToken ${label}: ERC-20 with every party verified and every rule on`, function () {
    let ctx: TokenContext;
    beforeEach(async function () {
      ctx = await networkHelpers.loadFixture(fixture);
    });

    shouldBehaveLikeERC20(() => ({
      ethers,
      token: ctx.token,
      holder: ctx.investors[0]!,
      recipient: ctx.investors[1]!,
      spender: ctx.investors[2]!,
      initialBalance: 100n,
      initialSupply: 100n,
      errors: ERRORS,
    }));

    it("has its metadata, zero decimals and its registry", async function () {
      expect(await ctx.token.name()).to.equal("Rue de Rivoli 12");
      expect(await ctx.token.symbol()).to.equal("RIV12");
      expect(await ctx.token.decimals()).to.equal(0n);
      expect(await ctx.token.identityRegistry()).to.equal(await ctx.registry.getAddress());
      expect(await ctx.token.rentDistributor()).to.equal(ctx.distributor.address);
      expect(await ctx.token.settlement()).to.equal(ctx.settlement.address);
    });
  });
}
