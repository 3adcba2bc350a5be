/**
 * Invariant run of issue 13 §1: a subscriber who paid always ends with units or with money back, whatever other
 * holders, the token's agents, the compliance agent or the issuer do after finalization.
 *
 * Each run launches an offering (sometimes with a holder cap or a balance limit), lets random wallets subscribe,
 * finalizes, then takes random steps: claims (own or pushed), refunds, gifts between holders, sales through
 * Settlement, holder-cap and balance-limit changes, country-list changes, token and registry freezes, KYC expiry and
 * renewal, removal and re-registration, pause, revocation and re-grant of the offering's ISSUER_ROLE, finalization of
 * issuance, proceeds releases and time. After every step, for every subscriber wallet not yet settled (eth_call,
 * nothing sent):
 *   `claimFor(wallet)` succeeds, or `refund()` from the wallet succeeds, never both;
 *   when neither does, the position is on a temporary hold the design names (token paused, wallet frozen on the
 *   token or in the registry, or KYC expired while still registered) and its money is still in escrow;
 *   no refund is possible for a wallet frozen on the token or in the registry, whatever else refuses its claim
 *   (audit 2026-12, finding 2: a pause, finalized issuance or a revoked ISSUER_ROLE used to mask the freeze);
 * and the escrow's balance == `escrowOwed()` == (units sold - units refunded - units released) x price. Every refund
 * that happens pays exactly what the wallet paid; every action succeeds exactly when its eth_call said it would.
 * A step that mined no block (a refused action, a no-op) leaves the chain as it was: its check asserts all of the
 * above again on the answers read at that block (block-reads.ts) instead of asking the chain the same questions twice.
 *
 * 5,000+ steps by default (FREEHOLD_INVARIANT_STEPS to change; FREEHOLD_INVARIANT_SEED to replay a seed).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import { MaxUint256, ZeroAddress } from "ethers";
import {
  COUNTRY_DE,
  COUNTRY_FR,
  DAY,
  DEFAULT_PARTITION,
  deployPlatform,
  fund,
  launch,
  register,
  type Platform,
} from "../factory/fixture.js";
import type { PropertyToken } from "../../types/ethers-contracts/index.js";
import { Prng, seedFrom } from "./prng.js";
import { attempt, investorActors, works } from "./actors.js";
import { BlockReads } from "./block-reads.js";
import { withGovernorImplementation } from "../governance/fixture.js";
import { withExitImplementation } from "../exit/fixture.js";

const { ethers, networkHelpers } = await network.create();

const TOTAL_STEPS = Number(process.env["FREEHOLD_INVARIANT_STEPS"] ?? 5_200);
const STEPS_PER_RUN = 260;

describe("Invariant: a paid subscriber ends with units or with money back (issue 13 §1)", function () {
  this.timeout(0);

  it("at every step, each unsettled subscriber of a finalized offering can claim, or take back exactly what it paid, or is on a named temporary hold", async function () {
    const seed = seedFrom(20_261_213);
    const rng = new Prng(seed);
    const p: Platform = await deployPlatform(ethers, networkHelpers);
    await withGovernorImplementation(p);
    await withExitImplementation(p);
    const { wallets, identityOf } = await investorActors(p);
    const reads = new BlockReads(ethers);
    const settlementAddress = await p.settlement.getAddress();
    const stable = await p.stablecoin.getAddress();
    for (const w of wallets) await p.stablecoin.connect(w).approve(settlementAddress, MaxUint256);

    let steps = 0;
    let run = 0;
    const seen = new Map<string, number>();
    const count = (kind: string): void => void seen.set(kind, (seen.get(kind) ?? 0) + 1);
    let emptyRuns = 0;
    while (steps < TOTAL_STEPS) {
      // The registry is the platform's: lift what the previous run left on the wallets (freezes, removals, expiries).
      for (const w of wallets) {
        const agent = p.registry.connect(p.complianceAgent);
        if (!(await p.registry.contains(w.address)))
          await register(p, w.address, { identity: identityOf.get(w.address)! });
        else {
          if (await p.registry.isFrozen(w.address)) await agent.setFrozen(w.address, false);
          const renewed = (await networkHelpers.time.latest()) + 5 * 365 * DAY;
          await agent.updateIdentity(w.address, COUNTRY_FR, renewed, true);
        }
      }
      const now = BigInt(await networkHelpers.time.latest());
      const pricePerUnit = rng.big(1n, 300n) * 10_000n;
      const l = await launch(p, {
        propertyId: ethers.id(`paid-${seed}-${run}`),
        softCap: 1n,
        hardCap: 2_000n,
        minTicket: 1n,
        maxTicket: 400n,
        pricePerUnit,
        startTime: now + 200n,
        endTime: now + BigInt(DAY),
      });
      const { token, offering } = l;
      const offeringAddress = await offering.getAddress();
      const tokenAddress = await token.getAddress();
      const issuerRole = await token.ISSUER_ROLE();
      const asManager = token.connect(p.manager);
      if (rng.chance(0.4)) await asManager.setMaxHolders(rng.int(3, 6));
      if (rng.chance(0.4)) await asManager.setMaxBalancePerIdentity(rng.big(150n, 500n));
      for (const w of wallets) await p.stablecoin.connect(w).approve(offeringAddress, MaxUint256);
      await networkHelpers.time.increaseTo(now + 200n);

      // Subscriptions (the offering refuses what its claims could not honour at this moment).
      const paidUnits = new Map<string, bigint>();
      for (const w of wallets) {
        if (!rng.chance(0.75)) continue;
        const units = rng.big(1n, 150n);
        if (await attempt(() => offering.connect(w).subscribe(units)))
          paidUnits.set(w.address, (paidUnits.get(w.address) ?? 0n) + units);
      }
      await networkHelpers.time.increaseTo(now + BigInt(DAY));
      if (paidUnits.size === 0) {
        run++; // nobody could subscribe (the limits drawn refused every ticket): nothing to finalize
        expect(++emptyRuns, `seed ${seed}: runs without any subscription`).to.be.below(5);
        continue;
      }
      await offering.connect(p.manager).finalize();
      const subscribers = wallets.filter((w) => paidUnits.has(w.address));
      const settled = new Set<string>();
      let sold = 0n;
      for (const units of paidUnits.values()) sold += units;
      let refundedUnits = 0n;
      let claimedUnits = 0n;
      let releasedUnits = 0n;
      let issuanceFinalized = false;
      // A sale (issue 19) closes the token for good: its pause is then no hold (review finding 2026-12-04).
      const tokenExit = await ethers.getContractAt("IPropertyTokenExit", tokenAddress);
      let closed = false;

      // What the chain says of one wallet, asked once per block (see block-reads.ts).
      const canClaim = (w: HardhatEthersSigner): Promise<boolean> =>
        reads.read(`claim ${offeringAddress} ${w.address}`, () => works(() => offering.claimFor.staticCall(w.address)));
      const canRefund = (w: HardhatEthersSigner): Promise<boolean> =>
        reads.read(`refund ${offeringAddress} ${w.address}`, () =>
          works(() => offering.connect(w).refund.staticCall()),
        );
      /** An AML hold: the wallet frozen on the token (its identity) or in the registry. */
      const frozenOf = (w: HardhatEthersSigner): Promise<boolean> =>
        reads.read(`frozen ${tokenAddress} ${w.address}`, async () => {
          return (await token.isFrozen(w.address)) || (await p.registry.isFrozen(w.address));
        });
      const onHold = (w: HardhatEthersSigner): Promise<boolean> =>
        reads.read(`hold ${offeringAddress} ${w.address}`, async () => {
          const registryFrozen = await p.registry.isFrozen(w.address);
          const registered = await p.registry.contains(w.address);
          const expired = BigInt(await p.registry.kycExpiryOf(w.address)) <= reads.timestamp;
          const frozen = (await token.isFrozen(w.address)) || registryFrozen;
          if (closed) return frozen; // no units will ever come: only an AML freeze keeps the money
          return (await token.paused()) || frozen || (registered && expired);
        });

      const check = async (label: string): Promise<void> => {
        const where = `seed ${seed}, run ${run}, step ${steps} (${label})`;
        await reads.sync();
        const owed = (sold - refundedUnits - releasedUnits) * pricePerUnit;
        expect(
          await reads.read(`escrow balance ${offeringAddress}`, () => p.stablecoin.balanceOf(offeringAddress)),
          where,
        ).to.equal(owed);
        expect(await reads.read(`escrow owed ${offeringAddress}`, () => offering.escrowOwed()), where).to.equal(owed);
        for (const w of subscribers) {
          if (settled.has(w.address)) continue;
          const claims = await canClaim(w);
          const refunds = await canRefund(w);
          expect(claims && refunds, `${where}: ${w.address} could both claim and refund`).to.equal(false);
          // No path pays a frozen wallet (audit 2026-12, finding 2): whatever else refuses its claim (a pause, issuance
          // finalized, a revoked ISSUER_ROLE, a closed token), an AML freeze keeps its money in escrow.
          if (refunds) {
            expect(await frozenOf(w), `${where}: ${w.address} is frozen and could take a refund`).to.equal(false);
            count("refundable");
          } else if (await frozenOf(w)) count("frozen, no refund");
          if (claims || refunds) continue;
          // Neither: only a hold the design names, and the wallet's money is still owed by the escrow.
          expect(await onHold(w), `${where}: ${w.address} can neither claim nor refund, and no hold applies`).to.equal(
            true,
          );
          count("hold");
        }
      };

      for (let i = 0; i < STEPS_PER_RUN && steps < TOTAL_STEPS; i++, steps++) {
        const roll = rng.next();
        const w = rng.pick(subscribers.length > 0 ? subscribers : wallets);
        const other = rng.pick(wallets);
        let label: string;
        if (roll < 0.1) {
          label = "claim";
          await reads.sync();
          const expected = !settled.has(w.address) && paidUnits.has(w.address) && (await canClaim(w));
          const ok = await attempt(() =>
            rng.chance(0.5) ? offering.connect(w).claim() : offering.connect(p.manager).claimFor(w.address),
          );
          expect(ok, `seed ${seed}, run ${run}, step ${steps}: claim`).to.equal(expected);
          if (ok) {
            count("claim");
            settled.add(w.address);
            claimedUnits += paidUnits.get(w.address)!;
          }
        } else if (roll < 0.18) {
          label = "refund";
          await reads.sync();
          const expected = await canRefund(w);
          const frozen = await frozenOf(w);
          const before = await p.stablecoin.balanceOf(w.address);
          const ok = await attempt(() => offering.connect(w).refund());
          expect(ok, `seed ${seed}, run ${run}, step ${steps}: refund`).to.equal(expected);
          expect(ok && frozen, `seed ${seed}, run ${run}, step ${steps}: refund paid a frozen wallet`).to.equal(false);
          if (ok) {
            count("refund");
            const units = paidUnits.get(w.address)!;
            expect(await p.stablecoin.balanceOf(w.address), `refund of ${w.address}`).to.equal(
              before + units * pricePerUnit,
            );
            settled.add(w.address);
            refundedUnits += units;
          }
        } else if (roll < 0.38) {
          label = "gift";
          const balance = await token.balanceOf(w.address);
          if (balance > 0n && (await attempt(() => token.connect(w).transfer(other.address, rng.big(1n, balance)))))
            count("gift");
        } else if (roll < 0.44) {
          label = "sale";
          const balance = await token.balanceOf(w.address);
          if (balance > 0n && other.address !== w.address) {
            const units = rng.big(1n, balance);
            const expiry = BigInt(await networkHelpers.time.latest()) + BigInt(DAY);
            const id = await p.settlement.nextOrderId();
            if (
              await attempt(() =>
                p.settlement
                  .connect(w)
                  .postOrder(tokenAddress, DEFAULT_PARTITION, units, 1n, stable, ZeroAddress, expiry),
              )
            ) {
              if (await attempt(() => p.settlement.connect(other).fill(id, units))) count("sale");
              else await p.settlement.connect(w).cancel(id);
            }
          }
        } else if (roll < 0.52) {
          label = "limits";
          if (rng.chance(0.5)) await asManager.setMaxHolders(rng.chance(0.3) ? 0 : rng.int(1, 6));
          else await asManager.setMaxBalancePerIdentity(rng.chance(0.3) ? 0n : rng.big(50n, 400n));
        } else if (roll < 0.57) {
          label = "country";
          if (rng.chance(0.5)) await asManager.setCountryRestrictions([COUNTRY_FR], rng.chance(0.5));
          else await asManager.setCountryMode(rng.chance(0.3));
        } else if (roll < 0.64) {
          label = "freeze";
          if (rng.chance(0.5)) await asManager.setAddressFrozen(w.address, !(await token.isFrozen(w.address)));
          else if (await p.registry.contains(w.address))
            await p.registry.connect(p.complianceAgent).setFrozen(w.address, !(await p.registry.isFrozen(w.address)));
        } else if (roll < 0.71) {
          label = "kyc";
          const t = BigInt(await networkHelpers.time.latest());
          const agent = p.registry.connect(p.complianceAgent);
          if (!(await p.registry.contains(w.address))) {
            await register(p, w.address, {
              identity: identityOf.get(w.address)!,
              country: rng.chance(0.8) ? COUNTRY_FR : COUNTRY_DE,
            });
          } else if (rng.chance(0.25)) {
            await agent.removeIdentity(w.address);
          } else {
            // Expires within hours (time steps pass it) or is renewed for a year.
            const expiry = rng.chance(0.5) ? t + BigInt(rng.int(2, 8) * 3_600) : t + 365n * BigInt(DAY);
            await agent.updateIdentity(w.address, rng.chance(0.85) ? COUNTRY_FR : COUNTRY_DE, expiry, true);
          }
        } else if (roll < 0.75) {
          label = "pause";
          // A closed token is paused for good (unpause refuses it).
          if (!closed && (await token.paused())) await asManager.unpause();
          else if (!closed && rng.chance(0.5)) await asManager.pause();
        } else if (roll < 0.79) {
          label = "issuer role";
          if (await token.hasRole(issuerRole, offeringAddress)) await asManager.revokeRole(issuerRole, offeringAddress);
          else await asManager.grantRole(issuerRole, offeringAddress);
        } else if (roll < 0.795) {
          label = "finalize issuance";
          if (!issuanceFinalized && !closed && i > STEPS_PER_RUN / 2) {
            await asManager.finalizeIssuance();
            issuanceFinalized = true;
          }
        } else if (roll < 0.81) {
          label = "sale of the property";
          if (!closed && i > STEPS_PER_RUN / 3 && (await token.totalSupply()) > 0n) {
            closed = await sellProperty(p, token, wallets);
            expect(await tokenExit.isClosed(), `seed ${seed}, run ${run}, step ${steps}: closed`).to.equal(closed);
            if (closed) count("close");
          }
        } else if (roll < 0.85) {
          label = "release";
          const expected = claimedUnits > releasedUnits;
          const ok = await attempt(() => offering.connect(other).releaseProceeds());
          expect(ok, `seed ${seed}, run ${run}, step ${steps}: release`).to.equal(expected);
          if (ok) {
            count("release");
            releasedUnits = claimedUnits;
          }
        } else {
          label = "time";
          await networkHelpers.time.increase(rng.int(1, 12) * 3_600);
        }
        await check(label);
      }
      run++;
    }
    console.log(
      `      ${steps} steps in ${run} runs:`,
      Object.fromEntries(seen),
      `; chain reads: ${reads.asked} asked, ${reads.reused} answered again at an unchanged block`,
    );
    expect(steps).to.be.at.least(Math.min(TOTAL_STEPS, 5_000));
    // The run exercised every path (a degenerate seed would prove little).
    for (const kind of ["claim", "refund", "gift", "sale", "release", "hold", "close", "frozen, no refund"]) {
      expect(seen.get(kind) ?? 0, `${kind} never happened (seed ${seed})`).to.be.greaterThan(0);
    }
  });
});

/**
 * The holders sell the property (issue 19): the token gets its governor and exit, the manager proposes a sale at a
 * minimum of 1 base unit, every holder votes for it, the vote ends, and the manager deposits the proceeds, which
 * closes the token. Returns whether it closed (a vote without quorum, by holders who may not vote, does not).
 */
async function sellProperty(
  p: Platform,
  token: PropertyToken,
  wallets: readonly HardhatEthersSigner[],
): Promise<boolean> {
  const tokenAddress = await token.getAddress();
  const factory = p.factory.connect(p.manager);
  const terms = { votingPeriod: DAY, quorumBps: 1, approvalBps: 5_001, proposerThreshold: 0n };
  const governorAddress = await factory.launchGovernor.staticCall(tokenAddress, terms);
  await (await factory.launchGovernor(tokenAddress, terms)).wait();
  const snapshots = await p.ethers.getContractAt("IPropertyTokenSnapshots", tokenAddress);
  await (await snapshots.connect(p.manager).setGovernor(governorAddress)).wait();
  const exitAddress = await factory.launchExit.staticCall(tokenAddress);
  await (await factory.launchExit(tokenAddress)).wait();
  const governor = await p.ethers.getContractAt("PropertyGovernor", governorAddress);
  const proposalId = await governor.connect(p.manager).propose.staticCall(0, 1n, ZeroAddress, p.ethers.id("sale"));
  await (await governor.connect(p.manager).propose(0, 1n, ZeroAddress, p.ethers.id("sale"))).wait();
  // The holders vote for it: those still registered are renewed and unfrozen first (the run may have left every
  // holder unable to vote), a perturbation of the holds like the run's own KYC and freeze steps.
  const agent = p.registry.connect(p.complianceAgent);
  const renewed = (await p.helpers.time.latest()) + 365 * DAY;
  for (const w of wallets) {
    if ((await token.balanceOf(w.address)) === 0n || !(await p.registry.contains(w.address))) continue;
    if (await p.registry.isFrozen(w.address)) await agent.setFrozen(w.address, false);
    await agent.updateIdentity(w.address, COUNTRY_FR, renewed, true);
    if (await token.isFrozen(w.address)) await token.connect(p.manager).setAddressFrozen(w.address, false);
    await attempt(() => governor.connect(w).castVote(proposalId, 1));
  }
  await p.helpers.time.increase(DAY);
  const exit = await p.ethers.getContractAt("PropertyExit", exitAddress);
  const price = 1_000n * 10_000n;
  await fund(p, p.manager, price, exitAddress);
  return attempt(() => exit.connect(p.manager).depositProceeds(proposalId, price));
}
