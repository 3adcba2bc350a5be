// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPropertyGovernorErrors} from "./IPropertyGovernorErrors.sol";

/// @notice A governor's launch terms, fixed for the property (immutable arguments of its clone).
struct GovernorTerms {
    /// @dev Seconds a vote stays open, 1 day .. 90 days.
    uint32 votingPeriod;
    /// @dev Share of the units at the snapshot that must vote (for, against or abstain), in basis points, 1..10,000.
    uint16 quorumBps;
    /// @dev Share of the votes for among for + against needed to approve, in basis points, 5,001..10,000.
    uint16 approvalBps;
    /// @dev Voting power (units minus frozen units, per identity) a holder needs to propose; 0: only the manager.
    uint64 proposerThreshold;
}

/// @notice Kinds of proposal (`propose`'s `kind`): 0 sale at a minimum price (`amount`, payment-token base units),
/// 1 refinance (`amount`), 2 change of manager (`account`), 3 capital expenditure (`amount`), 4 free decision.
/// Every kind names its document by hash (`documentHash`, non-zero).
enum ProposalKind {
    Sale,
    Refinance,
    ManagerChange,
    CapitalExpenditure,
    Decision
}

/// @notice Where a proposal stands: `Active` while its vote runs; after the end, `Approved` or `Rejected` (computed
/// from the final tally, recorded on chain by `finalize`).
enum ProposalState {
    None,
    Active,
    Approved,
    Rejected
}

/// @notice A vote (`castVote`'s `choice`): 0 against, 1 for, 2 abstain.
enum VoteChoice {
    Against,
    For,
    Abstain
}

/// @notice A proposal as stored.
struct Proposal {
    address proposer;
    ProposalKind kind;
    uint40 startTime;
    /// @dev Votes are taken while `block.timestamp < endTime`.
    uint40 endTime;
    /// @dev 0 until finalized, then 1 approved or 2 rejected.
    uint8 outcome;
    /// @dev The token's total supply when the snapshot opened: the quorum's base.
    uint64 supplyAtSnapshot;
    uint64 forVotes;
    uint64 againstVotes;
    uint64 abstainVotes;
    /// @dev The token's snapshot of this vote.
    uint32 snapshotId;
    address account;
    /// @dev Opened by a holder, not the manager: holders then wait one voting period after its end (the manager's
    /// turn, so a holder above the threshold cannot keep the manager's proposals out).
    bool byHolder;
    uint256 amount;
    bytes32 documentHash;
}

/// @title PropertyGovernor: holder votes of one property (issue 19).
interface IPropertyGovernor is IPropertyGovernorErrors {
    /// @notice `proposalId` was opened by `proposer` on the token's snapshot `snapshotId`.
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        ProposalKind kind,
        uint256 amount,
        address account,
        bytes32 documentHash,
        uint256 snapshotId,
        uint256 supplyAtSnapshot,
        uint256 startTime,
        uint256 endTime
    );
    /// @notice `identity` votes `choice` with `weight` votes, cast by its wallet `wallet` (replacing any earlier
    /// vote of the identity, which `VoteWithdrawn` announced).
    event VoteCast(
        uint256 indexed proposalId,
        address indexed identity,
        address indexed wallet,
        VoteChoice choice,
        uint256 weight
    );
    /// @notice The earlier vote of `identity` left the tally, replaced by the `VoteCast` that follows.
    event VoteWithdrawn(uint256 indexed proposalId, address indexed identity, VoteChoice choice, uint256 weight);
    /// @notice The outcome of `proposalId` is recorded and the token's snapshot closed.
    event ProposalFinalized(
        uint256 indexed proposalId,
        bool approved,
        uint256 forVotes,
        uint256 againstVotes,
        uint256 abstainVotes
    );

    /// @notice Opens a vote (the token's admin, or a holder whose voting power reaches the proposer threshold;
    /// one proposal at a time: an ended, unfinalized one is finalized first). Opens the token's snapshot. After a
    /// holder's proposal, holders may propose again only one voting period after its end: the manager's turn.
    /// @param kind The `ProposalKind`.
    /// @param amount The minimum price (sale), the amount (refinance, capital expenditure); 0 for the other kinds.
    /// @param account The new manager (change of manager); zero for the other kinds.
    /// @param documentHash Hash of the proposal's document (non-zero).
    /// @return proposalId The new proposal's id (1, 2, ...).
    function propose(
        uint8 kind,
        uint256 amount,
        address account,
        bytes32 documentHash
    ) external returns (uint256 proposalId);

    /// @notice Casts or changes the vote of the caller's identity (any verified wallet of it) with the identity's
    /// voting power now (`IPropertyTokenSnapshots.votingPowerOf`), until the vote ends.
    /// @param proposalId The open proposal.
    /// @param choice The `VoteChoice`.
    function castVote(uint256 proposalId, uint8 choice) external;

    /// @notice Records the outcome of an ended vote and closes the token's snapshot (anyone).
    /// @param proposalId The proposal.
    /// @return approved Whether it was approved (quorum reached and approval threshold met).
    function finalize(uint256 proposalId) external returns (bool approved);

    /// @notice The token this governor decides for.
    /// @return The token.
    function token() external view returns (address);

    /// @notice The launch terms.
    /// @return The terms.
    function terms() external view returns (GovernorTerms memory);

    /// @notice The last proposal's id (0: none yet); at most this one is open.
    /// @return The id.
    function latestProposalId() external view returns (uint256);

    /// @notice A proposal as stored.
    /// @param proposalId The proposal.
    /// @return The proposal (zero for an unknown id).
    function proposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice Where `proposalId` stands (`None` for an unknown id).
    /// @param proposalId The proposal.
    /// @return The state.
    function state(uint256 proposalId) external view returns (ProposalState);

    /// @notice The vote of `identity` on `proposalId`.
    /// @param proposalId The proposal.
    /// @param identity The identity id.
    /// @return voted Whether it voted.
    /// @return choice Its choice.
    /// @return weight Its votes.
    function voteOf(
        uint256 proposalId,
        address identity
    ) external view returns (bool voted, VoteChoice choice, uint256 weight);
}
