/**
 * Issue 20: investors act without ETH. A relayer submits their signed requests (EIP-712) through the platform's
 * trusted forwarder (ERC-2771, `FreeholdForwarder`), and the offering, the rent distributor, the settlement and the
 * token act for the signer. Then the known class of ERC-2771 bugs: an address spoofed by appending it to a direct
 * call, a request acting for someone else than its signer, a request replayed (on another contract, or twice), an
 * expired one, a target that does not trust the forwarder.
 */
import { expect } from "chai";
import { network } from "hardhat";
import fc from "fast-check";
import { concat, getAddress, hexlify, type BaseContract } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { FORWARDER_DOMAIN_NAME, FORWARDER_DOMAIN_VERSION, type ForwardRequestData } from "@freehold/dev-kit/deploy";
import { forwardRequest, relayed } from "../helpers/forwarder.js";
import {
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  fund,
  issueTo,
  launch,
  nextStatementHash,
  openOffering,
  signPermit,
  subscribe,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";

const { ethers, networkHelpers } = await network.create();

interface Gasless {
  p: Platform;
  l: Launched;
  /** Pays the gas of every forwarded request. */
  relayer: HardhatEthersSigner;
  /** Holds no ETH at all. */
  investor: HardhatEthersSigner;
}

describe("Gasless investor actions through the trusted forwarder (ERC-2771, issue 20)", function () {
  async function fixture(): Promise<Gasless> {
    const p = await deployPlatform(ethers, networkHelpers);
    const l = await launch(p, { softCap: 10n, minTicket: 1n });
    const investor = p.investors[0]!;
    await networkHelpers.setBalance(investor.address, 0n);
    return { p, l, relayer: p.outsider, investor };
  }

  /** `signer`'s request for `data` on `to` (see `forwardRequest`). */
  function request(
    p: Platform,
    signer: HardhatEthersSigner,
    to: BaseContract,
    data: string,
    options: { from?: string; deadlineIn?: number } = {},
  ): Promise<ForwardRequestData> {
    return forwardRequest(p.forwarder, signer, to, data, options);
  }

  /**
   * What a relayer learns by simulating a request before sending it: the target's own revert. (`execute` reports a
   * forwarded call that reverted only as `FailedCall`; the call as the forwarder makes it, from the forwarder with
   * the signer appended, gives the reason.)
   */
  async function simulate(p: Platform, signer: HardhatEthersSigner, to: BaseContract, data: string) {
    return ethers.provider.call({
      from: await p.forwarder.getAddress(),
      to: await to.getAddress(),
      data: concat([data, signer.address]),
    });
  }

  /** Signs and relays one call; the relayer pays. */
  function relay(g: Gasless, signer: HardhatEthersSigner, to: BaseContract, data: string) {
    return relayed(g.p.forwarder, g.relayer, signer, to, data);
  }

  it('the forwarder\'s EIP-712 domain is "Freehold Forwarder", version 1; every implementation and clone trusts it', async function () {
    const { p, l } = await networkHelpers.loadFixture(fixture);
    const domain = await p.forwarder.eip712Domain();
    expect([domain.name, domain.version]).to.deep.equal([FORWARDER_DOMAIN_NAME, FORWARDER_DOMAIN_VERSION]);
    expect(domain.verifyingContract).to.equal(await p.forwarder.getAddress());
    const trusted = await p.forwarder.getAddress();
    for (const c of [p.distributor, p.settlement, p.tokenImplementation, p.offeringImplementation, l.token, l.offering])
      expect(await c.isTrustedForwarder(trusted)).to.equal(true);
  });

  it("an investor holding no ETH subscribes with a permit, claims units and claims rent; the relayer pays", async function () {
    const g = await networkHelpers.loadFixture(fixture);
    const { p, l, investor, relayer } = g;
    await openOffering(p, l);
    const offering = await l.offering.getAddress();
    const price = 20n * l.params.pricePerUnit;
    await fund(p, investor, price);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
    const permit = await signPermit(p, investor, offering, price, deadline);
    const subscribeData = l.offering.interface.encodeFunctionData("subscribeWithPermit", [
      20n,
      deadline,
      permit.v,
      permit.r,
      permit.s,
    ]);
    const relayerEthBefore = await ethers.provider.getBalance(relayer.address);
    await expect(relay(g, investor, l.offering, subscribeData))
      .to.emit(l.offering, "Subscribed")
      .withArgs(investor.address, investor.address, 20n, price);
    expect(await l.offering.subscribedUnitsOf(investor.address)).to.equal(20n);
    expect(await l.offering.subscribedUnitsOf(relayer.address)).to.equal(0n);

    await networkHelpers.time.increaseTo(l.params.endTime);
    await l.offering.connect(p.manager).finalize();
    await expect(relay(g, investor, l.offering, l.offering.interface.encodeFunctionData("claim")))
      .to.emit(l.offering, "Claimed")
      .withArgs(investor.address, 20n);
    expect(await l.token.balanceOf(investor.address)).to.equal(20n);

    const token = await l.token.getAddress();
    await fund(p, p.manager, usd(1_000), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(token, usd(1_000), nextStatementHash());
    const owed = await p.distributor.claimableOf(token, investor.address);
    expect(owed).to.equal(usd(1_000)); // the only holder
    await expect(relay(g, investor, p.distributor, p.distributor.interface.encodeFunctionData("claim", [token])))
      .to.emit(p.distributor, "RentClaimed")
      .withArgs(token, investor.address, owed);
    expect(await p.stablecoin.balanceOf(investor.address)).to.equal(owed);
    expect(await ethers.provider.getBalance(investor.address)).to.equal(0n);
    expect(await ethers.provider.getBalance(relayer.address)).to.be.below(relayerEthBefore);
  });

  it("refund and claimMany act for the signer", async function () {
    const g = await networkHelpers.loadFixture(fixture);
    const { p, l } = g;
    const investor = p.investors[2]!;
    await openOffering(p, l);
    await subscribe(p, l, investor, 5n);
    await l.offering.connect(p.manager).cancel();
    const paid = 5n * l.params.pricePerUnit;
    await expect(relay(g, investor, l.offering, l.offering.interface.encodeFunctionData("refund")))
      .to.emit(l.offering, "Refunded")
      .withArgs(investor.address, paid);
    expect(await p.stablecoin.balanceOf(investor.address)).to.equal(paid);

    const other = await launch(p, { propertyId: ethers.id("rented") });
    const token = await other.token.getAddress();
    await issueTo(p, other.token, [investor, p.investors[1]!], 10n);
    await fund(p, p.manager, usd(100), await p.distributor.getAddress());
    await p.distributor.connect(p.manager).deposit(token, usd(100), nextStatementHash());
    await expect(relay(g, investor, p.distributor, p.distributor.interface.encodeFunctionData("claimMany", [[token]])))
      .to.emit(p.distributor, "RentClaimed")
      .withArgs(token, investor.address, usd(50));
  });

  it("a seller posts and cancels, and a buyer without ETH fills with a permit, all through the forwarder", async function () {
    const g = await networkHelpers.loadFixture(fixture);
    const { p, l, investor: buyer } = g;
    const seller = p.investors[1]!;
    const token = await l.token.getAddress();
    await issueTo(p, l.token, [seller], 100n);
    const expiry = BigInt(await networkHelpers.time.latest()) + 7n * BigInt(DAY);
    const stable = await p.stablecoin.getAddress();
    const post = (units: bigint) =>
      p.settlement.interface.encodeFunctionData("postOrder", [
        token,
        DEFAULT_PARTITION,
        units,
        usd(10),
        stable,
        ethers.ZeroAddress,
        expiry,
      ]);
    await expect(relay(g, seller, p.settlement, post(40n))).to.emit(p.settlement, "OrderPosted");
    expect((await p.settlement.orderOf(1n)).seller).to.equal(seller.address);
    expect(await l.token.heldBalanceOfByPartition(seller.address, DEFAULT_PARTITION)).to.equal(40n);

    const paid = 15n * usd(10);
    await fund(p, buyer, paid);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
    const permit = await signPermit(p, buyer, await p.settlement.getAddress(), paid, deadline);
    const fillData = p.settlement.interface.encodeFunctionData("fillWithPermit", [
      1n,
      15n,
      deadline,
      permit.v,
      permit.r,
      permit.s,
    ]);
    await expect(relay(g, buyer, p.settlement, fillData))
      .to.emit(p.settlement, "OrderFilled")
      .withArgs(1n, buyer.address, 15n, paid);
    expect(await l.token.balanceOf(buyer.address)).to.equal(15n);
    expect(await p.stablecoin.balanceOf(seller.address)).to.equal(paid); // no trade fee at deployment
    expect(await ethers.provider.getBalance(buyer.address)).to.equal(0n);

    // Only the seller's own request cancels: the buyer's is refused as the buyer's.
    const cancel = p.settlement.interface.encodeFunctionData("cancel", [1n]);
    await expect(simulate(p, buyer, p.settlement, cancel))
      .to.be.revertedWithCustomError(p.settlement, "SettlementNotSeller")
      .withArgs(1n, buyer.address);
    await expect(relay(g, buyer, p.settlement, cancel)).to.be.revertedWithCustomError(p.forwarder, "FailedCall");
    await expect(relay(g, seller, p.settlement, cancel))
      .to.emit(p.settlement, "OrderCancelled")
      .withArgs(1n, 25n);
  });

  it("fillWithPermit works without the forwarder too, and pays the trade fee out of the permitted price", async function () {
    const { p, l } = await networkHelpers.loadFixture(fixture);
    const [seller, buyer] = [p.investors[1]!, p.investors[2]!];
    await issueTo(p, l.token, [seller], 10n);
    await p.fees.connect(p.admin).announceIncrease(2, 100); // a 1 % trade fee, in effect 12 weeks later
    await networkHelpers.time.increase(12 * 7 * DAY);
    const expiry = BigInt(await networkHelpers.time.latest()) + 7n * BigInt(DAY);
    await p.settlement
      .connect(seller)
      .postOrder(
        await l.token.getAddress(),
        DEFAULT_PARTITION,
        10n,
        usd(3),
        await p.stablecoin.getAddress(),
        ethers.ZeroAddress,
        expiry,
      );
    await fund(p, buyer, usd(30));
    const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
    const permit = await signPermit(p, buyer, await p.settlement.getAddress(), usd(30), deadline);
    await expect(p.settlement.connect(buyer).fillWithPermit(1n, 10n, deadline, permit.v, permit.r, permit.s))
      .to.emit(p.settlement, "OrderFilled")
      .withArgs(1n, buyer.address, 10n, usd(30));
    expect(await p.stablecoin.allowance(buyer.address, await p.settlement.getAddress())).to.equal(0n);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(usd(0.3));
    expect(await p.stablecoin.balanceOf(seller.address)).to.equal(usd(29.7));
  });

  it("a holder transfers units and approves through the forwarder; the token's roles read the signer too", async function () {
    const g = await networkHelpers.loadFixture(fixture);
    const { p, l, investor } = g;
    const to = p.investors[1]!;
    await issueTo(p, l.token, [investor], 30n);
    const transfer = l.token.interface.encodeFunctionData("transfer", [to.address, 12n]);
    await expect(relay(g, investor, l.token, transfer))
      .to.emit(l.token, "Transfer")
      .withArgs(investor.address, to.address, 12n);
    expect(await l.token.balanceOf(investor.address)).to.equal(18n);
    // A holder-facing call of the administration module (reached by DELEGATECALL) reads the signer as well.
    const authorize = l.token.interface.encodeFunctionData("authorizeOperatorByPartition", [
      DEFAULT_PARTITION,
      to.address,
    ]);
    await relay(g, investor, l.token, authorize);
    expect(await l.token.isOperatorForPartition(DEFAULT_PARTITION, to.address, investor.address)).to.equal(true);
    // A role-checked call signed by someone without the role is refused as that signer.
    const pause = l.token.interface.encodeFunctionData("pause");
    await expect(simulate(p, investor, l.token, pause))
      .to.be.revertedWithCustomError(l.token, "AccessControlUnauthorizedAccount")
      .withArgs(investor.address, await l.token.PAUSER_ROLE());
    await expect(relay(g, investor, l.token, pause)).to.be.revertedWithCustomError(p.forwarder, "FailedCall");
    expect(await l.token.paused()).to.equal(false);
  });

  describe("spoofing and replay (the known ERC-2771 bugs)", function () {
    it("a direct call with a victim's address appended acts as the caller, on every contract", async function () {
      const { p, l } = await networkHelpers.loadFixture(fixture);
      const [victim, attacker] = [p.investors[2]!, p.investors[3]!];
      const suffix = victim.address;
      const token = await l.token.getAddress();
      await issueTo(p, l.token, [victim, attacker], 10n);

      // Token: the appended victim does not become the sender.
      const transfer = concat([l.token.interface.encodeFunctionData("transfer", [attacker.address, 10n]), suffix]);
      await expect(attacker.sendTransaction({ to: token, data: transfer }))
        .to.emit(l.token, "Transfer")
        .withArgs(attacker.address, attacker.address, 10n);
      expect(await l.token.balanceOf(victim.address)).to.equal(10n);

      // Distributor: the victim's rent is not paid to (or for) the attacker.
      await fund(p, p.manager, usd(100), await p.distributor.getAddress());
      await p.distributor.connect(p.manager).deposit(token, usd(100), nextStatementHash());
      const claim = concat([p.distributor.interface.encodeFunctionData("claim", [token]), suffix]);
      await attacker.sendTransaction({ to: await p.distributor.getAddress(), data: claim });
      expect(await p.distributor.claimableOf(token, victim.address)).to.equal(usd(50));
      expect(await p.distributor.claimableOf(token, attacker.address)).to.equal(0n);

      // Settlement: the victim's order cannot be cancelled by the attacker.
      const expiry = BigInt(await networkHelpers.time.latest()) + 7n * BigInt(DAY);
      await p.settlement
        .connect(victim)
        .postOrder(token, DEFAULT_PARTITION, 5n, usd(1), await p.stablecoin.getAddress(), ethers.ZeroAddress, expiry);
      const cancel = concat([p.settlement.interface.encodeFunctionData("cancel", [1n]), suffix]);
      await expect(attacker.sendTransaction({ to: await p.settlement.getAddress(), data: cancel }))
        .to.be.revertedWithCustomError(p.settlement, "SettlementNotSeller")
        .withArgs(1n, attacker.address);

      // Offering: a refund with the victim appended refunds (nothing of) the attacker.
      const l2 = await launch(p, { propertyId: ethers.id("spoofed offering"), minTicket: 1n });
      await openOffering(p, l2);
      await subscribe(p, l2, victim, 3n);
      await l2.offering.connect(p.manager).cancel();
      const refund = concat([l2.offering.interface.encodeFunctionData("refund"), suffix]);
      await expect(attacker.sendTransaction({ to: await l2.offering.getAddress(), data: refund }))
        .to.be.revertedWithCustomError(l2.offering, "OfferingNothingToSettle")
        .withArgs(attacker.address);
      expect(await l2.offering.isSettled(victim.address)).to.equal(false);
    });

    it("a request acts only for its signer: a request naming another `from` is refused, and bytes appended inside the signed data are ignored", async function () {
      const g = await networkHelpers.loadFixture(fixture);
      const { p, l, investor: victim } = g;
      const attacker = p.investors[3]!;
      await issueTo(p, l.token, [victim, attacker], 10n);
      const steal = l.token.interface.encodeFunctionData("transfer", [attacker.address, 10n]);
      // Signed by the attacker, claiming to come from the victim.
      const forged = await request(p, attacker, l.token, steal, { from: victim.address });
      expect(await p.forwarder.verify(forged)).to.equal(false);
      await expect(p.forwarder.connect(g.relayer).execute(forged))
        .to.be.revertedWithCustomError(p.forwarder, "ERC2771ForwarderInvalidSigner")
        .withArgs(attacker.address, victim.address);
      // The attacker's own request with the victim appended to its calldata: the forwarder appends the signer last.
      const appended = concat([steal, victim.address]);
      await expect(relay(g, attacker, l.token, appended))
        .to.emit(l.token, "Transfer")
        .withArgs(attacker.address, attacker.address, 10n);
      expect(await l.token.balanceOf(victim.address)).to.equal(10n);
    });

    it("a request signed for one contract does not run on another, nor twice, nor after its deadline; a target that does not trust the forwarder is refused", async function () {
      const g = await networkHelpers.loadFixture(fixture);
      const { p, l, investor } = g;
      await issueTo(p, l.token, [investor], 10n);
      const approve = l.token.interface.encodeFunctionData("approve", [p.investors[1]!.address, 5n]);
      const signed = await request(p, investor, l.token, approve);

      // Replayed on another contract (same calldata, another target): the recovered signer is not `from`.
      const elsewhere = { ...signed, to: await p.settlement.getAddress() };
      expect(await p.forwarder.verify(elsewhere)).to.equal(false);
      await expect(p.forwarder.connect(g.relayer).execute(elsewhere)).to.be.revertedWithCustomError(
        p.forwarder,
        "ERC2771ForwarderInvalidSigner",
      );

      // Once, then never again: the nonce moved.
      await p.forwarder.connect(g.relayer).execute(signed);
      expect(await l.token.allowance(investor.address, p.investors[1]!.address)).to.equal(5n);
      expect(await p.forwarder.verify(signed)).to.equal(false);
      await expect(p.forwarder.connect(g.relayer).execute(signed)).to.be.revertedWithCustomError(
        p.forwarder,
        "ERC2771ForwarderInvalidSigner",
      );

      // Expired.
      const soon = await request(p, investor, l.token, approve, { deadlineIn: 10 });
      await networkHelpers.time.increase(11);
      await expect(p.forwarder.connect(g.relayer).execute(soon))
        .to.be.revertedWithCustomError(p.forwarder, "ERC2771ForwarderExpiredRequest")
        .withArgs(soon.deadline);

      // The fee schedule does not take relayed requests.
      const fees = await request(p, investor, p.fees, p.fees.interface.encodeFunctionData("applyIncrease", [0]));
      await expect(p.forwarder.connect(g.relayer).execute(fees))
        .to.be.revertedWithCustomError(p.forwarder, "ERC2771UntrustfulTarget")
        .withArgs(await p.fees.getAddress(), await p.forwarder.getAddress());
    });

    it("property: for random callers, routes and appended bytes, the acting address is the request's signer or the direct caller", async function () {
      const g = await networkHelpers.loadFixture(fixture);
      const { p, l } = g;
      // Callers who pay their own gas when they call directly (the fixture's investor 0 holds no ETH).
      const people = [...p.investors.slice(1, 7), p.outsider, p.manager];
      const token = await l.token.getAddress();
      let spenderIndex = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: people.length - 1 }),
          fc.boolean(),
          fc.oneof(
            fc.uint8Array({ minLength: 0, maxLength: 64 }).map((bytes) => hexlify(bytes)),
            fc.nat({ max: people.length - 1 }).map((i) => people[i]!.address),
          ),
          async (callerIndex, forwarded, appended) => {
            const caller = people[callerIndex]!;
            // A fresh spender each run: the allowance written names who acted.
            spenderIndex += 1;
            const spender = getAddress(`0x${spenderIndex.toString(16).padStart(40, "0")}`);
            const data = concat([l.token.interface.encodeFunctionData("approve", [spender, 7n]), appended]);
            if (forwarded) {
              await (await p.forwarder.connect(g.relayer).execute(await request(p, caller, l.token, data))).wait();
            } else {
              await (await caller.sendTransaction({ to: token, data })).wait();
            }
            for (const someone of people) {
              const expected = someone.address === caller.address ? 7n : 0n;
              expect(await l.token.allowance(someone.address, spender)).to.equal(expected);
            }
            expect(await l.token.allowance(g.relayer.address, spender)).to.equal(
              g.relayer.address === caller.address ? 7n : 0n,
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
