import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { expectIssueRefused, expectTransferAllowed, expectTransferRefused } from "../helpers/refusals.js";
import {
  CLASS_B,
  COUNTRY_DE,
  COUNTRY_FR,
  COUNTRY_US,
  Code,
  DAY,
  DEFAULT_PARTITION,
  LOCKUP,
  deployTokenWithRulesAndHolders,
  issue,
  reason,
  register,
  type TokenContext,
} from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken compliance rules", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"], carol: TokenContext["admin"];
  const fixture = (): Promise<TokenContext> => deployTokenWithRulesAndHolders(ethers, networkHelpers);
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob, carol] = ctx.investors as [typeof alice, typeof bob, typeof carol];
  });
  const asAgent = (): TokenContext["token"] => ctx.token.connect(ctx.agent);

  describe("pause", function () {
    it("halts transfers, issuance and redemption until unpaused", async function () {
      await expect(ctx.token.connect(ctx.pauser).pause()).to.emit(ctx.token, "Paused").withArgs(ctx.pauser.address);
      expect(await ctx.token.paused()).to.equal(true);
      const halted = { code: Code.HALTED, reason: "TRANSFERS_PAUSED", error: "TokenPaused" };
      await expectTransferRefused(ctx, alice, bob.address, 1n, halted);
      await expectIssueRefused(ctx, alice.address, 1n, halted);
      await expect(ctx.token.connect(alice).redeem(1n, "0x")).to.be.revertedWithCustomError(ctx.token, "TokenPaused");
      await expect(ctx.token.connect(ctx.pauser).pause()).to.be.revertedWithCustomError(ctx.token, "TokenPaused");
      await expect(ctx.token.connect(ctx.pauser).unpause()).to.emit(ctx.token, "Unpaused").withArgs(ctx.pauser.address);
      await expect(ctx.token.connect(ctx.pauser).unpause()).to.be.revertedWithCustomError(ctx.token, "TokenNotPaused");
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
    });
  });

  describe("sender", function () {
    it("must be verified: removed from the registry", async function () {
      await ctx.registry.connect(ctx.complianceAgent).removeIdentity(alice.address);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_SENDER,
        reason: "SENDER_NOT_VERIFIED",
        error: "TokenSenderNotVerified",
        args: [alice.address],
      });
    });

    it("must have unexpired KYC (time travel), and renewal restores it", async function () {
      const expiry = await ctx.registry.kycExpiryOf(alice.address);
      await networkHelpers.time.increaseTo(expiry);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_SENDER,
        reason: "SENDER_NOT_VERIFIED",
        error: "TokenSenderNotVerified",
        args: [alice.address],
      });
      const now = await networkHelpers.time.latest();
      await ctx.registry.connect(ctx.complianceAgent).updateIdentity(alice.address, COUNTRY_FR, now + 30 * DAY, true);
      await ctx.registry.connect(ctx.complianceAgent).updateIdentity(bob.address, COUNTRY_FR, now + 30 * DAY, true);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
    });

    it("must not be frozen in the registry", async function () {
      await ctx.registry.connect(ctx.complianceAgent).setFrozen(alice.address, true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_SENDER,
        reason: "SENDER_FROZEN",
        error: "TokenWalletFrozen",
        args: [alice.address],
      });
    });

    it("must not be frozen on the token; unfreezing restores it", async function () {
      await expect(asAgent().setAddressFrozen(alice.address, true))
        .to.emit(ctx.token, "AddressFrozen")
        .withArgs(alice.address, true, ctx.agent.address);
      expect(await ctx.token.isFrozen(alice.address)).to.equal(true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_SENDER,
        reason: "SENDER_FROZEN",
        error: "TokenWalletFrozen",
        args: [alice.address],
      });
      await expect(ctx.token.connect(alice).redeem(1n, "0x"))
        .to.be.revertedWithCustomError(ctx.token, "TokenWalletFrozen")
        .withArgs(alice.address);
      await asAgent().setAddressFrozen(alice.address, false);
      expect(await ctx.token.isFrozen(alice.address)).to.equal(false);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
    });
  });

  describe("receiver", function () {
    it("cannot be the zero address", async function () {
      await expectTransferRefused(ctx, alice, ZeroAddress, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "INVALID_RECEIVER",
        error: "TokenInvalidReceiver",
        args: [ZeroAddress],
      });
      await expectIssueRefused(ctx, ZeroAddress, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "INVALID_RECEIVER",
        error: "TokenInvalidReceiver",
        args: [ZeroAddress],
      });
    });

    it("must be verified (transfer and issue)", async function () {
      const stranger = ctx.strangers[0]!.address;
      const refusal = {
        code: Code.INVALID_RECEIVER,
        reason: "RECEIVER_NOT_VERIFIED",
        error: "TokenReceiverNotVerified",
        args: [stranger],
      };
      await expectTransferRefused(ctx, alice, stranger, 1n, refusal);
      await expectIssueRefused(ctx, stranger, 1n, refusal);
    });

    it("must have unexpired KYC", async function () {
      const now = await networkHelpers.time.latest();
      await register(ctx, ctx.strangers[0]!.address, { kycSeconds: 100 });
      await networkHelpers.time.increaseTo(now + 200);
      await expectTransferRefused(ctx, alice, ctx.strangers[0]!.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "RECEIVER_NOT_VERIFIED",
        error: "TokenReceiverNotVerified",
      });
    });

    it("must not be frozen (registry or token)", async function () {
      const refusal = {
        code: Code.INVALID_RECEIVER,
        reason: "RECEIVER_FROZEN",
        error: "TokenWalletFrozen",
        args: [bob.address],
      };
      await ctx.registry.connect(ctx.complianceAgent).setFrozen(bob.address, true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, refusal);
      await ctx.registry.connect(ctx.complianceAgent).setFrozen(bob.address, false);
      await asAgent().setAddressFrozen(bob.address, true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, refusal);
      await expectIssueRefused(ctx, bob.address, 1n, refusal);
    });
  });

  describe("balance and partial freezes", function () {
    it("refuses more than the partition balance", async function () {
      await expectTransferRefused(ctx, alice, bob.address, 101n, {
        code: Code.INSUFFICIENT_BALANCE,
        reason: "INSUFFICIENT_BALANCE",
        error: "TokenInsufficientBalance",
        args: [alice.address, DEFAULT_PARTITION, 100n, 101n],
      });
    });

    it("keeps frozen units in place; unfreezing releases them", async function () {
      await expect(asAgent().freezePartialTokens(alice.address, 60n))
        .to.emit(ctx.token, "TokensFrozen")
        .withArgs(alice.address, 60n);
      expect(await ctx.token.frozenTokensOf(alice.address)).to.equal(60n);
      await expectTransferRefused(ctx, alice, bob.address, 41n, {
        code: Code.LOCKED,
        reason: "TOKENS_FROZEN_OR_HELD",
        error: "TokenInsufficientUnlockedBalance",
        args: [alice.address, DEFAULT_PARTITION, 40n, 41n],
      });
      await expectTransferAllowed(ctx, alice, bob.address, 40n);
      await expect(ctx.token.connect(alice).redeem(1n, "0x")).to.be.revertedWithCustomError(
        ctx.token,
        "TokenInsufficientUnlockedBalance",
      );
      await expect(asAgent().unfreezePartialTokens(alice.address, 61n))
        .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientFrozen")
        .withArgs(alice.address, 60n, 61n);
      await expect(asAgent().unfreezePartialTokens(alice.address, 60n))
        .to.emit(ctx.token, "TokensUnfrozen")
        .withArgs(alice.address, 60n);
      expect(await ctx.token.frozenTokensOf(alice.address)).to.equal(0n);
      await expectTransferAllowed(ctx, alice, bob.address, 60n);
    });

    it("cannot freeze more than the balance", async function () {
      await asAgent().freezePartialTokens(alice.address, 50n);
      await expect(asAgent().freezePartialTokens(alice.address, 51n))
        .to.be.revertedWithCustomError(ctx.token, "TokenFreezeExceedsBalance")
        .withArgs(alice.address, 100n, 101n);
    });
  });

  describe("lock-ups", function () {
    it("lock a partition's units until the date (time travel), for transfers and redemptions", async function () {
      const until = (await networkHelpers.time.latest()) + 30 * DAY;
      await expect(asAgent().setPartitionRules(LOCKUP, until, false))
        .to.emit(ctx.token, "PartitionRulesSet")
        .withArgs(LOCKUP, until, false);
      expect(await ctx.token.partitionRules(LOCKUP)).to.deep.equal([BigInt(until), false]);
      await issue(ctx, alice.address, 50n, LOCKUP);
      const locked = {
        code: Code.LOCKED,
        reason: "PARTITION_LOCKED",
        error: "TokenPartitionLocked",
        args: [LOCKUP, until],
      };
      await expectTransferRefused(ctx, alice, bob.address, 10n, locked, LOCKUP);
      await expect(ctx.token.connect(alice).redeemByPartition(LOCKUP, 1n, "0x")).to.be.revertedWithCustomError(
        ctx.token,
        "TokenPartitionLocked",
      );
      await expectTransferAllowed(ctx, alice, bob.address, 10n); // the default partition is not locked
      await networkHelpers.time.increaseTo(until - 5); // the refused attempts below mine blocks up to until - 1
      await expectTransferRefused(ctx, alice, bob.address, 10n, locked, LOCKUP);
      await networkHelpers.time.increaseTo(until);
      await expectTransferAllowed(ctx, alice, bob.address, 10n, LOCKUP);
    });

    it("lock the default partition through the same rule", async function () {
      const until = (await networkHelpers.time.latest()) + DAY;
      await asAgent().setPartitionRules(DEFAULT_PARTITION, until, true);
      expect(await ctx.token.partitionRules(DEFAULT_PARTITION)).to.deep.equal([BigInt(until), true]);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.LOCKED,
        reason: "PARTITION_LOCKED",
        error: "TokenPartitionLocked",
        args: [DEFAULT_PARTITION, until],
      });
      await issue(ctx, carol.address, 5n); // issuance into a locked partition is the point of a lock-up
      await networkHelpers.time.increaseTo(until);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
    });
  });

  describe("countries", function () {
    it("allow-list: only listed countries receive", async function () {
      expect(await ctx.token.isCountryAllowList()).to.equal(true);
      await register(ctx, ctx.strangers[0]!.address, { country: 392 });
      const refusal = {
        code: Code.INVALID_RECEIVER,
        reason: "COUNTRY_RESTRICTED",
        error: "TokenCountryRestricted",
        args: [ctx.strangers[0]!.address, 392],
      };
      await expectTransferRefused(ctx, alice, ctx.strangers[0]!.address, 1n, refusal);
      await expectIssueRefused(ctx, ctx.strangers[0]!.address, 1n, refusal);
      expect(await ctx.token.isCountryAllowed(392)).to.equal(false);
      expect(await ctx.token.isCountryAllowed(COUNTRY_FR)).to.equal(true);
      await expect(asAgent().setCountryRestrictions([392], true))
        .to.emit(ctx.token, "CountryRestrictionSet")
        .withArgs(392, true);
      await expectTransferAllowed(ctx, alice, ctx.strangers[0]!.address, 1n);
    });

    it("block-list: listed countries cannot receive", async function () {
      await expect(asAgent().setCountryMode(false)).to.emit(ctx.token, "CountryModeSet").withArgs(false);
      await asAgent().setCountryRestrictions([COUNTRY_FR, COUNTRY_DE, COUNTRY_US], false);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
      await asAgent().setCountryRestrictions([COUNTRY_FR], true);
      expect(await ctx.token.isCountryListed(COUNTRY_FR)).to.equal(true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "COUNTRY_RESTRICTED",
        error: "TokenCountryRestricted",
        args: [bob.address, COUNTRY_FR],
      });
    });

    it("never trusts a stale country fact: list changes and registry country changes apply at once", async function () {
      await expectTransferAllowed(ctx, alice, bob.address, 1n); // bob's word now remembers "FR passes"
      await asAgent().setCountryRestrictions([COUNTRY_FR], false);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "COUNTRY_RESTRICTED",
        error: "TokenCountryRestricted",
      });
      await asAgent().setCountryRestrictions([COUNTRY_FR], true);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
      const expiry = await ctx.registry.kycExpiryOf(bob.address);
      await ctx.registry.connect(ctx.complianceAgent).updateIdentity(bob.address, 392, expiry, true);
      await expectTransferRefused(ctx, alice, bob.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "COUNTRY_RESTRICTED",
        error: "TokenCountryRestricted",
        args: [bob.address, 392],
      });
    });

    it("refuses codes outside 1..999 and does not list them", async function () {
      await expect(asAgent().setCountryRestrictions([0], true))
        .to.be.revertedWithCustomError(ctx.token, "TokenInvalidCountry")
        .withArgs(0);
      await expect(asAgent().setCountryRestrictions([COUNTRY_DE, 1000], true))
        .to.be.revertedWithCustomError(ctx.token, "TokenInvalidCountry")
        .withArgs(1000);
      expect(await ctx.token.isCountryListed(1000)).to.equal(false);
    });

    it("with an empty block-list the rule is off", async function () {
      await asAgent().setCountryMode(false);
      await asAgent().setCountryRestrictions([COUNTRY_FR, COUNTRY_DE, COUNTRY_US], false);
      await asAgent().setCountryRestrictions([COUNTRY_FR], false); // idempotent
      await register(ctx, ctx.strangers[0]!.address, { country: 392 });
      await expectTransferAllowed(ctx, alice, ctx.strangers[0]!.address, 1n);
    });
  });

  describe("accredited-only partitions", function () {
    it("refuse receivers who are not accredited (issue and transfer)", async function () {
      await asAgent().setPartitionRules(CLASS_B, 0, true);
      await register(ctx, ctx.strangers[0]!.address, { accredited: false });
      const refusal = {
        code: Code.INVALID_RECEIVER,
        reason: "RECEIVER_NOT_ACCREDITED",
        error: "TokenReceiverNotAccredited",
        args: [ctx.strangers[0]!.address, CLASS_B],
      };
      await expectIssueRefused(ctx, ctx.strangers[0]!.address, 1n, refusal, CLASS_B);
      await issue(ctx, alice.address, 10n, CLASS_B);
      await expectTransferRefused(ctx, alice, ctx.strangers[0]!.address, 1n, refusal, CLASS_B);
      // The default partition is accredited-only in this fixture too; CLASS_B rules do not leak into others.
      await asAgent().setPartitionRules(DEFAULT_PARTITION, 0, false);
      await expectTransferAllowed(ctx, alice, ctx.strangers[0]!.address, 1n);
    });
  });

  describe("max balance per identity", function () {
    it("counts every wallet of the identity", async function () {
      await expect(asAgent().setMaxBalancePerIdentity(150n))
        .to.emit(ctx.token, "MaxBalancePerIdentitySet")
        .withArgs(150n);
      expect(await ctx.token.maxBalancePerIdentity()).to.equal(150n);
      const aliceWallet2 = ctx.strangers[0]!;
      await register(ctx, aliceWallet2.address, { identity: alice.address });
      await expectTransferAllowed(ctx, bob, aliceWallet2.address, 50n);
      expect(await ctx.token.balanceOfIdentity(alice.address)).to.equal(150n);
      await expectTransferRefused(ctx, bob, aliceWallet2.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "MAX_BALANCE_EXCEEDED",
        error: "TokenMaxBalanceExceeded",
        args: [alice.address, 151n, 150n],
      });
      await expectIssueRefused(ctx, alice.address, 1n, {
        code: Code.INVALID_RECEIVER,
        reason: "MAX_BALANCE_EXCEEDED",
        error: "TokenMaxBalanceExceeded",
        args: [alice.address, 151n, 150n],
      });
      // Moving between the identity's own wallets does not change its total.
      await expectTransferAllowed(ctx, alice, aliceWallet2.address, 100n);
      expect(await ctx.token.balanceOfIdentity(alice.address)).to.equal(150n);
    });

    it("refuses a limit beyond the stored width", async function () {
      await expect(asAgent().setMaxBalancePerIdentity(1n << 48n)).to.be.revertedWithCustomError(
        ctx.token,
        "SafeCastOverflowedUintDowncast",
      );
    });
  });

  describe("max holders", function () {
    it("counts identities, lets an exiting holder be replaced, and re-counts re-entries", async function () {
      expect(await ctx.token.holderCount()).to.equal(2n);
      await expect(asAgent().setMaxHolders(2)).to.emit(ctx.token, "MaxHoldersSet").withArgs(2);
      expect(await ctx.token.maxHolders()).to.equal(2n);
      const full = {
        code: Code.INVALID_RECEIVER,
        reason: "MAX_HOLDERS_REACHED",
        error: "TokenMaxHoldersReached",
        args: [2],
      };
      await expectTransferRefused(ctx, alice, carol.address, 1n, full);
      await expectIssueRefused(ctx, carol.address, 1n, full);
      // A second wallet of an existing holder is not a new holder.
      await register(ctx, ctx.strangers[0]!.address, { identity: alice.address });
      await expectTransferAllowed(ctx, bob, ctx.strangers[0]!.address, 10n);
      expect(await ctx.token.holderCount()).to.equal(2n);
      // Bob leaves entirely (both of his units' destinations are other identities): carol may take his place.
      await expectTransferAllowed(ctx, bob, carol.address, 90n);
      expect(await ctx.token.holderCount()).to.equal(2n);
      expect(await ctx.token.balanceOf(bob.address)).to.equal(0n);
      await expectTransferRefused(ctx, alice, bob.address, 1n, full); // bob re-entering would be a third holder
      await ctx.token.connect(carol).redeem(90n, "0x");
      expect(await ctx.token.holderCount()).to.equal(1n);
      await expectTransferAllowed(ctx, alice, bob.address, 1n);
      expect(await ctx.token.holderCount()).to.equal(2n);
    });

    it("0 means no limit", async function () {
      await asAgent().setMaxHolders(0);
      await expectTransferAllowed(ctx, alice, carol.address, 1n);
      expect(await ctx.token.holderCount()).to.equal(3n);
    });
  });

  describe("issuance", function () {
    it("finalizeIssuance closes it for ever", async function () {
      expect(await ctx.token.isIssuable()).to.equal(true);
      await expect(ctx.token.connect(ctx.admin).finalizeIssuance()).to.emit(ctx.token, "IssuanceFinalized");
      expect(await ctx.token.isIssuable()).to.equal(false);
      await expectIssueRefused(ctx, alice.address, 1n, {
        code: Code.FAILURE,
        reason: "ISSUANCE_FINALIZED",
        error: "TokenIssuanceFinalized",
      });
      await expect(ctx.token.connect(ctx.admin).finalizeIssuance()).to.be.revertedWithCustomError(
        ctx.token,
        "TokenIssuanceFinalized",
      );
    });

    it("caps the supply below 2^64 units", async function () {
      await asAgent().setMaxBalancePerIdentity(0);
      const room = (1n << 64n) - 1n - 200n;
      await expectIssueRefused(ctx, alice.address, room + 1n, {
        code: Code.FAILURE,
        reason: "SUPPLY_LIMIT",
        error: "TokenSupplyLimit",
        args: [200n, room + 1n],
      });
      await issue(ctx, alice.address, room);
      expect(await ctx.token.totalSupply()).to.equal((1n << 64n) - 1n);
    });
  });

  describe("verdict views", function () {
    it("canTransferFrom reports a short allowance after the rules", async function () {
      await ctx.token.connect(alice).approve(carol.address, 5n);
      const asCarol = ctx.token.connect(carol);
      expect(await asCarol.canTransferFrom(alice.address, bob.address, 5n, "0x")).to.deep.equal([
        Code.SUCCESS,
        reason("OK"),
      ]);
      expect(await asCarol.canTransferFrom(alice.address, bob.address, 6n, "0x")).to.deep.equal([
        Code.INSUFFICIENT_ALLOWANCE,
        reason("INSUFFICIENT_ALLOWANCE"),
      ]);
      expect(await asCarol.canTransferFrom(alice.address, bob.address, 101n, "0x")).to.deep.equal([
        Code.INSUFFICIENT_BALANCE,
        reason("INSUFFICIENT_BALANCE"),
      ]);
      await expect(asCarol.transferFromWithData(alice.address, bob.address, 6n, "0x")).to.be.revertedWithCustomError(
        ctx.token,
        "TokenInsufficientAllowance",
      );
      await asCarol.transferFromWithData(alice.address, bob.address, 5n, "0x");
      expect(await ctx.token.balanceOf(bob.address)).to.equal(105n);
    });

    it("canTransferByPartition refuses a caller who is not an operator", async function () {
      const [code, why, partition] = await ctx.token
        .connect(carol)
        .canTransferByPartition(alice.address, bob.address, DEFAULT_PARTITION, 1n, "0x");
      expect([code, why, partition]).to.deep.equal([Code.INVALID_OPERATOR, reason("NOT_OPERATOR"), DEFAULT_PARTITION]);
    });

    it("transferWithData moves the default partition under the same rules", async function () {
      await ctx.token.connect(alice).transferWithData(bob.address, 3n, "0x1234");
      expect(await ctx.token.balanceOf(bob.address)).to.equal(103n);
      await expect(
        ctx.token.connect(alice).transferWithData(ctx.strangers[0]!.address, 1n, "0x"),
      ).to.be.revertedWithCustomError(ctx.token, "TokenReceiverNotVerified");
    });
  });
});
