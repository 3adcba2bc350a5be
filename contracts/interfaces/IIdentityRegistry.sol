// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistryErrors} from "./IIdentityRegistryErrors.sol";

/// @title Platform-wide registry of verified investor wallets.
/// @notice One packed record per wallet (one storage slot):
/// `identity (bits 0..159) | kycExpiry (160..199) | country (200..215) | flags (216..223)` with flag bits
/// `1 accredited`, `2 frozen`, `4 removed`. Freezes are per identity: the stored flag is kept on the identity's primary
/// wallet (address = identity id), and `packedRecordsOf`/`isFrozen`/`isVerified` apply it to every wallet of the
/// identity. A wallet stays bound to its first identity forever (a removed wallet keeps the binding and can only be
/// registered again to the same identity).
interface IIdentityRegistry is IIdentityRegistryErrors {
    /// @notice Emitted when a wallet is registered.
    event IdentityRegistered(
        address indexed wallet,
        address indexed identity,
        uint16 country,
        uint40 kycExpiry,
        bool accredited
    );
    /// @notice Emitted when a wallet's country, KYC expiry or accreditation changes.
    event IdentityUpdated(
        address indexed wallet,
        address indexed identity,
        uint16 country,
        uint40 kycExpiry,
        bool accredited
    );
    /// @notice Emitted when a wallet is removed (it is no longer verified; its identity binding stays).
    event IdentityRemoved(address indexed wallet, address indexed identity);
    /// @notice Emitted when a wallet is frozen or unfrozen platform-wide (with `IdentityFrozen`: the freeze applies to
    /// the wallet's whole identity).
    event WalletFrozen(address indexed wallet, bool frozen);
    /// @notice Emitted when an identity (all its wallets, present and future) is frozen or unfrozen platform-wide.
    event IdentityFrozen(address indexed identity, bool frozen);

    /// @notice The role allowed to write records (the backend's compliance signer).
    function COMPLIANCE_AGENT_ROLE() external view returns (bytes32);

    /// @notice Registers `wallet` for `identity`.
    function registerIdentity(
        address wallet,
        address identity,
        uint16 country,
        uint40 kycExpiry,
        bool accredited
    ) external;

    /// @notice Updates a registered wallet's country, KYC expiry and accreditation (its identity never changes).
    function updateIdentity(address wallet, uint16 country, uint40 kycExpiry, bool accredited) external;

    /// @notice Removes a registered wallet: it stops being verified, its identity binding stays.
    function removeIdentity(address wallet) external;

    /// @notice Freezes or unfreezes, on every token of the platform, the identity of a registered wallet: all its
    /// wallets, present and future (an AML freeze stops the person, not one address).
    function setFrozen(address wallet, bool frozen) external;

    /// @notice Batch form of `registerIdentity`; all arrays must have the same length.
    function batchRegisterIdentity(
        address[] calldata wallets,
        address[] calldata identities,
        uint16[] calldata countries,
        uint40[] calldata kycExpiries,
        bool[] calldata accredited
    ) external;

    /// @notice Batch form of `updateIdentity`; all arrays must have the same length.
    function batchUpdateIdentity(
        address[] calldata wallets,
        uint16[] calldata countries,
        uint40[] calldata kycExpiries,
        bool[] calldata accredited
    ) external;

    /// @notice Batch form of `removeIdentity`.
    function batchRemoveIdentity(address[] calldata wallets) external;

    /// @notice Batch form of `setFrozen`; both arrays must have the same length.
    function batchSetFrozen(address[] calldata wallets, bool[] calldata frozen) external;

    /// @notice True while `wallet` is registered, its KYC is unexpired and it is not frozen.
    function isVerified(address wallet) external view returns (bool);

    /// @notice The identity `wallet` is bound to (zero if never registered; kept after removal).
    function identityOf(address wallet) external view returns (address);

    /// @notice The ISO-3166 numeric country of `wallet` (zero when not registered).
    function countryOf(address wallet) external view returns (uint16);

    /// @notice The KYC expiry of `wallet` in unix seconds (zero when not registered).
    function kycExpiryOf(address wallet) external view returns (uint40);

    /// @notice Whether `wallet` is registered as an accredited investor.
    function isAccredited(address wallet) external view returns (bool);

    /// @notice Whether `wallet` is frozen platform-wide (its identity is).
    function isFrozen(address wallet) external view returns (bool);

    /// @notice Whether `identity` is frozen platform-wide.
    function isIdentityFrozen(address identity) external view returns (bool);

    /// @notice Whether `wallet` is currently registered (not removed).
    function contains(address wallet) external view returns (bool);

    /// @notice The packed records of two wallets in one call (the tokens' hot path), each with its identity's freeze
    /// applied.
    function packedRecordsOf(address a, address b) external view returns (uint256 recordA, uint256 recordB);
}
