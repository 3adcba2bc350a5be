/**
 * Issue 13 §3, rent rules a careful reader expects (each decided in docs/design/contracts.md, "RentDistributor"):
 * - a frozen wallet (token freeze, or registry freeze: the AML hold) or a wallet removed from the registry keeps
 *   accruing rent but cannot claim it until the hold is lifted; the token's controller can redirect it (court
 *   order, lost-wallet recovery) to a registered wallet;
 * - rent deposited while the supply is 0 is refused (nobody is entitled to it; holding it would pay future holders
 *   for a period they did not own), and nothing moves;
 * - `claimMany` naming a token the distributor does not know reverts naming that token (a caller's mistake is never
 *   silently skipped); a token on which the caller is on hold is skipped (its rent stays accrued).
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
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

describe("Issue 13 §3: rent of frozen and removed wallets, empty supply, unknown tokens", function () {
  async function fixture(): Promise<{ p: Platform; l: Launched; token: string }> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p);
    await issueTo(p, l.token, [p.investors[0]!, p.investors[1]!], [60n, 40n]);
    const token = await l.token.getAddress();
    await fund(p, p.manager, usd(1_000), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(token, usd(1_000), nextStatementHash()); // a 600, b 400
    return { p, l, token };
  }

  it("13.3 a frozen wallet accrues rent but cannot claim it until unfrozen (token freeze and registry freeze)", async function () {
    const { p, l, token } = await networkHelpers.loadFixture(fixture);
    const [a, b] = [p.investors[0]!, p.investors[1]!];
    await l.token.connect(p.manager).setAddressFrozen(a.address, true);
    await expect(p.distributor.connect(a).claim(token))
      .to.be.revertedWithCustomError(p.distributor, "DistributorHolderOnHold")
      .withArgs(token, a.address);
    await p.registry.connect(p.complianceAgent).setFrozen(b.address, true);
    await expect(p.distributor.connect(b).claim(token))
      .to.be.revertedWithCustomError(p.distributor, "DistributorHolderOnHold")
      .withArgs(token, b.address);
    // Rent keeps accruing meanwhile.
    await fund(p, p.manager, usd(1_000), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(token, usd(1_000), nextStatementHash());
    expect(await p.distributor.claimableOf(token, a.address)).to.equal(usd(1_200));
    await l.token.connect(p.manager).setAddressFrozen(a.address, false);
    await p.distributor.connect(a).claim(token);
    expect(await p.stablecoin.balanceOf(a.address)).to.equal(usd(1_200));
    await p.registry.connect(p.complianceAgent).setFrozen(b.address, false);
    await p.distributor.connect(b).claim(token);
    expect(await p.stablecoin.balanceOf(b.address)).to.equal(usd(800));
  });

  it("13.3 a wallet removed from the registry cannot claim; the controller redirects its rent to a registered wallet", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    const [a, recovered] = [p.investors[0]!, p.investors[5]!];
    await p.registry.connect(p.complianceAgent).removeIdentity(a.address);
    await expect(p.distributor.connect(a).claim(token))
      .to.be.revertedWithCustomError(p.distributor, "DistributorHolderOnHold")
      .withArgs(token, a.address);
    // Only the token's controller redirects, and only to a registered wallet.
    await expect(p.distributor.connect(p.outsider).redirectRent(token, a.address, recovered.address))
      .to.be.revertedWithCustomError(p.distributor, "DistributorUnauthorizedController")
      .withArgs(token, p.outsider.address);
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, p.outsider.address))
      .to.be.revertedWithCustomError(p.distributor, "DistributorReceiverNotRegistered")
      .withArgs(p.outsider.address);
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, recovered.address))
      .to.emit(p.distributor, "RentRedirected")
      .withArgs(token, a.address, recovered.address, usd(600));
    expect(await p.stablecoin.balanceOf(recovered.address)).to.equal(usd(600));
    expect(await p.distributor.claimableOf(token, a.address)).to.equal(0n);
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, recovered.address))
      .to.be.revertedWithCustomError(p.distributor, "DistributorNothingToClaim")
      .withArgs(a.address);
    // Registered again (same identity), the wallet claims what accrued after the redirect.
    await register(p, a.address);
    await fund(p, p.manager, usd(100), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(token, usd(100), nextStatementHash());
    await p.distributor.connect(a).claim(token);
    expect(await p.stablecoin.balanceOf(a.address)).to.equal(usd(60));
  });

  // Audit finding (2026-12-04): after finalizeControllable the controller (the manager) could still pay a holder's
  // rent to any registered wallet, another investor's or its own. Then only a wallet of the holder's identity.
  it("13.3 once control is given up, rent is redirected only within the holder's identity", async function () {
    const { p, l, token } = await networkHelpers.loadFixture(fixture);
    const [a, other] = [p.investors[0]!, p.investors[5]!];
    await p.registry.connect(p.complianceAgent).removeIdentity(a.address);
    await l.token.connect(p.manager).finalizeControllable();
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, other.address))
      .to.be.revertedWithCustomError(p.distributor, "DistributorReceiverNotHolderIdentity")
      .withArgs(a.address, other.address);
    const recovered = (await ethers.getSigners()).at(-3)!;
    await register(p, recovered.address, { identity: a.address });
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, recovered.address))
      .to.emit(p.distributor, "RentRedirected")
      .withArgs(token, a.address, recovered.address, usd(600));
  });

  // The class "no path pays a frozen wallet" (audit 2026-12, finding 2's siblings): the controller's redirect ignores
  // the holder's hold (court order, recovery), but it paid any registered receiver, a frozen one included: the frozen
  // holder itself, or another wallet of its frozen identity. A frozen receiver is refused; an unfrozen one is paid.
  it("13.3 the controller's redirect never pays a frozen wallet (registry or token freeze), the holder's own included", async function () {
    const { p, l, token } = await networkHelpers.loadFixture(fixture);
    const [a, b, court] = [p.investors[0]!, p.investors[1]!, p.investors[5]!];
    const second = (await ethers.getSigners()).at(-3)!;
    await register(p, second.address, { identity: a.address });
    const freezes: [string, (wallet: string, frozen: boolean) => Promise<unknown>][] = [
      ["registry", (wallet, frozen) => p.registry.connect(p.complianceAgent).setFrozen(wallet, frozen)],
      ["token", (wallet, frozen) => l.token.connect(p.manager).setAddressFrozen(wallet, frozen)],
    ];
    for (const [where, setFrozen] of freezes) {
      await setFrozen(a.address, true);
      // The frozen holder itself, and a second wallet of its identity (frozen with it).
      for (const to of [a, second]) {
        await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, to.address), where)
          .to.be.revertedWithCustomError(p.distributor, "DistributorReceiverFrozen")
          .withArgs(to.address);
      }
      // A frozen receiver of another holder's rent.
      await expect(p.distributor.connect(p.manager).redirectRent(token, b.address, a.address), where)
        .to.be.revertedWithCustomError(p.distributor, "DistributorReceiverFrozen")
        .withArgs(a.address);
      await setFrozen(a.address, false);
    }
    expect(await p.stablecoin.balanceOf(a.address)).to.equal(0n);
    expect(await p.stablecoin.balanceOf(second.address)).to.equal(0n);
    expect(await p.distributor.claimableOf(token, a.address)).to.equal(usd(600));
    // A court order may still pay a frozen holder's rent to an unfrozen wallet of another identity.
    await p.registry.connect(p.complianceAgent).setFrozen(a.address, true);
    await expect(p.distributor.connect(p.manager).redirectRent(token, a.address, court.address))
      .to.emit(p.distributor, "RentRedirected")
      .withArgs(token, a.address, court.address, usd(600));
  });

  it("13.3 rent deposited while the supply is 0 is refused and nothing moves", async function () {
    const { p } = await networkHelpers.loadFixture(fixture);
    const empty = await launch(p, { propertyId: ethers.id("empty") });
    const token = await empty.token.getAddress();
    await fund(p, p.manager, usd(50), await p.distributor.getAddress());
    const before = await p.stablecoin.balanceOf(await p.distributor.getAddress());
    await expect(p.distributor.connect(p.manager).deposit(token, usd(50), nextStatementHash()))
      .to.be.revertedWithCustomError(p.distributor, "DistributorNoSupply")
      .withArgs(token);
    expect(await p.stablecoin.balanceOf(p.manager.address)).to.equal(usd(50));
    expect(await p.stablecoin.balanceOf(await p.distributor.getAddress())).to.equal(before);
    expect(await p.distributor.depositCountOf(token)).to.equal(0n);
  });

  it("13.3 claimMany reverts naming a token the distributor does not know, and skips a token on which the caller is on hold", async function () {
    const { p, token } = await networkHelpers.loadFixture(fixture);
    const a = p.investors[0]!;
    const second = await launch(p, { propertyId: ethers.id("second") });
    await issueTo(p, second.token, [a], 10n);
    await fund(p, p.manager, usd(100), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(await second.token.getAddress(), usd(100), nextStatementHash());
    const stranger = p.outsider.address;
    await expect(p.distributor.connect(a).claimMany([token, stranger]))
      .to.be.revertedWithCustomError(p.distributor, "DistributorTokenNotRegistered")
      .withArgs(stranger);
    await second.token.connect(p.manager).setAddressFrozen(a.address, true);
    expect(await p.distributor.connect(a).claimMany.staticCall([token, await second.token.getAddress()])).to.equal(
      usd(600),
    );
    await p.distributor.connect(a).claimMany([token, await second.token.getAddress()]);
    expect(await p.distributor.claimableOf(await second.token.getAddress(), a.address)).to.equal(usd(100));
    await expect(p.distributor.connect(a).claimMany([await second.token.getAddress()])).to.be.revertedWithCustomError(
      p.distributor,
      "DistributorNothingToClaim",
    );
  });
});
