import { expect } from "chai";
import { network } from "hardhat";
import {
  DEFAULT_PARTITION,
  LOCKUP,
  deployToken,
  enableAllRules,
  issue,
  register,
  type TokenContext,
} from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken controller operations (ERC-1644)", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"];
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    await enableAllRules(c);
    const until = (await networkHelpers.time.latest()) + 365 * 86_400;
    await c.token.connect(c.agent).setPartitionRules(LOCKUP, until, false);
    await issue(c, c.investors[0]!.address, 60n);
    await issue(c, c.investors[0]!.address, 40n, LOCKUP);
    await issue(c, c.investors[1]!.address, 10n);
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob] = ctx.investors as [typeof alice, typeof bob];
  });
  const asController = (): TokenContext["token"] => ctx.token.connect(ctx.controller);

  it("recovers a lost wallet to a new wallet of the same identity: every partition, lock-ups kept", async function () {
    const newWallet = ctx.strangers[0]!;
    await register(ctx, newWallet.address, { identity: alice.address });
    // The lost wallet is removed from the registry first (a token freeze would stop the whole identity: the person).
    await ctx.registry.connect(ctx.complianceAgent).removeIdentity(alice.address);
    await ctx.token.connect(ctx.agent).freezePartialTokens(alice.address, 30n);
    const tx = asController().controllerTransfer(alice.address, newWallet.address, 100n, "0xc0", "0xc1");
    await expect(tx)
      .to.emit(ctx.token, "ControllerTransfer")
      .withArgs(ctx.controller.address, alice.address, newWallet.address, 100n, "0xc0", "0xc1");
    await expect(tx)
      .to.emit(ctx.token, "TransferByPartition")
      .withArgs(LOCKUP, ctx.controller.address, alice.address, newWallet.address, 40n, "0xc0", "0xc1");
    await expect(tx).to.emit(ctx.token, "Transfer").withArgs(alice.address, newWallet.address, 60n);
    await expect(tx).to.emit(ctx.token, "Transfer").withArgs(alice.address, newWallet.address, 40n);
    await expect(tx).to.emit(ctx.token, "TokensUnfrozen").withArgs(alice.address, 30n);
    expect(await ctx.token.balanceOf(alice.address)).to.equal(0n);
    expect(await ctx.token.frozenTokensOf(alice.address)).to.equal(0n);
    expect(await ctx.token.balanceOfByPartition(DEFAULT_PARTITION, newWallet.address)).to.equal(60n);
    expect(await ctx.token.balanceOfByPartition(LOCKUP, newWallet.address)).to.equal(40n);
    expect(await ctx.token.balanceOfIdentity(alice.address)).to.equal(100n);
    expect(await ctx.token.holderCount()).to.equal(2n);
    // The lock-up still applies to the recovered units.
    await expect(
      ctx.token.connect(newWallet).transferByPartition(LOCKUP, bob.address, 1n, "0x"),
    ).to.be.revertedWithCustomError(ctx.token, "TokenPartitionLocked");
  });

  it("bypasses the rules for a court order (unverified, frozen receiver; max holders full) but logs it", async function () {
    const receiver = ctx.strangers[0]!;
    await register(ctx, receiver.address, { country: 392, accredited: false });
    await ctx.registry.connect(ctx.complianceAgent).setFrozen(receiver.address, true);
    await ctx.token.connect(ctx.agent).setMaxHolders(2);
    await ctx.token.connect(ctx.pauser).pause();
    await expect(asController().controllerTransfer(bob.address, receiver.address, 5n, "0x", "0x"))
      .to.emit(ctx.token, "ControllerTransfer")
      .withArgs(ctx.controller.address, bob.address, receiver.address, 5n, "0x", "0x");
    expect(await ctx.token.balanceOf(receiver.address)).to.equal(5n);
    expect(await ctx.token.holderCount()).to.equal(3n);
  });

  it("refuses a receiver without any registry record, the zero address, and more than the balance", async function () {
    await expect(asController().controllerTransfer(bob.address, ctx.strangers[1]!.address, 1n, "0x", "0x"))
      .to.be.revertedWithCustomError(ctx.token, "TokenReceiverNotRegistered")
      .withArgs(ctx.strangers[1]!.address);
    await expect(
      asController().controllerTransfer(bob.address, ethers.ZeroAddress, 1n, "0x", "0x"),
    ).to.be.revertedWithCustomError(ctx.token, "TokenInvalidReceiver");
    await expect(asController().controllerTransfer(bob.address, alice.address, 11n, "0x", "0x"))
      .to.be.revertedWithCustomError(ctx.token, "TokenInsufficientBalance")
      .withArgs(bob.address, DEFAULT_PARTITION, 10n, 11n);
  });

  it("controllerRedeem burns across partitions and trims holds", async function () {
    await ctx.token.connect(ctx.settlement).holdByPartition(alice.address, DEFAULT_PARTITION, 50n);
    const tx = asController().controllerRedeem(alice.address, 70n, "0xaa", "0xbb");
    await expect(tx)
      .to.emit(ctx.token, "ControllerRedemption")
      .withArgs(ctx.controller.address, alice.address, 70n, "0xaa", "0xbb");
    await expect(tx)
      .to.emit(ctx.token, "RedeemedByPartition")
      .withArgs(LOCKUP, ctx.controller.address, alice.address, 10n, "0xbb");
    await expect(tx).to.emit(ctx.token, "HoldReleased").withArgs(alice.address, DEFAULT_PARTITION, 50n);
    expect(await ctx.token.balanceOfByPartition(DEFAULT_PARTITION, alice.address)).to.equal(0n);
    expect(await ctx.token.balanceOfByPartition(LOCKUP, alice.address)).to.equal(30n);
    expect(await ctx.token.heldBalanceOfByPartition(alice.address, DEFAULT_PARTITION)).to.equal(0n);
    expect(await ctx.token.totalSupply()).to.equal(40n);
  });

  it("a zero-value forced move is logged and changes nothing", async function () {
    await expect(asController().controllerTransfer(bob.address, alice.address, 0n, "0x", "0x"))
      .to.emit(ctx.token, "Transfer")
      .withArgs(bob.address, alice.address, 0n);
    expect(await ctx.token.balanceOf(bob.address)).to.equal(10n);
  });

  it("finalizeControllable gives up control for ever", async function () {
    expect(await ctx.token.isControllable()).to.equal(true);
    await expect(ctx.token.connect(ctx.admin).finalizeControllable()).to.emit(ctx.token, "ControllableFinalized");
    expect(await ctx.token.isControllable()).to.equal(false);
    await expect(
      asController().controllerTransfer(bob.address, alice.address, 1n, "0x", "0x"),
    ).to.be.revertedWithCustomError(ctx.token, "TokenNotControllable");
    await expect(asController().controllerRedeem(bob.address, 1n, "0x", "0x")).to.be.revertedWithCustomError(
      ctx.token,
      "TokenNotControllable",
    );
    await expect(ctx.token.connect(ctx.admin).finalizeControllable()).to.be.revertedWithCustomError(
      ctx.token,
      "TokenNotControllable",
    );
  });
});
