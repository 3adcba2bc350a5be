/**
 * A defect the settlement invariant run found (issue 20, `fillWithPermit`): a buyer's permit fill of an order that no
 * longer exists (the seller cancelled it, another buyer filled it, or it was never posted) must be refused like `fill`,
 * with `SettlementOrderNotFound(orderId)`. Today it reverts without any custom error: `fillWithPermit` tries the permit
 * on the order's payment token before `_fill` checks the order, and for a missing order that token is the zero
 * address; the call to an account without code reverts in the caller, which `try` does not catch. This test fails
 * until `Settlement` is fixed (e.g. check `order.seller` before the permit); the invariant run sends only `fill` to
 * missing orders meanwhile.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { DAY, DEFAULT_PARTITION, deployPlatform, issueTo, launch, signPermit, usd } from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Settlement: fillWithPermit of a missing order (known defect)", function () {
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
});
