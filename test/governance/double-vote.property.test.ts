/**
 * Issue 19: "one identity can never vote twice with units moved between wallets or to another identity during the
 * vote". A property over random histories: moves before the proposal, then, while the vote runs, transfers between
 * wallets of one identity and across identities, issuance, redemption, forced moves, partial freezes and unfreezes,
 * removals of wallets from the registry and registrations again (a wallet's identity never changes: a freeze stays
 * counted under it), and votes and vote changes from any wallet. After every step the chain must agree with a model that knows only the
 * identities' totals when the proposal opened: each identity's power is that total minus its frozen units (summed
 * over its wallets from `frozenTokensOf`), each identity counts once in the tally, with the weight it last voted, and
 * the tally never exceeds the supply at the snapshot. The outcome is the model's.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { COUNTRY_FR, DAY, issueTo, register } from "../factory/fixture.js";
import { deployGovernance, proposeAsManager, TERMS, type Governance } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();

type Step =
  | { kind: "transfer"; from: number; to: number; share: number }
  | { kind: "vote"; wallet: number; choice: number }
  | { kind: "issue"; to: number; units: number }
  | { kind: "redeem"; wallet: number; share: number }
  | { kind: "force"; from: number; to: number; share: number }
  | { kind: "freeze"; wallet: number; share: number }
  | { kind: "unfreeze"; wallet: number; share: number }
  | { kind: "remove"; wallet: number }
  | { kind: "reregister"; wallet: number; other: number };

const WALLETS = 7; // Alice (2 wallets), Bob (2 wallets), Carol, Dave, and a newcomer with no units
const wallet = fc.nat(WALLETS - 1);
const share = fc.integer({ min: 1, max: 100 }); // percent of what the wallet can move
/** A move of a share of one wallet's units to another. */
const between = <K extends "transfer" | "force">(kind: K) =>
  fc.record({ kind: fc.constant(kind), from: wallet, to: wallet, share });
/** A change of a share of one wallet's units (or frozen units). */
const within = <K extends "redeem" | "freeze" | "unfreeze">(kind: K) =>
  fc.record({ kind: fc.constant(kind), wallet, share });
const moveStep: fc.Arbitrary<Step> = fc.oneof(
  between("transfer"),
  between("force"),
  fc.record({ kind: fc.constant("issue" as const), to: wallet, units: fc.integer({ min: 1, max: 300 }) }),
  within("redeem"),
  within("freeze"),
  within("unfreeze"),
  fc.record({ kind: fc.constant("remove" as const), wallet }),
  fc.record({ kind: fc.constant("reregister" as const), wallet, other: wallet }),
);
const voteStep: fc.Arbitrary<Step> = fc.record({ kind: fc.constant("vote" as const), wallet, choice: fc.nat(2) });
const duringVote = fc.oneof({ arbitrary: moveStep, weight: 2 }, { arbitrary: voteStep, weight: 3 });

describe("PropertyGovernor: no identity votes twice (issue 19, property)", function () {
  async function fixture(): Promise<Governance> {
    return deployGovernance(ethers, networkHelpers);
  }

  it("19 property: over random moves and votes, every identity's weight is its snapshot units minus its frozen units, counted once", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(moveStep, { maxLength: 4 }),
        fc.array(duringVote, { minLength: 1, maxLength: 14 }),
        async (before, during) => {
          const g = await networkHelpers.loadFixture(fixture);
          const [alice, bob, carol, dave] = g.holders as [
            HardhatEthersSigner,
            HardhatEthersSigner,
            HardhatEthersSigner,
            HardhatEthersSigner,
          ];
          const wallets = [alice, g.seconds[0]!, bob, g.seconds[1]!, carol, dave, g.verifiedOutsider];
          const identityOf = (w: number): string =>
            [alice, alice, bob, bob, carol, dave, g.verifiedOutsider][w]!.address;
          const identities = [...new Set(wallets.map((_, i) => identityOf(i)))];
          const frozenOf = async (identity: string): Promise<bigint> => {
            let sum = 0n;
            for (const [i, wallet] of wallets.entries()) {
              if (identityOf(i) === identity) sum += await g.token.frozenTokensOf(wallet.address);
            }
            return sum;
          };

          const removed = new Set<number>();
          const ctx = { g, wallets, removed, identityOf };
          for (const step of before) await apply(ctx, step);
          await proposeAsManager(g);
          const proposal = await g.governor.proposal(1n);
          const snapshot = new Map<string, bigint>();
          for (const identity of identities) snapshot.set(identity, await g.token.balanceOfIdentity(identity));
          expect([...snapshot.values()].reduce((a, b) => a + b, 0n)).to.equal(proposal.supplyAtSnapshot);
          const votes = new Map<string, { choice: number; weight: bigint }>();

          for (const step of during) {
            if (step.kind === "vote") {
              const identity = identityOf(step.wallet);
              const power = snapshot.get(identity)! - (await frozenOf(identity));
              const cast = g.governor.connect(wallets[step.wallet]!).castVote(1n, step.choice);
              if (removed.has(step.wallet)) {
                await expect(cast).to.be.revertedWithCustomError(g.governor, "GovernorVoterNotVerified");
              } else if (power <= 0n) {
                await expect(cast).to.be.revertedWithCustomError(g.governor, "GovernorNoVotingPower");
              } else {
                await expect(cast)
                  .to.emit(g.governor, "VoteCast")
                  .withArgs(1n, identity, wallets[step.wallet]!.address, step.choice, power);
                votes.set(identity, { choice: step.choice, weight: power });
              }
            } else {
              await apply(ctx, step);
            }
            // The chain agrees with the model after every step.
            for (const [i, wallet] of wallets.entries()) {
              const identity = identityOf(i);
              const expected = snapshot.get(identity)! - (await frozenOf(identity));
              const [onChainIdentity, power] = await g.snapshots.votingPowerOf(wallet.address);
              expect(onChainIdentity).to.equal(identity);
              expect(power).to.equal(expected > 0n && !removed.has(i) ? expected : 0n);
            }
            const p = await g.governor.proposal(1n);
            const sums = [0n, 0n, 0n];
            for (const { choice, weight } of votes.values()) sums[choice]! += weight;
            expect([p.againstVotes, p.forVotes, p.abstainVotes]).to.deep.equal(sums);
            expect(p.forVotes + p.againstVotes + p.abstainVotes <= p.supplyAtSnapshot).to.equal(true);
          }

          await networkHelpers.time.increaseTo(proposal.endTime);
          const [against, forVotes, abstain] = [0, 1, 2].map((c) =>
            [...votes.values()].filter((v) => v.choice === c).reduce((a, v) => a + v.weight, 0n),
          ) as [bigint, bigint, bigint];
          const quorum =
            (forVotes + against + abstain) * 10_000n >= BigInt(TERMS.quorumBps) * proposal.supplyAtSnapshot;
          const approved =
            quorum && forVotes > 0n && forVotes * 10_000n >= BigInt(TERMS.approvalBps) * (forVotes + against);
          await expect(g.governor.finalize(1n))
            .to.emit(g.governor, "ProposalFinalized")
            .withArgs(1n, approved, forVotes, against, abstain);
        },
      ),
      { numRuns: 30 },
    );
  });
});

interface Context {
  g: Governance;
  wallets: HardhatEthersSigner[];
  /** Wallets removed from the registry (they neither send nor receive, nor vote; their freezes still change). */
  removed: Set<number>;
  identityOf: (wallet: number) => string;
}

/**
 * Applies one step with an amount the rules allow (a share of what the wallet can move), skipping empty moves and
 * moves a removed wallet could not make (a forced move from it passes, to it is refused).
 */
async function apply({ g, wallets, removed, identityOf }: Context, step: Step): Promise<void> {
  const manager = g.platform.manager;
  const registry = g.platform.registry.connect(g.platform.complianceAgent);
  const free = async (w: HardhatEthersSigner): Promise<bigint> =>
    (await g.token.balanceOf(w.address)) - (await g.token.frozenTokensOf(w.address));
  const shareOf = (amount: bigint, share: number): bigint => (amount * BigInt(share)) / 100n;
  switch (step.kind) {
    case "transfer": {
      if (removed.has(step.from) || removed.has(step.to)) return;
      const value = shareOf(await free(wallets[step.from]!), step.share);
      if (value === 0n) return;
      await (await g.token.connect(wallets[step.from]!).transfer(wallets[step.to]!.address, value)).wait();
      return;
    }
    case "issue":
      if (removed.has(step.to)) return;
      await issueTo(g.platform, g.token, [wallets[step.to]!], BigInt(step.units));
      return;
    case "redeem": {
      if (removed.has(step.wallet)) return;
      const value = shareOf(await free(wallets[step.wallet]!), step.share);
      if (value === 0n) return;
      await (await g.token.connect(wallets[step.wallet]!).redeem(value, "0x")).wait();
      return;
    }
    case "force": {
      // A controller move takes frozen units too (and trims the freeze): a share of the whole balance.
      const value = shareOf(await g.token.balanceOf(wallets[step.from]!.address), step.share);
      if (value === 0n) return;
      const move = g.token
        .connect(manager)
        .controllerTransfer(wallets[step.from]!.address, wallets[step.to]!.address, value, "0x", "0x");
      // From a removed wallet it moves; to one it is refused (the receiver must be registered).
      if (removed.has(step.to)) {
        await expect(move).to.be.revertedWithCustomError(g.token, "TokenReceiverNotRegistered");
        return;
      }
      await (await move).wait();
      return;
    }
    case "freeze": {
      const value = shareOf(await free(wallets[step.wallet]!), step.share);
      if (value === 0n) return;
      await (await g.token.connect(manager).freezePartialTokens(wallets[step.wallet]!.address, value)).wait();
      return;
    }
    case "unfreeze": {
      const value = shareOf(await g.token.frozenTokensOf(wallets[step.wallet]!.address), step.share);
      if (value === 0n) return;
      await (await g.token.connect(manager).unfreezePartialTokens(wallets[step.wallet]!.address, value)).wait();
      return;
    }
    case "remove":
      if (removed.has(step.wallet)) return;
      await (await registry.removeIdentity(wallets[step.wallet]!.address)).wait();
      removed.add(step.wallet);
      return;
    case "reregister": {
      if (!removed.has(step.wallet)) return;
      const address = wallets[step.wallet]!.address;
      const other = identityOf(step.other);
      if (other !== identityOf(step.wallet)) {
        // The registry keeps a wallet's first identity: what the token counted a freeze under stays true.
        const kycExpiry = (await g.platform.helpers.time.latest()) + 365 * DAY;
        await expect(registry.registerIdentity(address, other, COUNTRY_FR, kycExpiry, true))
          .to.be.revertedWithCustomError(registry, "RegistryIdentityMismatch")
          .withArgs(address, identityOf(step.wallet), other);
      }
      await register(g.platform, address, { identity: identityOf(step.wallet) });
      removed.delete(step.wallet);
      return;
    }
    case "vote":
      return;
  }
}
