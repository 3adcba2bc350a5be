// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {ComplianceCodes} from "./ComplianceCodes.sol";
import {HolderWords} from "./HolderWords.sol";
import {TokenDocuments} from "./TokenDocuments.sol";

/// @title The compliance rules of a PropertyToken: the one rule function (`_verdict`) that the state-changing funnel
/// and every verdict view (`canTransfer*`, `canIssueByPartition`, ERC-7943 `canTransfer`/`canTransact`) use, so they
/// never disagree. The configuration that the rules read is written by `PropertyTokenAdmin`.
abstract contract TokenCompliance is TokenDocuments {
    using HolderWords for uint256;
    using IdentityRecords for uint256;

    /// @dev The three kinds of balance change.
    enum Op {
        Transfer,
        Issue,
        Redeem
    }

    /// @dev Outcome of the rules, in the order they are checked. Each maps to one ERC-1400 reason code, one reason
    /// and one custom error.
    enum Refusal {
        None,
        Paused,
        IssuanceFinalized,
        SupplyLimit,
        RedemptionClosed,
        SenderFrozen,
        SenderNotVerified,
        InvalidReceiver,
        ReceiverFrozen,
        ReceiverNotVerified,
        PartitionLocked,
        InsufficientBalance,
        TokensLocked,
        CountryRestricted,
        NotAccredited,
        MaxBalance,
        MaxHolders
    }

    /// @dev The state one balance change reads, loaded once (`_load`) and handed to the rules and the bookkeeping.
    struct Loaded {
        uint256 config;
        uint256 fromRecord;
        uint256 toRecord;
        uint256 fromWord;
        uint256 toWord;
        /// @dev The word of the sender's identity (`fromWord` itself when the identity id is the sending wallet).
        uint256 fromIdentityWord;
        /// @dev The word of the receiver's identity (`toWord` itself when the identity id is the receiving wallet).
        uint256 toIdentityWord;
    }

    uint16 internal constant MAX_COUNTRY = 999;

    // Bits of a registry record and of a wallet word tested on the hot path (see IdentityRecords, HolderWords).
    uint256 internal constant RECORD_EXPIRY_SHIFT = 160;
    uint256 private constant _RECORD_COUNTRY_SHIFT = 200;
    uint256 internal constant RECORD_ACCREDITED = IdentityRecords.FLAG_ACCREDITED << 216;
    uint256 internal constant RECORD_FROZEN = IdentityRecords.FLAG_FROZEN << 216;
    uint256 internal constant WORD_FROZEN = HolderWords.FLAG_FROZEN << HolderWords.FLAGS_SHIFT;
    uint256 internal constant WORD_ALL_FLAGS = uint256(type(uint8).max) << HolderWords.FLAGS_SHIFT;
    uint256 private constant _WORD_NAMED = HolderWords.FLAG_NAMED_PARTITIONS << HolderWords.FLAGS_SHIFT;
    uint256 private constant _WORD_LOCKS =
        (HolderWords.FLAG_FROZEN_AMOUNT | HolderWords.FLAG_HOLDS) << HolderWords.FLAGS_SHIFT;
    /// @dev `packedRecordsOf(address,address)`.
    bytes4 private constant _PACKED_RECORDS_SELECTOR = IIdentityRegistry.packedRecordsOf.selector;

    // --------------------------------------------------------------------------------------------- the rules

    /// @dev Loads what the rules and the bookkeeping of one balance change read: the hot config word, both registry
    /// records in one call, both wallet words and both identity words (for issue the "from" side mirrors the
    /// receiver, for redeem the "to" side mirrors the holder; the rules never look at them). An identity word costs
    /// nothing when the identity id is the wallet itself (the backend's default); otherwise the bookkeeping writes it
    /// anyway, so reading it here only moves the cold access earlier.
    function _load(Op op, address from, address to) internal view returns (Loaded memory state) {
        state.config = _config;
        (state.fromRecord, state.toRecord) = _recordsOf(op == Op.Issue ? to : from, op == Op.Redeem ? from : to);
        if (op != Op.Issue) {
            state.fromWord = _holders[from];
            state.fromIdentityWord = _identityWordOf(state.fromRecord.identity(), from, state.fromWord);
        }
        if (op != Op.Redeem) {
            state.toWord = _holders[to];
            state.toIdentityWord = _identityWordOf(state.toRecord.identity(), to, state.toWord);
        }
    }

    /// @dev The word of `identity`: `walletWord` when the identity id is the wallet, zero for no identity.
    function _identityWordOf(address identity, address wallet, uint256 walletWord) internal view returns (uint256) {
        if (identity == wallet) return walletWord;
        return identity == address(0) ? 0 : _holders[identity];
    }

    /// @dev The one rule function, shared by `_update` and every verdict view. Order: pause; issuance open;
    /// sender; receiver; lock-up; balance; unlocked balance; country; accreditation; max balance per identity;
    /// max holders.
    function _verdict(
        Op op,
        address from,
        address to,
        bytes32 partition,
        uint256 value,
        Loaded memory state
    ) internal view returns (Refusal) {
        uint256 cfg = state.config;
        if (cfg & CFG_PAUSED != 0) return Refusal.Paused;
        if (op == Op.Issue) {
            if (cfg & CFG_ISSUANCE_FINALIZED != 0) return Refusal.IssuanceFinalized;
            uint256 supply = _totalSupply;
            if (value > type(uint64).max - supply) return Refusal.SupplyLimit;
            // New units enter rent bookkeeping at the current points: keep points x supply in range (int88).
            if ((cfg >> CFG_POINTS_SHIFT) * (supply + value) > RENT_CORRECTION_MAX) return Refusal.SupplyLimit;
        } else {
            uint256 record = state.fromRecord;
            // Frozen per identity: in the registry (platform-wide) or on this token (the identity's word).
            if (record & RECORD_FROZEN != 0 || state.fromIdentityWord & WORD_FROZEN != 0) return Refusal.SenderFrozen;
            if (uint40(record >> RECORD_EXPIRY_SHIFT) <= block.timestamp) return Refusal.SenderNotVerified;
        }
        if (op != Op.Redeem) {
            if (to == address(0)) return Refusal.InvalidReceiver;
            uint256 record = state.toRecord;
            if (record & RECORD_FROZEN != 0 || state.toIdentityWord & WORD_FROZEN != 0) return Refusal.ReceiverFrozen;
            if (uint40(record >> RECORD_EXPIRY_SHIFT) <= block.timestamp) return Refusal.ReceiverNotVerified;
        }
        if (op != Op.Issue) {
            Refusal r = _senderBalanceVerdict(from, partition, value, cfg, state.fromWord);
            if (op == Op.Redeem) {
                // Holder redemption closed: only the controller redeems (ERC-1644), e.g. at the property's exit.
                return r == Refusal.None && cfg & CFG_REDEMPTION_CLOSED != 0 ? Refusal.RedemptionClosed : r;
            }
            if (r != Refusal.None) return r;
        }
        if (!_countryPasses(cfg, state.toRecord, state.toWord)) return Refusal.CountryRestricted;
        bool accreditedOnly =
            partition == DEFAULT_PARTITION
                ? cfg & CFG_DEFAULT_ACCREDITED_ONLY != 0
                : _partitionRules[partition] & RULE_ACCREDITED_ONLY != 0;
        if (accreditedOnly && state.toRecord & RECORD_ACCREDITED == 0) return Refusal.NotAccredited;
        if (value == 0) return Refusal.None;
        return _identityVerdict(op, value, state);
    }

    function _senderBalanceVerdict(
        address from,
        bytes32 partition,
        uint256 value,
        uint256 cfg,
        uint256 word
    ) private view returns (Refusal) {
        uint256 partitionBalance;
        if (partition == DEFAULT_PARTITION) {
            if (uint40(cfg >> CFG_LOCK_SHIFT) > block.timestamp) return Refusal.PartitionLocked;
            partitionBalance = word.balance();
            if (word & _WORD_NAMED != 0) partitionBalance -= _namedBalances[from];
        } else {
            if (uint40(_partitionRules[partition]) > block.timestamp) return Refusal.PartitionLocked;
            partitionBalance = _partitionBalances[from][partition];
        }
        if (partitionBalance < value) return Refusal.InsufficientBalance;
        if (word & _WORD_LOCKS != 0 && _available(from, partition, word, partitionBalance) < value) {
            return Refusal.TokensLocked;
        }
        return Refusal.None;
    }

    /// @dev Whether the receiver passes the country rule: from the receiver's cached fact when it still holds
    /// (same country, same list version), else from the country list (one more cold slot).
    function _countryPasses(uint256 cfg, uint256 toRecord, uint256 toWord) internal view returns (bool) {
        if (cfg & CFG_COUNTRY_RULE == 0) return true;
        uint256 country = uint16(toRecord >> _RECORD_COUNTRY_SHIFT);
        uint256 version = uint16(cfg >> CFG_COUNTRY_VERSION_SHIFT);
        if (toWord.countryCache() == (version << 16) | country && version != COUNTRY_VERSION_UNCACHED) return true;
        bool listed = (_countryList[country >> 8] >> (country & 255)) & 1 != 0;
        return listed == (cfg & CFG_COUNTRY_ALLOW_LIST != 0);
    }

    /// @dev Max balance per identity and max holders, for a non-zero move between two identities.
    function _identityVerdict(Op op, uint256 value, Loaded memory state) private pure returns (Refusal) {
        address toIdentity = address(uint160(state.toRecord));
        if (op == Op.Transfer && address(uint160(state.fromRecord)) == toIdentity) return Refusal.None;
        uint256 cfg = state.config;
        uint256 toIdentityBalance = state.toIdentityWord.identityBalance();
        uint256 maxBalance = uint48(cfg);
        if (maxBalance != 0 && toIdentityBalance + value > maxBalance) return Refusal.MaxBalance;
        if (toIdentityBalance != 0) return Refusal.None;
        uint256 maxHolderCount = uint32(cfg >> CFG_MAX_HOLDERS_SHIFT);
        if (maxHolderCount == 0 || uint32(cfg >> CFG_HOLDERS_SHIFT) < maxHolderCount) return Refusal.None;
        // At the cap, a new holder may only take the place of a sender identity that leaves.
        bool senderLeaves = op == Op.Transfer && state.fromIdentityWord.identityBalance() == value;
        return senderLeaves ? Refusal.None : Refusal.MaxHolders;
    }

    /// @dev The verdict of a would-be balance change (the views).
    function _verdictOf(
        Op op,
        address from,
        address to,
        bytes32 partition,
        uint256 value
    ) internal view returns (Refusal) {
        return _verdict(op, from, to, partition, value, _load(op, from, to));
    }

    /// @dev The ERC-1400 reason code and reason of refusal `r`.
    function _status(Refusal r) internal pure returns (bytes1, bytes32) {
        if (r == Refusal.None) return (ComplianceCodes.SUCCESS, ComplianceCodes.REASON_OK);
        if (r == Refusal.Paused) return (ComplianceCodes.TRANSFERS_HALTED, ComplianceCodes.REASON_PAUSED);
        if (r == Refusal.IssuanceFinalized) return (ComplianceCodes.FAILURE, ComplianceCodes.REASON_ISSUANCE_FINALIZED);
        if (r == Refusal.SupplyLimit) return (ComplianceCodes.FAILURE, ComplianceCodes.REASON_SUPPLY_LIMIT);
        // No view predicts a redemption today (ERC-1594 has none): kept so the table stays total.
        if (r == Refusal.RedemptionClosed) return (ComplianceCodes.FAILURE, ComplianceCodes.REASON_REDEMPTION_CLOSED);
        if (r == Refusal.SenderFrozen) return (ComplianceCodes.INVALID_SENDER, ComplianceCodes.REASON_SENDER_FROZEN);
        if (r == Refusal.SenderNotVerified) {
            return (ComplianceCodes.INVALID_SENDER, ComplianceCodes.REASON_SENDER_NOT_VERIFIED);
        }
        if (r == Refusal.InvalidReceiver) {
            return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_INVALID_RECEIVER);
        }
        if (r == Refusal.ReceiverFrozen)
            return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_RECEIVER_FROZEN);
        if (r == Refusal.ReceiverNotVerified) {
            return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_RECEIVER_NOT_VERIFIED);
        }
        if (r == Refusal.PartitionLocked)
            return (ComplianceCodes.FUNDS_LOCKED, ComplianceCodes.REASON_PARTITION_LOCKED);
        if (r == Refusal.InsufficientBalance) {
            return (ComplianceCodes.INSUFFICIENT_BALANCE, ComplianceCodes.REASON_INSUFFICIENT_BALANCE);
        }
        if (r == Refusal.TokensLocked) return (ComplianceCodes.FUNDS_LOCKED, ComplianceCodes.REASON_TOKENS_LOCKED);
        if (r == Refusal.CountryRestricted) {
            return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_COUNTRY_RESTRICTED);
        }
        if (r == Refusal.NotAccredited)
            return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_NOT_ACCREDITED);
        if (r == Refusal.MaxBalance) return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_MAX_BALANCE);
        return (ComplianceCodes.INVALID_RECEIVER, ComplianceCodes.REASON_MAX_HOLDERS);
    }

    // --------------------------------------------------------------------------------------------- helpers

    /// @dev Units of `partition` held by `holder` (`word` is the holder's word).
    function _partitionBalance(address holder, bytes32 partition, uint256 word) internal view returns (uint256) {
        if (partition != DEFAULT_PARTITION) return _partitionBalances[holder][partition];
        return word.has(HolderWords.FLAG_NAMED_PARTITIONS) ? word.balance() - _namedBalances[holder] : word.balance();
    }

    /// @dev Units of `partition` that are neither frozen nor held (frozen amounts apply to the whole balance).
    function _available(
        address holder,
        bytes32 partition,
        uint256 word,
        uint256 partitionBalance
    ) internal view returns (uint256) {
        if (!word.has(HolderWords.FLAG_FROZEN_AMOUNT) && !word.has(HolderWords.FLAG_HOLDS)) return partitionBalance;
        uint256 locked = uint64(_frozenAmounts[holder]) + _totalHeld[holder];
        uint256 free = word.balance() > locked ? word.balance() - locked : 0;
        uint256 held = _held[holder][partition];
        uint256 partitionFree = partitionBalance > held ? partitionBalance - held : 0;
        return free < partitionFree ? free : partitionFree;
    }

    /// @dev Sets the frozen amount of `wallet` (at most its balance, < 2^64) and its flag, and its identity's frozen
    /// total (what does not vote, issue 19) in the identity's own entry: the same slot for a primary wallet.
    /// The identity is asked again at every change, so it must be the one the earlier change counted under: the
    /// registry never rebinds a wallet (removal keeps the binding, registering it again to another identity reverts),
    /// the same fact the identities' balances in `_holders` rely on. A wallet with units always has an identity.
    function _setFrozenAmount(address wallet, uint256 amount) internal {
        address identity = IIdentityRegistry(REGISTRY).identityOf(wallet);
        if (identity == address(0)) identity = wallet;
        uint256 entry = _frozenAmounts[wallet];
        uint256 before = uint64(entry);
        entry = entry - before + amount;
        if (identity == wallet) {
            entry = entry + (amount << FROZEN_IDENTITY_SHIFT) - (before << FROZEN_IDENTITY_SHIFT);
        } else {
            _frozenAmounts[identity] =
                _frozenAmounts[identity]
                + (amount << FROZEN_IDENTITY_SHIFT)
                - (before << FROZEN_IDENTITY_SHIFT);
        }
        _frozenAmounts[wallet] = entry;
        _holders[wallet] = _holders[wallet].withFlag(HolderWords.FLAG_FROZEN_AMOUNT, amount != 0);
    }

    function _rulesOf(bytes32 partition, uint256 cfg) internal view returns (uint40 lockUntil, bool accreditedOnly) {
        if (partition == DEFAULT_PARTITION) {
            return (uint40(cfg >> CFG_LOCK_SHIFT), cfg & CFG_DEFAULT_ACCREDITED_ONLY != 0);
        }
        uint256 rules = _partitionRules[partition];
        return (uint40(rules), rules & RULE_ACCREDITED_ONLY != 0);
    }

    /// @dev Both registry records in one STATICCALL (hand-encoded: this is every transfer's hot path).
    function _recordsOf(address a, address b) internal view returns (uint256 recordA, uint256 recordB) {
        address registry = REGISTRY;
        bytes4 selector = _PACKED_RECORDS_SELECTOR;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 4), a)
            mstore(add(ptr, 36), b)
            let ok := staticcall(gas(), registry, ptr, 68, ptr, 64)
            if iszero(and(ok, eq(returndatasize(), 64))) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            recordA := mload(ptr)
            recordB := mload(add(ptr, 32))
        }
    }
}
