// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {HolderWords} from "./HolderWords.sol";
import {TokenCompliance} from "./TokenCompliance.sol";

/// @title The bookkeeping of a PropertyToken's balance changes, shared by the token's rule-checked funnel (`_update`)
/// and the administration module's forced moves: balances, partitions, identity totals, holder count, supply and rent
/// corrections are written in one place.
abstract contract TokenLedger is TokenCompliance {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using HolderWords for uint256;
    using IdentityRecords for uint256;

    /// @dev Writes one balance change: holder count, wallet words (balance, identity total when the identity id is
    /// the wallet, rent correction, country fact), named partitions, other identity totals, supply, and the ERC-20
    /// `Transfer` event. The rules have been checked (`checked`) or deliberately bypassed.
    function _apply(
        Op op,
        address from,
        address to,
        bytes32 partition,
        uint256 value,
        Loaded memory state,
        bool checked
    ) internal {
        emit IERC20.Transfer(from, to, value);
        if (op == Op.Transfer && from == to) return;
        address fromIdentity = state.fromRecord.identity();
        address toIdentity = state.toRecord.identity();
        bool sameIdentity = op == Op.Transfer && fromIdentity == toIdentity;
        if (!sameIdentity && state.config & CFG_SNAPSHOT_ACTIVE != 0) _snapshot(op, fromIdentity, toIdentity, state);
        if (!sameIdentity && value != 0) _countHolders(op, value, state);
        if (op != Op.Issue) _debit(from, partition, value, state, !sameIdentity && fromIdentity == from);
        if (op != Op.Redeem) _credit(to, partition, value, state, !sameIdentity && toIdentity == to, checked);
        if (sameIdentity) return;
        // Identity totals kept in another wallet's word: read-modify-write after the wallet words (they may alias).
        if (op != Op.Issue && fromIdentity != from) _holders[fromIdentity] -= value << HolderWords.IDENTITY_SHIFT;
        if (op != Op.Redeem && toIdentity != to) _holders[toIdentity] += value << HolderWords.IDENTITY_SHIFT;
        if (op != Op.Transfer) _updateSupply(op, partition, value);
    }

    /// @dev While a vote's snapshot is open, records each identity whose total is about to change, the first time
    /// in this snapshot: its total now, which is its total when the snapshot opened (issue 19, lazy snapshots).
    function _snapshot(Op op, address fromIdentity, address toIdentity, Loaded memory state) private {
        uint256 id = _snapshotId;
        if (op != Op.Issue) _snapshotIdentity(id, fromIdentity, state.fromIdentityWord);
        if (op != Op.Redeem) _snapshotIdentity(id, toIdentity, state.toIdentityWord);
    }

    /// @dev Records `identity`'s total (from its word) in snapshot `id` unless already recorded there. Shared with the
    /// token's plain transfer path, which records the same way.
    function _snapshotIdentity(uint256 id, address identity, uint256 identityWord) internal {
        if (_snapshots[identity] >> SNAPSHOT_ID_SHIFT != id) {
            _snapshots[identity] = (id << SNAPSHOT_ID_SHIFT) | identityWord.identityBalance();
        }
    }

    /// @dev Holders are identities: one joins when its total leaves zero, one leaves when its total reaches zero.
    function _countHolders(Op op, uint256 value, Loaded memory state) private {
        uint256 cfg = state.config;
        uint256 newCfg = cfg;
        if (op != Op.Redeem && state.toIdentityWord.identityBalance() == 0) newCfg += CFG_ONE_HOLDER;
        if (op != Op.Issue && state.fromIdentityWord.identityBalance() == value) newCfg -= CFG_ONE_HOLDER;
        if (newCfg != cfg) _config = newCfg;
    }

    function _debit(address from, bytes32 partition, uint256 value, Loaded memory state, bool ownIdentity) private {
        uint256 word = state.fromWord;
        // Unreachable through the rules or the forced move's chunking; it guards the unchecked block below.
        if (value > word.balance()) revert TokenInsufficientBalance(from, partition, word.balance(), value);
        // Safe: value <= balance, which sits in the word's low 64 bits; the identity total likewise covers it.
        unchecked {
            word -= value;
            if (ownIdentity) word -= value << HolderWords.IDENTITY_SHIFT;
        }
        // Points per unit < 2^80 and value < 2^64: the product fits an int256.
        uint256 points = state.config >> CFG_POINTS_SHIFT;
        if (points != 0) word = word.withCorrection(SafeCast.toInt88(word.correction() + int256(points * value)));
        if (partition != DEFAULT_PARTITION) word = _debitNamed(from, partition, value, word);
        _holders[from] = word;
    }

    function _credit(
        address to,
        bytes32 partition,
        uint256 value,
        Loaded memory state,
        bool ownIdentity,
        bool checked
    ) private {
        uint256 word = state.toWord;
        // Safe: every balance is at most the total supply, capped at 2^64 - 1 on issuance.
        unchecked {
            word += value;
            if (ownIdentity) word += value << HolderWords.IDENTITY_SHIFT;
        }
        uint256 cfg = state.config;
        uint256 points = cfg >> CFG_POINTS_SHIFT;
        if (points != 0) word = word.withCorrection(SafeCast.toInt88(word.correction() - int256(points * value)));
        if (partition != DEFAULT_PARTITION) word = _creditNamed(to, partition, value, word);
        if (checked && cfg & CFG_COUNTRY_RULE != 0) {
            // The country rule just passed for this receiver: remember the fact for its next receipts.
            uint256 version = uint16(cfg >> CFG_COUNTRY_VERSION_SHIFT);
            if (version != COUNTRY_VERSION_UNCACHED) word = word.withCountryCache(state.toRecord.country(), version);
        }
        _holders[to] = word;
    }

    function _updateSupply(Op op, bytes32 partition, uint256 value) private {
        bool named = partition != DEFAULT_PARTITION;
        if (op == Op.Issue) {
            _totalSupply += value;
            if (named) {
                _partitionSupply[partition] += value;
                _namedSupply += value;
            }
        } else {
            _totalSupply -= value;
            if (named) {
                _partitionSupply[partition] -= value;
                _namedSupply -= value;
            }
        }
    }

    function _debitNamed(address holder, bytes32 partition, uint256 value, uint256 word) private returns (uint256) {
        // Checked: every caller has verified the partition balance (rules, or the forced move's chunking).
        uint256 partitionBalance = _partitionBalances[holder][partition] - value;
        _partitionBalances[holder][partition] = partitionBalance;
        if (partitionBalance == 0) _namedPartitionsOf[holder].remove(partition);
        uint256 named = _namedBalances[holder] - value;
        _namedBalances[holder] = named;
        return named == 0 ? word.withFlag(HolderWords.FLAG_NAMED_PARTITIONS, false) : word;
    }

    function _creditNamed(address holder, bytes32 partition, uint256 value, uint256 word) private returns (uint256) {
        if (value == 0) return word;
        _partitionBalances[holder][partition] += value;
        _namedPartitionsOf[holder].add(partition);
        _namedBalances[holder] += value;
        return word.withFlag(HolderWords.FLAG_NAMED_PARTITIONS, true);
    }

    function _releaseHold(address holder, bytes32 partition, uint256 value) internal {
        uint256 held = _held[holder][partition];
        if (value > held) revert TokenInsufficientHold(holder, partition, held, value);
        _held[holder][partition] = held - value;
        uint256 totalHeld = _totalHeld[holder] - value;
        _totalHeld[holder] = totalHeld;
        if (totalHeld == 0) _holders[holder] = _holders[holder].withFlag(HolderWords.FLAG_HOLDS, false);
        emit IPropertyToken.HoldReleased(holder, partition, value);
    }

    /// @dev The partitions in which `holder` has units: the default partition first (when non-empty), then the named
    /// partitions in the order they were first received.
    function _partitionsOf(address holder) internal view returns (bytes32[] memory partitions) {
        bytes32[] memory named = _namedPartitionsOf[holder].values();
        bool hasDefault = _partitionBalance(holder, DEFAULT_PARTITION, _holders[holder]) != 0;
        partitions = new bytes32[](named.length + (hasDefault ? 1 : 0));
        uint256 offset = hasDefault ? 1 : 0; // the default partition is bytes32(0): already in place
        for (uint256 i = 0; i < named.length; ++i) {
            partitions[i + offset] = named[i];
        }
    }
}
