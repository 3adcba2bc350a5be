import { expect } from "chai";
import { network } from "hardhat";
import {
  Code,
  DEFAULT_PARTITION,
  LOCKUP,
  deployToken,
  enableAllRules,
  issue,
  reason,
  type TokenContext,
} from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken platform hooks", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"], carol: TokenContext["admin"];
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    await enableAllRules(c);
    await issue(c, c.investors[0]!.address, 60n);
    await issue(c, c.investors[1]!.address, 40n);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = ctx.investors as [typeof alice, typeof bob, typeof carol];
  });

  describe("escrow holds (settlement)", function () {
    const asSettlement = (): TokenContext["token"] => ctx.token.connect(ctx.settlement);

    it("lock held units in the holder's wallet until released", async function () {
      await expect(asSettlement().holdByPartition(alice.address, DEFAULT_PARTITION, 30n))
        .to.emit(ctx.token, "HoldCreated")
        .withArgs(alice.address, DEFAULT_PARTITION, 30n);
      expect(await ctx.token.heldBalanceOfByPartition(alice.address, DEFAULT_PARTITION)).to.equal(30n);
      expect(await ctx.token.balanceOf(alice.address)).to.equal(60n);
      expect(
        await ctx.token.connect(alice)["canTransfer(address,uint256,bytes)"](bob.address, 31n, "0x"),
      ).to.deep.equal([Code.LOCKED, reason("TOKENS_FROZEN_OR_HELD")]);
      await expect(ctx.token.connect(alice).transfer(bob.address, 31n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientUnlockedBalance")
        .withArgs(alice.address, DEFAULT_PARTITION, 30n, 31n);
      await expect(asSettlement().releaseHold(alice.address, DEFAULT_PARTITION, 10n))
        .to.emit(ctx.token, "HoldReleased")
        .withArgs(alice.address, DEFAULT_PARTITION, 10n);
      await ctx.token.connect(alice).transfer(bob.address, 40n);
      await expect(asSettlement().releaseHold(alice.address, DEFAULT_PARTITION, 21n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientHold")
        .withArgs(alice.address, DEFAULT_PARTITION, 20n, 21n);
      await asSettlement().releaseHold(alice.address, DEFAULT_PARTITION, 20n);
      await ctx.token.connect(alice).transfer(bob.address, 20n);
    });

    it("cannot hold more than the unlocked units (holds and frozen amounts stack)", async function () {
      await ctx.token.connect(ctx.agent).freezePartialTokens(alice.address, 20n);
      await asSettlement().holdByPartition(alice.address, DEFAULT_PARTITION, 30n);
      await expect(asSettlement().holdByPartition(alice.address, DEFAULT_PARTITION, 11n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientUnlockedBalance")
        .withArgs(alice.address, DEFAULT_PARTITION, 10n, 11n);
      await expect(asSettlement().holdByPartition(alice.address, LOCKUP, 1n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientUnlockedBalance")
        .withArgs(alice.address, LOCKUP, 0n, 1n);
    });

    it("executeHold moves held units through the rules (settlement as operator)", async function () {
      await asSettlement().holdByPartition(alice.address, DEFAULT_PARTITION, 30n);
      await expect(asSettlement().executeHold(alice.address, ctx.strangers[0]!.address, DEFAULT_PARTITION, 10n))
        .to.be.revertedWithCustomError(ctx.token, "TokenReceiverNotVerified")
        .withArgs(ctx.strangers[0]!.address);
      expect(await ctx.token.heldBalanceOfByPartition(alice.address, DEFAULT_PARTITION)).to.equal(30n);
      const tx = asSettlement().executeHold(alice.address, carol.address, DEFAULT_PARTITION, 10n);
      await expect(tx).to.emit(ctx.token, "HoldReleased").withArgs(alice.address, DEFAULT_PARTITION, 10n);
      await expect(tx)
        .to.emit(ctx.token, "TransferByPartition")
        .withArgs(DEFAULT_PARTITION, ctx.settlement.address, alice.address, carol.address, 10n, "0x", "0x");
      expect(await ctx.token.balanceOf(carol.address)).to.equal(10n);
      expect(await ctx.token.heldBalanceOfByPartition(alice.address, DEFAULT_PARTITION)).to.equal(20n);
      expect(await ctx.token.holderCount()).to.equal(3n);
      await expect(asSettlement().executeHold(alice.address, carol.address, DEFAULT_PARTITION, 21n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientHold")
        .withArgs(alice.address, DEFAULT_PARTITION, 20n, 21n);
    });

    it("only the settlement contract may hold, release or execute", async function () {
      const asOutsider = ctx.token.connect(ctx.outsider);
      for (const call of [
        () => asOutsider.holdByPartition(alice.address, DEFAULT_PARTITION, 1n),
        () => asOutsider.releaseHold(alice.address, DEFAULT_PARTITION, 1n),
        () => asOutsider.executeHold(alice.address, bob.address, DEFAULT_PARTITION, 1n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(ctx.token, "TokenOnlySettlement")
          .withArgs(ctx.outsider.address);
      }
    });
  });

  describe("rent accrual (rent distributor)", function () {
    const asDistributor = (): TokenContext["token"] => ctx.token.connect(ctx.distributor);

    it("attributes a deposit pro rata, whatever the number of holders", async function () {
      expect(await asDistributor().recordDistribution.staticCall(1_000n)).to.deep.equal([100n, 0n]);
      await asDistributor().recordDistribution(1_000n);
      expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(600n);
      expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(400n);
      expect(await ctx.token.unpaidRentOf(carol.address)).to.equal(0n);
    });

    it("keeps past rent with the holder across transfers, issuance, redemption and forced moves", async function () {
      await asDistributor().recordDistribution(1_000n);
      await ctx.token.connect(alice).transfer(bob.address, 30n); // alice 30, bob 70
      await issue(ctx, carol.address, 100n); // supply 200
      await asDistributor().recordDistribution(2_000n); // 10 per unit
      expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(600n + 300n);
      expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(400n + 700n);
      expect(await ctx.token.unpaidRentOf(carol.address)).to.equal(1_000n);
      await ctx.token.connect(alice).redeem(30n, "0x");
      await ctx.token.connect(ctx.controller).controllerTransfer(bob.address, carol.address, 70n, "0x", "0x");
      expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(900n);
      expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(1_100n);
      expect(await ctx.token.unpaidRentOf(carol.address)).to.equal(1_000n);
    });

    it("floors each holder's share; the rounding dust is reported and never over-attributed", async function () {
      await issue(ctx, carol.address, 1n); // supply 101
      const [supply, dust] = await asDistributor().recordDistribution.staticCall(1_000n);
      expect(supply).to.equal(101n);
      await asDistributor().recordDistribution(1_000n);
      const shares = await Promise.all([alice, bob, carol].map((h) => ctx.token.unpaidRentOf(h.address)));
      expect(shares).to.deep.equal([594n, 396n, 9n]);
      expect(shares.reduce((a, b) => a + b, 0n) + dust).to.be.lessThanOrEqual(1_000n);
      expect(dust).to.equal(1_000n - (((1_000n * (1n << 32n)) / 101n) * 101n) / (1n << 32n));
    });

    it("refuses callers other than the distributor, an empty supply, and overflowing points", async function () {
      await expect(ctx.token.connect(ctx.outsider).recordDistribution(1n))
        .to.be.revertedWithCustomError(ctx.token, "TokenOnlyRentDistributor")
        .withArgs(ctx.outsider.address);
      await asDistributor().recordDistribution.staticCall(1n);
      await expect(asDistributor().recordDistribution(1n << 60n)).to.be.revertedWithCustomError(
        ctx.token,
        "SafeCastOverflowedUintDowncast",
      );
      await ctx.token.connect(alice).redeem(60n, "0x");
      await ctx.token.connect(bob).redeem(40n, "0x");
      await expect(asDistributor().recordDistribution(1n)).to.be.revertedWithCustomError(ctx.token, "TokenNoSupply");
    });
  });
});
