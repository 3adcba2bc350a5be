/**
 * The token's `takeRent` (issue 3's claim under 80,000 gas with every rule of issue 13 §3): the rent distributor takes
 * a holder's unpaid rent through it; the token answers the hold and records the payout in the holder's word. Tests
 * first for the access rule and the word, then two properties: the hold answer equals the freeze and registration
 * facts for any mix of them (the class "the token now decides the hold"), and for any sequence of deposits,
 * transfers (also between wallets of one identity) and payouts, the unpaid rent equals the model and a payout
 * touches nothing but the rent (the class "the payout shares the holder's word").
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { deployToken, issue, register, type TokenContext } from "../helpers/token-fixture.js";

const { ethers, networkHelpers } = await network.create();

describe("PropertyToken takeRent (rent distributor)", function () {
  let ctx: TokenContext;
  let alice: TokenContext["admin"], bob: TokenContext["admin"], aliceSecond: TokenContext["admin"];
  async function fixture(): Promise<TokenContext> {
    const c = await deployToken(ethers, networkHelpers);
    // Alice's second wallet: same identity (her first wallet's address).
    await register(c, c.strangers[0]!.address, { identity: c.investors[0]!.address });
    await issue(c, c.investors[0]!.address, 60n);
    await issue(c, c.strangers[0]!.address, 20n);
    await issue(c, c.investors[1]!.address, 20n);
    await c.token.connect(c.distributor).recordDistribution(1_000n); // 10 per unit
    return c;
  }
  beforeEach(async function () {
    ctx = await networkHelpers.loadFixture(fixture);
    [alice, bob] = ctx.investors as [typeof alice, typeof bob];
    aliceSecond = ctx.strangers[0]!;
  });
  const asDistributor = (): TokenContext["token"] => ctx.token.connect(ctx.distributor);

  it("3.claim only the rent distributor may take rent; anyone else is refused and nothing is recorded", async function () {
    for (const caller of [ctx.outsider, ctx.admin, ctx.controller, alice]) {
      await expect(ctx.token.connect(caller).takeRent(alice.address, false))
        .to.be.revertedWithCustomError(ctx.token, "TokenOnlyRentDistributor")
        .withArgs(caller.address);
      await expect(ctx.token.connect(caller).takeRent(alice.address, true))
        .to.be.revertedWithCustomError(ctx.token, "TokenOnlyRentDistributor")
        .withArgs(caller.address);
    }
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(600n);
  });

  it("3.claim a payout is recorded in the holder's word: unpaid falls to zero, balances and freezes are untouched, rent accrues again", async function () {
    expect(await asDistributor().takeRent.staticCall(alice.address, false)).to.deep.equal([600n, false]);
    await asDistributor().takeRent(alice.address, false);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(0n);
    expect(await asDistributor().takeRent.staticCall(alice.address, false)).to.deep.equal([0n, false]);
    expect(await ctx.token.balanceOf(alice.address)).to.equal(60n);
    expect(await ctx.token.balanceOfIdentity(alice.address)).to.equal(80n);
    expect(await ctx.token.unpaidRentOf(aliceSecond.address)).to.equal(200n);
    // The paid rent stays paid across a transfer; the units carry no past rent to the receiver.
    await ctx.token.connect(alice).transfer(bob.address, 30n);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(0n);
    expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(200n);
    await asDistributor().recordDistribution(100n); // 1 per unit
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(30n);
    expect(await ctx.token.unpaidRentOf(bob.address)).to.equal(250n);
  });

  it("3.claim a held wallet's rent is reported with the hold and not recorded; a redirect takes it whatever the hold", async function () {
    await ctx.token.connect(ctx.agent).setAddressFrozen(aliceSecond.address, true); // freezes Alice's identity
    expect(await asDistributor().takeRent.staticCall(alice.address, false)).to.deep.equal([600n, true]);
    await asDistributor().takeRent(alice.address, false);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(600n);
    expect(await asDistributor().takeRent.staticCall(alice.address, true)).to.deep.equal([600n, false]);
    await asDistributor().takeRent(alice.address, true);
    expect(await ctx.token.unpaidRentOf(alice.address)).to.equal(0n);
  });

  it("3.claim property: the hold answer is the freeze and registration facts, for any mix of them (token, registry, removal; either wallet)", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tokenFreezeVia: fc.constantFrom(-1, 0, 1),
          registryFreezeVia: fc.constantFrom(-1, 0, 1),
          removed: fc.constantFrom(-1, 0, 1),
          asked: fc.constantFrom(0, 1),
        }),
        async ({ tokenFreezeVia, registryFreezeVia, removed, asked }) => {
          ctx = await networkHelpers.loadFixture(fixture);
          const wallets = [ctx.investors[0]!, ctx.strangers[0]!];
          if (tokenFreezeVia >= 0)
            await ctx.token.connect(ctx.agent).setAddressFrozen(wallets[tokenFreezeVia]!.address, true);
          if (registryFreezeVia >= 0)
            await ctx.registry.connect(ctx.complianceAgent).setFrozen(wallets[registryFreezeVia]!.address, true);
          if (removed >= 0) await ctx.registry.connect(ctx.complianceAgent).removeIdentity(wallets[removed]!.address);
          const wallet = wallets[asked]!.address;
          const held = tokenFreezeVia >= 0 || registryFreezeVia >= 0 || removed === asked;
          const unpaid = await ctx.token.unpaidRentOf(wallet);
          expect(await asDistributor().takeRent.staticCall(wallet, false)).to.deep.equal([unpaid, held]);
          await asDistributor().takeRent(wallet, false);
          expect(await ctx.token.unpaidRentOf(wallet)).to.equal(held ? unpaid : 0n);
          // Bob, another person, is never held by Alice's facts.
          expect(await asDistributor().takeRent.staticCall(bob.address, false)).to.deep.equal([200n, false]);
        },
      ),
      { numRuns: 30, seed: 3_080_000 },
    );
  });

  it("3.claim property: for any deposits, transfers and payouts, unpaid rent == earned - paid and a payout changes nothing else", async function () {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("deposit" as const), amount: fc.bigInt(1n, 5_000n) }),
      fc.record({ kind: fc.constant("transfer" as const), from: fc.nat(2), to: fc.nat(2), units: fc.bigInt(0n, 30n) }),
      fc.record({ kind: fc.constant("take" as const), who: fc.nat(2) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        ctx = await networkHelpers.loadFixture(fixture);
        const wallets = [ctx.investors[0]!, ctx.strangers[0]!, ctx.investors[1]!];
        const balances = [60n, 20n, 20n];
        const unpaid = [600n, 200n, 200n];
        for (const s of steps) {
          if (s.kind === "deposit") {
            const perUnit = s.amount / 100n;
            if (perUnit === 0n) continue;
            await asDistributor().recordDistribution(perUnit * 100n);
            balances.forEach((b, i) => (unpaid[i] = unpaid[i]! + b * perUnit));
          } else if (s.kind === "transfer") {
            const units = s.units > balances[s.from]! ? balances[s.from]! : s.units;
            if (s.from === s.to || units === 0n) continue;
            await ctx.token.connect(wallets[s.from]!).transfer(wallets[s.to]!.address, units);
            balances[s.from] = balances[s.from]! - units;
            balances[s.to] = balances[s.to]! + units;
          } else {
            const wallet = wallets[s.who]!.address;
            const before = [
              await ctx.token.balanceOf(wallet),
              await ctx.token.balanceOfIdentity(alice.address),
              await ctx.token.isFrozen(wallet),
            ];
            expect(await asDistributor().takeRent.staticCall(wallet, false)).to.deep.equal([unpaid[s.who]!, false]);
            await asDistributor().takeRent(wallet, false);
            unpaid[s.who] = 0n;
            expect([
              await ctx.token.balanceOf(wallet),
              await ctx.token.balanceOfIdentity(alice.address),
              await ctx.token.isFrozen(wallet),
            ]).to.deep.equal(before);
          }
          for (let i = 0; i < wallets.length; i++) {
            expect(await ctx.token.unpaidRentOf(wallets[i]!.address)).to.equal(unpaid[i]);
          }
        }
      }),
      { numRuns: 25, seed: 3_080_001 },
    );
  });
});
