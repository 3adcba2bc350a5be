/**
 * Issue 13 §3: frozen amounts and holds together locking more than the balance.
 *
 * Decision (the token's rule, see docs/design/contracts.md, PropertyToken): frozen + held never exceed the balance.
 * A partial freeze above what is not held is refused (`TokenFreezeExceedsBalance`, naming the lockable amount) and
 * changes nothing; an AML freeze never waits for a market order, because it is the identity freeze
 * (`setAddressFrozen`), always accepted, which stops every fill of every wallet of the person. The seller can
 * always cancel an order (the hold is released), after which the partial freeze goes through.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { DAY, DEFAULT_PARTITION, deployPlatform, fund, issueTo, launch, usd } from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Issue 13 §3: frozen amounts and holds on the same units", function () {
  it("13.3 a partial freeze overlapping a hold is refused and changes nothing; the identity freeze blocks every fill; after a cancel the partial freeze goes through and the free units still fill", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
    await issueTo(p, l.token, [seller], 100n);
    const token = await l.token.getAddress();
    const stable = await p.stablecoin.getAddress();
    const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
    await p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 80n, usd(1), stable, ZeroAddress, expiry);
    // 80 are held: only 20 can be frozen on top (frozen + held <= balance).
    await expect(l.token.connect(p.manager).freezePartialTokens(seller.address, 50n))
      .to.be.revertedWithCustomError(l.token, "TokenFreezeExceedsBalance")
      .withArgs(seller.address, 20n, 50n);
    expect(await l.token.frozenTokensOf(seller.address)).to.equal(0n);
    // The AML tool is the identity freeze: accepted whatever is held, and no fill goes through.
    await fund(p, buyer, usd(80), await p.settlement.getAddress());
    await l.token.connect(p.manager).setAddressFrozen(seller.address, true);
    for (const units of [80n, 1n]) {
      await expect(p.settlement.connect(buyer).fill(1n, units))
        .to.be.revertedWithCustomError(l.token, "TokenWalletFrozen")
        .withArgs(seller.address);
    }
    expect(await l.token.balanceOf(seller.address)).to.equal(100n);
    expect(await p.stablecoin.balanceOf(buyer.address)).to.equal(usd(80));
    await l.token.connect(p.manager).setAddressFrozen(seller.address, false);
    // The seller cancels; the partial freeze of 50 now goes through, and only the 50 free units can be sold.
    await p.settlement.connect(seller).cancel(1n);
    await l.token.connect(p.manager).freezePartialTokens(seller.address, 50n);
    await expect(
      p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 51n, usd(1), stable, ZeroAddress, expiry),
    ).to.be.revertedWithCustomError(l.token, "TokenInsufficientUnlockedBalance");
    await p.settlement.connect(seller).postOrder(token, DEFAULT_PARTITION, 50n, usd(1), stable, ZeroAddress, expiry);
    // A freeze of the remaining free units while 50 are held is refused again (50 frozen + 50 held = 100).
    await expect(l.token.connect(p.manager).freezePartialTokens(seller.address, 51n)).to.be.revertedWithCustomError(
      l.token,
      "TokenFreezeExceedsBalance",
    );
    await p.settlement.connect(buyer).fill(2n, 50n);
    expect(await l.token.balanceOf(buyer.address)).to.equal(50n);
    expect(await l.token.balanceOf(seller.address)).to.equal(50n);
    expect(await l.token.frozenTokensOf(seller.address)).to.equal(50n);
  });
});
