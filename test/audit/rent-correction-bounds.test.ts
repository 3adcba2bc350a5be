/**
 * Audit 2026-11, finding A-01: the rent correction of a wallet lives in 88 bits (int88) of its storage word.
 * Every balance change adds or subtracts `pointsPerUnit * value`; once `pointsPerUnit * supply` leaves int88, the
 * SafeCast in the funnel reverts and the holder's units can no longer move at all (transfer, redeem, even the
 * controller's forced moves). With an 18-decimals payment token that happens after ~0.036 tokens of rent in total.
 * The token must refuse the distribution (or the issuance) that would make the bookkeeping overflow instead.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployToken, issue, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

const MAGNITUDE = 1n << 32n;
const INT88_MAX = (1n << 87n) - 1n;

describe("Audit A-01: rent correction stays within its 88 bits", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"];

  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers, 3);
    await issue(c, c.investors[0]!.address, 1_000n);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob] = ctx.investors as [typeof alice, typeof bob];
  });
  const asDistributor = (): TokenContext["token"] => ctx.token.connect(ctx.distributor);

  it("refuses a distribution whose points would overflow a holder's correction, and units keep moving", async function () {
    // 2^78 points per unit fit the 80-bit accumulator, but 2^78 * 1,000 units does not fit an int88.
    const amount = ((1n << 78n) * 1_000n) / MAGNITUDE; // 7.04e16: 0.07 of an 18-decimals stablecoin
    await expect(asDistributor().recordDistribution(amount)).to.be.revertedWithCustomError(
      ctx.token,
      "TokenRentOverflow",
    );
    await ctx.token.connect(alice).transfer(bob.address, 1_000n);
    expect(await ctx.token.balanceOf(bob.address)).to.equal(1_000n);
  });

  it("accepts the largest distribution that fits, after which the whole supply still moves", async function () {
    const amount = (INT88_MAX / MAGNITUDE / 1_000n) * 1_000n; // a multiple of the supply, as the distributor sends
    await asDistributor().recordDistribution(amount);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(amount);
    await ctx.token.connect(alice).transfer(bob.address, 1_000n);
    await ctx.token.connect(bob).redeem(500n, "0x");
    await ctx.token.connect(ctx.controller).controllerRedeem(bob.address, 500n, "0x", "0x");
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(amount);
    expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(0n);
  });

  it("refuses an issuance that would take points x supply past the bound (verdict and action agree)", async function () {
    const amount = (INT88_MAX / MAGNITUDE / 1_000n) * 1_000n;
    await asDistributor().recordDistribution(amount);
    const [code] = await ctx.token.canIssueByPartition(bob.address, ethers.ZeroHash, 1n);
    expect(code).to.equal("0x50");
    await expect(ctx.token.connect(ctx.issuer).issue(bob.address, 1n, "0x"))
      .to.be.revertedWithCustomError(ctx.token, "TokenSupplyLimit")
      .withArgs(1_000n, 1n);
  });

  it("refuses a distribution once the rent handed out in total would leave the bound (supply shrank meanwhile)", async function () {
    // Half the bound over 1,000,000 units, then 999,000 of them redeemed: points x supply is small again, but the
    // remaining units' wallet earned the first half and would earn the second: its correction would leave int88.
    await issue(ctx, alice.address, 999_000n);
    const units = INT88_MAX / MAGNITUDE;
    const half = (units / 2n / 1_000_000n) * 1_000_000n;
    await asDistributor().recordDistribution(half);
    await ctx.token.connect(alice).redeem(999_000n, "0x");
    const second = ((units - half) / 1_000n + 1n) * 1_000n;
    await expect(asDistributor().recordDistribution(second)).to.be.revertedWithCustomError(
      ctx.token,
      "TokenRentOverflow",
    );
    const quarter = (half / 2n / 1_000n) * 1_000n;
    await asDistributor().recordDistribution(quarter);
    await ctx.token.connect(alice).transfer(bob.address, 1_000n);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(half + quarter);
  });
});
