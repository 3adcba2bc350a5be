// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @title CloneDeployer (tests only)
/// @notice Deploys ERC-1167 minimal proxies, so token tests can exercise the clone path without the factory.
contract CloneDeployer {
    /// @notice Emitted with each clone's address.
    event Cloned(address indexed implementation, address clone);

    /// @notice Deploys a minimal proxy of `implementation`.
    /// @param implementation The contract to delegate to.
    /// @return instance The clone's address.
    function clone(address implementation) external returns (address instance) {
        instance = Clones.clone(implementation);
        emit Cloned(implementation, instance);
    }

    /// @notice Deploys a minimal proxy of `implementation` with immutable arguments (as the factory clones offerings
    /// and governors).
    /// @param implementation The contract to delegate to.
    /// @param args The arguments appended to the clone's code.
    /// @return instance The clone's address.
    function cloneWithArgs(address implementation, bytes calldata args) external returns (address instance) {
        instance = Clones.cloneWithImmutableArgs(implementation, args);
        emit Cloned(implementation, instance);
    }
}
