/**
 * Property run of audit finding 2026-12 (finding 1), the class "a proposal's execution is bound to the state it was
 * voted on": on tokens with a 1-bp quorum governor of a random voting period, random steps open sale and other
 * proposals (approved when an anchor holder votes for them, rejected when nobody votes), issue and redeem units (the
 * supply moves away from and back to what was voted on), move the clock by random amounts (exact window boundaries
 * included) and try to deposit a sale's proceeds against a random proposal id with a random amount. Every deposit
 * succeeds exactly when the model says so:
 *   the proposal is a sale, its vote ended and was approved, the deposit comes before end + voting period, no later
 *   proposal was decided (implied by the window: proposals run one at a time), the token's supply equals the supply
 *   at its snapshot, and the amount is at least its minimum;
 * every refusal is a custom error, and a refused deposit leaves the token open. Once one succeeds the token is closed
 * on exactly the voted supply and the run ends.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { MaxUint256, ZeroAddress } from "ethers";
import { DAY, deployPlatform, issueTo, launch, type Platform } from "../factory/fixture.js";
import { attachGovernor, DOC, Kind, withGovernorImplementation } from "../governance/fixture.js";
import { attachExit, withExitImplementation } from "../exit/fixture.js";
import { attempt, investorActors } from "./actors.js";
import { Prng, seedFrom } from "./prng.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const RUNS = 6;
const STEPS = 40;

interface Voted {
  kind: number;
  minimum: bigint;
  endTime: bigint;
  supplyAtSnapshot: bigint;
  approved: boolean;
}

describe("Property: a sale is executed only on the state it was voted on (audit 2026-12, finding 1)", function () {
  this.timeout(0);

  it("a deposit of proceeds succeeds exactly for the latest approved sale, in its window, on its voted supply", async function () {
    const seed = seedFrom(20_261_215);
    const rng = new Prng(seed);
    const p: Platform = await deployPlatform(ethers, networkHelpers);
    const { wallets } = await investorActors(p);
    await withGovernorImplementation(p);
    await withExitImplementation(p);
    const counts = new Map<string, number>();
    const count = (kind: string): void => void counts.set(kind, (counts.get(kind) ?? 0) + 1);
    await p.stablecoin.connect(p.admin).mint(p.manager.address, 10n ** 30n);

    for (let run = 0; run < RUNS; run++) {
      const { token } = await launch(p, { propertyId: ethers.id(`sale-binding-${seed}-${run}`) });
      const tokenAddress = await token.getAddress();
      // The anchor (wallets[2]) keeps its units and carries every vote it casts (quorum 1 bp, approval 50.01 %).
      const anchor = wallets[2]!;
      const others = [wallets[3]!, wallets[4]!, wallets[5]!];
      await issueTo(p, token, [anchor], rng.big(1n, 50n));
      for (const w of others) if (rng.chance(0.6)) await issueTo(p, token, [w], rng.big(1n, 500n));
      const votingPeriod = rng.int(1, 10) * DAY;
      const governor = await attachGovernor(p, token, {
        votingPeriod,
        quorumBps: 1,
        approvalBps: 5_001,
        proposerThreshold: 0n,
      });
      const exit = await attachExit(p, tokenAddress);
      const tokenExit = await ethers.getContractAt("IPropertyTokenExit", tokenAddress);
      await p.stablecoin.connect(p.manager).approve(await exit.getAddress(), MaxUint256);
      const voted: Voted[] = []; // index = proposal id - 1
      let closed = false;

      for (let step = 0; step < STEPS && !closed; step++) {
        const where = `seed ${seed}, run ${run}, step ${step}`;
        const roll = rng.next();
        const now = BigInt(await time.latest());
        const last = voted.at(-1);
        if (roll < 0.2) {
          // A proposal, when the previous vote ended: a sale (mostly) or a decision; approved iff the anchor votes.
          if (last !== undefined && now + 1n < last.endTime) continue;
          const kind = rng.chance(0.75) ? Kind.Sale : Kind.Decision;
          const minimum = kind === Kind.Sale ? rng.big(1n, 10n ** 9n) : 0n;
          await (await governor.connect(p.manager).propose(kind, minimum, ZeroAddress, DOC)).wait();
          const id = await governor.latestProposalId();
          const proposal = await governor.proposal(id);
          const approved = rng.chance(0.7);
          if (approved) await (await governor.connect(anchor).castVote(id, 1)).wait();
          voted.push({
            kind,
            minimum,
            endTime: proposal.endTime,
            supplyAtSnapshot: proposal.supplyAtSnapshot,
            approved,
          });
          count(approved ? "approved proposal" : "rejected proposal");
        } else if (roll < 0.35) {
          // The supply moves: units issued, or a holder (never the anchor) redeems some.
          const w = rng.pick(others);
          const balance = await token.balanceOf(w.address);
          if (balance > 0n && rng.chance(0.5)) {
            if (await attempt(() => token.connect(w).redeem(rng.big(1n, balance), "0x"))) count("redeem");
          } else {
            await issueTo(p, token, [w], rng.big(1n, 100n));
            count("issue");
          }
        } else if (roll < 0.55) {
          await time.increase(rng.int(1, 3 * votingPeriod));
        } else {
          // A deposit against a random proposal (or an unknown id), at a chosen time: often right at the window's
          // boundaries of the latest sale.
          if (voted.length === 0) continue;
          const id = rng.int(1, voted.length + (rng.chance(0.1) ? 1 : 0));
          const target = voted[id - 1];
          let at = now + BigInt(rng.int(1, 2 * votingPeriod));
          if (target !== undefined && rng.chance(0.4)) {
            const deadline = target.endTime + BigInt(votingPeriod);
            const candidates = [target.endTime, deadline - 1n, deadline, target.endTime - 1n].filter((t) => t > now);
            if (candidates.length > 0) at = rng.pick(candidates);
          }
          const minimum = target?.minimum ?? 1n;
          const amount = rng.chance(0.15) && minimum > 1n ? minimum - 1n : minimum + rng.big(0n, 1_000n);
          const supply = await token.totalSupply();
          const expected =
            target !== undefined &&
            target.kind === Kind.Sale &&
            target.approved &&
            at >= target.endTime &&
            at < target.endTime + BigInt(votingPeriod) &&
            supply === target.supplyAtSnapshot &&
            amount >= minimum;
          await time.setNextBlockTimestamp(at);
          const ok = await attempt(() => exit.connect(p.manager).depositProceeds(id, amount));
          // A refused deposit mined no block: the clock stays where it was set for the next transaction.
          expect(
            ok,
            `${where}: deposit against ${id} (${JSON.stringify(target, (_, v) => (typeof v === "bigint" ? v.toString() : v))}) at ${at}, supply ${supply}`,
          ).to.equal(expected);
          expect(await tokenExit.isClosed(), where).to.equal(ok);
          if (ok) {
            closed = true;
            count("closed");
            const [closedBy, , supplyAtClose] = await exit.closing();
            expect([closedBy, supplyAtClose], where).to.deep.equal([BigInt(id), target!.supplyAtSnapshot]);
            // No later proposal was decided when the sale closed the token.
            for (const later of voted.slice(id)) expect(later.endTime > at, where).to.equal(true);
          } else count("refused deposit");
        }
      }
    }
    console.log(`      sale binding: seed ${seed}, ${JSON.stringify(Object.fromEntries(counts))}`);
    expect(counts.get("closed") ?? 0).to.be.greaterThan(0);
    expect(counts.get("refused deposit") ?? 0).to.be.greaterThan(10);
  });
});
