// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";

/// @title TokenProbe (tests only)
/// @notice Reads everything the invariant test checks after each step, for all actors, in ONE eth_call.
contract TokenProbe {
    /// @notice The state of a token seen from a set of actors and partitions.
    struct Snapshot {
        uint256 timestamp;
        bool paused;
        uint256 totalSupply;
        uint256 holderCount;
        /// @dev Per actor.
        uint256[] balances;
        uint256[] identityBalances;
        uint256[] frozenAmounts;
        bool[] eligible;
        /// @dev Per actor: sum of `balanceOfByPartition` over `partitions`, and over `partitionsOf(actor)`.
        uint256[] sumOverPartitions;
        uint256[] sumOverListedPartitions;
        /// @dev Per actor: how many of `partitions` hold a non-zero balance, and how many `partitionsOf` lists.
        uint256[] nonZeroPartitions;
        uint256[] listedPartitions;
        /// @dev Per actor: units held in escrow over `partitions`; how many partitions hold more than their balance.
        uint256[] held;
        uint256[] overHeldPartitions;
        /// @dev Per partition: `totalSupplyByPartition` and the sum over actors.
        uint256[] supplyByPartition;
        uint256[] sumByPartition;
    }

    /// @notice Takes a snapshot of `token` for `actors` and `partitions`.
    /// @param token The token.
    /// @param actors Every wallet that can hold units.
    /// @param partitions Every partition in use.
    /// @return s The snapshot.
    function snapshot(
        IPropertyToken token,
        address[] calldata actors,
        bytes32[] calldata partitions
    ) external view returns (Snapshot memory s) {
        IIdentityRegistry registry = IIdentityRegistry(token.identityRegistry());
        uint256 n = actors.length;
        s.timestamp = block.timestamp;
        s.paused = token.paused();
        s.totalSupply = token.totalSupply();
        s.holderCount = token.holderCount();
        s.balances = new uint256[](n);
        s.identityBalances = new uint256[](n);
        s.frozenAmounts = new uint256[](n);
        s.eligible = new bool[](n);
        s.sumOverPartitions = new uint256[](n);
        s.sumOverListedPartitions = new uint256[](n);
        s.nonZeroPartitions = new uint256[](n);
        s.listedPartitions = new uint256[](n);
        s.held = new uint256[](n);
        s.overHeldPartitions = new uint256[](n);
        s.supplyByPartition = new uint256[](partitions.length);
        s.sumByPartition = new uint256[](partitions.length);
        for (uint256 p = 0; p < partitions.length; ++p) {
            s.supplyByPartition[p] = token.totalSupplyByPartition(partitions[p]);
        }
        for (uint256 i = 0; i < n; ++i) {
            address actor = actors[i];
            s.balances[i] = token.balanceOf(actor);
            s.identityBalances[i] = token.balanceOfIdentity(registry.identityOf(actor));
            s.frozenAmounts[i] = token.frozenTokensOf(actor);
            s.eligible[i] = registry.isVerified(actor) && !token.isFrozen(actor);
            for (uint256 p = 0; p < partitions.length; ++p) {
                uint256 balance = token.balanceOfByPartition(partitions[p], actor);
                uint256 held = token.heldBalanceOfByPartition(actor, partitions[p]);
                s.sumOverPartitions[i] += balance;
                s.sumByPartition[p] += balance;
                s.held[i] += held;
                if (balance != 0) ++s.nonZeroPartitions[i];
                if (held > balance) ++s.overHeldPartitions[i];
            }
            bytes32[] memory listed = token.partitionsOf(actor);
            s.listedPartitions[i] = listed.length;
            for (uint256 p = 0; p < listed.length; ++p) {
                s.sumOverListedPartitions[i] += token.balanceOfByPartition(listed[p], actor);
            }
        }
    }
}
