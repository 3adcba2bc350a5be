// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @title OfferingCloner (tests only)
/// @notice What anyone can do outside the factory: clone the official offering implementation with terms of their
/// choosing (issue 13 §2, the rogue-clone scenario).
contract OfferingCloner {
    /// @notice Emitted with each clone's address.
    event Cloned(address clone);

    /// @notice Deploys a clone of `implementation` whose immutable arguments are `packedTerms`.
    /// @param implementation The offering implementation.
    /// @param packedTerms Terms packed as `OfferingTermsCodec.encode` packs them.
    /// @return instance The clone's address.
    function clone(address implementation, bytes calldata packedTerms) external returns (address instance) {
        instance = Clones.cloneWithImmutableArgs(implementation, packedTerms);
        emit Cloned(instance);
    }
}
