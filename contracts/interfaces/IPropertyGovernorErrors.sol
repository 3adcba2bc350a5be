// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Refusals of a PropertyGovernor (holder votes, issue 19) and of its launch terms.
interface IPropertyGovernorErrors {
    /// @notice The implementation has no token or terms: only its clones govern.
    error GovernorImplementationOnly();
    /// @notice A launch term is out of range: `field` is "votingPeriod", "quorumBps" or "approvalBps".
    error GovernorInvalidTerms(string field);
    /// @notice `kind` is not a proposal kind (0 sale, 1 refinance, 2 manager change, 3 capital expenditure,
    /// 4 decision).
    error GovernorInvalidKind(uint8 kind);
    /// @notice A parameter of a proposal of `kind` is missing or not allowed: `field` is "amount", "account" or
    /// "documentHash".
    error GovernorInvalidProposal(uint8 kind, string field);
    /// @notice `account` may not propose: neither the token's admin (the manager) nor a holder whose voting power
    /// reaches the threshold (0: holders may not propose).
    error GovernorNotProposer(address account, uint256 power, uint256 threshold);
    /// @notice One proposal at a time: `proposalId` is open until `endTime`.
    error GovernorProposalOpen(uint256 proposalId, uint256 endTime);
    /// @notice The last proposal, `proposalId`, was a holder's: holders may propose again from `readyAt` (its end
    /// plus one voting period, when the manager may propose and holders may not).
    error GovernorHolderCoolDown(uint256 proposalId, uint256 readyAt);
    /// @notice A proposal needs units to vote on: the token's supply is zero.
    error GovernorNoSupply();
    /// @notice No proposal has this id.
    error GovernorUnknownProposal(uint256 proposalId);
    /// @notice The vote on `proposalId` ended at `endTime`.
    error GovernorVotingClosed(uint256 proposalId, uint256 endTime);
    /// @notice The vote on `proposalId` runs until `endTime`.
    error GovernorVotingNotEnded(uint256 proposalId, uint256 endTime);
    /// @notice The outcome of `proposalId` is already recorded.
    error GovernorAlreadyFinalized(uint256 proposalId);
    /// @notice `choice` is not a vote (0 against, 1 for, 2 abstain).
    error GovernorInvalidChoice(uint8 choice);
    /// @notice `wallet` is not verified in the identity registry (unregistered, removed, KYC expired or frozen).
    error GovernorVoterNotVerified(address wallet);
    /// @notice `wallet`'s identity has no votes: no units at the snapshot beyond its frozen units, or the identity
    /// is frozen on the token.
    error GovernorNoVotingPower(address wallet, address identity);
}
