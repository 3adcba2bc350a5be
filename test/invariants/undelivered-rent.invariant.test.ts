/**
 * Invariant run of rent against delivery (review finding: paid subscribers lost the rent deposited before their
 * units were delivered). Each run launches a property with random caps, sometimes with a founder's units issued
 * directly by the manager before the sale; then, at random: subscriptions, registry freezes and unfreezes, the
 * issuer's cancellation, the end of the sale (success or failure), finalization, partial deliveries (`claim`,
 * `claimFor` by an outsider), removals from the registry that make a position unclaimable, refunds (`refund`,
 * `refundFor` by the manager), rent deposits of random size (some too small) and holders' rent claims.
 *
 * The model is the rule the platform promises: a deposit is shared pro rata over every unit a holder is entitled to
 * at that moment, the units issued plus, once the offering is finalized, the units sold to subscribers and neither
 * delivered nor refunded (whole base units per unit, the remainder carried as dust). After every step, successful or
 * refused:
 *   each wallet's rent on chain (claimable + already claimed) == the model's,
 *   the token's supply == the founder's units + the units delivered,
 *   `undeliveredUnits()` of the offering and `undeliveredUnitsOf(token)` of the distributor == the model's units owed,
 *   the distributor's dust == the model's;
 * and a deposit succeeds exactly when the model says it can: units issued, nothing owed to a subscriber, at least one
 * base unit per unit. At the end of each run every hold is lifted, every position is delivered or refunded, one more
 * deposit must go through, and every subscriber who paid and was not refunded is entitled to exactly its units times
 * the rent per unit of every deposit made after finalization; all rent entitled == all rent deposited - the dust.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { MaxUint256 } from "ethers";
import {
  deployPlatform,
  issueTo,
  launch,
  nextStatementHash,
  usd,
  type Launched,
  type Platform,
} from "../factory/fixture.js";
import { attempt } from "./actors.js";
import { Prng, seedFrom } from "./prng.js";

const { ethers, networkHelpers } = await network.create();

const RUNS = 12;
const STEPS_PER_RUN = 70;
const WINDOW = 30n * 86_400n;

type Outcome = "open" | "finalized" | "cancelled" | "failed";

interface Model {
  outcome: Outcome;
  ended: boolean;
  sold: bigint;
  /** Units each wallet subscribed (kept after settlement: what it paid for). */
  subscribed: Map<string, bigint>;
  delivered: Set<string>;
  refunded: Set<string>;
  balance: Map<string, bigint>;
  /** Rent each wallet is entitled to, by the model's rule, and what it already claimed. */
  rent: Map<string, bigint>;
  withdrawn: Map<string, bigint>;
  dust: bigint;
  deposited: bigint;
  /** Sum of the rent per unit of the deposits made after finalization. */
  perUnitAfterFinalization: bigint;
  frozen: Set<string>;
  removed: Set<string>;
}

describe("Invariant: every paid subscriber earns its share of every deposit after finalization", function () {
  async function platform(): Promise<Platform> {
    const p = await deployPlatform(ethers, networkHelpers);
    await p.stablecoin.connect(p.admin).mint(p.manager.address, 10n ** 15n);
    await p.stablecoin.connect(p.manager).approve(await p.distributor.getAddress(), MaxUint256);
    for (const investor of p.investors) await p.stablecoin.connect(p.admin).mint(investor.address, 10n ** 15n);
    return p;
  }

  it("shares every deposit over the units delivered and owed alike, and refuses it while units are owed", async function () {
    const seed = seedFrom(20_261_207);
    const rng = new Prng(seed);
    const counts = new Map<string, number>();
    const count = (kind: string): void => void counts.set(kind, (counts.get(kind) ?? 0) + 1);

    for (let run = 0; run < RUNS; run++) {
      const p = await networkHelpers.loadFixture(platform);
      const subscribers: HardhatEthersSigner[] = p.investors.slice(0, 9);
      const founder = p.investors[9]!;
      const everyone = [...subscribers, founder];
      const hardCap = rng.big(60n, 400n);
      const softCap = rng.big(1n, hardCap / 3n);
      const l: Launched = await launch(p, {
        propertyId: ethers.id(`undelivered-rent-${run}`),
        hardCap,
        softCap,
        minTicket: 1n,
        maxTicket: hardCap,
        pricePerUnit: usd(10),
      });
      const token = await l.token.getAddress();
      const offeringAddress = await l.offering.getAddress();
      for (const s of subscribers) await p.stablecoin.connect(s).approve(offeringAddress, MaxUint256);

      const m: Model = {
        outcome: "open",
        ended: false,
        sold: 0n,
        subscribed: new Map(),
        delivered: new Set(),
        refunded: new Set(),
        balance: new Map(),
        rent: new Map(),
        withdrawn: new Map(),
        dust: 0n,
        deposited: 0n,
        perUnitAfterFinalization: 0n,
        frozen: new Set(),
        removed: new Set(),
      };
      const get = (map: Map<string, bigint>, key: string): bigint => map.get(key) ?? 0n;
      const add = (map: Map<string, bigint>, key: string, value: bigint): void =>
        void map.set(key, get(map, key) + value);
      if (rng.chance(0.5)) {
        const units = rng.big(1n, 100n);
        await issueTo(p, l.token, [founder], units);
        add(m.balance, founder.address, units);
      }
      await networkHelpers.time.increaseTo(l.params.startTime);

      const settled = (w: string): boolean => m.delivered.has(w) || m.refunded.has(w);
      /** Units the finalized offering owes `w`: sold, neither delivered nor refunded. */
      const owedTo = (w: string): bigint => (m.outcome === "finalized" && !settled(w) ? get(m.subscribed, w) : 0n);
      const owed = (): bigint => everyone.reduce((sum, w) => sum + owedTo(w.address), 0n);
      const issued = (): bigint => everyone.reduce((sum, w) => sum + get(m.balance, w.address), 0n);
      const unsettled = (): HardhatEthersSigner[] =>
        subscribers.filter((s) => get(m.subscribed, s.address) > 0n && !settled(s.address));

      const check = async (step: number | string, label: string): Promise<void> => {
        const where = `seed ${seed}, run ${run}, step ${step} (${label})`;
        for (const w of everyone) {
          const onChain = (await p.distributor.claimableOf(token, w.address)) + get(m.withdrawn, w.address);
          expect(onChain, `${where}: rent of ${w.address}`).to.equal(get(m.rent, w.address));
        }
        expect(await l.token.totalSupply(), where).to.equal(issued());
        expect(await l.offering.undeliveredUnits(), where).to.equal(owed());
        expect(await p.distributor.undeliveredUnitsOf(token), where).to.equal(owed());
        expect(await p.distributor.dustOf(token), where).to.equal(m.dust);
      };

      const deposit = async (amount: bigint): Promise<boolean> => {
        // What the platform promises: pro rata over units issued and units owed to paid subscribers.
        const entitled = issued() + owed();
        const ok = await attempt(() => p.distributor.connect(p.manager).deposit(token, amount, nextStatementHash()));
        if (ok) {
          const pool = amount + m.dust;
          const perUnit = pool / entitled;
          m.dust = pool - perUnit * entitled;
          m.deposited += amount;
          for (const w of everyone) {
            add(m.rent, w.address, perUnit * (get(m.balance, w.address) + owedTo(w.address)));
          }
          if (m.outcome === "finalized") m.perUnitAfterFinalization += perUnit;
          count("deposit");
        } else count(owed() !== 0n ? "deposit refused while owed" : "deposit refused");
        return ok;
      };
      const depositStep = async (step: number | string, amount: bigint): Promise<void> => {
        const refusable = owed() !== 0n || issued() === 0n || (amount + m.dust) / issued() === 0n;
        const ok = await deposit(amount);
        // The entitlements first (the property), then whether the deposit went through as it should.
        await check(step, `deposit ${amount}`);
        expect(ok, `seed ${seed}, run ${run}, step ${step}: deposit of ${amount}, owed ${owed()}`).to.equal(!refusable);
      };

      const toggleFreeze = async (s: HardhatEthersSigner): Promise<void> => {
        if (m.removed.has(s.address)) return;
        const frozen = !m.frozen.has(s.address);
        await p.registry.connect(p.complianceAgent).setFrozen(s.address, frozen);
        if (frozen) m.frozen.add(s.address);
        else m.frozen.delete(s.address);
      };
      const deliver = async (s: HardhatEthersSigner, byOutsider: boolean): Promise<boolean> => {
        const ok = await attempt(() =>
          byOutsider ? l.offering.connect(p.outsider).claimFor(s.address) : l.offering.connect(s).claim(),
        );
        if (ok) {
          m.delivered.add(s.address);
          add(m.balance, s.address, get(m.subscribed, s.address));
          count("delivery");
        }
        return ok;
      };
      const refund = async (s: HardhatEthersSigner, byManager: boolean): Promise<boolean> => {
        const ok = await attempt(() =>
          byManager ? l.offering.connect(p.manager).refundFor(s.address) : l.offering.connect(s).refund(),
        );
        if (ok) {
          m.refunded.add(s.address);
          count("refund");
        }
        return ok;
      };

      for (let step = 0; step < STEPS_PER_RUN; step++) {
        const roll = rng.next();
        let label = "";
        if (m.outcome === "open" && !m.ended) {
          if (roll < 0.6) {
            const s = rng.pick(subscribers);
            const units = rng.big(1n, hardCap / 3n);
            label = `subscribe ${units}`;
            const ok = await attempt(() => l.offering.connect(s).subscribe(units));
            if (ok) {
              add(m.subscribed, s.address, units);
              m.sold += units;
              count("subscribe");
            }
          } else if (roll < 0.7) {
            label = "deposit (open)";
            await depositStep(step, rng.big(usd(1), usd(1_000)));
            continue;
          } else if (roll < 0.76) {
            label = "freeze toggle";
            await toggleFreeze(rng.pick(subscribers));
          } else if (roll < 0.77) {
            label = "cancel";
            if (await attempt(() => l.offering.connect(p.manager).cancel())) m.outcome = "cancelled";
          } else if (roll < 0.81 || m.sold === hardCap) {
            label = "end of sale";
            await networkHelpers.time.increaseTo(l.params.endTime);
            m.ended = true;
            if (m.sold < softCap) m.outcome = "failed";
          }
        } else if (m.outcome === "open") {
          // Ended with the soft cap: finalize, or (rarely) let the window run out.
          if (roll < 0.85) {
            label = "finalize";
            expect(await attempt(() => l.offering.connect(p.manager).finalize()), label).to.equal(true);
            m.outcome = "finalized";
          } else {
            label = "window runs out";
            await networkHelpers.time.increaseTo(BigInt(l.params.endTime) + WINDOW);
            m.outcome = "failed";
          }
        } else {
          const open = unsettled();
          if (roll < 0.35 && open.length > 0) {
            const s = rng.pick(open);
            if (m.outcome === "finalized") {
              label = "deliver";
              await deliver(s, rng.chance(0.5));
            } else {
              label = "refund (failed or cancelled)";
              await refund(s, rng.chance(0.5));
            }
          } else if (roll < 0.45 && open.length > 0) {
            label = "refund attempt";
            await refund(rng.pick(open), rng.chance(0.5));
          } else if (roll < 0.5 && open.length > 0) {
            const s = rng.pick(open);
            label = "remove from registry";
            if (!m.frozen.has(s.address) && !m.removed.has(s.address)) {
              await p.registry.connect(p.complianceAgent).removeIdentity(s.address);
              m.removed.add(s.address);
            }
          } else if (roll < 0.6) {
            label = "freeze toggle";
            await toggleFreeze(rng.pick(subscribers));
          } else if (roll < 0.85) {
            label = "deposit";
            await depositStep(step, rng.chance(0.1) ? rng.big(1n, 50n) : rng.big(usd(1), usd(1_000)));
            continue;
          } else {
            const w = rng.pick(everyone);
            label = "rent claim";
            const due = get(m.rent, w.address) - get(m.withdrawn, w.address);
            if (await attempt(() => p.distributor.connect(w).claim(token))) {
              add(m.withdrawn, w.address, due);
              count("rent claim");
            }
          }
        }
        await check(step, label || "nothing");
      }

      // The end: the sale closed (finalized when it can be), every hold lifted, every position delivered or
      // refunded, one more deposit.
      if (m.outcome === "open") {
        if (!m.ended) await networkHelpers.time.increaseTo(l.params.endTime);
        m.ended = true;
        if (m.sold >= softCap) {
          expect(await attempt(() => l.offering.connect(p.manager).finalize()), "finalize at the end").to.equal(true);
          m.outcome = "finalized";
        } else m.outcome = "failed";
        await check("end", "sale closed");
      }
      for (const s of subscribers) if (m.frozen.has(s.address)) await toggleFreeze(s);
      for (const s of unsettled()) {
        if (m.outcome === "finalized" && (await deliver(s, true))) continue;
        expect(await refund(s, true), `seed ${seed}, run ${run}: refund of ${s.address} at the end`).to.equal(true);
      }
      if (issued() > 0n) await depositStep("end", usd(1_000));
      await check("end", "all settled");
      if (m.outcome === "finalized") {
        for (const s of subscribers) {
          if (!m.delivered.has(s.address)) continue;
          expect(get(m.rent, s.address), `seed ${seed}, run ${run}: ${s.address}'s share`).to.equal(
            get(m.subscribed, s.address) * m.perUnitAfterFinalization,
          );
        }
      }
      let entitled = 0n;
      for (const w of everyone) entitled += get(m.rent, w.address);
      expect(entitled + m.dust, `seed ${seed}, run ${run}: rent entitled + dust == deposits`).to.equal(m.deposited);
      const [distributed] = await p.distributor.totalsOf(token);
      expect(distributed, `seed ${seed}, run ${run}`).to.equal(entitled);
      count(`run ${m.outcome}`);
    }

    // The runs exercised what they claim to.
    const kinds = [
      "subscribe",
      "delivery",
      "refund",
      "deposit",
      "deposit refused while owed",
      "rent claim",
      "run finalized",
    ];
    for (const kind of kinds) {
      expect(counts.get(kind) ?? 0, `${kind} (seed ${seed}): ${JSON.stringify([...counts])}`).to.be.greaterThan(0);
    }
  });
});
