/**
 * Issue 20: the platform's rent fee (management fee) is taken at deposit. The manager deposits the gross rent; the fee
 * (`PlatformFees.feeOf(Rent, token)`, rounded down) goes to the rent collector in the same transaction and only the
 * net is distributed, so holders claim exactly the net and the distributor never holds the fee.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  deployPlatform,
  FeeKind,
  fund,
  issueTo,
  launch,
  nextStatementHash,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();
const TWELVE_WEEKS = 12 * 7 * 86_400;
const RENT_BPS = 250n;

describe("RentDistributor: the rent fee (issue 20)", function () {
  /** A platform whose rent fee is 2.5 % (announced, then 12 weeks later in effect); 100 units held 60 / 40. */
  async function fixture(): Promise<{ p: Platform; l: Launched; token: string }> {
    const p = await deployPlatform(ethers, networkHelpers);
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Rent, RENT_BPS);
    await networkHelpers.time.increase(TWELVE_WEEKS);
    const l = await launch(p);
    await issueTo(p, l.token, [p.investors[0]!, p.investors[1]!], [60n, 40n]);
    return { p, l, token: await l.token.getAddress() };
  }

  async function deposit(p: Platform, token: string, amount: bigint, statement = nextStatementHash()) {
    await fund(p, p.manager, amount, await p.distributor.getAddress());
    return p.distributor.connect(p.manager).deposit(token, amount, statement);
  }

  it("20 sends the fee on the gross deposit to the rent collector and distributes the net", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    const distributor = await p.distributor.getAddress();
    expect(await p.distributor.platformFees()).to.equal(await p.fees.getAddress());
    const gross = usd(1_000);
    const fee = (gross * RENT_BPS) / 10_000n; // 25 USD
    const tx = deposit(p, token, gross);
    await expect(tx).to.emit(p.distributor, "RentFeeCharged").withArgs(token, 1n, p.feeRecipient.address, fee);
    await expect(tx).to.emit(p.distributor, "RentDeposited");
    const [log] = await p.distributor.queryFilter(p.distributor.filters.RentDeposited());
    expect([log!.args.amount, log!.args.supply, log!.args.dust]).to.deep.equal([gross, 100n, 0n]);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fee);
    expect(await p.stablecoin.balanceOf(distributor)).to.equal(gross - fee);
    expect(await p.distributor.totalsOf(token)).to.deep.equal([gross - fee, 0n]);
    const [a, b] = [p.investors[0]!, p.investors[1]!];
    expect(await p.distributor.claimableOf(token, a.address)).to.equal(((gross - fee) * 60n) / 100n);
    // Claims are of the net, to the unit; nothing stays behind.
    await p.distributor.connect(a).claim(token);
    await p.distributor.connect(b).claim(token);
    expect((await p.stablecoin.balanceOf(a.address)) + (await p.stablecoin.balanceOf(b.address))).to.equal(gross - fee);
    expect(await p.stablecoin.balanceOf(distributor)).to.equal(0n);
  });

  it("20 rounds the fee down and carries the net's remainder as dust: gross = fee + distributed + dust, to the unit", async function () {
    const { p, l, token } = await networkHelpers.loadFixture(fixture);
    await issueTo(p, l.token, [p.investors[2]!], 3n); // supply 103
    // 1,039 gross: fee floor(1,039 x 250 / 10,000) = 25; net 1,014 = 9 x 103 + 87.
    const statement = nextStatementHash();
    await expect(deposit(p, token, 1_039n, statement))
      .to.emit(p.distributor, "RentDeposited")
      .withArgs(token, 1n, statement, 1_039n, 103n, 87n);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(25n);
    expect(await p.distributor.dustOf(token)).to.equal(87n);
    expect(await p.distributor.totalsOf(token)).to.deep.equal([927n, 0n]);
  });

  it("20 judges a deposit too small on the net: enough for a unit gross, not once the fee is taken", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    // 100 units: 100 base units distribute 1 each gross; the fee (2 base units) leaves 98, under one per unit.
    await fund(p, p.manager, 100n, await p.distributor.getAddress());
    await expect(p.distributor.connect(p.manager).deposit(token, 100n, nextStatementHash()))
      .to.be.revertedWithCustomError(p.distributor, "DistributorDepositTooSmall")
      .withArgs(token, 100n, 100n);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(0n);
  });

  it("20 a lower override of the token, a decrease and a new collector apply from the next deposit; no fee, no fee event", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    await p.fees.connect(p.admin).setOverride(FeeKind.Rent, token, 100);
    await deposit(p, token, usd(1_000));
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(usd(10));

    await p.fees.connect(p.admin).setCollector(FeeKind.Rent, p.outsider.address);
    await p.fees.connect(p.admin).decreaseFee(FeeKind.Rent, 50); // below the override: the platform's applies
    await deposit(p, token, usd(1_000));
    expect(await p.stablecoin.balanceOf(p.outsider.address)).to.equal(usd(5));

    await p.fees.connect(p.admin).setOverride(FeeKind.Rent, token, 0);
    const tx = deposit(p, token, usd(1_000));
    await expect(tx).not.to.emit(p.distributor, "RentFeeCharged");
    expect(await p.stablecoin.balanceOf(p.outsider.address)).to.equal(usd(5));
    expect((await p.distributor.totalsOf(token))[0]).to.equal(usd(3_000) - usd(15));
  });

  it("20 refuses a fee schedule that is not a contract", async function () {
    const { p } = await networkHelpers.loadFixture(fixture);
    await expect(
      ethers.deployContract("RentDistributor", [p.admin.address, p.outsider.address, await p.forwarder.getAddress()]),
    ).to.be.revertedWithCustomError(p.distributor, "DistributorZeroAddress");
  });
});
