// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TokenInit} from "../interfaces/IPropertyToken.sol";

/// @title StubPropertyToken (test only)
/// @notice A property-token stand-in that answers the platform contracts' calls with whatever the test sets: it
/// approves every issuance, acts as an identity registry that knows no identity, lets anyone act as admin, and
/// reports any rent the test wants. Used to prove the platform's own defences against a token (or registry) that
/// misbehaves, which the real token never does.
contract StubPropertyToken {
    uint256 public totalSupply;
    uint256 private _reportedRent;
    mapping(address holder => uint256) public balanceOf;
    mapping(address holder => uint256) private _paid;

    /// @notice Accepts any initialization (clones of the stub are launched by a factory in tests).
    function initialize(TokenInit calldata) external {}

    /// @notice Sets the supply and the rent every holder is reported to have earned.
    /// @param supply Supply reported.
    /// @param rent Rent reported.
    function configure(uint256 supply, uint256 rent) external {
        totalSupply = supply;
        _reportedRent = rent;
    }

    /// @notice Everyone holds every role.
    /// @return Always true.
    function hasRole(bytes32, address) external pure returns (bool) {
        return true;
    }

    /// @notice Every issuance is allowed.
    /// @return code Success.
    /// @return reason "OK".
    function canIssueByPartition(address, bytes32, uint256) external pure returns (bytes1 code, bytes32 reason) {
        return (0x51, "OK");
    }

    /// @notice No identity holds units yet.
    /// @return Always 0.
    function balanceOfIdentity(address) external pure returns (uint256) {
        return 0;
    }

    /// @notice No holder limit.
    /// @return Always 0.
    function maxHolders() external pure returns (uint32) {
        return 0;
    }

    /// @notice No holders.
    /// @return Always 0.
    function holderCount() external pure returns (uint32) {
        return 0;
    }

    /// @notice The stub is its own identity registry.
    /// @return This contract.
    function identityRegistry() external view returns (address) {
        return address(this);
    }

    /// @notice Nobody is frozen.
    /// @return Always false.
    function isFrozen(address) external pure returns (bool) {
        return false;
    }

    /// @notice As a registry: every wallet is registered as its own identity, unexpired, with no flag.
    /// @return recordA The record of `a`.
    /// @return recordB The record of `b`.
    function packedRecordsOf(address a, address b) external pure returns (uint256 recordA, uint256 recordB) {
        return (
            uint256(uint160(a)) | (uint256(type(uint40).max) << 160),
            uint256(uint160(b)) | (uint256(type(uint40).max) << 160)
        );
    }

    /// @notice Knows no identity.
    /// @return Zero.
    function identityOf(address) external pure returns (address) {
        return address(0);
    }

    /// @notice Records issued units.
    /// @param to Receiver.
    /// @param value Units.
    function issueByPartition(bytes32, address to, uint256 value, bytes calldata) external {
        balanceOf[to] += value;
        totalSupply += value;
    }

    /// @notice Accepts any distribution without rounding.
    /// @return supply The supply.
    /// @return dust Zero.
    function recordDistribution(uint256) external view returns (uint256 supply, uint256 dust) {
        return (totalSupply, 0);
    }

    /// @notice The rent set by `configure` minus what `takeRent` recorded for `holder`.
    /// @param holder The holder.
    /// @return The rent.
    function unpaidRentOf(address holder) public view returns (uint256) {
        return _reportedRent > _paid[holder] ? _reportedRent - _paid[holder] : 0;
    }

    /// @notice Reports the unpaid rent, never a hold, and records it as paid (for anyone: the stub checks no caller).
    /// @param holder The holder.
    /// @return amount The rent.
    /// @return held Always false.
    function takeRent(address holder, bool) external returns (uint256 amount, bool held) {
        amount = unpaidRentOf(holder);
        _paid[holder] += amount;
        return (amount, false);
    }
}
