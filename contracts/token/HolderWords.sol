// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Layout of a PropertyToken's per-wallet storage word.
/// @notice `balance (bits 0..63) | identityBalance (64..127) | flags (128..135) | country cache (136..167) |
/// rent correction (168..255, int88)`.
/// `identityBalance` is the total of all wallets of the identity whose id equals this wallet's address, so a
/// single-wallet investor's identity bookkeeping costs no extra slot. Balances fit 64 bits because the total
/// supply is capped at `type(uint64).max` on issuance. The country cache `country (136..151) | list version (152..167)`
/// records a fact, "receivers from `country` pass the country rule at list version `version`", learnt the last time
/// this wallet received; every change of the country list bumps the version, so a stale fact never matches.
library HolderWords {
    /// @dev The wallet is frozen on this token.
    uint256 internal constant FLAG_FROZEN = 1;
    /// @dev Part of the balance is frozen (`_frozenAmounts`).
    uint256 internal constant FLAG_FROZEN_AMOUNT = 2;
    /// @dev Part of the balance is in named partitions (`_namedBalances`).
    uint256 internal constant FLAG_NAMED_PARTITIONS = 4;
    /// @dev Part of the balance is held in escrow (`_totalHeld`).
    uint256 internal constant FLAG_HOLDS = 8;

    uint256 internal constant IDENTITY_SHIFT = 64;
    uint256 internal constant FLAGS_SHIFT = 128;
    uint256 internal constant COUNTRY_CACHE_SHIFT = 136;
    uint256 internal constant CORRECTION_SHIFT = 168;
    uint256 private constant _COUNTRY_CACHE_MASK = uint256(type(uint32).max) << COUNTRY_CACHE_SHIFT;
    uint256 private constant _LOW_MASK = (1 << CORRECTION_SHIFT) - 1;

    /// @dev The wallet's balance.
    function balance(uint256 word) internal pure returns (uint256) {
        return uint64(word);
    }

    /// @dev The balance of the identity whose id is this wallet's address.
    function identityBalance(uint256 word) internal pure returns (uint256) {
        return uint64(word >> IDENTITY_SHIFT);
    }

    /// @dev Whether `flag` is set.
    function has(uint256 word, uint256 flag) internal pure returns (bool) {
        return (word >> FLAGS_SHIFT) & flag != 0;
    }

    /// @dev The word with `flag` set or cleared.
    function withFlag(uint256 word, uint256 flag, bool on) internal pure returns (uint256) {
        return on ? word | (flag << FLAGS_SHIFT) : word & ~(flag << FLAGS_SHIFT);
    }

    /// @dev The magnified rent correction.
    function correction(uint256 word) internal pure returns (int256) {
        return int88(uint88(word >> CORRECTION_SHIFT));
    }

    /// @dev The word with the rent correction replaced.
    function withCorrection(uint256 word, int88 value) internal pure returns (uint256) {
        return (word & _LOW_MASK) | (uint256(uint88(value)) << CORRECTION_SHIFT);
    }

    /// @dev The cached country fact: `(version << 16) | country`, or 0.
    function countryCache(uint256 word) internal pure returns (uint256) {
        return uint32(word >> COUNTRY_CACHE_SHIFT);
    }

    /// @dev The word with the country fact replaced.
    function withCountryCache(uint256 word, uint256 country, uint256 version) internal pure returns (uint256) {
        return (word & ~_COUNTRY_CACHE_MASK) | (((version << 16) | country) << COUNTRY_CACHE_SHIFT);
    }
}
