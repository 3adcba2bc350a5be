// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Custom errors of the IdentityRegistry.
interface IIdentityRegistryErrors {
    /// @notice The wallet is the zero address.
    error RegistryInvalidWallet(address wallet);
    /// @notice The identity id is the zero address.
    error RegistryInvalidIdentity(address identity);
    /// @notice The country code is not an ISO-3166 numeric code (1..999).
    error RegistryInvalidCountry(uint16 country);
    /// @notice The KYC expiry is not in the future.
    error RegistryInvalidKycExpiry(uint40 kycExpiry, uint256 now_);
    /// @notice The wallet is already registered (use `updateIdentity`).
    error RegistryWalletAlreadyRegistered(address wallet);
    /// @notice The wallet is not registered.
    error RegistryWalletNotRegistered(address wallet);
    /// @notice The wallet was bound to another identity before: a wallet never changes identity (tokens keep
    /// per-identity balances keyed by it).
    error RegistryIdentityMismatch(address wallet, address boundIdentity, address givenIdentity);
    /// @notice Batch arrays have different lengths.
    error RegistryArrayLengthMismatch();
}
