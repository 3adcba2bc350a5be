// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1400 reason codes and bytes32 reasons returned by the PropertyToken's verdict functions.
/// @notice The status bytes are the ERC-1400 reason codes (0x50-0x5f, as ERC-1400 assigns them), NOT EIP-1066's own
/// meanings for those bytes: a generic EIP-1066 decoder would read 0x54 (transfers halted) as "insufficient funds".
/// Every refusal of a state-changing path corresponds to exactly one (code, reason) pair here.
/// @dev Each constant's `@dev` line is read by scripts/codegen/generate-compliance.ts (the web app's status table and
/// error texts): codes as `ERC-1400: <meaning> | EIP-1066: <meaning of the same byte there>`, reasons as
/// `code <CODE NAME> | error <custom error> | <when>`. Keep that form when adding a rule (docs/guides/developers.md).
library ComplianceCodes {
    /// @dev ERC-1400: transfer failure | EIP-1066: 0x50 "Transfer Failed" (same sense)
    bytes1 internal constant FAILURE = 0x50;
    /// @dev ERC-1400: transfer success | EIP-1066: 0x51 "Transfer Successful" (same sense)
    bytes1 internal constant SUCCESS = 0x51;
    /// @dev ERC-1400: insufficient balance | EIP-1066: 0x52 "Awaiting Payment From Others" (different sense)
    bytes1 internal constant INSUFFICIENT_BALANCE = 0x52;
    /// @dev ERC-1400: insufficient allowance | EIP-1066: 0x53 "Hold or Escrow" (different sense)
    bytes1 internal constant INSUFFICIENT_ALLOWANCE = 0x53;
    /// @dev ERC-1400: transfers halted (contract paused) | EIP-1066: 0x54 "Insufficient Funds" (different sense)
    bytes1 internal constant TRANSFERS_HALTED = 0x54;
    /// @dev ERC-1400: funds locked (lock-up, frozen or held) | EIP-1066: 0x55 "Funds Requested" (different sense)
    bytes1 internal constant FUNDS_LOCKED = 0x55;
    /// @dev ERC-1400: invalid sender | EIP-1066: 0x56 "Transfer Volume Exceeded" (different sense)
    bytes1 internal constant INVALID_SENDER = 0x56;
    /// @dev ERC-1400: invalid receiver | EIP-1066: 0x57 reserved (no meaning)
    bytes1 internal constant INVALID_RECEIVER = 0x57;
    /// @dev ERC-1400: invalid operator (transfer agent) | EIP-1066: 0x58 reserved (no meaning)
    bytes1 internal constant INVALID_OPERATOR = 0x58;

    /// @dev code SUCCESS | error - | every rule passes
    bytes32 internal constant REASON_OK = "OK";
    /// @dev code TRANSFERS_HALTED | error TokenPaused | the token is paused
    bytes32 internal constant REASON_PAUSED = "TRANSFERS_PAUSED";
    /// @dev code INVALID_SENDER | error TokenSenderNotVerified | the sender's KYC lapsed or it was removed
    bytes32 internal constant REASON_SENDER_NOT_VERIFIED = "SENDER_NOT_VERIFIED";
    /// @dev code INVALID_SENDER | error TokenWalletFrozen | the sender's identity is frozen (token or registry)
    bytes32 internal constant REASON_SENDER_FROZEN = "SENDER_FROZEN";
    /// @dev code INVALID_RECEIVER | error TokenReceiverNotVerified | the receiver is not a verified investor
    bytes32 internal constant REASON_RECEIVER_NOT_VERIFIED = "RECEIVER_NOT_VERIFIED";
    /// @dev code INVALID_RECEIVER | error TokenWalletFrozen | the receiver's identity is frozen (token or registry)
    bytes32 internal constant REASON_RECEIVER_FROZEN = "RECEIVER_FROZEN";
    /// @dev code INVALID_RECEIVER | error TokenInvalidReceiver | the receiver is the zero address
    bytes32 internal constant REASON_INVALID_RECEIVER = "INVALID_RECEIVER";
    /// @dev code INVALID_RECEIVER | error TokenCountryRestricted | the receiver's country is not allowed
    bytes32 internal constant REASON_COUNTRY_RESTRICTED = "COUNTRY_RESTRICTED";
    /// @dev code INVALID_RECEIVER | error TokenReceiverNotAccredited | the partition is for accredited investors
    bytes32 internal constant REASON_NOT_ACCREDITED = "RECEIVER_NOT_ACCREDITED";
    /// @dev code INVALID_RECEIVER | error TokenMaxHoldersReached | one more holder would exceed the cap
    bytes32 internal constant REASON_MAX_HOLDERS = "MAX_HOLDERS_REACHED";
    /// @dev code INVALID_RECEIVER | error TokenMaxBalanceExceeded | the receiving identity would exceed its cap
    bytes32 internal constant REASON_MAX_BALANCE = "MAX_BALANCE_EXCEEDED";
    /// @dev code FUNDS_LOCKED | error TokenPartitionLocked | the sender's units are in their lock-up period
    bytes32 internal constant REASON_PARTITION_LOCKED = "PARTITION_LOCKED";
    /// @dev code INSUFFICIENT_BALANCE | error TokenInsufficientBalance | not enough units of the partition
    bytes32 internal constant REASON_INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";
    /// @dev code FUNDS_LOCKED | error TokenInsufficientUnlockedBalance | enough units, but some frozen or held
    bytes32 internal constant REASON_TOKENS_LOCKED = "TOKENS_FROZEN_OR_HELD";
    /// @dev code FAILURE | error TokenIssuanceFinalized | issuance has been finalized
    bytes32 internal constant REASON_ISSUANCE_FINALIZED = "ISSUANCE_FINALIZED";
    /// @dev code FAILURE | error TokenSupplyLimit | the supply would leave its range
    bytes32 internal constant REASON_SUPPLY_LIMIT = "SUPPLY_LIMIT";
    /// @dev code FAILURE | error TokenRedemptionClosed | holders may not redeem; only the controller does
    bytes32 internal constant REASON_REDEMPTION_CLOSED = "REDEMPTION_CLOSED";
    /// @dev code INSUFFICIENT_ALLOWANCE | error TokenInsufficientAllowance | the spender's allowance is too small
    bytes32 internal constant REASON_INSUFFICIENT_ALLOWANCE = "INSUFFICIENT_ALLOWANCE";
    /// @dev code INVALID_OPERATOR | error TokenNotOperator | the caller is not an operator of the holder
    bytes32 internal constant REASON_NOT_OPERATOR = "NOT_OPERATOR";
}
