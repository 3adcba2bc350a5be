/**
 * Regression (issue 20, found by the settlement invariant run): a buyer's permit fill of an order that no longer
 * exists (the seller cancelled it, another buyer filled it, or it was never posted) is refused like `fill`, with
 * `SettlementOrderNotFound(orderId)`. It used to revert with no reason at all: `fillWithPermit` tried the permit on the
 * order's payment token before `_fill` checked the order, and a missing order's token is the zero address (a call to
 * an account without code reverts in the caller, outside `try`). Likewise, far more units than remain are refused
 * with `SettlementInsufficientUnits`, not an overflow panic while pricing the permit. The invariant run covers the
 * class: it sends both `fill` and `fillWithPermit` to missing orders and with any number of units.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { DAY, DEFAULT_PARTITION, deployPlatform, issueTo, launch, signPermit, usd } from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Settlement: fillWithPermit refuses like fill", function () {
  it("20 is refused with SettlementOrderNotFound, like fill, after the seller cancelled", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const { token } = await launch(p);
    const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
    await issueTo(p, token, [seller], 10n);
    const settlementAddress = await p.settlement.getAddress();
    const expiry = BigInt(await networkHelpers.time.latest()) + BigInt(DAY);
    const args = [
      await token.getAddress(),
      DEFAULT_PARTITION,
      10n,
      usd(50),
      await p.stablecoin.getAddress(),
      ZeroAddress,
      expiry,
    ] as const;
    const id = await p.settlement.connect(seller).postOrder.staticCall(...args);
    await (await p.settlement.connect(seller).postOrder(...args)).wait();
    await (await p.settlement.connect(seller).cancel(id)).wait();
    await (await p.stablecoin.connect(p.admin).mint(buyer.address, usd(500))).wait();
    const deadline = expiry;
    const permit = await signPermit(p, buyer, settlementAddress, 10n * usd(50), deadline);

    await expect(p.settlement.connect(buyer).fill(id, 10n))
      .to.be.revertedWithCustomError(p.settlement, "SettlementOrderNotFound")
      .withArgs(id);
    await expect(p.settlement.connect(buyer).fillWithPermit(id, 10n, deadline, permit.v, permit.r, permit.s))
      .to.be.revertedWithCustomError(p.settlement, "SettlementOrderNotFound")
      .withArgs(id);
  });

  it("20 is refused with SettlementInsufficientUnits, like fill, for more units than a uint256 price can hold", async function () {
    const p = await deployPlatform(ethers, networkHelpers);
    const { token } = await launch(p);
    const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
    await issueTo(p, token, [seller], 10n);
    const expiry = BigInt(await networkHelpers.time.latest()) + BigInt(DAY);
    const args = [
      await token.getAddress(),
      DEFAULT_PARTITION,
      10n,
      usd(50),
      await p.stablecoin.getAddress(),
      ZeroAddress,
      expiry,
    ] as const;
    const id = await p.settlement.connect(seller).postOrder.staticCall(...args);
    await (await p.settlement.connect(seller).postOrder(...args)).wait();
    const huge = 2n ** 250n; // units x price overflows uint256
    const permit = await signPermit(p, buyer, await p.settlement.getAddress(), 10n * usd(50), expiry);

    await expect(p.settlement.connect(buyer).fill(id, huge))
      .to.be.revertedWithCustomError(p.settlement, "SettlementInsufficientUnits")
      .withArgs(id, huge, 10n);
    await expect(p.settlement.connect(buyer).fillWithPermit(id, huge, expiry, permit.v, permit.r, permit.s))
      .to.be.revertedWithCustomError(p.settlement, "SettlementInsufficientUnits")
      .withArgs(id, huge, 10n);
  });
});
