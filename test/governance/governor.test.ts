/**
 * Issue 19, holder votes: the governor's launch through the factory, the token's snapshot hooks, proposals, votes and
 * outcomes, each rule with its refusals and outsiders (`docs/design/contracts.md`, "Holder votes").
 */
import { expect } from "chai";
import { network } from "hardhat";
import { ZeroAddress } from "ethers";
import { relayed } from "../helpers/forwarder.js";
import { DAY, issueTo, launch, register } from "../factory/fixture.js";
import {
  attachGovernor,
  Choice,
  deployGovernance,
  DOC,
  Kind,
  proposeAsManager,
  State,
  TERMS,
  UNITS,
  type Governance,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

/** Matchers of a `ProposalCreated`'s start and end: a voting period apart. */
function anyTimes(): ((v: bigint) => boolean)[] {
  let start = 0n;
  return [(v: bigint) => ((start = v), v > 0n), (v: bigint) => v === start + BigInt(TERMS.votingPeriod)];
}

async function fixture(): Promise<Governance> {
  return deployGovernance(ethers, networkHelpers);
}

describe("PropertyGovernor: launch and wiring (issue 19)", function () {
  let g: Governance;
  beforeEach(async function () {
    g = await networkHelpers.loadFixture(fixture);
  });

  it("19 the factory makes one governor per token with the launch terms as its immutable arguments", async function () {
    const tokenAddress = await g.token.getAddress();
    expect(await g.platform.factory.governorOf(tokenAddress)).to.equal(await g.governor.getAddress());
    expect(await g.governor.token()).to.equal(tokenAddress);
    const terms = await g.governor.terms();
    expect([terms.votingPeriod, terms.quorumBps, terms.approvalBps, terms.proposerThreshold]).to.deep.equal([
      BigInt(TERMS.votingPeriod),
      BigInt(TERMS.quorumBps),
      BigInt(TERMS.approvalBps),
      TERMS.proposerThreshold,
    ]);
    expect(await g.snapshots.governor()).to.equal(await g.governor.getAddress());
    expect(await g.snapshots.currentSnapshot()).to.deep.equal([0n, false]);
    await expect(
      g.platform.factory.connect(g.platform.manager).launchGovernor(tokenAddress, TERMS),
    ).to.be.revertedWithCustomError(g.platform.factory, "FactoryGovernorExists");
  });

  it("19 launchGovernor emits the terms and refuses outsiders, non-admins of the token, unknown tokens and bad terms", async function () {
    const { platform } = g;
    const { token } = await launch(platform, { propertyId: ethers.id("property-2") });
    const tokenAddress = await token.getAddress();
    const factory = platform.factory;
    await expect(factory.connect(platform.outsider).launchGovernor(tokenAddress, TERMS))
      .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
      .withArgs(platform.outsider.address, await factory.PROPERTY_MANAGER_ROLE());
    // Another manager of the platform is not this token's admin.
    const otherManager = platform.treasury;
    await factory.grantRole(await factory.PROPERTY_MANAGER_ROLE(), otherManager.address);
    await expect(factory.connect(otherManager).launchGovernor(tokenAddress, TERMS))
      .to.be.revertedWithCustomError(factory, "FactoryNotTokenAdmin")
      .withArgs(tokenAddress, otherManager.address);
    const asManager = factory.connect(platform.manager);
    await expect(asManager.launchGovernor(platform.outsider.address, TERMS))
      .to.be.revertedWithCustomError(factory, "FactoryUnknownToken")
      .withArgs(platform.outsider.address);
    const bad: [Partial<typeof TERMS>, string][] = [
      [{ votingPeriod: DAY - 1 }, "votingPeriod"],
      [{ votingPeriod: 90 * DAY + 1 }, "votingPeriod"],
      [{ quorumBps: 0 }, "quorumBps"],
      [{ quorumBps: 10_001 }, "quorumBps"],
      [{ approvalBps: 5_000 }, "approvalBps"],
      [{ approvalBps: 10_001 }, "approvalBps"],
    ];
    for (const [change, field] of bad) {
      await expect(asManager.launchGovernor(tokenAddress, { ...TERMS, ...change }))
        .to.be.revertedWithCustomError(g.governor, "GovernorInvalidTerms")
        .withArgs(field);
    }
    // The bounds themselves are accepted.
    const edge = { votingPeriod: DAY, quorumBps: 10_000, approvalBps: 5_001, proposerThreshold: 0n };
    const governor = await asManager.launchGovernor.staticCall(tokenAddress, edge);
    await expect(asManager.launchGovernor(tokenAddress, edge))
      .to.emit(factory, "GovernorLaunched")
      .withArgs(tokenAddress, governor, DAY, 10_000, 5_001, 0);
  });

  it("19 the governor implementation is set by the factory admin only, must be a contract, and is required", async function () {
    const { platform } = g;
    const factory = platform.factory;
    await expect(factory.connect(platform.manager).setGovernorImplementation(await g.governor.getAddress()))
      .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
      .withArgs(platform.manager.address, await factory.DEFAULT_ADMIN_ROLE());
    await expect(factory.setGovernorImplementation(platform.outsider.address))
      .to.be.revertedWithCustomError(factory, "FactoryInvalidAddress")
      .withArgs(ethers.encodeBytes32String("governorImplementation"));
    // A factory without one refuses to make governors.
    const bare = await ethers.deployContract("PropertyTokenFactory", [
      platform.admin.address,
      await platform.registry.getAddress(),
      await platform.distributor.getAddress(),
      await platform.settlement.getAddress(),
      await platform.tokenImplementation.getAddress(),
      await platform.offeringImplementation.getAddress(),
      await platform.fees.getAddress(),
    ]);
    expect(await bare.governorImplementation()).to.equal(ZeroAddress);
    const implementation = await factory.governorImplementation();
    await expect(factory.setGovernorImplementation(implementation))
      .to.emit(factory, "GovernorImplementationUpdated")
      .withArgs(implementation);
  });

  it("19 the token's governor is set once, by its admin, to a contract; only it opens and closes snapshots", async function () {
    const { platform } = g;
    const { token } = await launch(platform, { propertyId: ethers.id("property-3") });
    const snapshots = await ethers.getContractAt("IPropertyTokenSnapshots", await token.getAddress());
    const governorAddress = await g.governor.getAddress();
    await expect(snapshots.connect(platform.outsider).setGovernor(governorAddress))
      .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
      .withArgs(platform.outsider.address, ethers.ZeroHash);
    await expect(snapshots.connect(platform.manager).setGovernor(platform.outsider.address))
      .to.be.revertedWithCustomError(token, "TokenInvalidGovernor")
      .withArgs(platform.outsider.address);
    await expect(snapshots.connect(platform.manager).setGovernor(governorAddress))
      .to.emit(snapshots, "GovernorSet")
      .withArgs(governorAddress);
    await expect(snapshots.connect(platform.manager).setGovernor(await g.token.getAddress()))
      .to.be.revertedWithCustomError(token, "TokenGovernorAlreadySet")
      .withArgs(governorAddress);
    for (const caller of [platform.manager, platform.outsider, g.holders[0]!]) {
      await expect(g.snapshots.connect(caller).openSnapshot())
        .to.be.revertedWithCustomError(token, "TokenOnlyGovernor")
        .withArgs(caller.address);
      await expect(g.snapshots.connect(caller).closeSnapshot())
        .to.be.revertedWithCustomError(token, "TokenOnlyGovernor")
        .withArgs(caller.address);
    }
    // A token whose governor was never named refuses the governor's snapshot: no vote on it.
    const { token: unnamed } = await launch(platform, { propertyId: ethers.id("property-4") });
    await issueTo(platform, unnamed, [g.holders[0]!], 10n);
    const factory = platform.factory.connect(platform.manager);
    const orphan = await factory.launchGovernor.staticCall(await unnamed.getAddress(), TERMS);
    await factory.launchGovernor(await unnamed.getAddress(), TERMS);
    const orphanGovernor = await ethers.getContractAt("PropertyGovernor", orphan);
    await expect(orphanGovernor.connect(platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(token, "TokenOnlyGovernor")
      .withArgs(orphan);
  });

  it("19 the implementation governs nothing; an unknown selector on the token still reverts", async function () {
    const implementation = await ethers.getContractAt(
      "PropertyGovernor",
      await g.platform.factory.governorImplementation(),
    );
    await expect(
      implementation.connect(g.platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC),
    ).to.be.revertedWithCustomError(implementation, "GovernorImplementationOnly");
    await expect(implementation.token()).to.be.revertedWithCustomError(implementation, "GovernorImplementationOnly");
    await expect(
      g.holders[0]!.sendTransaction({ to: await g.token.getAddress(), data: "0xdeadbeef" }),
    ).to.be.revertedWithoutReason(ethers);
    await expect(
      g.holders[0]!.sendTransaction({ to: await g.token.getAddress(), value: 1n }),
    ).to.be.revertedWithoutReason(ethers);
  });
});

describe("PropertyGovernor: proposals (issue 19)", function () {
  let g: Governance;
  beforeEach(async function () {
    g = await networkHelpers.loadFixture(fixture);
  });

  it("19 the manager proposes each kind; the proposal, its snapshot and the token's supply are recorded", async function () {
    const asManager = g.governor.connect(g.platform.manager);
    const tx = asManager.propose(Kind.Sale, 2_000_000n, ZeroAddress, DOC);
    const start = BigInt((await time.latest()) + 1);
    await expect(tx)
      .to.emit(g.governor, "ProposalCreated")
      .withArgs(
        1n,
        g.platform.manager.address,
        Kind.Sale,
        2_000_000n,
        ZeroAddress,
        DOC,
        1n,
        1_000n,
        start,
        start + BigInt(TERMS.votingPeriod),
      );
    await expect(tx).to.emit(g.snapshots, "SnapshotOpened").withArgs(1n);
    const p = await g.governor.proposal(1n);
    expect([p.proposer, p.kind, p.supplyAtSnapshot, p.snapshotId, p.amount, p.documentHash]).to.deep.equal([
      g.platform.manager.address,
      BigInt(Kind.Sale),
      1_000n,
      1n,
      2_000_000n,
      DOC,
    ]);
    expect(await g.governor.state(1n)).to.equal(State.Active);
    expect(await g.governor.latestProposalId()).to.equal(1n);
    expect(await g.snapshots.currentSnapshot()).to.deep.equal([1n, true]);
    const kinds: [number, bigint, string][] = [
      [Kind.Refinance, 500n, ZeroAddress],
      [Kind.ManagerChange, 0n, g.platform.treasury.address],
      [Kind.CapitalExpenditure, 75_000n, ZeroAddress],
      [Kind.Decision, 0n, ZeroAddress],
    ];
    for (const [i, [kind, amount, account]] of kinds.entries()) {
      await time.increase(TERMS.votingPeriod);
      await expect(asManager.propose(kind, amount, account, DOC))
        .to.emit(g.governor, "ProposalCreated")
        .withArgs(
          BigInt(i + 2),
          g.platform.manager.address,
          kind,
          amount,
          account,
          DOC,
          BigInt(i + 2),
          1_000n,
          ...anyTimes(),
        );
    }
  });

  it("19 refuses a kind that does not exist and parameters that do not fit the kind", async function () {
    const asManager = g.governor.connect(g.platform.manager);
    await expect(asManager.propose(5, 1n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(g.governor, "GovernorInvalidKind")
      .withArgs(5);
    const someone = g.platform.treasury.address;
    const bad: [number, bigint, string, string, string][] = [
      [Kind.Sale, 0n, ZeroAddress, DOC, "amount"],
      [Kind.Sale, 1n, someone, DOC, "account"],
      [Kind.Refinance, 0n, ZeroAddress, DOC, "amount"],
      [Kind.CapitalExpenditure, 0n, ZeroAddress, DOC, "amount"],
      [Kind.ManagerChange, 0n, ZeroAddress, DOC, "account"],
      [Kind.ManagerChange, 1n, someone, DOC, "amount"],
      [Kind.Decision, 1n, ZeroAddress, DOC, "amount"],
      [Kind.Decision, 0n, someone, DOC, "account"],
      [Kind.Decision, 0n, ZeroAddress, ethers.ZeroHash, "documentHash"],
    ];
    for (const [kind, amount, account, doc, field] of bad) {
      await expect(asManager.propose(kind, amount, account, doc))
        .to.be.revertedWithCustomError(g.governor, "GovernorInvalidProposal")
        .withArgs(kind, field);
    }
    expect(await g.governor.latestProposalId()).to.equal(0n);
    expect(await g.snapshots.currentSnapshot()).to.deep.equal([0n, false]);
  });

  it("19 a holder proposes from the threshold up (all wallets of its identity, frozen units excluded); outsiders never", async function () {
    const small = g.holders[3]!;
    // holders[3] has exactly the threshold (100): allowed; after 1 unit is frozen it is below.
    await g.token.connect(g.platform.manager).freezePartialTokens(small.address, 1n);
    await expect(g.governor.connect(small).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(g.governor, "GovernorNotProposer")
      .withArgs(small.address, 99n, TERMS.proposerThreshold);
    await g.token.connect(g.platform.manager).unfreezePartialTokens(small.address, 1n);
    for (const outsider of [g.platform.outsider, g.verifiedOutsider]) {
      await expect(g.governor.connect(outsider).propose(Kind.Decision, 0n, ZeroAddress, DOC))
        .to.be.revertedWithCustomError(g.governor, "GovernorNotProposer")
        .withArgs(outsider.address, 0n, TERMS.proposerThreshold);
    }
    // A second wallet of the big holder's identity proposes with the identity's units.
    await expect(g.governor.connect(g.seconds[0]!).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.emit(g.governor, "ProposalCreated")
      .withArgs(1n, g.seconds[0]!.address, Kind.Decision, 0n, ZeroAddress, DOC, 1n, 1_000n, ...anyTimes());
    await time.increase(2 * TERMS.votingPeriod); // after the manager's turn (next test)
    await expect(g.governor.connect(small).propose(Kind.Decision, 0n, ZeroAddress, DOC)).to.emit(
      g.governor,
      "ProposalCreated",
    );
  });

  it("19 after a holder's proposal the manager has one voting period in which no holder may propose", async function () {
    const [alice, bob] = g.holders as [(typeof g.holders)[0], (typeof g.holders)[0]];
    const holderPropose = (wallet: (typeof g.holders)[0]) =>
      g.governor.connect(wallet).propose(Kind.Decision, 0n, ZeroAddress, DOC);
    await (await holderPropose(alice)).wait();
    const end1 = (await g.governor.proposal(1n)).endTime;
    const ready1 = end1 + BigInt(TERMS.votingPeriod);
    expect((await g.governor.proposal(1n)).byHolder).to.equal(true);
    // Ended: neither the proposer, another wallet of its identity, nor another holder may open the next one.
    await time.increaseTo(end1);
    for (const wallet of [alice, g.seconds[0]!, bob]) {
      await expect(holderPropose(wallet))
        .to.be.revertedWithCustomError(g.governor, "GovernorHolderCoolDown")
        .withArgs(1n, ready1);
    }
    // Outsiders are refused as before; the manager may propose at once.
    await expect(holderPropose(g.verifiedOutsider))
      .to.be.revertedWithCustomError(g.governor, "GovernorNotProposer")
      .withArgs(g.verifiedOutsider.address, 0n, TERMS.proposerThreshold);
    await expect(g.governor.connect(g.platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.emit(g.governor, "ProposalCreated")
      .withArgs(2n, g.platform.manager.address, Kind.Decision, 0n, ZeroAddress, DOC, 2n, 1_000n, ...anyTimes());
    expect((await g.governor.proposal(2n)).byHolder).to.equal(false);
    // After the manager's proposal holders propose as soon as it ends.
    await time.increaseTo((await g.governor.proposal(2n)).endTime);
    await (await holderPropose(bob)).wait();
    // With the manager's turn unused, holders wait until its end (the boundary: one second earlier is refused).
    const end3 = (await g.governor.proposal(3n)).endTime;
    const ready3 = end3 + BigInt(TERMS.votingPeriod);
    await time.increaseTo(ready3 - 2n); // the next block is mined at ready3 - 1
    await expect(holderPropose(alice))
      .to.be.revertedWithCustomError(g.governor, "GovernorHolderCoolDown")
      .withArgs(3n, ready3);
    await time.increaseTo(ready3 - 1n); // mined at ready3
    await expect(holderPropose(alice)).to.emit(g.governor, "ProposalFinalized").withArgs(3n, false, 0n, 0n, 0n);
    expect(await g.governor.latestProposalId()).to.equal(4n);
  });

  it("19 with a zero proposer threshold only the manager proposes", async function () {
    const { token } = await launch(g.platform, { propertyId: ethers.id("property-5") });
    await issueTo(g.platform, token, g.holders, [...UNITS]);
    const governor = await attachGovernor(g.platform, token, { ...TERMS, proposerThreshold: 0n });
    await expect(governor.connect(g.holders[0]!).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(governor, "GovernorNotProposer")
      .withArgs(g.holders[0]!.address, 400n, 0n);
    await expect(governor.connect(g.platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC)).to.emit(
      governor,
      "ProposalCreated",
    );
  });

  it("19 one proposal at a time; after its end the next proposal records its outcome first and opens a new snapshot", async function () {
    await proposeAsManager(g);
    const end = (await g.governor.proposal(1n)).endTime;
    await expect(g.governor.connect(g.platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(g.governor, "GovernorProposalOpen")
      .withArgs(1n, end);
    await g.governor.connect(g.holders[0]!).castVote(1n, Choice.For);
    await time.increaseTo(end - 2n); // the next block is mined at end - 1
    await expect(g.governor.connect(g.holders[0]!).propose(Kind.Decision, 0n, ZeroAddress, DOC))
      .to.be.revertedWithCustomError(g.governor, "GovernorProposalOpen")
      .withArgs(1n, end);
    await time.increaseTo(end);
    const tx = g.governor.connect(g.holders[0]!).propose(Kind.Decision, 0n, ZeroAddress, DOC);
    await expect(tx).to.emit(g.governor, "ProposalFinalized").withArgs(1n, true, 400n, 0n, 0n);
    await expect(tx).to.emit(g.snapshots, "SnapshotClosed").withArgs(1n);
    await expect(tx).to.emit(g.snapshots, "SnapshotOpened").withArgs(2n);
    expect(await g.governor.state(1n)).to.equal(State.Approved);
    expect(await g.governor.state(2n)).to.equal(State.Active);
    expect(await g.governor.state(3n)).to.equal(State.None);
  });

  it("19 refuses a proposal on a token without units", async function () {
    const { token } = await launch(g.platform, { propertyId: ethers.id("property-6") });
    const governor = await attachGovernor(g.platform, token);
    await expect(
      governor.connect(g.platform.manager).propose(Kind.Decision, 0n, ZeroAddress, DOC),
    ).to.be.revertedWithCustomError(governor, "GovernorNoSupply");
  });
});

describe("PropertyGovernor: votes (issue 19)", function () {
  let g: Governance;
  beforeEach(async function () {
    g = await networkHelpers.loadFixture(fixture);
    await proposeAsManager(g);
  });

  const tally = async (): Promise<bigint[]> => {
    const p = await g.governor.proposal(1n);
    return [p.forVotes, p.againstVotes, p.abstainVotes];
  };

  it("19 an identity votes with its units at the snapshot, and changes its vote from any of its wallets", async function () {
    const [alice, bob] = g.holders as [(typeof g.holders)[0], (typeof g.holders)[0]];
    await expect(g.governor.connect(alice).castVote(1n, Choice.For))
      .to.emit(g.governor, "VoteCast")
      .withArgs(1n, alice.address, alice.address, Choice.For, 400n);
    await g.governor.connect(bob).castVote(1n, Choice.Against);
    expect(await tally()).to.deep.equal([400n, 300n, 0n]);
    const change = g.governor.connect(g.seconds[0]!).castVote(1n, Choice.Abstain);
    await expect(change).to.emit(g.governor, "VoteWithdrawn").withArgs(1n, alice.address, Choice.For, 400n);
    await expect(change)
      .to.emit(g.governor, "VoteCast")
      .withArgs(1n, alice.address, g.seconds[0]!.address, Choice.Abstain, 400n);
    expect(await tally()).to.deep.equal([0n, 300n, 400n]);
    expect(await g.governor.voteOf(1n, alice.address)).to.deep.equal([true, BigInt(Choice.Abstain), 400n]);
    expect(await g.governor.voteOf(1n, g.holders[2]!.address)).to.deep.equal([false, 0n, 0n]);
    // Voting the same again replaces the vote with itself.
    await g.governor.connect(bob).castVote(1n, Choice.Against);
    expect(await tally()).to.deep.equal([0n, 300n, 400n]);
  });

  it("19 units moved during the vote vote once: within an identity, to another identity, issued or redeemed", async function () {
    const [alice, bob, carol] = g.holders as [(typeof g.holders)[0], (typeof g.holders)[0], (typeof g.holders)[0]];
    await g.governor.connect(alice).castVote(1n, Choice.For);
    // Alice's units go to her second wallet and to Bob; Bob's snapshot was taken before they arrived.
    await g.token.connect(alice).transfer(g.seconds[0]!.address, 150n);
    await g.token.connect(alice).transfer(bob.address, 250n);
    expect(await g.token.balanceOfIdentity(bob.address)).to.equal(550n);
    expect((await g.snapshots.votingPowerOf(bob.address)).power).to.equal(300n);
    expect((await g.snapshots.votingPowerOf(g.seconds[0]!.address)).power).to.equal(400n);
    await g.governor.connect(bob).castVote(1n, Choice.For);
    await g.governor.connect(g.seconds[0]!).castVote(1n, Choice.For);
    expect(await tally()).to.deep.equal([700n, 0n, 0n]);
    // New units and a newcomer: nothing at the snapshot, no votes.
    await issueTo(g.platform, g.token, [g.verifiedOutsider, carol], 500n);
    await expect(g.governor.connect(g.verifiedOutsider).castVote(1n, Choice.Against))
      .to.be.revertedWithCustomError(g.governor, "GovernorNoVotingPower")
      .withArgs(g.verifiedOutsider.address, g.verifiedOutsider.address);
    expect((await g.snapshots.votingPowerOf(carol.address)).power).to.equal(200n);
    // Units redeemed or forced away after the snapshot still vote (the snapshot is the record).
    await g.token.connect(carol).redeem(650n, "0x");
    expect((await g.snapshots.votingPowerOf(carol.address)).power).to.equal(200n);
    await g.token.connect(g.platform.manager).controllerTransfer(bob.address, carol.address, 500n, "0x", "0x");
    expect((await g.snapshots.votingPowerOf(bob.address)).power).to.equal(300n);
    expect((await g.snapshots.votingPowerOf(carol.address)).power).to.equal(200n);
    expect(await g.snapshots.identityBalanceAtSnapshot(carol.address)).to.equal(200n);
    expect(await g.token.balanceOfIdentity(carol.address)).to.equal(550n);
  });

  it("19 a record of an earlier vote's snapshot is stale: the next vote counts units at its own opening", async function () {
    const [alice, bob] = g.holders as [(typeof g.holders)[0], (typeof g.holders)[0]];
    // Vote 1: Alice and Bob move (both recorded at 400 and 300), then the vote ends and is finalized.
    await g.token.connect(alice).transfer(bob.address, 100n);
    expect(await g.snapshots.identityBalanceAtSnapshot(alice.address)).to.equal(400n);
    await time.increase(TERMS.votingPeriod);
    await g.governor.finalize(1n);
    expect(await g.snapshots.identityBalanceAtSnapshot(alice.address)).to.equal(300n);
    // Between votes: moves record nothing (plain transfers).
    await g.token.connect(bob).transfer(alice.address, 50n);
    // Vote 2 opens at Alice 350, Bob 350: her record of vote 1 (400) must not be read, and is rewritten on her next
    // move.
    await proposeAsManager(g);
    expect(await g.snapshots.currentSnapshot()).to.deep.equal([2n, true]);
    expect((await g.snapshots.votingPowerOf(alice.address)).power).to.equal(350n);
    await g.token.connect(alice).transfer(bob.address, 350n);
    expect((await g.snapshots.votingPowerOf(alice.address)).power).to.equal(350n);
    expect((await g.snapshots.votingPowerOf(bob.address)).power).to.equal(350n);
    await expect(g.governor.connect(alice).castVote(2n, Choice.For))
      .to.emit(g.governor, "VoteCast")
      .withArgs(2n, alice.address, alice.address, Choice.For, 350n);
  });

  it("19 frozen units do not vote; a frozen identity and unverified wallets do not vote at all", async function () {
    const [alice, bob, carol, dave] = g.holders as [
      (typeof g.holders)[0],
      (typeof g.holders)[0],
      (typeof g.holders)[0],
      (typeof g.holders)[0],
    ];
    const asAgent = g.token.connect(g.platform.manager);
    // Frozen units in both of Alice's wallets count against her identity.
    await g.token.connect(alice).transfer(g.seconds[0]!.address, 50n);
    await asAgent.freezePartialTokens(alice.address, 60n);
    await asAgent.freezePartialTokens(g.seconds[0]!.address, 40n);
    expect(await g.snapshots.frozenTokensOfIdentity(alice.address)).to.equal(100n);
    await expect(g.governor.connect(alice).castVote(1n, Choice.For))
      .to.emit(g.governor, "VoteCast")
      .withArgs(1n, alice.address, alice.address, Choice.For, 300n);
    // Unfreezing before the end and voting again counts the units again.
    await asAgent.unfreezePartialTokens(alice.address, 60n);
    await g.governor.connect(alice).castVote(1n, Choice.For);
    expect((await g.governor.proposal(1n)).forVotes).to.equal(360n);
    // A frozen identity on the token: no votes through any wallet.
    await asAgent.setAddressFrozen(bob.address, true);
    for (const wallet of [bob, g.seconds[1]!]) {
      await expect(g.governor.connect(wallet).castVote(1n, Choice.For))
        .to.be.revertedWithCustomError(g.governor, "GovernorNoVotingPower")
        .withArgs(wallet.address, bob.address);
    }
    // Registry: an AML freeze, a removal, an expired KYC, an unregistered wallet.
    await g.platform.registry.connect(g.platform.complianceAgent).setFrozen(carol.address, true);
    await expect(g.governor.connect(carol).castVote(1n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorVoterNotVerified")
      .withArgs(carol.address);
    await g.platform.registry.connect(g.platform.complianceAgent).removeIdentity(dave.address);
    await expect(g.governor.connect(dave).castVote(1n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorVoterNotVerified")
      .withArgs(dave.address);
    await expect(g.governor.connect(g.platform.outsider).castVote(1n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorVoterNotVerified")
      .withArgs(g.platform.outsider.address);
    const late = g.platform.investors[7]!;
    await g.platform.registry.connect(g.platform.complianceAgent).removeIdentity(late.address);
    await register(g.platform, late.address, { kycDays: 1 });
    await issueTo(g.platform, g.token, [late], 1n);
    await time.increase(2 * DAY);
    await expect(g.governor.connect(late).castVote(1n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorVoterNotVerified")
      .withArgs(late.address);
    // Every unit of Alice's identity frozen: verified wallets with nothing left to vote.
    await asAgent.freezePartialTokens(g.seconds[0]!.address, 10n);
    await asAgent.freezePartialTokens(alice.address, 350n);
    expect(await g.snapshots.votingPowerOf(alice.address)).to.deep.equal([alice.address, 0n]);
    await expect(g.governor.connect(g.seconds[0]!).castVote(1n, Choice.Against))
      .to.be.revertedWithCustomError(g.governor, "GovernorNoVotingPower")
      .withArgs(g.seconds[0]!.address, alice.address);
  });

  it("19 a freeze stays counted under the wallet's identity when the wallet is removed and registered again", async function () {
    const [alice, bob] = g.holders as [(typeof g.holders)[0], (typeof g.holders)[0]];
    const wallet = g.seconds[0]!; // Alice's second wallet
    const asAgent = g.token.connect(g.platform.manager);
    const registry = g.platform.registry.connect(g.platform.complianceAgent);
    await g.token.connect(alice).transfer(wallet.address, 50n);
    await asAgent.freezePartialTokens(wallet.address, 10n);
    const frozenOf = async (identity: string): Promise<bigint> => g.snapshots.frozenTokensOfIdentity(identity);
    const powers = async (): Promise<bigint[]> =>
      Promise.all([alice, bob].map(async (w) => (await g.snapshots.votingPowerOf(w.address)).power));
    expect([await frozenOf(alice.address), await powers()]).to.deep.equal([10n, [390n, 300n]]);
    // Removed: the binding stays, so the freeze is still Alice's and can be changed and lifted.
    await registry.removeIdentity(wallet.address);
    expect(await g.platform.registry.identityOf(wallet.address)).to.equal(alice.address);
    await asAgent.freezePartialTokens(wallet.address, 5n);
    expect([await frozenOf(alice.address), await powers()]).to.deep.equal([15n, [385n, 300n]]);
    await asAgent.unfreezePartialTokens(wallet.address, 15n);
    expect([await frozenOf(alice.address), await frozenOf(bob.address), await powers()]).to.deep.equal([
      0n,
      0n,
      [400n, 300n],
    ]);
    // Frozen while removed, then registered again: under another identity it is refused, under its own it is Alice's.
    await asAgent.setFrozenTokens(wallet.address, 20n);
    const now = await time.latest();
    await expect(registry.registerIdentity(wallet.address, bob.address, 250, now + 365 * DAY, true))
      .to.be.revertedWithCustomError(g.platform.registry, "RegistryIdentityMismatch")
      .withArgs(wallet.address, alice.address, bob.address);
    await register(g.platform, wallet.address, { identity: alice.address });
    expect([await frozenOf(alice.address), await frozenOf(bob.address), await powers()]).to.deep.equal([
      20n,
      0n,
      [380n, 300n],
    ]);
    await asAgent.setFrozenTokens(wallet.address, 0n);
    expect([await frozenOf(alice.address), await powers()]).to.deep.equal([0n, [400n, 300n]]);
    expect(await g.token.frozenTokensOf(wallet.address)).to.equal(0n);
  });

  it("19 refuses a choice that is not a vote, unknown proposals and votes after the end", async function () {
    await expect(g.governor.connect(g.holders[0]!).castVote(1n, 3))
      .to.be.revertedWithCustomError(g.governor, "GovernorInvalidChoice")
      .withArgs(3);
    await expect(g.governor.connect(g.holders[0]!).castVote(2n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorUnknownProposal")
      .withArgs(2n);
    const end = (await g.governor.proposal(1n)).endTime;
    await time.increaseTo(end - 2n); // the next block is mined at end - 1
    await g.governor.connect(g.holders[0]!).castVote(1n, Choice.For); // the last second counts
    await expect(g.governor.connect(g.holders[1]!).castVote(1n, Choice.For))
      .to.be.revertedWithCustomError(g.governor, "GovernorVotingClosed")
      .withArgs(1n, end);
  });

  it("19 a vote relayed through the trusted forwarder (ERC-2771) counts for the investor who signed it", async function () {
    const [alice] = g.holders;
    const data = g.governor.interface.encodeFunctionData("castVote", [1n, Choice.Against]);
    await expect(relayed(g.platform.forwarder, g.platform.outsider, alice!, g.governor, data))
      .to.emit(g.governor, "VoteCast")
      .withArgs(1n, alice!.address, alice!.address, Choice.Against, 400n);
  });
});

describe("PropertyGovernor: outcomes (issue 19)", function () {
  let g: Governance;
  beforeEach(async function () {
    g = await networkHelpers.loadFixture(fixture);
    await proposeAsManager(g, Kind.Sale, 1_000_000n);
  });

  const endVote = async (): Promise<void> => {
    await time.increaseTo((await g.governor.proposal(1n)).endTime);
  };

  it("19 approved: quorum reached and for >= 60 % of for + against; recorded by anyone, snapshot closed", async function () {
    // For 400 (Alice), against 200 (Carol) + abstain 100 (Dave): 400 / 600 = 66.7 %, quorum 700 / 1000.
    await g.governor.connect(g.holders[0]!).castVote(1n, Choice.For);
    await g.governor.connect(g.holders[2]!).castVote(1n, Choice.Against);
    await g.governor.connect(g.holders[3]!).castVote(1n, Choice.Abstain);
    await expect(g.governor.finalize(1n))
      .to.be.revertedWithCustomError(g.governor, "GovernorVotingNotEnded")
      .withArgs(1n, (await g.governor.proposal(1n)).endTime);
    await endVote();
    expect(await g.governor.state(1n)).to.equal(State.Approved);
    const tx = g.governor.connect(g.platform.outsider).finalize(1n);
    await expect(tx).to.emit(g.governor, "ProposalFinalized").withArgs(1n, true, 400n, 200n, 100n);
    await expect(tx).to.emit(g.snapshots, "SnapshotClosed").withArgs(1n);
    expect((await g.governor.proposal(1n)).outcome).to.equal(1n);
    expect(await g.snapshots.currentSnapshot()).to.deep.equal([1n, false]);
    await expect(g.governor.finalize(1n))
      .to.be.revertedWithCustomError(g.governor, "GovernorAlreadyFinalized")
      .withArgs(1n);
    await expect(g.governor.finalize(9n))
      .to.be.revertedWithCustomError(g.governor, "GovernorUnknownProposal")
      .withArgs(9n);
    // After the vote, a transfer records nothing and powers are current again.
    await g.token.connect(g.holders[0]!).transfer(g.holders[1]!.address, 10n);
    expect(await g.snapshots.identityBalanceAtSnapshot(g.holders[1]!.address)).to.equal(310n);
  });

  it("19 the approval threshold is a boundary: exactly 60 % approves, just below rejects, a tie rejects", async function () {
    // 300 for (Bob) against 200 (Carol): 60 % exactly.
    await g.governor.connect(g.holders[1]!).castVote(1n, Choice.For);
    await g.governor.connect(g.holders[2]!).castVote(1n, Choice.Against);
    await endVote();
    expect(await g.governor.state(1n)).to.equal(State.Approved);
    await expect(g.governor.finalize(1n)).to.emit(g.governor, "ProposalFinalized").withArgs(1n, true, 300n, 200n, 0n);
    // 300 for, 200 + 1 against: below.
    await g.token.connect(g.holders[0]!).transfer(g.holders[3]!.address, 1n);
    await proposeAsManager(g);
    await g.governor.connect(g.holders[1]!).castVote(2n, Choice.For);
    await g.governor.connect(g.holders[2]!).castVote(2n, Choice.Against);
    await g.governor.connect(g.holders[3]!).castVote(2n, Choice.Against);
    await time.increaseTo((await g.governor.proposal(2n)).endTime);
    expect(await g.governor.state(2n)).to.equal(State.Rejected);
    await expect(g.governor.finalize(2n)).to.emit(g.governor, "ProposalFinalized").withArgs(2n, false, 300n, 301n, 0n);
    expect((await g.governor.proposal(2n)).outcome).to.equal(2n);
  });

  it("19 rejected without quorum, or with abstentions only", async function () {
    // Bob's 300 is 30 % (quorum met) but only abstains: no vote for.
    await g.governor.connect(g.holders[1]!).castVote(1n, Choice.Abstain);
    await endVote();
    expect(await g.governor.state(1n)).to.equal(State.Rejected);
    await g.governor.finalize(1n);
    // Carol's 200 for is 20 % < 30 % quorum.
    await proposeAsManager(g);
    await g.governor.connect(g.holders[2]!).castVote(2n, Choice.For);
    await time.increaseTo((await g.governor.proposal(2n)).endTime);
    expect(await g.governor.state(2n)).to.equal(State.Rejected);
    // 200 + Dave's 100 = exactly 30 %: the same vote with Dave reaches quorum.
    await proposeAsManager(g);
    await g.governor.connect(g.holders[2]!).castVote(3n, Choice.For);
    await g.governor.connect(g.holders[3]!).castVote(3n, Choice.For);
    await time.increaseTo((await g.governor.proposal(3n)).endTime);
    expect(await g.governor.state(3n)).to.equal(State.Approved);
  });
});
