// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {GovernorTerms} from "../interfaces/IPropertyGovernor.sol";
import {IPropertyGovernorErrors} from "../interfaces/IPropertyGovernorErrors.sol";

/// @title GovernorTermsCodec
/// @notice Packs a governor's token and launch terms into the 36 bytes appended to its clone's code (immutable
/// arguments: `token (20) | votingPeriod (4) | quorumBps (2) | approvalBps (2) | proposerThreshold (8)`), reads them
/// back, and checks the terms.
library GovernorTermsCodec {
    /// @dev Length of the packed arguments.
    uint256 internal constant LENGTH = 36;
    /// @dev Bounds of a vote's duration.
    uint256 internal constant MIN_VOTING_PERIOD = 1 days;
    uint256 internal constant MAX_VOTING_PERIOD = 90 days;

    /// @notice Reverts `GovernorInvalidTerms(field)` unless the terms are in range.
    /// @param t The terms.
    function validate(GovernorTerms memory t) internal pure {
        if (t.votingPeriod < MIN_VOTING_PERIOD || t.votingPeriod > MAX_VOTING_PERIOD) {
            revert IPropertyGovernorErrors.GovernorInvalidTerms("votingPeriod");
        }
        if (t.quorumBps == 0 || t.quorumBps > 10_000) revert IPropertyGovernorErrors.GovernorInvalidTerms("quorumBps");
        // A strict majority at least: with "for >= approval x (for + against)", a tie never approves.
        if (t.approvalBps <= 5_000 || t.approvalBps > 10_000) {
            revert IPropertyGovernorErrors.GovernorInvalidTerms("approvalBps");
        }
    }

    /// @notice Packs `token` and `t`.
    /// @param token The property token.
    /// @param t The terms.
    /// @return The packed bytes.
    function encode(address token, GovernorTerms memory t) internal pure returns (bytes memory) {
        return abi.encodePacked(token, t.votingPeriod, t.quorumBps, t.approvalBps, t.proposerThreshold);
    }

    /// @notice Unpacks what `encode` wrote.
    /// @param packed The packed bytes (at least `LENGTH` long).
    /// @return token The property token.
    /// @return t The terms.
    function decode(bytes memory packed) internal pure returns (address token, GovernorTerms memory t) {
        // One mload per field at its byte offset, shifted down to its width (the last reads past the 36 bytes,
        // but only the 8 inside them survive the shift).
        assembly ("memory-safe") {
            let p := add(packed, 0x20)
            token := shr(96, mload(p)) // 20 bytes at 0
            mstore(t, shr(224, mload(add(p, 20)))) // votingPeriod: 4 at 20
            mstore(add(t, 0x20), shr(240, mload(add(p, 24)))) // quorumBps: 2 at 24
            mstore(add(t, 0x40), shr(240, mload(add(p, 26)))) // approvalBps: 2 at 26
            mstore(add(t, 0x60), shr(192, mload(add(p, 28)))) // proposerThreshold: 8 at 28
        }
    }
}
