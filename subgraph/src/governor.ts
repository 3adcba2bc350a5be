// A property's holder-vote governor (template, from the factory's GovernorLaunched; issue 19): its proposals and the
// vote of each identity. The tallies follow the governor's events: VoteCast adds the vote, and VoteWithdrawn, which
// the governor emits just before the VoteCast that replaces an identity's earlier vote, takes that vote out. So a
// Proposal's tallies are the sum of each identity's latest vote, as the contract's proposal(id) counts them.
import { BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import {
  ProposalCreated,
  ProposalFinalized,
  VoteCast,
  VoteWithdrawn,
} from "../generated/templates/PropertyGovernor/PropertyGovernor";
import { Governor, Proposal, Vote } from "../generated/schema";
import { ZERO_ADDRESS, ensureAccount, timestampOf } from "./common";

/** `ProposalKind` of IPropertyGovernor.sol, in its order (the event carries the index). */
const KINDS = ["SALE", "REFINANCE", "MANAGER_CHANGE", "CAPITAL_EXPENDITURE", "DECISION"];
/** `VoteChoice` of IPropertyGovernor.sol, in its order. */
const CHOICES = ["AGAINST", "FOR", "ABSTAIN"];

function proposalKey(governor: Bytes, proposalId: BigInt): string {
  return governor.toHexString() + "-" + proposalId.toString();
}

function voteKey(governor: Bytes, proposalId: BigInt, identity: Bytes): string {
  return proposalKey(governor, proposalId) + "-" + identity.toHexString();
}

/** The governor's proposal; the governor emits no vote or outcome for a proposal it did not create. */
function loadProposal(governor: Bytes, proposalId: BigInt): Proposal {
  const proposal = Proposal.load(proposalKey(governor, proposalId));
  if (proposal == null) log.critical("proposal {} is not indexed", [proposalKey(governor, proposalId)]);
  return proposal!;
}

/** Adds `weight` votes of `choice` to the tallies (`sign` 1), or takes them out (`sign` -1). */
function count(proposal: Proposal, choice: i32, weight: BigInt, sign: i32): void {
  const delta = sign > 0 ? weight : weight.neg();
  if (choice == 1) proposal.forVotes = proposal.forVotes.plus(delta);
  else if (choice == 0) proposal.againstVotes = proposal.againstVotes.plus(delta);
  else proposal.abstainVotes = proposal.abstainVotes.plus(delta);
  proposal.voters += sign;
}

export function handleProposalCreated(event: ProposalCreated): void {
  const p = event.params;
  const governor = Governor.load(event.address);
  if (governor == null) {
    log.critical("governor {} is not indexed: was it launched by the factory?", [event.address.toHexString()]);
    return;
  }
  governor.proposalCount += 1;
  governor.save();
  const proposal = new Proposal(proposalKey(event.address, p.proposalId));
  proposal.governor = event.address;
  proposal.token = governor.token;
  proposal.proposalId = p.proposalId;
  proposal.kind = p.kind < KINDS.length ? KINDS[p.kind] : "DECISION";
  if (p.kind >= KINDS.length) log.error("proposal {} has an unknown kind {}", [proposal.id, p.kind.toString()]);
  proposal.proposer = p.proposer;
  proposal.amount = p.amount;
  proposal.account = p.account.equals(ZERO_ADDRESS) ? null : p.account;
  proposal.documentHash = p.documentHash;
  proposal.snapshotId = p.snapshotId;
  proposal.supplyAtSnapshot = p.supplyAtSnapshot;
  proposal.startTime = p.startTime;
  proposal.endTime = p.endTime;
  proposal.forVotes = BigInt.zero();
  proposal.againstVotes = BigInt.zero();
  proposal.abstainVotes = BigInt.zero();
  proposal.voters = 0;
  proposal.status = "ACTIVE";
  proposal.createdAt = timestampOf(event);
  proposal.transaction = event.transaction.hash;
  proposal.save();
}

export function handleVoteCast(event: VoteCast): void {
  const p = event.params;
  const proposal = loadProposal(event.address, p.proposalId);
  const key = voteKey(event.address, p.proposalId, p.identity);
  let vote = Vote.load(key);
  if (vote == null) {
    vote = new Vote(key);
    vote.proposal = proposal.id;
    vote.identity = p.identity;
    vote.changes = 0;
  } else {
    vote.changes += 1;
  }
  ensureAccount(p.wallet);
  vote.wallet = p.wallet;
  vote.choice = CHOICES[p.choice];
  vote.weight = p.weight;
  vote.castAt = timestampOf(event);
  vote.transaction = event.transaction.hash;
  vote.save();
  count(proposal, p.choice, p.weight, 1);
  proposal.save();
}

export function handleVoteWithdrawn(event: VoteWithdrawn): void {
  const p = event.params;
  const proposal = loadProposal(event.address, p.proposalId);
  const vote = Vote.load(voteKey(event.address, p.proposalId, p.identity));
  if (vote == null) {
    log.error("proposal {}: no vote of {} to withdraw", [proposal.id, p.identity.toHexString()]);
    return;
  }
  if (vote.choice != CHOICES[p.choice] || !vote.weight.equals(p.weight)) {
    log.error("proposal {}: {} withdraws {} {}, indexed {} {}", [
      proposal.id,
      p.identity.toHexString(),
      CHOICES[p.choice],
      p.weight.toString(),
      vote.choice,
      vote.weight.toString(),
    ]);
  }
  count(proposal, p.choice, p.weight, -1);
  proposal.save();
}

export function handleProposalFinalized(event: ProposalFinalized): void {
  const p = event.params;
  const proposal = loadProposal(event.address, p.proposalId);
  // The event carries the tally finalize recorded; the indexed one is kept, and a difference is reported.
  if (
    !proposal.forVotes.equals(p.forVotes) ||
    !proposal.againstVotes.equals(p.againstVotes) ||
    !proposal.abstainVotes.equals(p.abstainVotes)
  ) {
    log.error("proposal {} finalized with {}/{}/{}, indexed {}/{}/{}", [
      proposal.id,
      p.forVotes.toString(),
      p.againstVotes.toString(),
      p.abstainVotes.toString(),
      proposal.forVotes.toString(),
      proposal.againstVotes.toString(),
      proposal.abstainVotes.toString(),
    ]);
  }
  proposal.status = p.approved ? "APPROVED" : "REJECTED";
  proposal.finalizedAt = timestampOf(event);
  proposal.save();
}
