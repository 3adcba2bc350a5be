/**
 * Issue 13 §3: frozen amounts and holds together locking more than the balance.
 *
 * Decision (no token change): an agent's partial freeze is never refused because units are held for a sale (an AML
 * freeze must not wait for a market order), so frozen + held may exceed the balance. The freeze wins: a fill may
 * never deliver frozen units, and while frozen + held exceed the balance no fill of that seller goes through (the
 * token refuses with `TokenInsufficientUnlockedBalance`); the seller can always cancel (the hold is released) and
 * re-post what is free. Nothing moves on a refused fill.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { DAY, DEFAULT_PARTITION, deployPlatform, fund, issueTo, launch, usd } from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Issue 13 §3: frozen amounts and holds on the same units", function () {
  it("13.3 a freeze overlapping a hold is accepted, blocks every fill (frozen units are never delivered), and the seller can cancel and re-post the free units", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
    await issueTo(p, l.token, [seller], 100n);
    const token = await l.token.getAddress();
    const stable = await p.stablecoin.getAddress();
    const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
    await p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 80n, usd(1), stable, ZeroAddress, expiry);
    // The agent freezes 50: accepted although 80 are held (frozen + held = 130 > 100).
    await l.token.connect(p.manager).freezePartialTokens(seller.address, 50n);
    expect(await l.token.frozenTokensOf(seller.address)).to.equal(50n);
    await fund(p, buyer, usd(80), await p.settlement.getAddress());
    for (const units of [80n, 50n, 1n]) {
      await expect(p.settlement.connect(buyer).fill(1n, units)).to.be.revertedWithCustomError(l.token, "TokenInsufficientUnlockedBalance");
    }
    expect(await l.token.balanceOf(seller.address)).to.equal(100n);
    expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(80n);
    expect(await p.stablecoin.balanceOf(buyer.address)).to.equal(usd(80));
    // The seller cancels and re-posts the 50 free units, which do fill.
    await p.settlement.connect(seller).cancel(1n);
    await expect(p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 51n, usd(1), stable, ZeroAddress, expiry))
      .to.be.revertedWithCustomError(l.token, "TokenInsufficientUnlockedBalance");
    await p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 50n, usd(1), stable, ZeroAddress, expiry);
    await p.settlement.connect(buyer).fill(2n, 50n);
    expect(await l.token.balanceOf(buyer.address)).to.equal(50n);
    expect(await l.token.balanceOf(seller.address)).to.equal(50n);
    expect(await l.token.frozenTokensOf(seller.address)).to.equal(50n);
  });
});
