// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1066 status codes and bytes32 reasons returned by the PropertyToken's verdict functions.
/// @notice Every refusal of a state-changing path corresponds to exactly one (code, reason) pair here.
library ComplianceCodes {
    bytes1 internal constant FAILURE = 0x50;
    bytes1 internal constant SUCCESS = 0x51;
    bytes1 internal constant INSUFFICIENT_BALANCE = 0x52;
    bytes1 internal constant INSUFFICIENT_ALLOWANCE = 0x53;
    bytes1 internal constant TRANSFERS_HALTED = 0x54;
    bytes1 internal constant FUNDS_LOCKED = 0x55;
    bytes1 internal constant INVALID_SENDER = 0x56;
    bytes1 internal constant INVALID_RECEIVER = 0x57;
    bytes1 internal constant INVALID_OPERATOR = 0x58;

    bytes32 internal constant REASON_OK = "OK";
    bytes32 internal constant REASON_PAUSED = "TRANSFERS_PAUSED";
    bytes32 internal constant REASON_SENDER_NOT_VERIFIED = "SENDER_NOT_VERIFIED";
    bytes32 internal constant REASON_SENDER_FROZEN = "SENDER_FROZEN";
    bytes32 internal constant REASON_RECEIVER_NOT_VERIFIED = "RECEIVER_NOT_VERIFIED";
    bytes32 internal constant REASON_RECEIVER_FROZEN = "RECEIVER_FROZEN";
    bytes32 internal constant REASON_INVALID_RECEIVER = "INVALID_RECEIVER";
    bytes32 internal constant REASON_COUNTRY_RESTRICTED = "COUNTRY_RESTRICTED";
    bytes32 internal constant REASON_NOT_ACCREDITED = "RECEIVER_NOT_ACCREDITED";
    bytes32 internal constant REASON_MAX_HOLDERS = "MAX_HOLDERS_REACHED";
    bytes32 internal constant REASON_MAX_BALANCE = "MAX_BALANCE_EXCEEDED";
    bytes32 internal constant REASON_PARTITION_LOCKED = "PARTITION_LOCKED";
    bytes32 internal constant REASON_INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";
    bytes32 internal constant REASON_TOKENS_LOCKED = "TOKENS_FROZEN_OR_HELD";
    bytes32 internal constant REASON_ISSUANCE_FINALIZED = "ISSUANCE_FINALIZED";
    bytes32 internal constant REASON_SUPPLY_LIMIT = "SUPPLY_LIMIT";
    bytes32 internal constant REASON_INSUFFICIENT_ALLOWANCE = "INSUFFICIENT_ALLOWANCE";
    bytes32 internal constant REASON_NOT_OPERATOR = "NOT_OPERATOR";
}
