/**
 * Issue 20: the platform's trade fee is taken at each fill. The buyer pays the order's price; the fee
 * (`PlatformFees.feeOf(Trade, token)`, rounded down) goes from the buyer to the trade collector and the seller receives
 * the rest, in the same transaction; the settlement never holds money. A property over random prices, units, fees and
 * overrides checks money in = money out + fees, to the unit.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import {
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  FeeKind,
  fund,
  issueTo,
  launch,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();
const TWELVE_WEEKS = 12 * 7 * DAY;
const TRADE_BPS = 300n;

describe("Settlement: the trade fee (issue 20)", function () {
  /** A platform whose trade fee is 3 % (announced, then 12 weeks later in effect); a seller with 100 units. */
  async function fixture(): Promise<{ p: Platform; l: Launched; token: string }> {
    const p = await deployPlatform(ethers, networkHelpers);
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Trade, TRADE_BPS);
    await networkHelpers.time.increase(TWELVE_WEEKS);
    const l = await launch(p);
    await issueTo(p, l.token, [p.investors[0]!], 100n);
    return { p, l, token: await l.token.getAddress() };
  }

  async function post(p: Platform, token: string, units: bigint, price: bigint): Promise<bigint> {
    const seller = p.settlement.connect(p.investors[0]!);
    const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
    const args = [
      token,
      DEFAULT_PARTITION,
      units,
      price,
      await p.stablecoin.getAddress(),
      ZeroAddress,
      expiry,
    ] as const;
    const id = await seller.postOrder.staticCall(...args);
    await seller.postOrder(...args);
    return id;
  }

  it("20 the buyer pays the price, the collector gets the fee, the seller the rest; the settlement holds nothing", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
    expect(await p.settlement.platformFees()).to.equal(await p.fees.getAddress());
    const id = await post(p, token, 100n, usd(120));
    const paid = 30n * usd(120);
    const fee = (paid * TRADE_BPS) / 10_000n;
    await fund(p, buyer, paid, await p.settlement.getAddress());
    const tx = p.settlement.connect(buyer).fill(id, 30n);
    await expect(tx).to.emit(p.settlement, "TradeFeeCharged").withArgs(id, token, p.feeRecipient.address, fee);
    await expect(tx).to.emit(p.settlement, "OrderFilled").withArgs(id, buyer.address, 30n, paid);
    expect(await p.stablecoin.balanceOf(buyer.address)).to.equal(0n);
    expect(await p.stablecoin.balanceOf(seller.address)).to.equal(paid - fee);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
    expect(await p.stablecoin.balanceOf(await p.settlement.getAddress())).to.equal(0n);
  });

  it("20 a lower override of the token and a decrease apply to the next fill; no fee, no fee event", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    const buyer = p.investors[1]!;
    const id = await post(p, token, 100n, usd(100));
    await fund(p, buyer, usd(10_000), await p.settlement.getAddress());
    await p.fees.connect(p.admin).setOverride(FeeKind.Trade, token, 100);
    await p.settlement.connect(buyer).fill(id, 10n);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(usd(10)); // 1 % of 1,000
    await p.fees.connect(p.admin).decreaseFee(FeeKind.Trade, 0);
    await expect(p.settlement.connect(buyer).fill(id, 10n)).not.to.emit(p.settlement, "TradeFeeCharged");
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(usd(10));
    expect(await p.stablecoin.balanceOf(p.investors[0]!.address)).to.equal(usd(2_000) - usd(10));
  });

  it("20 refuses a fee schedule that is not a contract", async function () {
    const { p } = await networkHelpers.loadFixture(fixture);
    await expect(
      ethers.deployContract("Settlement", [p.admin.address, p.outsider.address, await p.forwarder.getAddress()]),
    ).to.be.revertedWithCustomError(p.settlement, "SettlementZeroAddress");
  });

  it("20 property: over random prices, fills and overrides, what buyers pay == what sellers receive + fees, to the unit", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.array(
          fc.record({
            units: fc.bigInt({ min: 1n, max: 20n }),
            override: fc.option(fc.bigInt({ min: 0n, max: TRADE_BPS })),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (price, fills) => {
          const { p, token } = await networkHelpers.loadFixture(fixture);
          const [seller, buyer] = [p.investors[0]!, p.investors[1]!];
          const id = await post(p, token, 100n, price);
          await fund(p, buyer, 100n * price, await p.settlement.getAddress());
          let bps = TRADE_BPS;
          let paid = 0n;
          let fees = 0n;
          for (const f of fills) {
            if (f.override !== null) {
              await p.fees.connect(p.admin).setOverride(FeeKind.Trade, token, f.override);
              bps = f.override;
            }
            await p.settlement.connect(buyer).fill(id, f.units);
            paid += f.units * price;
            fees += (f.units * price * bps) / 10_000n;
          }
          expect(await p.stablecoin.balanceOf(buyer.address)).to.equal(100n * price - paid);
          expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fees);
          expect(await p.stablecoin.balanceOf(seller.address)).to.equal(paid - fees);
          expect(await p.stablecoin.balanceOf(await p.settlement.getAddress())).to.equal(0n);
        },
      ),
      { numRuns: 15, seed: 20_030_000 },
    );
  });
});
