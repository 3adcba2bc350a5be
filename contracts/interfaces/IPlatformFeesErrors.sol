// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FeeKind} from "./IPlatformFees.sol";

/// @title IPlatformFeesErrors
/// @notice Every refusal of `PlatformFees`, with the facts needed to act on it (unauthorized callers are refused by
/// OpenZeppelin's `AccessControlUnauthorizedAccount`).
interface IPlatformFeesErrors {
    /// @dev A fee above the contract's hard maximum (`MAX_FEE_BPS`).
    error PlatformFeesAboveMaximum(FeeKind kind, uint256 bps, uint256 maximum);
    /// @dev An announcement must raise the fee in effect now (`currentBps`); lower it with `decreaseFee`.
    error PlatformFeesNotAnIncrease(FeeKind kind, uint256 bps, uint256 currentBps);
    /// @dev A decrease must lower the fee in effect now (`currentBps`); raise it with `announceIncrease`.
    error PlatformFeesNotADecrease(FeeKind kind, uint256 bps, uint256 currentBps);
    /// @dev A fee must be paid to somebody: the collector must not be zero.
    error PlatformFeesZeroCollector(FeeKind kind);
    /// @dev The admin must not be zero.
    error PlatformFeesZeroAdmin();
    /// @dev An override names a property token: it must not be zero.
    error PlatformFeesZeroToken();
    /// @dev A property's fee may only be lower than the platform's (`platformBps`, in effect now), never higher.
    error PlatformFeesOverrideAbovePlatform(FeeKind kind, address token, uint256 bps, uint256 platformBps);
    /// @dev A property's launch fee may only be lower than the platform's (`platformBps`, in effect now).
    error PlatformFeesLaunchOverrideAbovePlatform(FeeKind kind, bytes32 propertyId, uint256 bps, uint256 platformBps);
    /// @dev A launch override names a property: its id must not be zero.
    error PlatformFeesZeroPropertyId();
    /// @dev A launch override names the manager whose launch of property `propertyId` binds it: not zero.
    error PlatformFeesZeroLaunchManager(bytes32 propertyId);
    /// @dev Property `propertyId`'s launch overrides already name `namedManager`, not `manager`: remove them first to
    /// name another manager.
    error PlatformFeesLaunchManagerMismatch(bytes32 propertyId, address manager, address namedManager);
    /// @dev No launch override of this kind is set for property `propertyId`.
    error PlatformFeesNoLaunchOverride(FeeKind kind, bytes32 propertyId);
    /// @dev No override of this kind is set for `token`.
    error PlatformFeesNoOverride(FeeKind kind, address token);
    /// @dev No increase of this kind is pending (none announced, or it already took effect).
    error PlatformFeesNoPendingIncrease(FeeKind kind);
    /// @dev The pending increase takes effect only at `effectiveAt`.
    error PlatformFeesIncreaseNotDue(FeeKind kind, uint256 effectiveAt);
}
