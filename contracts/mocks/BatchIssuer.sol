// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPropertyToken} from "../interfaces/IPropertyToken.sol";

/// @title BatchIssuer (benchmark and test only)
/// @notice Issues units to many holders in one transaction, to set up tokens with a thousand holders quickly.
/// Needs `ISSUER_ROLE` on the token.
contract BatchIssuer {
    /// @notice Issues `value` units of `partition` to each of `holders`.
    /// @param token The property token.
    /// @param partition The partition.
    /// @param holders Receivers.
    /// @param value Units each.
    function issueMany(IPropertyToken token, bytes32 partition, address[] calldata holders, uint256 value) external {
        for (uint256 i = 0; i < holders.length; ++i) {
            token.issueByPartition(partition, holders[i], value, "");
        }
    }
}
