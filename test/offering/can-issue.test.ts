/**
 * Issue 13 §2: no offering takes money it can never turn into units.
 *
 * Before: anyone could clone the official offering implementation with terms naming a real token and themselves as
 * treasury and issuer; `subscribe` succeeded because the token answered "can issue" for the investor, the cloner
 * finalized and took the money, and every claim reverted (the clone holds no `ISSUER_ROLE`). The same happened to a
 * genuine offering whose `ISSUER_ROLE` was revoked during the sale.
 *
 * Now: `subscribe` and `finalize` refuse (`OfferingCannotIssue(token)`) unless the offering holds `ISSUER_ROLE` on
 * its token; the factory records what it launched (`isToken`, `isOffering`, `offeringOf`) so the API, the web app
 * and `Settlement` trust the record, never the bytecode.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { solidityPacked } from "ethers";
import {
  closeOffering,
  deployPlatform,
  fund,
  launch,
  openOffering,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("Issue 13 §2: an offering takes money only when it can issue the units", function () {
  async function openFixture(): Promise<{ p: Platform; l: Launched }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await openOffering(p, l);
    return { p, l };
  }

  /** A clone of the official implementation naming the real token, with the outsider as treasury and issuer. */
  async function rogueClone(p: Platform, l: Launched): Promise<string> {
    const t = l.params;
    const packed = solidityPacked(
      [
        "address",
        "bytes32",
        "address",
        "uint128",
        "uint64",
        "uint64",
        "uint64",
        "uint64",
        "uint40",
        "uint40",
        "address",
        "uint16",
        "address",
        "address",
      ],
      [
        await l.token.getAddress(),
        t.partition,
        t.paymentToken,
        t.pricePerUnit,
        1n,
        t.hardCap,
        1n,
        t.maxTicket,
        t.startTime,
        t.endTime,
        p.outsider.address,
        0n,
        p.outsider.address,
        p.outsider.address,
      ],
    );
    const cloner = await ethers.deployContract("OfferingCloner");
    const address = await cloner.clone.staticCall(await p.offeringImplementation.getAddress(), packed);
    await (await cloner.clone(await p.offeringImplementation.getAddress(), packed)).wait();
    return address;
  }

  it("13.2 a rogue clone of the official offering naming a real token refuses every subscription", async function () {
    const { p, l } = await networkHelpers.loadFixture(openFixture);
    const rogue = await ethers.getContractAt("PropertyOffering", await rogueClone(p, l));
    expect((await rogue.terms()).token).to.equal(await l.token.getAddress());
    const investor = p.investors[0]!;
    await fund(p, investor, usd(1_000), await rogue.getAddress());
    await expect(rogue.connect(investor).subscribe(10n))
      .to.be.revertedWithCustomError(rogue, "OfferingCannotIssue")
      .withArgs(await l.token.getAddress());
    expect(await p.stablecoin.balanceOf(investor.address)).to.equal(usd(1_000));
    // The factory's record tells the platform which offering is genuine.
    expect(await p.factory.isOffering(await rogue.getAddress())).to.equal(false);
    expect(await p.factory.isOffering(await l.offering.getAddress())).to.equal(true);
  });

  it("13.2 a genuine offering whose ISSUER_ROLE was revoked during the sale refuses subscriptions and finalization", async function () {
    const { p, l } = await networkHelpers.loadFixture(openFixture);
    await subscribe(p, l, p.investors[0]!, 300n);
    await subscribe(p, l, p.investors[1]!, 300n);
    const offeringAddress = await l.offering.getAddress();
    const issuerRole = await l.token.ISSUER_ROLE();
    await l.token.connect(p.manager).revokeRole(issuerRole, offeringAddress);
    const late = p.investors[2]!;
    await fund(p, late, usd(1_000), offeringAddress);
    await expect(l.offering.connect(late).subscribe(10n))
      .to.be.revertedWithCustomError(l.offering, "OfferingCannotIssue")
      .withArgs(await l.token.getAddress());
    await closeOffering(p, l);
    await expect(l.offering.connect(p.manager).finalize())
      .to.be.revertedWithCustomError(l.offering, "OfferingCannotIssue")
      .withArgs(await l.token.getAddress());
    // The issuer can cancel (or the finalization window runs out): every subscriber is refunded in full.
    await l.offering.connect(p.manager).cancel();
    await l.offering.connect(p.investors[0]!).refund();
    expect(await p.stablecoin.balanceOf(p.investors[0]!.address)).to.equal(usd(30_000));
    // Granted back, the offering can issue again (the check reads the role, not a flag).
    await l.token.connect(p.manager).grantRole(issuerRole, offeringAddress);
    expect(await l.token.hasRole(issuerRole, offeringAddress)).to.equal(true);
  });

  it("13.2 the factory records each launched token and its offering, and nothing else", async function () {
    const { p, l } = await networkHelpers.loadFixture(openFixture);
    const [token, offering] = [await l.token.getAddress(), await l.offering.getAddress()];
    expect(await p.factory.isToken(token)).to.equal(true);
    expect(await p.factory.offeringOf(token)).to.equal(offering);
    expect(await p.factory.isToken(offering)).to.equal(false);
    expect(await p.factory.isOffering(token)).to.equal(false); // a contract without offering terms
    expect(await p.factory.isOffering(p.outsider.address)).to.equal(false); // no code at all
    expect(await p.factory.isToken(await p.tokenImplementation.getAddress())).to.equal(false);
    expect(await p.factory.isOffering(await p.offeringImplementation.getAddress())).to.equal(false);
    const plain = await ethers.deployContract("TestStablecoin", ["x", "x", p.admin.address]);
    expect(await p.factory.isOffering(await plain.getAddress())).to.equal(false);
  });
});
