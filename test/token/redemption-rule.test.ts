/**
 * Issue 13 §5, "adding a rule", tried once (docs/guides/developers.md): holder redemption can be closed (the
 * property-exit work redeems through the controller only). One flag in the hot config word, one refusal in the one
 * verdict function, one reason, one custom error, one web message (generated table + eligibility.ts).
 */
import { expect } from "chai";
import { network } from "hardhat";
import { REASONS } from "@freehold/web/compliance-codes";
import { deployToken, issue, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken rule: holder redemption closed (issue 13 §5, adding a rule)", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"];
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    await issue(c, c.investors[0]!.address, 100n);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    alice = ctx.investors[0]!;
  });

  it("13.5 closed redemption refuses every holder redemption path with TokenRedemptionClosed and changes nothing", async function () {
    await expect(ctx.token.connect(ctx.agent).setRedemptionClosed(true))
      .to.emit(ctx.token, "RedemptionClosedSet")
      .withArgs(true);
    expect(await ctx.token.isRedemptionClosed()).to.equal(true);
    const asAlice = ctx.token.connect(alice);
    await asAlice.approve(ctx.investors[1]!.address, 10n);
    for (const attempt of [
      () => asAlice.redeem(1n, "0x"),
      () => asAlice.redeemByPartition("0x" + "00".repeat(32), 1n, "0x"),
      () => ctx.token.connect(ctx.investors[1]!).redeemFrom(alice.address, 1n, "0x"),
    ]) {
      await expect(attempt()).to.be.revertedWithCustomError(ctx.token, "TokenRedemptionClosed");
    }
    expect(await ctx.token.totalSupply()).to.equal(100n);
    // Transfers are not affected, and the controller still redeems (the property's exit).
    await asAlice.transfer(ctx.investors[1]!.address, 1n);
    await ctx.token.connect(ctx.controller).controllerRedeem(alice.address, 9n, "0x", "0x");
    expect(await ctx.token.totalSupply()).to.equal(91n);
    await ctx.token.connect(ctx.agent).setRedemptionClosed(false);
    await asAlice.redeem(1n, "0x");
    expect(await ctx.token.totalSupply()).to.equal(90n);
  });

  it("13.5 only the agent closes redemption (outsider refused)", async function () {
    for (const caller of [ctx.outsider, alice, ctx.pauser]) {
      await expect(ctx.token.connect(caller).setRedemptionClosed(true))
        .to.be.revertedWithCustomError(ctx.token, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, await ctx.token.AGENT_ROLE());
    }
    expect(await ctx.token.isRedemptionClosed()).to.equal(false);
  });

  it("13.5 the generated web table carries the new reason, its ERC-1400 code and its custom error", function () {
    expect(REASONS.REDEMPTION_CLOSED).to.deep.equal({
      code: "FAILURE",
      error: "TokenRedemptionClosed",
      when: "holders may not redeem; only the controller does",
    });
  });
});
