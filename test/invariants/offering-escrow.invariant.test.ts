/**
 * Invariant run of the offering escrow: random actors subscribe (approve or permit) or redeem private placement
 * invitations (issue 20: each at its own price, some replayed, expired, revoked, for another identity or outside
 * their range), time moves, the issuer (or an impostor) finalizes, cancels or revokes invitations, investors claim or
 * take refunds, anyone releases the proceeds of claimed units, across offerings with random terms. After every step,
 * successful or refused:
 *   stablecoin balance of the offering == escrowOwed() == the model's debt
 *     (what open subscriptions paid + unclaimed refunds + unreleased proceeds of claimed units, each at its price),
 *   each wallet's paidBy() == what the model says it paid,
 *   sum of wallets' subscriptions == unitsSold, each identity's total == the sum of its wallets',
 *   token supply == units claimed;
 * and every action succeeds exactly when the model says it should. At the end of each offering everyone settles
 * and the escrow is empty, and money in == refunds + treasury + fees, to the unit (the fee of each release being
 * the fee on the cumulative amount released, minus the fee already taken). About a third of the investors' and the issuer's calls go through the trusted forwarder
 * (ERC-2771, signed by the actor, submitted by a relayer): the model does not change, the signer is who acts.
 * Wallets are frozen and unfrozen at random (an AML hold, in the identity registry or on the token, each applying to
 * every wallet of the identity): a frozen wallet cannot subscribe, claim or take a refund (failed, cancelled or
 * finalized offering alike), and after every step no payment reached a wallet that was frozen at that moment.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { MaxUint256 } from "ethers";
import { offeringDomain, signInvitation, type SignedInvitation } from "@freehold/dev-kit/deploy";
import { DAY, deployPlatform, launch, signPermit, type Launched, type Platform } from "../factory/fixture.js";
import { relayed } from "../helpers/forwarder.js";
import { attempt, investorActors, payoutWatcher } from "./actors.js";
import { Prng, seedFrom } from "./prng.js";

const { ethers, networkHelpers } = await network.create();

const RUNS = 4;
const STEPS_PER_RUN = 70;
/** Units whose price overflows uint256: refused by name (cap, ticket, invitation range), never an overflow panic. */
const HUGE = 2n ** 250n;
const WINDOW = 30n * BigInt(DAY);

type Outcome = "open" | "finalized" | "cancelled";

interface Model {
  sold: bigint;
  byWallet: Map<string, bigint>;
  byIdentity: Map<string, bigint>;
  /** What each wallet paid, each unit at its price (the terms' or its invitation's). */
  paidByWallet: Map<string, bigint>;
  settled: Set<string>;
  claimedUnits: bigint;
  refundedUnits: bigint;
  releasedUnits: bigint;
  paidIn: bigint;
  refunded: bigint;
  claimedPaid: bigint;
  released: bigint;
  fees: bigint;
  toTreasury: bigint;
  /** Invitations signed in this run, and which were redeemed or revoked. */
  invitations: SignedInvitation[];
  used: Set<string>;
  revoked: Set<string>;
  outcome: Outcome;
}

describe("Invariant: offering escrow", function () {
  it("always holds exactly what it owes, and acts exactly as modelled", async function () {
    const seed = seedFrom(20_261_202);
    const rng = new Prng(seed);
    const p: Platform = await deployPlatform(ethers, networkHelpers);
    // Two more wallets belonging to the identities of the first two investors.
    const { wallets, identityOf } = await investorActors(p);

    let clock = BigInt(await networkHelpers.time.latest());
    /** Every transaction is mined at a timestamp the model knows. */
    const at = async (advance: bigint): Promise<bigint> => {
      const latest = BigInt(await networkHelpers.time.latest()); // set-up transactions mine blocks too
      if (clock < latest) clock = latest;
      clock += 1n + advance;
      await networkHelpers.time.setNextBlockTimestamp(clock);
      return clock;
    };

    let steps = 0;
    const successes = new Map<string, number>();

    const succeeded = (kind: string): void => void successes.set(kind, (successes.get(kind) ?? 0) + 1);
    for (let run = 0; run < RUNS; run++) {
      // Even runs have a small soft cap (they mostly succeed), odd runs a large one (they mostly fail).
      const softCap = run % 2 === 0 ? rng.big(10n, 80n) : rng.big(200n, 600n);
      const hardCap = softCap + rng.big(0n, 400n);
      const minTicket = rng.big(1n, 20n);
      const maxTicket = minTicket + rng.big(20n, 300n);
      const pricePerUnit = rng.big(1n, 500n) * 10_000n;
      clock += 10n;
      const startTime = clock + 100n;
      const endTime = startTime + rng.big(2n, 20n) * BigInt(DAY);
      await networkHelpers.time.setNextBlockTimestamp(clock);
      const l: Launched = await launch(p, {
        propertyId: ethers.id(`invariant-${seed}-${run}`),
        softCap,
        hardCap,
        minTicket,
        maxTicket,
        pricePerUnit,
        startTime,
        endTime,
      });
      clock = BigInt(await networkHelpers.time.latest());
      const offering = l.offering;
      const offeringAddress = await offering.getAddress();
      const { feeBps } = await offering.terms();
      const feeOn = (amount: bigint): bigint => (amount * feeBps) / 10_000n;
      const domain = offeringDomain((await ethers.provider.getNetwork()).chainId, offeringAddress);
      const identities = [...new Set(identityOf.values())];
      /**
       * Sends `actor`'s call of `data` on the offering, directly or (a third of the time) signed by the actor and
       * relayed through the trusted forwarder; true when it was mined.
       */
      const send = async (actor: HardhatEthersSigner, data: string): Promise<boolean> => {
        const viaForwarder = rng.chance(1 / 3);
        const ok = await attempt(() =>
          viaForwarder
            ? relayed(p.forwarder, p.outsider, actor, offering, data, { deadlineIn: 400 * DAY })
            : actor.sendTransaction({ to: offeringAddress, data }),
        );
        if (ok && viaForwarder) succeeded("forwarded");
        return ok;
      };
      for (const w of wallets) await p.stablecoin.connect(w).approve(offeringAddress, MaxUint256);
      clock = BigInt(await networkHelpers.time.latest());

      const m: Model = {
        sold: 0n,
        byWallet: new Map(),
        byIdentity: new Map(),
        paidByWallet: new Map(),
        settled: new Set(),
        claimedUnits: 0n,
        refundedUnits: 0n,
        releasedUnits: 0n,
        paidIn: 0n,
        refunded: 0n,
        claimedPaid: 0n,
        released: 0n,
        fees: 0n,
        toTreasury: 0n,
        invitations: [],
        used: new Set(),
        revoked: new Set(),
        outcome: "open",
      };
      /** An AML hold: the wallet's identity frozen on this offering's token or in the registry. */
      const frozenOf = async (w: HardhatEthersSigner): Promise<boolean> =>
        (await l.token.isFrozen(w.address)) || (await p.registry.isFrozen(w.address));
      const watcher = payoutWatcher(
        wallets.map((w) => w.address),
        {
          balanceOf: (wallet) => p.stablecoin.balanceOf(wallet),
          isFrozen: async (wallet) => (await l.token.isFrozen(wallet)) || (await p.registry.isFrozen(wallet)),
        },
      );
      const treasuryBefore = await p.stablecoin.balanceOf(p.treasury.address);
      const feesBefore = await p.stablecoin.balanceOf(p.feeRecipient.address);
      const stateAt = (t: bigint): string => {
        if (m.outcome === "finalized") return "Finalized";
        if (m.outcome === "cancelled") return "Cancelled";
        if (t < startTime) return "Pending";
        if (t >= endTime + WINDOW) return "Failed";
        if (m.sold === hardCap) return "Succeeded";
        if (t < endTime) return "Active";
        return m.sold >= softCap ? "Succeeded" : "Failed";
      };
      // Issue 13 §1: payments leave the escrow only as refunds or as released proceeds of claimed units.
      const owed = (): bigint => m.paidIn - m.refunded - m.released;
      const check = async (label: string): Promise<void> => {
        const where = `seed ${seed}, run ${run}, step ${steps} (${label})`;
        expect(await p.stablecoin.balanceOf(offeringAddress), where).to.equal(owed());
        expect(await offering.escrowOwed(), where).to.equal(owed());
        expect(await offering.unitsSold(), where).to.equal(m.sold);
        let sum = 0n;
        for (const w of wallets) sum += await offering.subscribedUnitsOf(w.address);
        expect(sum, where).to.equal(m.sold);
        for (const w of wallets) {
          expect(await offering.paidBy(w.address), where).to.equal(m.paidByWallet.get(w.address) ?? 0n);
        }
        expect(await p.stablecoin.balanceOf(p.treasury.address), where).to.equal(treasuryBefore + m.toTreasury);
        expect(await p.stablecoin.balanceOf(p.feeRecipient.address), where).to.equal(feesBefore + m.fees);
        for (const identity of new Set(identityOf.values())) {
          expect(await offering.subscribedUnitsOfIdentity(identity), where).to.equal(m.byIdentity.get(identity) ?? 0n);
        }
        expect(await l.token.totalSupply(), where).to.equal(m.claimedUnits);
      };

      /** A permit's value is a uint256: an overflowing price is signed as the largest value. */
      const permitValue = (price: bigint): bigint => (price < MaxUint256 ? price : MaxUint256);
      const subscribe = async (w: HardhatEthersSigner, units: bigint, withPermit: boolean): Promise<void> => {
        const identity = identityOf.get(w.address)!;
        const total = (m.byIdentity.get(identity) ?? 0n) + units;
        let deadline = 0n;
        let sig: Awaited<ReturnType<typeof signPermit>> | undefined;
        if (withPermit) {
          deadline = clock + BigInt(DAY);
          sig = await signPermit(p, w, offeringAddress, permitValue(units * pricePerUnit), deadline);
        }
        const frozen = await frozenOf(w);
        const t = await at(rng.big(0n, 3n) * 3_600n);
        const expected =
          !frozen &&
          stateAt(t) === "Active" &&
          units > 0n &&
          units <= hardCap - m.sold &&
          total >= minTicket &&
          total <= maxTicket;
        const ok = await send(
          w,
          sig
            ? offering.interface.encodeFunctionData("subscribeWithPermit", [units, deadline, sig.v, sig.r, sig.s])
            : offering.interface.encodeFunctionData("subscribe", [units]),
        );
        expect(ok, `seed ${seed}, run ${run}, step ${steps}: subscribe ${units} in ${stateAt(t)}`).to.equal(expected);
        if (ok) {
          succeeded(withPermit ? "subscribeWithPermit" : "subscribe");
          // The permit replaced the standing approval with the exact price, now spent: approve again.
          if (withPermit) await (await p.stablecoin.connect(w).approve(offeringAddress, MaxUint256)).wait();
          book(w, identity, units, units * pricePerUnit);
        }
      };
      const book = (w: HardhatEthersSigner, identity: string, units: bigint, paid: bigint): void => {
        m.sold += units;
        m.byWallet.set(w.address, (m.byWallet.get(w.address) ?? 0n) + units);
        m.byIdentity.set(identity, (m.byIdentity.get(identity) ?? 0n) + units);
        m.paidByWallet.set(w.address, (m.paidByWallet.get(w.address) ?? 0n) + paid);
        m.paidIn += paid;
      };

      /** The issuer signs a new invitation, for `w`'s identity most of the time, at a price of its own. */
      const invite = async (w: HardhatEthersSigner): Promise<SignedInvitation> => {
        const minUnits = rng.big(0n, 20n);
        const signed = await signInvitation(p.manager, domain, {
          identity: rng.chance(0.85) ? identityOf.get(w.address)! : rng.pick(identities),
          minUnits,
          maxUnits: minUnits + rng.big(0n, 150n),
          pricePerUnit: rng.chance(0.05) ? 0n : rng.big(1n, 900n) * 10_000n + rng.big(0n, 9_999n),
          expiry: clock + rng.big(0n, 6n) * BigInt(DAY),
          salt: ethers.id(`${seed}-${run}-${m.invitations.length}`),
        });
        m.invitations.push(signed);
        return signed;
      };
      /** `w` redeems a new or an earlier invitation (a replay once used), for random units, approve or permit. */
      const redeem = async (w: HardhatEthersSigner, units: bigint, withPermit: boolean): Promise<void> => {
        const signed = m.invitations.length > 0 && rng.chance(0.3) ? rng.pick(m.invitations) : await invite(w);
        const { invitation, signature, hash } = signed;
        const identity = identityOf.get(w.address)!;
        const price = units * invitation.pricePerUnit;
        let data = offering.interface.encodeFunctionData("subscribeWithInvitation", [invitation, units, signature]);
        if (withPermit) {
          const deadline = clock + BigInt(DAY);
          const sig = await signPermit(p, w, offeringAddress, permitValue(price), deadline);
          data = offering.interface.encodeFunctionData("subscribeWithInvitationAndPermit", [
            invitation,
            units,
            signature,
            deadline,
            sig.v,
            sig.r,
            sig.s,
          ]);
        }
        const frozen = await frozenOf(w);
        const t = await at(rng.big(0n, 3n) * 3_600n);
        const total = (m.byIdentity.get(identity) ?? 0n) + units;
        const expected =
          !frozen &&
          stateAt(t) === "Active" &&
          !m.used.has(hash) &&
          !m.revoked.has(hash) &&
          t < invitation.expiry &&
          invitation.pricePerUnit > 0n &&
          units >= invitation.minUnits &&
          units <= invitation.maxUnits &&
          units > 0n &&
          units <= hardCap - m.sold &&
          total <= maxTicket &&
          invitation.identity === identity;
        const ok = await send(w, data);
        expect(ok, `seed ${seed}, run ${run}, step ${steps}: redeem ${units} in ${stateAt(t)}`).to.equal(expected);
        if (ok) {
          succeeded(withPermit ? "subscribeWithInvitationAndPermit" : "subscribeWithInvitation");
          if (withPermit) await (await p.stablecoin.connect(w).approve(offeringAddress, MaxUint256)).wait();
          m.used.add(hash);
          book(w, identity, units, price);
        }
      };
      const revoke = async (caller: HardhatEthersSigner): Promise<void> => {
        if (m.invitations.length === 0) await invite(caller);
        const { hash } = rng.pick(m.invitations);
        await at(0n);
        const expected = caller === p.manager && !m.used.has(hash) && !m.revoked.has(hash);
        const ok = await send(caller, offering.interface.encodeFunctionData("revokeInvitation", [hash]));
        expect(ok, `seed ${seed}, run ${run}, step ${steps}: revoke`).to.equal(expected);
        if (ok) {
          succeeded("revokeInvitation");
          m.revoked.add(hash);
        }
      };
      const settle = async (w: HardhatEthersSigner, kind: "claim" | "refund"): Promise<void> => {
        const t = await at(0n);
        const state = stateAt(t);
        const units = m.byWallet.get(w.address) ?? 0n;
        const open = units > 0n && !m.settled.has(w.address);
        const frozen = await frozenOf(w);
        const due = open && (kind === "claim" ? state === "Finalized" : state === "Failed" || state === "Cancelled");
        // An AML hold refuses both: no units, and no money back (audit 2026-12 finding 2 and its sibling).
        const expected = due && !frozen;
        const call =
          kind === "claim"
            ? offering.interface.encodeFunctionData("claim")
            : offering.interface.encodeFunctionData("refund");
        const ok = await send(w, call);
        expect(ok, `seed ${seed}, run ${run}, step ${steps}: ${kind} in ${state}${frozen ? ", frozen" : ""}`).to.equal(
          expected,
        );
        if (due && frozen) succeeded(`${kind} refused while frozen`);
        if (ok) {
          succeeded(kind);
          m.settled.add(w.address);
          const paid = m.paidByWallet.get(w.address) ?? 0n;
          if (kind === "claim") {
            m.claimedUnits += units;
            m.claimedPaid += paid;
          } else {
            m.refundedUnits += units;
            m.refunded += paid;
          }
        }
      };

      const release = async (): Promise<void> => {
        await at(0n);
        const expected = m.claimedUnits > m.releasedUnits;
        const ok = await attempt(() => offering.connect(rng.pick(wallets)).releaseProceeds());
        expect(ok, `seed ${seed}, run ${run}, step ${steps}: release`).to.equal(expected);
        if (ok) {
          succeeded("release");
          const fee = feeOn(m.claimedPaid) - feeOn(m.released);
          m.fees += fee;
          m.toTreasury += m.claimedPaid - m.released - fee;
          m.releasedUnits = m.claimedUnits;
          m.released = m.claimedPaid;
        }
      };

      for (let i = 0; i < STEPS_PER_RUN; i++, steps++) {
        await watcher.before();
        const roll = rng.next();
        const w = rng.pick(wallets);
        let label: string;
        const units = rng.chance(0.1)
          ? 0n
          : rng.chance(0.05)
            ? HUGE
            : rng.chance(0.2)
              ? rng.big(1n, maxTicket + 30n)
              : rng.big(1n, maxTicket / 3n + 5n);
        if (roll < 0.32) {
          label = "subscribe";
          await subscribe(w, units, rng.chance(units === HUGE ? 0.8 : 0.25));
        } else if (roll < 0.5) {
          label = "invitation";
          if (rng.chance(0.12)) await revoke(rng.chance(0.7) ? p.manager : w);
          else await redeem(w, units, rng.chance(units === HUGE ? 0.8 : 0.25));
        } else if (roll < 0.57) {
          label = "freeze";
          // Toggle the AML hold of w's identity, in the registry (platform-wide) or on this token.
          await at(0n);
          if (rng.chance(0.5)) {
            await p.registry.connect(p.complianceAgent).setFrozen(w.address, !(await p.registry.isFrozen(w.address)));
          } else {
            await l.token.connect(p.manager).setAddressFrozen(w.address, !(await l.token.isFrozen(w.address)));
          }
          succeeded("freeze");
        } else if (roll < 0.62) {
          label = "time";
          clock += rng.big(0n, 4n) * BigInt(DAY) + rng.big(0n, 86_399n);
        } else if (roll < 0.7) {
          label = "finalize";
          const caller = rng.chance(0.7) ? p.manager : w;
          const t = await at(0n);
          const expected = caller === p.manager && stateAt(t) === "Succeeded";
          const ok = await send(caller, offering.interface.encodeFunctionData("finalize"));
          expect(ok, `seed ${seed}, run ${run}, step ${steps}: finalize in ${stateAt(t)}`).to.equal(expected);
          if (ok) {
            succeeded("finalize");
            m.outcome = "finalized";
          }
        } else if (roll < 0.71) {
          label = "cancel";
          const caller = rng.chance(0.25) ? p.manager : w;
          const t = await at(0n);
          const state = stateAt(t);
          const expected = caller === p.manager && state !== "Finalized" && state !== "Cancelled";
          const ok = await send(caller, offering.interface.encodeFunctionData("cancel"));
          expect(ok, `seed ${seed}, run ${run}, step ${steps}: cancel in ${state}`).to.equal(expected);
          if (ok) {
            succeeded("cancel");
            m.outcome = "cancelled";
          }
        } else if (roll < 0.87) {
          label = "claim";
          await settle(w, "claim");
        } else if (roll < 0.96) {
          label = "refund";
          await settle(w, "refund");
        } else {
          label = "release";
          await release();
        }
        await check(label);
        await watcher.after(`seed ${seed}, run ${run}, step ${steps} (${label})`);
      }

      // Close the offering and let everyone settle: the escrow ends empty.
      clock = clock < endTime ? endTime : clock;
      if (m.outcome === "open" && stateAt(clock + 1n) === "Succeeded") {
        await at(0n);
        await offering.connect(p.manager).finalize();
        succeeded("finalize");
        m.outcome = "finalized";
      }
      // Everyone settles; a frozen wallet is refused and paid nothing until its hold is lifted (the registry's freeze
      // is platform-wide: the next run starts unfrozen).
      await watcher.before();
      for (const w of wallets) {
        if ((m.byWallet.get(w.address) ?? 0n) === 0n || m.settled.has(w.address)) continue;
        await settle(w, m.outcome === "finalized" ? "claim" : "refund");
      }
      await watcher.after(`seed ${seed}, run ${run}, closing while frozen`);
      for (const w of wallets) {
        if (await p.registry.isFrozen(w.address))
          await p.registry.connect(p.complianceAgent).setFrozen(w.address, false);
        if (await l.token.isFrozen(w.address)) await l.token.connect(p.manager).setAddressFrozen(w.address, false);
      }
      for (const w of wallets) {
        if ((m.byWallet.get(w.address) ?? 0n) === 0n || m.settled.has(w.address)) continue;
        await settle(w, m.outcome === "finalized" ? "claim" : "refund");
      }
      if (m.claimedUnits > m.releasedUnits) await release();
      await check("closing");
      expect(await p.stablecoin.balanceOf(offeringAddress)).to.equal(0n);
      // Money in == money out + fees, to the unit.
      expect(m.paidIn).to.equal(m.refunded + m.toTreasury + m.fees);
      if (m.outcome === "finalized") expect(await l.token.totalSupply()).to.equal(m.sold);
    }
    expect(steps).to.equal(RUNS * STEPS_PER_RUN);
    // The run exercised every path (a degenerate seed would prove little).
    for (const kind of [
      "subscribe",
      "subscribeWithPermit",
      "subscribeWithInvitation",
      "subscribeWithInvitationAndPermit",
      "revokeInvitation",
      "finalize",
      "claim",
      "refund",
      "release",
      "forwarded",
      "freeze",
      "refund refused while frozen",
      "claim refused while frozen",
    ]) {
      expect(successes.get(kind) ?? 0, `${kind} never succeeded (seed ${seed})`).to.be.greaterThan(0);
    }
  });
});
