/**
 * Invariant run of the rent distributor: random deposits (some too small), transfers, issues and redemptions that
 * change who holds what and the supply between deposits, random claims (single and `claimMany`) on two property
 * tokens, and holds (issue 13 §3: token freezes, registry freezes, removals and re-registrations) with the
 * controller's redirections. A claim succeeds exactly when something is owed and no hold applies; `claimMany` pays
 * exactly the tokens without a hold. After every step:
 *   each holder's claimable rent == the model's (sum over deposits of whole rent per unit x units held then,
 *   minus what was paid),
 *   the distributor's balance == everything still claimable + the dust it carries (so it never owes more than it
 *   holds, and nothing is lost);
 *   each token's deposit count and its last deposit's statement hash == the model's;
 * a deposit succeeds exactly when it distributes at least one base unit per unit, names a statement (non-zero
 * hash) and that statement was not paid for the token yet (a period is paid out once; another token may pay the
 * same hash); and at the end, once everybody claimed, the sum of all claims == the deposits minus the rent fees
 * minus the accounted dust, and every deposit has its own non-zero statement hash, readable both ways.
 * Issue 20: the platform's rent fee (2.5 %, with random lower overrides per token set between deposits) is taken at
 * each deposit: after every step the rent collector holds exactly the modelled fees (rounded down per deposit), and
 * at the end money in = money out + fees, to the unit (deposits == claims + fees + dust still carried).
 * No path pays a frozen wallet: the controller's redirect ignores the holder's hold but is refused for a receiver
 * frozen on the token or in the registry, and after every step no holder frozen in the registry received payment
 * token, nor (except in a `claimMany` step, which pays other tokens' rent too) one frozen on the step's token.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { MaxUint256, ZeroHash, type BaseContract } from "ethers";
import {
  DEFAULT_PARTITION,
  deployPlatform,
  FeeKind,
  issueTo,
  launch,
  register,
  statementHash,
  type Platform,
} from "../factory/fixture.js";
import type { PropertyToken } from "../../types/ethers-contracts/index.js";
import { Prng, seedFrom } from "./prng.js";
import { attempt, payoutWatcher } from "./actors.js";
import { relayed } from "../helpers/forwarder.js";

const { ethers, networkHelpers } = await network.create();

const STEPS = 400;
const RENT_FEE_BPS = 250n;

interface TokenModel {
  token: PropertyToken;
  address: string;
  balances: Map<string, bigint>;
  accrued: Map<string, bigint>;
  withdrawn: Map<string, bigint>;
  frozen: Set<string>; // frozen on this token
  dust: bigint;
  deposited: bigint;
  feeBps: bigint; // the rent fee this token pays now: min(override, platform)
  fees: bigint; // rent fees taken from its deposits
  statements: string[]; // statements[id - 1]: the statement hash deposit `id` paid out
}

describe("Invariant: rent distributor", function () {
  it("never owes more than it holds, pays exactly the modelled rent, and loses nothing but accounted dust", async function () {
    const seed = seedFrom(7_340_033);
    const rng = new Prng(seed);
    const p: Platform = await deployPlatform(ethers, networkHelpers);
    const holders: HardhatEthersSigner[] = p.investors.slice(0, 8);
    const distributorAddress = await p.distributor.getAddress();
    await p.stablecoin.connect(p.admin).mint(p.manager.address, 10n ** 18n);
    await p.stablecoin.connect(p.manager).approve(distributorAddress, MaxUint256);
    // Issue 20: a rent fee, announced and in effect 12 weeks later, before the properties launch.
    await p.fees.connect(p.admin).announceIncrease(FeeKind.Rent, RENT_FEE_BPS);
    await networkHelpers.time.increase(12 * 7 * 86_400);

    const models: TokenModel[] = [];
    for (const n of [1, 2]) {
      const { token } = await launch(p, { propertyId: ethers.id(`rent-invariant-${n}`) });
      const initial = holders.map(() => rng.big(0n, 50n));
      initial[0] = initial[0]! + 1n; // at least one unit outstanding
      await issueTo(p, token, holders, initial);
      models.push({
        token,
        address: await token.getAddress(),
        balances: new Map(holders.map((h, i) => [h.address, initial[i]!])),
        accrued: new Map(),
        withdrawn: new Map(),
        frozen: new Set(),
        dust: 0n,
        deposited: 0n,
        feeBps: RENT_FEE_BPS,
        fees: 0n,
        statements: [],
      });
    }
    const supplyOf = (m: TokenModel): bigint => [...m.balances.values()].reduce((a, b) => a + b, 0n);
    const get = (map: Map<string, bigint>, key: string): bigint => map.get(key) ?? 0n;
    const registryFrozen = new Set<string>();
    const removed = new Set<string>();
    const held = (m: TokenModel, h: string): boolean => m.frozen.has(h) || registryFrozen.has(h) || removed.has(h);
    const claimable = (m: TokenModel, h: string): bigint => get(m.accrued, h) - get(m.withdrawn, h);
    const balanceOf = (wallet: string): Promise<bigint> => p.stablecoin.balanceOf(wallet);
    const amlWatcher = payoutWatcher(
      holders.map((h) => h.address),
      { balanceOf, isFrozen: (wallet) => p.registry.isFrozen(wallet) },
    );

    let claimedTotal = 0n;
    const successes = new Map<string, number>();
    const succeeded = (kind: string): void => void successes.set(kind, (successes.get(kind) ?? 0) + 1);
    /**
     * Sends holder `h`'s call of `data` on `target`, directly or (a third of the time) signed by `h` and relayed
     * through the trusted forwarder (ERC-2771): the model is the same, `h` is who acts; true when it was mined.
     */
    const send = async (h: HardhatEthersSigner, target: BaseContract, data: string): Promise<boolean> => {
      const viaForwarder = rng.chance(1 / 3);
      const ok = await attempt(async () =>
        viaForwarder
          ? relayed(p.forwarder, p.outsider, h, target, data, { deadlineIn: 400 * 86_400 })
          : h.sendTransaction({ to: await target.getAddress(), data }),
      );
      if (ok && viaForwarder) succeeded("forwarded");
      return ok;
    };
    const check = async (step: number, label: string): Promise<void> => {
      const where = `seed ${seed}, step ${step} (${label})`;
      let owedEverywhere = 0n;
      for (const m of models) {
        expect(await p.distributor.dustOf(m.address), where).to.equal(m.dust);
        expect(await p.distributor.depositCountOf(m.address), where).to.equal(BigInt(m.statements.length));
        expect(await p.distributor.statementHashOf(m.address, m.statements.length), where).to.equal(
          m.statements.at(-1) ?? ZeroHash,
        );
        owedEverywhere += m.dust;
        for (const h of holders) {
          const onChain = await p.distributor.claimableOf(m.address, h.address);
          expect(onChain, `${where}: claimable of ${h.address}`).to.equal(claimable(m, h.address));
          owedEverywhere += onChain;
        }
      }
      expect(await p.stablecoin.balanceOf(distributorAddress), where).to.equal(owedEverywhere);
      const fees = models.reduce((sum, x) => sum + x.fees, 0n);
      expect(await p.stablecoin.balanceOf(p.feeRecipient.address), `${where}: rent fees`).to.equal(fees);
    };

    for (let step = 0; step < STEPS; step++) {
      const m = rng.pick(models);
      const h = rng.pick(holders);
      const roll = rng.next();
      let label: string;
      // A token freeze holds that token's rent only: watched on the step's token.
      const tokenWatcher = payoutWatcher(
        holders.map((h) => h.address),
        { balanceOf, isFrozen: (wallet) => m.token.isFrozen(wallet) },
      );
      await amlWatcher.before();
      await tokenWatcher.before();
      if (roll < 0.3) {
        label = "deposit";
        if (rng.chance(0.1)) {
          // The admin gives this property its own rent fee (never above the platform's), or takes it back.
          const override = rng.big(0n, RENT_FEE_BPS);
          await p.fees.connect(p.admin).setOverride(FeeKind.Rent, m.address, override);
          m.feeBps = override;
          succeeded("override");
        }
        const supply = supplyOf(m);
        const amount = rng.chance(0.1) ? rng.big(0n, supply + supply / 10n) : rng.big(1n, 5_000_000_000n);
        const fee = (amount * m.feeBps) / 10_000n;
        const pool = amount - fee + m.dust;
        const perUnit = supply === 0n ? 0n : pool / supply;
        // Mostly a new period; sometimes none, one this token paid already, or one the other token paid.
        const other = models.find((x) => x !== m)!;
        const statement = rng.chance(0.08)
          ? ZeroHash
          : rng.chance(0.1) && m.statements.length > 0
            ? rng.pick(m.statements)
            : rng.chance(0.1) && other.statements.length > 0
              ? rng.pick(other.statements)
              : statementHash(`step ${step}`);
        const fresh = statement !== ZeroHash && !m.statements.includes(statement);
        const ok = await attempt(() => p.distributor.connect(p.manager).deposit(m.address, amount, statement));
        expect(ok, `seed ${seed}, step ${step}: deposit ${amount} over ${supply}, statement ${statement}`).to.equal(
          perUnit > 0n && fresh,
        );
        if (!ok) succeeded(fresh ? "refusedDeposit" : "refusedStatement");
        if (ok) {
          succeeded("deposit");
          m.statements.push(statement);
          for (const [holder, units] of m.balances) m.accrued.set(holder, get(m.accrued, holder) + perUnit * units);
          m.dust = pool - perUnit * supply;
          m.deposited += amount;
          m.fees += fee;
        }
      } else if (roll < 0.55) {
        label = "transfer";
        const to = rng.pick(holders);
        const units = rng.big(0n, get(m.balances, h.address));
        // Refused by the token when a party is frozen or removed: then nothing moved.
        if (await send(h, m.token, m.token.interface.encodeFunctionData("transfer", [to.address, units]))) {
          m.balances.set(h.address, get(m.balances, h.address) - units);
          m.balances.set(to.address, get(m.balances, to.address) + units);
        }
      } else if (roll < 0.62) {
        label = "issue";
        const units = rng.big(1n, 40n);
        if (
          await attempt(() => m.token.connect(p.manager).issueByPartition(DEFAULT_PARTITION, h.address, units, "0x"))
        ) {
          m.balances.set(h.address, get(m.balances, h.address) + units);
        }
      } else if (roll < 0.68) {
        label = "redeem";
        const units = rng.big(0n, get(m.balances, h.address));
        if (units > 0n && supplyOf(m) > units && (await attempt(() => m.token.connect(h).redeem(units, "0x")))) {
          m.balances.set(h.address, get(m.balances, h.address) - units);
        }
      } else if (roll < 0.74) {
        label = "hold";
        const kind = rng.int(0, 2);
        if (kind === 0) {
          const freeze = !m.frozen.has(h.address);
          await (await m.token.connect(p.manager).setAddressFrozen(h.address, freeze)).wait();
          if (freeze) m.frozen.add(h.address);
          else m.frozen.delete(h.address);
        } else if (removed.has(h.address)) {
          await register(p, h.address);
          removed.delete(h.address);
          // A registry freeze (an AML hold) survives removal and re-registration: it stays in the model too.
        } else if (kind === 1) {
          const freeze = !registryFrozen.has(h.address);
          await (await p.registry.connect(p.complianceAgent).setFrozen(h.address, freeze)).wait();
          if (freeze) registryFrozen.add(h.address);
          else registryFrozen.delete(h.address);
        } else {
          await (await p.registry.connect(p.complianceAgent).removeIdentity(h.address)).wait();
          removed.add(h.address);
        }
        succeeded("hold");
      } else if (roll < 0.78) {
        label = "redirect";
        const to = rng.pick(holders);
        const owed = claimable(m, h.address);
        const ok = await attempt(() => p.distributor.connect(p.manager).redirectRent(m.address, h.address, to.address));
        // The receiver's own hold is never ignored: a frozen receiver (token or registry) is refused.
        const toFrozen = m.frozen.has(to.address) || registryFrozen.has(to.address);
        expect(ok, `seed ${seed}, step ${step}: redirect of ${owed}`).to.equal(
          owed > 0n && !removed.has(to.address) && !toFrozen,
        );
        if (owed > 0n && toFrozen) succeeded("redirectToFrozenRefused");
        if (ok) {
          succeeded("redirect");
          m.withdrawn.set(h.address, get(m.withdrawn, h.address) + owed);
          claimedTotal += owed;
        }
      } else if (roll < 0.9) {
        label = "claim";
        const owed = claimable(m, h.address);
        const ok = await send(h, p.distributor, p.distributor.interface.encodeFunctionData("claim", [m.address]));
        expect(ok, `seed ${seed}, step ${step}: claim of ${owed}`).to.equal(owed > 0n && !held(m, h.address));
        if (ok) {
          succeeded("claim");
          m.withdrawn.set(h.address, get(m.withdrawn, h.address) + owed);
          claimedTotal += owed;
        }
      } else {
        label = "claimMany";
        // Positions on hold are skipped; their rent stays accrued.
        const free = models.filter((x) => !held(x, h.address));
        const owed = free.reduce((sum, x) => sum + claimable(x, h.address), 0n);
        const claimMany = p.distributor.interface.encodeFunctionData("claimMany", [models.map((x) => x.address)]);
        const ok = await send(h, p.distributor, claimMany);
        expect(ok, `seed ${seed}, step ${step}: claimMany of ${owed}`).to.equal(owed > 0n);
        if (ok) {
          succeeded("claimMany");
          for (const x of free) x.withdrawn.set(h.address, get(x.accrued, h.address));
          claimedTotal += owed;
        }
      }
      await check(step, label);
      await amlWatcher.after(`seed ${seed}, step ${step} (${label})`);
      if (label !== "claimMany") await tokenWatcher.after(`seed ${seed}, step ${step} (${label})`);
    }

    for (const kind of [
      "deposit",
      "refusedDeposit",
      "refusedStatement",
      "override",
      "claim",
      "claimMany",
      "hold",
      "redirect",
      "redirectToFrozenRefused",
      "forwarded",
    ]) {
      expect(successes.get(kind) ?? 0, `${kind} never happened (seed ${seed})`).to.be.greaterThan(0);
    }

    // Every hold is lifted, then everybody collects: the claims add up to the deposits minus the dust still carried.
    for (const h of holders) {
      if (removed.has(h.address)) await register(p, h.address);
      if (registryFrozen.has(h.address)) await p.registry.connect(p.complianceAgent).setFrozen(h.address, false);
      for (const x of models)
        if (x.frozen.has(h.address)) await x.token.connect(p.manager).setAddressFrozen(h.address, false);
    }
    for (const h of holders) {
      const owed = models.reduce((sum, x) => sum + claimable(x, h.address), 0n);
      if (owed === 0n) continue;
      await p.distributor.connect(h).claimMany(models.map((x) => x.address));
      claimedTotal += owed;
    }
    const deposited = models.reduce((sum, x) => sum + x.deposited, 0n);
    const dust = models.reduce((sum, x) => sum + x.dust, 0n);
    const fees = models.reduce((sum, x) => sum + x.fees, 0n);
    expect(fees, "some rent fee was taken").to.be.greaterThan(0n);
    // Money in = money out + fees, to the unit.
    expect(deposited).to.equal(claimedTotal + fees + dust);
    expect(await p.stablecoin.balanceOf(p.feeRecipient.address)).to.equal(fees);
    expect(await p.stablecoin.balanceOf(distributorAddress)).to.equal(dust);
    let paid = 0n;
    for (const h of holders) paid += await p.stablecoin.balanceOf(h.address);
    expect(paid).to.equal(claimedTotal);
    for (const x of models) {
      const [distributed, claimed] = await p.distributor.totalsOf(x.address);
      expect(distributed - claimed).to.equal(0n);
      expect(distributed).to.equal(x.deposited - x.fees - x.dust);
      expect(new Set(x.statements).size).to.equal(x.statements.length);
      for (const [index, statement] of x.statements.entries()) {
        expect(statement).to.not.equal(ZeroHash);
        expect(await p.distributor.statementHashOf(x.address, index + 1)).to.equal(statement);
        expect(await p.distributor.depositOfStatement(x.address, statement)).to.equal(BigInt(index + 1));
      }
    }
  });
});
