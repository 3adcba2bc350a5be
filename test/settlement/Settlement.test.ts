import { expect } from "chai";
import { network } from "hardhat";
import { encodeBytes32String, ZeroAddress } from "ethers";
import {
  COUNTRY_US,
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  fund,
  issueTo,
  launch,
  nextStatementHash,
  register,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();
const LOCKED = encodeBytes32String("LOCKUP-12M");

describe("Settlement", function () {
  async function fixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    // Two sellers with 100 units each, on the default partition.
    await issueTo(p, l.token, [p.investors[0]!, p.investors[1]!], 100n);
    return { p, l };
  }

  async function post(
    p: Platform,
    l: Launched,
    options: {
      seller?: number;
      units?: bigint;
      price?: bigint;
      buyer?: string;
      expiresIn?: number;
      partition?: string;
    } = {},
  ): Promise<bigint> {
    const seller = p.investors[options.seller ?? 0]!;
    const expiry = BigInt((await networkHelpers.time.latest()) + (options.expiresIn ?? DAY));
    const args = [
      await l.token.getAddress(),
      options.partition ?? DEFAULT_PARTITION,
      options.units ?? 100n,
      options.price ?? usd(120),
      await p.stablecoin.getAddress(),
      options.buyer ?? ZeroAddress,
      expiry,
    ] as const;
    const id = await p.settlement.connect(seller).postOrder.staticCall(...args);
    await p.settlement.connect(seller).postOrder(...args);
    return id;
  }

  describe("posting", function () {
    it("holds the seller's units in place (balance unchanged, units locked)", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const seller = p.investors[0]!;
      const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
      const stable = await p.stablecoin.getAddress();
      await expect(
        p.settlement
          .connect(seller)
          .postOrder(await l.token.getAddress(), DEFAULT_PARTITION, 60n, usd(120), stable, ZeroAddress, expiry),
      )
        .to.emit(p.settlement, "OrderPosted")
        .withArgs(
          1n,
          await l.token.getAddress(),
          seller.address,
          DEFAULT_PARTITION,
          60n,
          usd(120),
          stable,
          ZeroAddress,
          expiry,
        );
      expect(await l.token.balanceOf(seller.address)).to.equal(100n);
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(60n);
      // Held units cannot be moved by the seller...
      await expect(l.token.connect(seller).transfer(p.investors[2]!.address, 41n)).to.be.revertedWithCustomError(
        l.token,
        "TokenInsufficientUnlockedBalance",
      );
      // ...the free ones can.
      await l.token.connect(seller).transfer(p.investors[2]!.address, 40n);
      const order = await p.settlement.orderOf(1n);
      expect(order.seller).to.equal(seller.address);
      expect(order.unitsRemaining).to.equal(60n);
      expect(await p.settlement.nextOrderId()).to.equal(2n);
    });

    it("refuses orders the seller cannot back, and malformed orders", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const seller = p.investors[0]!;
      const token = await l.token.getAddress();
      const stable = await p.stablecoin.getAddress();
      const later = BigInt((await networkHelpers.time.latest()) + DAY);
      const s = p.settlement.connect(seller);
      await expect(
        s.postOrder(token, DEFAULT_PARTITION, 101n, usd(1), stable, ZeroAddress, later),
      ).to.be.revertedWithCustomError(l.token, "TokenInsufficientUnlockedBalance");
      await expect(
        s.postOrder(token, DEFAULT_PARTITION, 0n, usd(1), stable, ZeroAddress, later),
      ).to.be.revertedWithCustomError(s, "SettlementZeroUnits");
      await expect(s.postOrder(token, DEFAULT_PARTITION, 1n, 0n, stable, ZeroAddress, later))
        .to.be.revertedWithCustomError(s, "SettlementInvalidPrice")
        .withArgs(0n);
      await expect(
        s.postOrder(token, DEFAULT_PARTITION, 1n, 2n ** 96n, stable, ZeroAddress, later),
      ).to.be.revertedWithCustomError(s, "SettlementInvalidPrice");
      await expect(
        s.postOrder(ZeroAddress, DEFAULT_PARTITION, 1n, 1n, stable, ZeroAddress, later),
      ).to.be.revertedWithCustomError(s, "SettlementZeroAddress");
      await expect(
        s.postOrder(token, DEFAULT_PARTITION, 1n, 1n, ZeroAddress, ZeroAddress, later),
      ).to.be.revertedWithCustomError(s, "SettlementZeroAddress");
      const now = BigInt(await networkHelpers.time.latest());
      await expect(s.postOrder(token, DEFAULT_PARTITION, 1n, 1n, stable, ZeroAddress, now))
        .to.be.revertedWithCustomError(s, "SettlementInvalidExpiry")
        .withArgs(now);
      await expect(
        s.postOrder(token, DEFAULT_PARTITION, 2n ** 96n, 1n, stable, ZeroAddress, later),
      ).to.be.revertedWithCustomError(s, "SafeCastOverflowedUintDowncast");
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(0n);
      expect(await p.settlement.nextOrderId()).to.equal(1n);
    });
  });

  describe("filling", function () {
    it("fills part of an order: units and payment move atomically, the rest stays held", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [seller, buyer] = [p.investors[0]!, p.investors[2]!];
      const id = await post(p, l, { units: 100n, price: usd(120) });
      await fund(p, buyer, usd(3_600), await p.settlement.getAddress());
      await expect(p.settlement.connect(buyer).fill(id, 30n))
        .to.emit(p.settlement, "OrderFilled")
        .withArgs(id, buyer.address, 30n, usd(3_600));
      expect(await l.token.balanceOf(buyer.address)).to.equal(30n);
      expect(await l.token.balanceOf(seller.address)).to.equal(70n);
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(70n);
      expect(await p.stablecoin.balanceOf(seller.address)).to.equal(usd(3_600));
      expect(await p.stablecoin.balanceOf(buyer.address)).to.equal(0n);
      expect(await p.stablecoin.balanceOf(await p.settlement.getAddress())).to.equal(0n);
      expect((await p.settlement.orderOf(id)).unitsRemaining).to.equal(70n);
      await expect(p.settlement.connect(buyer).fill(id, 71n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementInsufficientUnits")
        .withArgs(id, 71n, 70n);
    });

    it("a full fill closes the order", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const buyer = p.investors[2]!;
      const id = await post(p, l, { units: 40n, price: usd(100) });
      await fund(p, buyer, usd(4_000), await p.settlement.getAddress());
      await p.settlement.connect(buyer).fill(id, 25n);
      await p.settlement.connect(buyer).fill(id, 15n);
      expect(await l.token.balanceOf(buyer.address)).to.equal(40n);
      expect(await l.token.heldBalanceOfByPartition(p.investors[0]!.address, DEFAULT_PARTITION)).to.equal(0n);
      expect((await p.settlement.orderOf(id)).seller).to.equal(ZeroAddress);
      await expect(p.settlement.connect(buyer).fill(id, 1n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementOrderNotFound")
        .withArgs(id);
      await expect(p.settlement.connect(p.investors[0]!).cancel(id)).to.be.revertedWithCustomError(
        p.settlement,
        "SettlementOrderNotFound",
      );
    });

    it("refuses a buyer who fails the token's compliance (unverified, wrong country), changing nothing", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const id = await post(p, l, { units: 50n, price: usd(100) });
      const settlementAddress = await p.settlement.getAddress();
      await fund(p, p.outsider, usd(5_000), settlementAddress);
      await expect(p.settlement.connect(p.outsider).fill(id, 10n))
        .to.be.revertedWithCustomError(l.token, "TokenReceiverNotVerified")
        .withArgs(p.outsider.address);

      await l.token.connect(p.manager).setCountryMode(true);
      await l.token.connect(p.manager).setCountryRestrictions([250], true);
      await register(p, p.outsider.address, { country: COUNTRY_US });
      await expect(p.settlement.connect(p.outsider).fill(id, 10n))
        .to.be.revertedWithCustomError(l.token, "TokenCountryRestricted")
        .withArgs(p.outsider.address, COUNTRY_US);
      expect((await p.settlement.orderOf(id)).unitsRemaining).to.equal(50n);
      expect(await p.stablecoin.balanceOf(p.outsider.address)).to.equal(usd(5_000));
    });

    it("applies the token's max-holders rule to the buyer", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      await l.token.connect(p.manager).setMaxHolders(2); // the two sellers
      const id = await post(p, l, { units: 50n, price: usd(100) });
      const buyer = p.investors[2]!;
      await fund(p, buyer, usd(5_000), await p.settlement.getAddress());
      await expect(p.settlement.connect(buyer).fill(id, 10n)).to.be.revertedWithCustomError(
        l.token,
        "TokenMaxHoldersReached",
      );
      // An existing holder may still buy.
      await fund(p, p.investors[1]!, usd(1_000), await p.settlement.getAddress());
      await p.settlement.connect(p.investors[1]!).fill(id, 10n);
      expect(await l.token.balanceOf(p.investors[1]!.address)).to.equal(110n);
    });

    it("refuses fills while the seller's lock-up is in force, and allows them after", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const seller = p.investors[0]!;
      const lockUntil = (await networkHelpers.time.latest()) + 30 * DAY;
      await issueTo(p, l.token, [seller], 20n, LOCKED);
      await l.token.connect(p.manager).setPartitionRules(LOCKED, lockUntil, false);
      const buyer = p.investors[2]!;
      await fund(p, buyer, usd(10_000), await p.settlement.getAddress());
      // The units can be put up for sale (held) during the lock-up, but no fill can move them.
      const id = await post(p, l, { units: 20n, price: usd(100), partition: LOCKED, expiresIn: 60 * DAY });
      await expect(p.settlement.connect(buyer).fill(id, 5n))
        .to.be.revertedWithCustomError(l.token, "TokenPartitionLocked")
        .withArgs(LOCKED, lockUntil);
      expect(await l.token.balanceOfByPartition(LOCKED, buyer.address)).to.equal(0n);
      await networkHelpers.time.increaseTo(lockUntil);
      await p.settlement.connect(buyer).fill(id, 5n);
      expect(await l.token.balanceOfByPartition(LOCKED, buyer.address)).to.equal(5n);
    });

    it("honours the designated buyer and refuses self-trades and zero fills", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [seller, designated, other] = [p.investors[0]!, p.investors[2]!, p.investors[3]!];
      const id = await post(p, l, { units: 10n, price: usd(10), buyer: designated.address });
      expect((await p.settlement.orderOf(id)).buyer).to.equal(designated.address);
      await fund(p, other, usd(100), await p.settlement.getAddress());
      await expect(p.settlement.connect(other).fill(id, 1n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementNotDesignatedBuyer")
        .withArgs(id, designated.address);
      await expect(p.settlement.connect(seller).fill(id, 1n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementSelfTrade")
        .withArgs(id);
      await expect(p.settlement.connect(designated).fill(id, 0n)).to.be.revertedWithCustomError(
        p.settlement,
        "SettlementZeroUnits",
      );
      await fund(p, designated, usd(100), await p.settlement.getAddress());
      await p.settlement.connect(designated).fill(id, 10n);
      expect(await l.token.balanceOf(designated.address)).to.equal(10n);
    });

    it("refuses a buyer without enough payment, changing nothing", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const id = await post(p, l, { units: 10n, price: usd(10) });
      const buyer = p.investors[2]!;
      await fund(p, buyer, usd(50));
      await p.stablecoin.connect(buyer).approve(await p.settlement.getAddress(), usd(1_000));
      await expect(p.settlement.connect(buyer).fill(id, 6n)).to.be.revertedWithCustomError(
        p.stablecoin,
        "ERC20InsufficientBalance",
      );
      expect(await l.token.balanceOf(buyer.address)).to.equal(0n);
      expect(await l.token.heldBalanceOfByPartition(p.investors[0]!.address, DEFAULT_PARTITION)).to.equal(10n);
    });

    it("refuses a payment token that delivers less than the price", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const fot = await ethers.deployContract("FeeOnTransferToken", [50n]);
      const seller = p.investors[0]!;
      const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
      await p.settlement
        .connect(seller)
        .postOrder(
          await l.token.getAddress(),
          DEFAULT_PARTITION,
          10n,
          usd(10),
          await fot.getAddress(),
          ZeroAddress,
          expiry,
        );
      const buyer = p.investors[2]!;
      await fot.mint(buyer.address, usd(100));
      await fot.connect(buyer).approve(await p.settlement.getAddress(), usd(100));
      await expect(p.settlement.connect(buyer).fill(1n, 10n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementPaymentShortfall")
        .withArgs(usd(100), usd(99.5));
    });

    it("refuses unknown orders", async function () {
      const { p } = await networkHelpers.loadFixture(fixture);
      await expect(p.settlement.fill(42n, 1n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementOrderNotFound")
        .withArgs(42n);
      await expect(p.settlement.cancel(42n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementOrderNotFound")
        .withArgs(42n);
    });

    it("blocks re-entry from the payment token", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const evil = await ethers.deployContract("ReentrantToken");
      const seller = p.investors[0]!;
      const expiry = BigInt((await networkHelpers.time.latest()) + DAY);
      await p.settlement
        .connect(seller)
        .postOrder(
          await l.token.getAddress(),
          DEFAULT_PARTITION,
          10n,
          usd(10),
          await evil.getAddress(),
          ZeroAddress,
          expiry,
        );
      const buyer = p.investors[2]!;
      await evil.mint(buyer.address, usd(1_000));
      await evil.connect(buyer).approve(await p.settlement.getAddress(), usd(1_000));
      await evil.arm(await p.settlement.getAddress(), p.settlement.interface.encodeFunctionData("fill", [1n, 1n]));
      await expect(p.settlement.connect(buyer).fill(1n, 5n)).to.be.revertedWithCustomError(
        p.settlement,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("expiry and cancellation", function () {
    it("refuses fills at and after expiry; the seller cancels and gets the units back", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const seller = p.investors[0]!;
      const id = await post(p, l, { units: 80n, expiresIn: DAY });
      const expiry = (await p.settlement.orderOf(id)).expiry;
      const buyer = p.investors[2]!;
      await fund(p, buyer, usd(10_000), await p.settlement.getAddress());
      await p.settlement.connect(buyer).fill(id, 20n);
      await networkHelpers.time.increaseTo(expiry);
      await expect(p.settlement.connect(buyer).fill(id, 1n))
        .to.be.revertedWithCustomError(p.settlement, "SettlementOrderExpired")
        .withArgs(id, expiry);
      await expect(p.settlement.connect(p.outsider).cancel(id))
        .to.be.revertedWithCustomError(p.settlement, "SettlementNotSeller")
        .withArgs(id, p.outsider.address);
      await expect(p.settlement.connect(seller).cancel(id)).to.emit(p.settlement, "OrderCancelled").withArgs(id, 60n);
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(0n);
      await l.token.connect(seller).transfer(p.investors[3]!.address, 80n); // everything is free again
      await expect(p.settlement.connect(seller).cancel(id)).to.be.revertedWithCustomError(
        p.settlement,
        "SettlementOrderNotFound",
      );
    });

    it("lets the seller close an order whose held units a controller took meanwhile", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [seller, buyer, heir] = [p.investors[0]!, p.investors[2]!, p.investors[3]!];
      const id = await post(p, l, { units: 100n, price: usd(10) });
      // A court order moves 40 of the seller's (all held) units: the token trims the hold to the 60 left.
      await l.token.connect(p.manager).controllerTransfer(seller.address, heir.address, 40n, "0x", "0x");
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(60n);
      await fund(p, buyer, usd(1_000), await p.settlement.getAddress());
      await expect(p.settlement.connect(buyer).fill(id, 70n))
        .to.be.revertedWithCustomError(l.token, "TokenInsufficientHold")
        .withArgs(seller.address, DEFAULT_PARTITION, 60n, 70n);
      await p.settlement.connect(buyer).fill(id, 50n);
      // 50 units remain in the order, 10 in the hold: cancelling releases those 10.
      await expect(p.settlement.connect(seller).cancel(id)).to.emit(p.settlement, "OrderCancelled").withArgs(id, 10n);
      expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(0n);
      expect(await l.token.balanceOf(seller.address)).to.equal(10n);
      // Nothing held at all: the order still closes.
      const second = await post(p, l, { units: 10n, price: usd(10) });
      await l.token.connect(p.manager).controllerTransfer(seller.address, heir.address, 10n, "0x", "0x");
      await expect(p.settlement.connect(seller).cancel(second))
        .to.emit(p.settlement, "OrderCancelled")
        .withArgs(second, 0n);
      expect((await p.settlement.orderOf(second)).seller).to.equal(ethers.ZeroAddress);
    });

    it("rent keeps accruing to the seller while the units are held", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const seller = p.investors[0]!;
      await post(p, l, { units: 100n });
      await fund(p, p.manager, usd(2_000), await p.distributor.getAddress());
      await p.distributor.connect(p.manager).deposit(await l.token.getAddress(), usd(2_000), nextStatementHash());
      // 200 units outstanding, the seller owns 100 of them (all held).
      expect(await p.distributor.claimableOf(await l.token.getAddress(), seller.address)).to.equal(usd(1_000));
    });
  });
});
