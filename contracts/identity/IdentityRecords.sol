// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Layout of the IdentityRegistry's packed wallet record, shared by the registry and the tokens.
/// @notice `identity (bits 0..159) | kycExpiry (160..199) | country (200..215) | flags (216..223)`.
library IdentityRecords {
    uint256 internal constant FLAG_ACCREDITED = 1;
    uint256 internal constant FLAG_FROZEN = 2;
    uint256 internal constant FLAG_REMOVED = 4;

    uint256 private constant _EXPIRY_SHIFT = 160;
    uint256 private constant _COUNTRY_SHIFT = 200;
    uint256 private constant _FLAGS_SHIFT = 216;

    /// @dev Packs the fields of a record.
    function pack(address id, uint40 expiry, uint16 countryCode, uint256 flagBits) internal pure returns (uint256) {
        return
            uint256(uint160(id))
            | (uint256(expiry) << _EXPIRY_SHIFT)
            | (uint256(countryCode) << _COUNTRY_SHIFT)
            | (flagBits << _FLAGS_SHIFT);
    }

    /// @dev The identity (kept after removal).
    function identity(uint256 record) internal pure returns (address) {
        return address(uint160(record));
    }

    /// @dev The KYC expiry in unix seconds.
    function kycExpiry(uint256 record) internal pure returns (uint40) {
        return uint40(record >> _EXPIRY_SHIFT);
    }

    /// @dev The ISO-3166 numeric country.
    function country(uint256 record) internal pure returns (uint16) {
        return uint16(record >> _COUNTRY_SHIFT);
    }

    /// @dev The flag bits.
    function flags(uint256 record) internal pure returns (uint256) {
        return uint8(record >> _FLAGS_SHIFT);
    }

    /// @dev Registered, unexpired KYC, not frozen. A removed record has a zero expiry, so it is never verified.
    function isVerified(uint256 record) internal view returns (bool) {
        return uint40(record >> _EXPIRY_SHIFT) > block.timestamp && (flags(record) & FLAG_FROZEN) == 0;
    }

    /// @dev Registered and not removed.
    function isRegistered(uint256 record) internal pure returns (bool) {
        return uint160(record) != 0 && (flags(record) & FLAG_REMOVED) == 0;
    }
}
