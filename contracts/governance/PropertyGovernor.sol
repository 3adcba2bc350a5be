// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenSnapshots} from "../interfaces/IPropertyTokenSnapshots.sol";
import {
    GovernorTerms,
    IPropertyGovernor,
    Proposal,
    ProposalKind,
    ProposalState,
    VoteChoice
} from "../interfaces/IPropertyGovernor.sol";
import {GovernorTermsCodec} from "./GovernorTermsCodec.sol";

/// @title PropertyGovernor
/// @notice Holder votes of one property (issue 19). Deployed only as a clone whose immutable arguments are the token
/// and the launch terms (`GovernorTermsCodec`), made by `PropertyTokenFactory.launchGovernor`; the token's admin then
/// names it on the token (`setGovernor`, once), which lets it open and close the token's snapshots.
///
/// One proposal at a time: opening one opens the token's snapshot, recording each identity's units lazily at its
/// first balance change (the token's side, `IPropertyTokenSnapshots`). Voting power is per identity: its units at the
/// snapshot minus its frozen units at the time of voting, only through a wallet verified in the registry and with
/// the identity not frozen on the token. Any wallet of the identity casts or changes the identity's one vote until
/// the end; units moved to other wallets or identities during the vote bring nobody new votes, since every receiver's
/// units were recorded before they arrived. After the end anyone records the outcome (`finalize`), which closes the
/// snapshot so transfers are plain again; the next `propose` does it itself if nobody did. After a holder's proposal
/// the manager has one voting period in which holders may not propose, so holders above the threshold cannot delay
/// the manager's proposals forever by keeping one open back to back.
///
/// Quorum: for + against + abstain >= quorumBps of the supply at the snapshot. Approval: quorum, and for >=
/// approvalBps of for + against (approvalBps > 50 %, so a tie never approves), with at least one vote for.
///
/// Gasless (issue 20): voters and proposers are `_msgSender()` (ERC-2771, the platform's trusted forwarder, an
/// immutable of the implementation shared by every clone).
contract PropertyGovernor is IPropertyGovernor, ERC2771Context {
    /// @dev `DEFAULT_ADMIN_ROLE` of the token: the property's manager after a factory launch.
    bytes32 private constant _ADMIN_ROLE = 0x00;
    /// @dev A stored vote: `choice + 1 (bits 0..7) | weight (8..71)`; 0 = no vote.
    uint256 private constant _WEIGHT_SHIFT = 8;

    address private immutable _SELF;

    uint256 private _latestProposalId;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => mapping(address identity => uint256 vote)) private _votes;

    /// @param forwarder The platform's trusted forwarder (ERC-2771), zero for none.
    constructor(address forwarder) ERC2771Context(forwarder) {
        _SELF = address(this);
    }

    /// @inheritdoc IPropertyGovernor
    function propose(
        uint8 kind,
        uint256 amount,
        address account,
        bytes32 documentHash
    ) external returns (uint256 proposalId) {
        (address tokenAddress, GovernorTerms memory t) = _args();
        _checkProposal(kind, amount, account, documentHash);
        uint256 latest = _latestProposalId;
        if (latest != 0 && _proposals[latest].outcome == 0) {
            uint256 endTime = _proposals[latest].endTime;
            if (block.timestamp < endTime) revert GovernorProposalOpen(latest, endTime);
            _finalize(latest, tokenAddress, t);
        }
        address proposer = _msgSender();
        if (_checkProposer(tokenAddress, proposer, latest, t)) _proposals[latest + 1].byHolder = true;
        uint256 supply = IPropertyToken(tokenAddress).totalSupply();
        if (supply == 0) revert GovernorNoSupply();
        uint256 snapshotId = IPropertyTokenSnapshots(tokenAddress).openSnapshot();
        proposalId = latest + 1;
        _latestProposalId = proposalId;
        uint256 endTime_ = block.timestamp + t.votingPeriod;
        Proposal storage p = _proposals[proposalId];
        p.proposer = proposer;
        p.kind = ProposalKind(kind);
        p.startTime = uint40(block.timestamp);
        p.endTime = uint40(endTime_);
        // The supply is below 2^64 (the token caps issuance) and snapshot ids count proposals.
        p.supplyAtSnapshot = uint64(supply);
        p.snapshotId = uint32(snapshotId);
        p.account = account;
        p.amount = amount;
        p.documentHash = documentHash;
        emit ProposalCreated(
            proposalId,
            proposer,
            ProposalKind(kind),
            amount,
            account,
            documentHash,
            snapshotId,
            supply,
            block.timestamp,
            endTime_
        );
    }

    /// @inheritdoc IPropertyGovernor
    function castVote(uint256 proposalId, uint8 choice) external {
        (address tokenAddress, ) = _args();
        if (choice > uint8(VoteChoice.Abstain)) revert GovernorInvalidChoice(choice);
        Proposal storage p = _proposals[proposalId];
        uint256 endTime = p.endTime;
        if (endTime == 0) revert GovernorUnknownProposal(proposalId);
        if (block.timestamp >= endTime) revert GovernorVotingClosed(proposalId, endTime);
        address wallet = _msgSender();
        (address identity, uint256 power) = IPropertyTokenSnapshots(tokenAddress).votingPowerOf(wallet);
        if (power == 0) {
            // The failure path only: say whether the wallet or its units are the reason.
            address registry = IPropertyToken(tokenAddress).identityRegistry();
            if (!IIdentityRegistry(registry).isVerified(wallet)) revert GovernorVoterNotVerified(wallet);
            revert GovernorNoVotingPower(wallet, identity);
        }
        uint256 previous = _votes[proposalId][identity];
        if (previous != 0) {
            VoteChoice before = VoteChoice(uint8(previous) - 1);
            uint256 weightBefore = previous >> _WEIGHT_SHIFT;
            _tally(p, before, weightBefore, false);
            emit VoteWithdrawn(proposalId, identity, before, weightBefore);
        }
        _tally(p, VoteChoice(choice), power, true);
        _votes[proposalId][identity] = (power << _WEIGHT_SHIFT) | (uint256(choice) + 1);
        emit VoteCast(proposalId, identity, wallet, VoteChoice(choice), power);
    }

    /// @inheritdoc IPropertyGovernor
    function finalize(uint256 proposalId) external returns (bool approved) {
        (address tokenAddress, GovernorTerms memory t) = _args();
        Proposal storage p = _proposals[proposalId];
        uint256 endTime = p.endTime;
        if (endTime == 0) revert GovernorUnknownProposal(proposalId);
        if (p.outcome != 0) revert GovernorAlreadyFinalized(proposalId);
        if (block.timestamp < endTime) revert GovernorVotingNotEnded(proposalId, endTime);
        return _finalize(proposalId, tokenAddress, t);
    }

    /// @inheritdoc IPropertyGovernor
    function token() external view returns (address tokenAddress) {
        (tokenAddress, ) = _args();
    }

    /// @inheritdoc IPropertyGovernor
    function terms() external view returns (GovernorTerms memory t) {
        (, t) = _args();
    }

    /// @inheritdoc IPropertyGovernor
    function latestProposalId() external view returns (uint256) {
        return _latestProposalId;
    }

    /// @inheritdoc IPropertyGovernor
    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc IPropertyGovernor
    function state(uint256 proposalId) external view returns (ProposalState) {
        Proposal storage p = _proposals[proposalId];
        if (p.endTime == 0) return ProposalState.None;
        if (p.outcome != 0) return p.outcome == 1 ? ProposalState.Approved : ProposalState.Rejected;
        if (block.timestamp < p.endTime) return ProposalState.Active;
        (, GovernorTerms memory t) = _args();
        return _approved(p, t) ? ProposalState.Approved : ProposalState.Rejected;
    }

    /// @inheritdoc IPropertyGovernor
    function voteOf(
        uint256 proposalId,
        address identity
    ) external view returns (bool voted, VoteChoice choice, uint256 weight) {
        uint256 vote = _votes[proposalId][identity];
        if (vote == 0) return (false, VoteChoice.Against, 0);
        return (true, VoteChoice(uint8(vote) - 1), vote >> _WEIGHT_SHIFT);
    }

    // --------------------------------------------------------------------------------------------- internals

    function _finalize(
        uint256 proposalId,
        address tokenAddress,
        GovernorTerms memory t
    ) private returns (bool approved) {
        Proposal storage p = _proposals[proposalId];
        approved = _approved(p, t);
        p.outcome = approved ? 1 : 2;
        IPropertyTokenSnapshots(tokenAddress).closeSnapshot();
        emit ProposalFinalized(proposalId, approved, p.forVotes, p.againstVotes, p.abstainVotes);
    }

    function _approved(Proposal storage p, GovernorTerms memory t) private view returns (bool) {
        uint256 forVotes = p.forVotes;
        uint256 against = p.againstVotes;
        uint256 cast = forVotes + against + p.abstainVotes;
        if (cast * 10_000 < uint256(t.quorumBps) * p.supplyAtSnapshot) return false;
        return forVotes != 0 && forVotes * 10_000 >= uint256(t.approvalBps) * (forVotes + against);
    }

    /// @dev Adds or removes `weight` votes of `choice`. Every identity's weight is at most its units at the
    /// snapshot, and each identity counts once, so the totals stay below the supply at the snapshot (< 2^64).
    function _tally(Proposal storage p, VoteChoice choice, uint256 weight, bool add) private {
        uint64 w = uint64(weight);
        if (choice == VoteChoice.For) p.forVotes = add ? p.forVotes + w : p.forVotes - w;
        else if (choice == VoteChoice.Against) p.againstVotes = add ? p.againstVotes + w : p.againstVotes - w;
        else p.abstainVotes = add ? p.abstainVotes + w : p.abstainVotes - w;
    }

    function _checkProposal(uint8 kind, uint256 amount, address account, bytes32 documentHash) private pure {
        if (kind > uint8(ProposalKind.Decision)) revert GovernorInvalidKind(kind);
        if (documentHash == bytes32(0)) revert GovernorInvalidProposal(kind, "documentHash");
        bool needsAmount = kind != uint8(ProposalKind.ManagerChange) && kind != uint8(ProposalKind.Decision);
        if (needsAmount != (amount != 0)) revert GovernorInvalidProposal(kind, "amount");
        bool needsAccount = kind == uint8(ProposalKind.ManagerChange);
        if (needsAccount != (account != address(0))) revert GovernorInvalidProposal(kind, "account");
    }

    /// @dev The token's admin (the manager) always may propose; a holder when its voting power now reaches the
    /// threshold and it is not the manager's turn (one voting period after a holder's proposal `latest` ended).
    /// @return byHolder Whether `proposer` proposes as a holder.
    function _checkProposer(
        address tokenAddress,
        address proposer,
        uint256 latest,
        GovernorTerms memory t
    ) private view returns (bool byHolder) {
        if (IAccessControl(tokenAddress).hasRole(_ADMIN_ROLE, proposer)) return false;
        (, uint256 power) = IPropertyTokenSnapshots(tokenAddress).votingPowerOf(proposer);
        uint256 threshold = t.proposerThreshold;
        if (threshold == 0 || power < threshold) revert GovernorNotProposer(proposer, power, threshold);
        if (latest != 0 && _proposals[latest].byHolder) {
            uint256 readyAt = uint256(_proposals[latest].endTime) + t.votingPeriod;
            if (block.timestamp < readyAt) revert GovernorHolderCoolDown(latest, readyAt);
        }
        return true;
    }

    /// @dev The token and terms: this clone's immutable arguments. The implementation itself has none and refuses.
    function _args() private view returns (address tokenAddress, GovernorTerms memory t) {
        if (address(this) == _SELF) revert GovernorImplementationOnly();
        return GovernorTermsCodec.decode(Clones.fetchCloneArgs(address(this)));
    }
}
