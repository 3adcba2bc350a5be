import { expect } from "chai";
import { network } from "hardhat";
import { expectTransferAllowed } from "../helpers/refusals.js";
import {
  CLASS_B,
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

describe("PropertyToken partitions, operators, issuance and redemption (ERC-1410 / ERC-1594)", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"], carol: TokenContext["admin"];
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    await enableAllRules(c);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = ctx.investors as [typeof alice, typeof bob, typeof carol];
  });

  describe("issuance", function () {
    it("issue: default partition, Issued + Transfer from zero", async function () {
      const tx = ctx.token.connect(ctx.issuer).issue(alice.address, 10n, "0xab");
      await expect(tx).to.emit(ctx.token, "Issued").withArgs(ctx.issuer.address, alice.address, 10n, "0xab");
      await expect(tx).to.emit(ctx.token, "Transfer").withArgs(ethers.ZeroAddress, alice.address, 10n);
      expect(await ctx.token.balanceOfByPartition(DEFAULT_PARTITION, alice.address)).to.equal(10n);
      expect(await ctx.token.totalSupplyByPartition(DEFAULT_PARTITION)).to.equal(10n);
      expect(await ctx.token.holderCount()).to.equal(1n);
    });

    it("issueByPartition: named partition, IssuedByPartition, supply by partition", async function () {
      await expect(ctx.token.connect(ctx.issuer).issueByPartition(LOCKUP, alice.address, 30n, "0x01"))
        .to.emit(ctx.token, "IssuedByPartition")
        .withArgs(LOCKUP, ctx.issuer.address, alice.address, 30n, "0x01", "0x");
      await issue(ctx, alice.address, 20n);
      expect(await ctx.token.balanceOf(alice.address)).to.equal(50n);
      expect(await ctx.token.balanceOfByPartition(LOCKUP, alice.address)).to.equal(30n);
      expect(await ctx.token.balanceOfByPartition(DEFAULT_PARTITION, alice.address)).to.equal(20n);
      expect(await ctx.token.totalSupplyByPartition(LOCKUP)).to.equal(30n);
      expect(await ctx.token.totalSupplyByPartition(DEFAULT_PARTITION)).to.equal(20n);
      expect(await ctx.token.partitionsOf(alice.address)).to.deep.equal([DEFAULT_PARTITION, LOCKUP]);
    });

    it("canIssueByPartition says yes when issuance would go through", async function () {
      expect(await ctx.token.canIssueByPartition(alice.address, LOCKUP, 5n)).to.deep.equal([
        Code.SUCCESS,
        reason("OK"),
      ]);
    });

    it("a zero-unit issue creates no holder and no partition", async function () {
      await ctx.token.connect(ctx.issuer).issueByPartition(LOCKUP, alice.address, 0n, "0x");
      expect(await ctx.token.holderCount()).to.equal(0n);
      expect(await ctx.token.partitionsOf(alice.address)).to.deep.equal([]);
    });
  });

  describe("transfers by partition", function () {
    beforeEach(async function () {
      await issue(ctx, alice.address, 40n, LOCKUP);
      await issue(ctx, alice.address, 60n);
    });

    it("move units within their partition and emit TransferByPartition then Transfer", async function () {
      const tx = ctx.token.connect(alice).transferByPartition(LOCKUP, bob.address, 15n, "0xdd");
      await expect(tx)
        .to.emit(ctx.token, "TransferByPartition")
        .withArgs(LOCKUP, alice.address, alice.address, bob.address, 15n, "0xdd", "0x");
      await expect(tx).to.emit(ctx.token, "Transfer").withArgs(alice.address, bob.address, 15n);
      expect(await ctx.token.connect(alice).transferByPartition.staticCall(LOCKUP, bob.address, 1n, "0x")).to.equal(
        LOCKUP,
      );
      expect(await ctx.token.balanceOfByPartition(LOCKUP, bob.address)).to.equal(15n);
      expect(await ctx.token.balanceOfByPartition(DEFAULT_PARTITION, bob.address)).to.equal(0n);
      expect(await ctx.token.partitionsOf(bob.address)).to.deep.equal([LOCKUP]);
    });

    it("emit exactly one TransferByPartition and one Transfer per move", async function () {
      const receipt = await (await ctx.token.connect(alice).transferByPartition(LOCKUP, bob.address, 1n, "0x")).wait();
      expect(receipt!.logs.map((log) => ctx.token.interface.parseLog(log)?.name)).to.deep.equal([
        "TransferByPartition",
        "Transfer",
      ]);
    });

    it("ERC-20 transfer only moves the default partition and emits no TransferByPartition", async function () {
      const tx = ctx.token.connect(alice).transfer(bob.address, 60n);
      await expect(tx).not.to.emit(ctx.token, "TransferByPartition");
      await expect(ctx.token.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientBalance")
        .withArgs(alice.address, DEFAULT_PARTITION, 0n, 1n);
      expect(await ctx.token.balanceOf(alice.address)).to.equal(40n);
    });

    it("drop an emptied partition from partitionsOf and re-add it on re-entry", async function () {
      await ctx.token.connect(alice).transferByPartition(LOCKUP, bob.address, 40n, "0x");
      expect(await ctx.token.partitionsOf(alice.address)).to.deep.equal([DEFAULT_PARTITION]);
      await ctx.token.connect(alice).transfer(bob.address, 60n);
      expect(await ctx.token.partitionsOf(alice.address)).to.deep.equal([]);
      await ctx.token.connect(bob).transferByPartition(LOCKUP, alice.address, 5n, "0x");
      expect(await ctx.token.partitionsOf(alice.address)).to.deep.equal([LOCKUP]);
      expect(await ctx.token.partitionsOf(bob.address)).to.deep.equal([DEFAULT_PARTITION, LOCKUP]);
    });

    it("refuse more than the partition holds", async function () {
      await expect(ctx.token.connect(alice).transferByPartition(CLASS_B, bob.address, 1n, "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientBalance")
        .withArgs(alice.address, CLASS_B, 0n, 1n);
    });
  });

  describe("operators", function () {
    beforeEach(async function () {
      await issue(ctx, alice.address, 40n, LOCKUP);
      await issue(ctx, alice.address, 60n);
    });

    it("an all-partition operator moves and redeems any partition; revocation ends it", async function () {
      await expect(ctx.token.connect(alice).authorizeOperator(carol.address))
        .to.emit(ctx.token, "AuthorizedOperator")
        .withArgs(carol.address, alice.address);
      expect(await ctx.token.isOperator(carol.address, alice.address)).to.equal(true);
      expect(await ctx.token.isOperatorForPartition(LOCKUP, carol.address, alice.address)).to.equal(true);
      const asCarol = ctx.token.connect(carol);
      expect(await asCarol.canTransferByPartition(alice.address, bob.address, LOCKUP, 5n, "0x")).to.deep.equal([
        Code.SUCCESS,
        reason("OK"),
        LOCKUP,
      ]);
      await expect(asCarol.operatorTransferByPartition(LOCKUP, alice.address, bob.address, 5n, "0x01", "0x02"))
        .to.emit(ctx.token, "TransferByPartition")
        .withArgs(LOCKUP, carol.address, alice.address, bob.address, 5n, "0x01", "0x02");
      await expect(asCarol.operatorRedeemByPartition(DEFAULT_PARTITION, alice.address, 10n, "0x03"))
        .to.emit(ctx.token, "RedeemedByPartition")
        .withArgs(DEFAULT_PARTITION, carol.address, alice.address, 10n, "0x03");
      expect(await ctx.token.balanceOf(alice.address)).to.equal(85n);
      expect(await ctx.token.totalSupply()).to.equal(90n);
      await expect(ctx.token.connect(alice).revokeOperator(carol.address))
        .to.emit(ctx.token, "RevokedOperator")
        .withArgs(carol.address, alice.address);
      await expect(asCarol.operatorTransferByPartition(LOCKUP, alice.address, bob.address, 1n, "0x", "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenNotOperator")
        .withArgs(carol.address, alice.address, LOCKUP);
    });

    it("a partition operator acts on that partition only", async function () {
      await expect(ctx.token.connect(alice).authorizeOperatorByPartition(LOCKUP, carol.address))
        .to.emit(ctx.token, "AuthorizedOperatorByPartition")
        .withArgs(LOCKUP, carol.address, alice.address);
      expect(await ctx.token.isOperator(carol.address, alice.address)).to.equal(false);
      expect(await ctx.token.isOperatorForPartition(LOCKUP, carol.address, alice.address)).to.equal(true);
      const asCarol = ctx.token.connect(carol);
      await asCarol.operatorTransferByPartition(LOCKUP, alice.address, bob.address, 5n, "0x", "0x");
      await expect(asCarol.operatorTransferByPartition(DEFAULT_PARTITION, alice.address, bob.address, 1n, "0x", "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenNotOperator")
        .withArgs(carol.address, alice.address, DEFAULT_PARTITION);
      await expect(
        asCarol.operatorRedeemByPartition(DEFAULT_PARTITION, alice.address, 1n, "0x"),
      ).to.be.revertedWithCustomError(ctx.token, "TokenNotOperator");
      expect(
        await asCarol.canTransferByPartition(alice.address, bob.address, DEFAULT_PARTITION, 1n, "0x"),
      ).to.deep.equal([Code.INVALID_OPERATOR, reason("NOT_OPERATOR"), DEFAULT_PARTITION]);
      await expect(ctx.token.connect(alice).revokeOperatorByPartition(LOCKUP, carol.address))
        .to.emit(ctx.token, "RevokedOperatorByPartition")
        .withArgs(LOCKUP, carol.address, alice.address);
      expect(await ctx.token.isOperatorForPartition(LOCKUP, carol.address, alice.address)).to.equal(false);
    });

    it("operators still obey every rule", async function () {
      await ctx.token.connect(alice).authorizeOperator(carol.address);
      await expect(
        ctx.token
          .connect(carol)
          .operatorTransferByPartition(DEFAULT_PARTITION, alice.address, ctx.strangers[0]!.address, 1n, "0x", "0x"),
      ).to.be.revertedWithCustomError(ctx.token, "TokenReceiverNotVerified");
    });

    it("a holder is always its own operator, and cannot authorize or revoke itself", async function () {
      expect(await ctx.token.isOperator(alice.address, alice.address)).to.equal(true);
      expect(await ctx.token.isOperatorForPartition(LOCKUP, alice.address, alice.address)).to.equal(true);
      await ctx.token.connect(alice).operatorTransferByPartition(LOCKUP, alice.address, bob.address, 1n, "0x", "0x");
      expect(await ctx.token.balanceOfByPartition(LOCKUP, bob.address)).to.equal(1n);
      const asAlice = ctx.token.connect(alice);
      for (const call of [
        () => asAlice.authorizeOperator(alice.address),
        () => asAlice.revokeOperator(alice.address),
        () => asAlice.authorizeOperatorByPartition(LOCKUP, alice.address),
        () => asAlice.revokeOperatorByPartition(LOCKUP, alice.address),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(ctx.token, "TokenInvalidOperator").withArgs(alice.address);
      }
    });
  });

  describe("redemption", function () {
    beforeEach(async function () {
      await issue(ctx, alice.address, 40n, LOCKUP);
      await issue(ctx, alice.address, 60n);
    });

    it("redeem burns default units: Redeemed + Transfer to zero", async function () {
      const tx = ctx.token.connect(alice).redeem(10n, "0x07");
      await expect(tx).to.emit(ctx.token, "Redeemed").withArgs(alice.address, alice.address, 10n, "0x07");
      await expect(tx).to.emit(ctx.token, "Transfer").withArgs(alice.address, ethers.ZeroAddress, 10n);
      expect(await ctx.token.totalSupplyByPartition(DEFAULT_PARTITION)).to.equal(50n);
    });

    it("redeemByPartition burns named units and the holder leaves when empty", async function () {
      await expect(ctx.token.connect(alice).redeemByPartition(LOCKUP, 40n, "0x08"))
        .to.emit(ctx.token, "RedeemedByPartition")
        .withArgs(LOCKUP, alice.address, alice.address, 40n, "0x08");
      expect(await ctx.token.totalSupplyByPartition(LOCKUP)).to.equal(0n);
      await ctx.token.connect(alice).redeem(60n, "0x");
      expect(await ctx.token.holderCount()).to.equal(0n);
      expect(await ctx.token.totalSupply()).to.equal(0n);
    });

    it("redeemFrom uses the ERC-20 allowance", async function () {
      await ctx.token.connect(alice).approve(carol.address, 5n);
      await expect(ctx.token.connect(carol).redeemFrom(alice.address, 5n, "0x"))
        .to.emit(ctx.token, "Redeemed")
        .withArgs(carol.address, alice.address, 5n, "0x");
      await expect(ctx.token.connect(carol).redeemFrom(alice.address, 1n, "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientAllowance")
        .withArgs(carol.address, 0n, 1n);
    });

    it("the redeeming holder must be verified", async function () {
      await ctx.registry.connect(ctx.complianceAgent).removeIdentity(alice.address);
      await expect(ctx.token.connect(alice).redeem(1n, "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenSenderNotVerified")
        .withArgs(alice.address);
    });

    it("refuses more than the balance", async function () {
      await expect(ctx.token.connect(alice).redeem(61n, "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientBalance")
        .withArgs(alice.address, DEFAULT_PARTITION, 60n, 61n);
    });
  });

  it("a transfer between two wallets of one identity moves the wallet balances only", async function () {
    await issue(ctx, alice.address, 10n);
    await ctx.registry
      .connect(ctx.complianceAgent)
      .registerIdentity(
        ctx.strangers[0]!.address,
        alice.address,
        250,
        (await networkHelpers.time.latest()) + 1000,
        true,
      );
    await expectTransferAllowed(ctx, alice, ctx.strangers[0]!.address, 10n);
    expect(await ctx.token.balanceOf(ctx.strangers[0]!.address)).to.equal(10n);
    expect(await ctx.token.balanceOfIdentity(alice.address)).to.equal(10n);
    expect(await ctx.token.holderCount()).to.equal(1n);
  });
});
