// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IERC1594} from "../interfaces/IERC1594.sol";
import {IERC1410} from "../interfaces/IERC1410.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IERC1644} from "../interfaces/IERC1644.sol";
import {IERC7943} from "../interfaces/IERC7943.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenExit} from "../interfaces/IPropertyTokenExit.sol";
import {IPropertyTokenSnapshots} from "../interfaces/IPropertyTokenSnapshots.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {HolderWords} from "./HolderWords.sol";
import {PropertyTokenStorage} from "./PropertyTokenStorage.sol";
import {TokenLedger} from "./TokenLedger.sol";

/// @title The administration of a PropertyToken: compliance configuration, freezes, documents (ERC-1643 writes),
/// partition operators (ERC-1410), controller moves (ERC-1644, ERC-7943 `forcedTransfer`) and the explanation of
/// refusals.
/// @notice One instance per token implementation, created by its constructor; the token (and every clone of it)
/// reaches it by DELEGATECALL for these functions only, so it runs on the token's storage with the token's roles.
/// None of this is on a transfer's path: moving it here keeps the token's bytecode small (see docs/design/contracts.md,
/// "Bytecode size") without adding gas to transfers. Called directly, it acts on its own empty storage where nobody
/// holds a role, so every function reverts.
/// @dev Every function here is declared once more in `PropertyToken` as a forwarding stub with the same signature
/// (`test/token/erc7943-erc165.test.ts` checks it), except those of `IPropertyTokenSnapshots` (holder votes, issue 19)
/// and `IPropertyTokenExit` (the exit, issue 19), which the token reaches through its fallback: the token's bytecode budget has no room for their stubs, and views
/// can only be forwarded that way (a view stub cannot DELEGATECALL).
contract PropertyTokenAdmin is TokenLedger, IPropertyTokenSnapshots, IPropertyTokenExit {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using HolderWords for uint256;
    using IdentityRecords for uint256;

    /// @dev `RentDistributor.REGISTRAR_ROLE`: the platform's factories, the only callers of `setExit`.
    bytes32 private constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @param registry The identity registry of the token implementation that creates this module.
    constructor(address registry, address forwarder) PropertyTokenStorage(registry, forwarder) {}

    // --------------------------------------------------------------------------------------------- documents

    /// @notice ERC-1643: sets document `name` (DOCUMENTS_ROLE or AGENT_ROLE).
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash) external {
        _checkDocumentWriter();
        if (name == bytes32(0) || bytes(uri).length == 0) revert TokenInvalidDocument(name);
        _documents[name] = Document(uri, documentHash, block.timestamp);
        _documentNames.add(name);
        emit IERC1643.DocumentUpdated(name, uri, documentHash);
    }

    /// @notice ERC-1643: removes document `name` (DOCUMENTS_ROLE or AGENT_ROLE).
    function removeDocument(bytes32 name) external {
        _checkDocumentWriter();
        if (!_documentNames.remove(name)) revert TokenDocumentNotFound(name);
        Document memory doc = _documents[name];
        delete _documents[name];
        emit IERC1643.DocumentRemoved(name, doc.uri, doc.documentHash);
    }

    // --------------------------------------------------------------------------------------------- operators

    /// @notice ERC-1410: authorizes `operator` for the caller's units of `partition`.
    function authorizeOperatorByPartition(bytes32 partition, address operator) external {
        address holder = _msgSender();
        if (operator == holder) revert TokenInvalidOperator(operator);
        _partitionOperators[holder][partition][operator] = true;
        emit IERC1410.AuthorizedOperatorByPartition(partition, operator, holder);
    }

    /// @notice ERC-1410: revokes `operator` for the caller's units of `partition`.
    function revokeOperatorByPartition(bytes32 partition, address operator) external {
        address holder = _msgSender();
        if (operator == holder) revert TokenInvalidOperator(operator);
        _partitionOperators[holder][partition][operator] = false;
        emit IERC1410.RevokedOperatorByPartition(partition, operator, holder);
    }

    // --------------------------------------------------------------------------------------------- freezes

    /// @notice Freezes or unfreezes, on this token, the identity `wallet` belongs to: all its wallets, present and
    /// future (an AML freeze stops the person, not one address). A wallet with no identity is frozen alone.
    function setAddressFrozen(address wallet, bool frozen) external onlyRole(AGENT_ROLE) {
        address identity = _identityKeyOf(wallet);
        _holders[identity] = _holders[identity].withFlag(HolderWords.FLAG_FROZEN, frozen);
        emit IPropertyToken.AddressFrozen(wallet, frozen, _msgSender());
        emit IPropertyToken.IdentityFrozen(identity, frozen, _msgSender());
    }

    /// @notice Freezes `amount` more units of `wallet` (partial freeze; frozen plus held never exceeds the balance).
    function freezePartialTokens(address wallet, uint256 amount) external onlyRole(AGENT_ROLE) {
        uint256 frozenAfter = uint64(_frozenAmounts[wallet]) + amount;
        _setFrozenChecked(wallet, frozenAfter);
        emit IPropertyToken.TokensFrozen(wallet, amount);
    }

    /// @notice Unfreezes `amount` units of `wallet`.
    function unfreezePartialTokens(address wallet, uint256 amount) external onlyRole(AGENT_ROLE) {
        uint256 frozen = uint64(_frozenAmounts[wallet]);
        if (amount > frozen) revert TokenInsufficientFrozen(wallet, frozen, amount);
        _setFrozenAmount(wallet, frozen - amount);
        emit IPropertyToken.TokensUnfrozen(wallet, amount);
        emit IERC7943.Frozen(wallet, frozen - amount);
    }

    /// @notice ERC-7943: sets the frozen amount of `account` to `amount` (AGENT_ROLE). Refused above what the wallet
    /// can lock (its balance minus its escrow holds), like `freezePartialTokens`.
    /// @return result Always true.
    function setFrozenTokens(address account, uint256 amount) external onlyRole(AGENT_ROLE) returns (bool result) {
        uint256 before = uint64(_frozenAmounts[account]);
        _setFrozenChecked(account, amount);
        if (amount > before) emit IPropertyToken.TokensFrozen(account, amount - before);
        if (amount < before) emit IPropertyToken.TokensUnfrozen(account, before - amount);
        return true;
    }

    // --------------------------------------------------------------------------------------------- rules

    /// @notice Sets the maximum number of holders (identities); 0 = no limit.
    function setMaxHolders(uint32 newMaxHolders) external onlyRole(AGENT_ROLE) {
        uint256 cfg = _config & ~(uint256(type(uint32).max) << CFG_MAX_HOLDERS_SHIFT);
        _config = cfg | (uint256(newMaxHolders) << CFG_MAX_HOLDERS_SHIFT);
        emit IPropertyToken.MaxHoldersSet(newMaxHolders);
    }

    /// @notice Sets the maximum balance per identity; 0 = no limit.
    function setMaxBalancePerIdentity(uint256 maxBalance) external onlyRole(AGENT_ROLE) {
        _config = (_config & ~uint256(type(uint48).max)) | SafeCast.toUint48(maxBalance);
        emit IPropertyToken.MaxBalancePerIdentitySet(maxBalance);
    }

    /// @notice Adds `countries` to (`restricted` true) or removes them from the country list.
    function setCountryRestrictions(uint16[] calldata countries, bool restricted) external onlyRole(AGENT_ROLE) {
        uint256 listed = _listedCountries;
        for (uint256 i = 0; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (country == 0 || country > MAX_COUNTRY) revert TokenInvalidCountry(country);
            uint256 bit = 1 << (country & 255);
            uint256 word = _countryList[country >> 8];
            if ((word & bit != 0) != restricted) {
                _countryList[country >> 8] = word ^ bit;
                listed = restricted ? listed + 1 : listed - 1;
            }
            emit IPropertyToken.CountryRestrictionSet(country, restricted);
        }
        _listedCountries = listed;
        _syncCountryRule();
    }

    /// @notice Makes the country list an allow-list (`true`) or a block-list (`false`).
    function setCountryMode(bool allowList) external onlyRole(AGENT_ROLE) {
        _config = allowList ? _config | CFG_COUNTRY_ALLOW_LIST : _config & ~CFG_COUNTRY_ALLOW_LIST;
        _syncCountryRule();
        emit IPropertyToken.CountryModeSet(allowList);
    }

    /// @notice Sets the lock-up and accredited-only rules of `partition`.
    function setPartitionRules(bytes32 partition, uint40 lockUntil, bool accreditedOnly) external onlyRole(AGENT_ROLE) {
        if (partition == DEFAULT_PARTITION) {
            uint256 cfg = _config & ~(uint256(type(uint40).max) << CFG_LOCK_SHIFT) & ~CFG_DEFAULT_ACCREDITED_ONLY;
            cfg |= uint256(lockUntil) << CFG_LOCK_SHIFT;
            _config = accreditedOnly ? cfg | CFG_DEFAULT_ACCREDITED_ONLY : cfg;
        } else {
            _partitionRules[partition] = uint256(lockUntil) | (accreditedOnly ? RULE_ACCREDITED_ONLY : 0);
        }
        emit IPropertyToken.PartitionRulesSet(partition, lockUntil, accreditedOnly);
    }

    /// @notice Closes (`true`) or reopens holder redemption (`redeem*`); the controller's redemption is unaffected.
    function setRedemptionClosed(bool closed) external onlyRole(AGENT_ROLE) {
        _config = closed ? _config | CFG_REDEMPTION_CLOSED : _config & ~CFG_REDEMPTION_CLOSED;
        emit IPropertyToken.RedemptionClosedSet(closed);
    }

    /// @notice Pauses transfers, issuance and redemption (PAUSER_ROLE).
    function pause() external onlyRole(PAUSER_ROLE) {
        uint256 cfg = _config;
        if (cfg & CFG_PAUSED != 0) revert TokenPaused();
        _config = cfg | CFG_PAUSED;
        emit IPropertyToken.Paused(_msgSender());
    }

    /// @notice Resumes transfers, issuance and redemption (PAUSER_ROLE); never after the exit closed the token.
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (_closed) revert TokenIsClosed();
        uint256 cfg = _config;
        if (cfg & CFG_PAUSED == 0) revert TokenNotPaused();
        _config = cfg & ~CFG_PAUSED;
        emit IPropertyToken.Unpaused(_msgSender());
    }

    /// @notice ERC-1594: ends issuance for good (DEFAULT_ADMIN_ROLE).
    function finalizeIssuance() external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 cfg = _config;
        if (cfg & CFG_ISSUANCE_FINALIZED != 0) revert TokenIssuanceFinalized();
        _config = cfg | CFG_ISSUANCE_FINALIZED;
        emit IERC1594.IssuanceFinalized();
    }

    // --------------------------------------------------------------------------------------------- controller

    /// @notice ERC-1644: moves `value` units of `from` to `to` without the rules (CONTROLLER_ROLE).
    function controllerTransfer(
        address from,
        address to,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) external onlyRole(CONTROLLER_ROLE) {
        _checkControlledMove();
        _forcedMove(Op.Transfer, from, to, value, data, operatorData);
        emit IERC1644.ControllerTransfer(_msgSender(), from, to, value, data, operatorData);
    }

    /// @notice ERC-1644: redeems `value` units of `holder` without the rules (CONTROLLER_ROLE).
    function controllerRedeem(
        address holder,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) external onlyRole(CONTROLLER_ROLE) {
        _checkControlledMove();
        _forcedMove(Op.Redeem, holder, address(0), value, data, operatorData);
        emit IERC1644.ControllerRedemption(_msgSender(), holder, value, data, operatorData);
    }

    /// @notice ERC-7943: `controllerTransfer` without data (CONTROLLER_ROLE); emits both standards' events.
    /// @return result Always true.
    function forcedTransfer(
        address from,
        address to,
        uint256 amount
    ) external onlyRole(CONTROLLER_ROLE) returns (bool result) {
        _checkControlledMove();
        _forcedMove(Op.Transfer, from, to, amount, msg.data[0:0], msg.data[0:0]);
        emit IERC1644.ControllerTransfer(_msgSender(), from, to, amount, "", "");
        emit IERC7943.ForcedTransfer(from, to, amount);
        return true;
    }

    /// @notice ERC-1644: gives up control for good (DEFAULT_ADMIN_ROLE).
    function finalizeControllable() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkControllable();
        _config |= CFG_CONTROL_FINALIZED;
        emit IERC1644.ControllableFinalized();
    }

    // --------------------------------------------------------------------------------------------- escrow holds

    /// @notice Locks `value` unlocked units of `holder` in `partition` for a secondary trade (the token's settlement
    /// only). In this module since issue 19 made room in the token for holder votes: posting an order pays the
    /// module's DELEGATECALL, fills and transfers do not.
    function holdByPartition(address holder, bytes32 partition, uint256 value) external {
        if (msg.sender != _settlement) revert TokenOnlySettlement(msg.sender);
        uint256 word = _holders[holder];
        uint256 available = _available(holder, partition, word, _partitionBalance(holder, partition, word));
        if (value > available) revert TokenInsufficientUnlockedBalance(holder, partition, available, value);
        _held[holder][partition] += value;
        _totalHeld[holder] += value;
        _holders[holder] = word.withFlag(HolderWords.FLAG_HOLDS, true);
        emit IPropertyToken.HoldCreated(holder, partition, value);
    }

    // --------------------------------------------------------------------------------------------- holder votes

    /// @inheritdoc IPropertyTokenSnapshots
    function setGovernor(address governor_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_governor != address(0)) revert TokenGovernorAlreadySet(_governor);
        if (governor_.code.length == 0) revert TokenInvalidGovernor(governor_);
        _governor = governor_;
        emit GovernorSet(governor_);
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function openSnapshot() external returns (uint256 snapshotId) {
        _checkGovernor();
        uint256 cfg = _config;
        if (cfg & CFG_SNAPSHOT_ACTIVE != 0) revert TokenSnapshotOpen(_snapshotId);
        snapshotId = _snapshotId + 1;
        _snapshotId = SafeCast.toUint32(snapshotId);
        _config = cfg | CFG_SNAPSHOT_ACTIVE;
        emit SnapshotOpened(snapshotId);
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function closeSnapshot() external {
        _checkGovernor();
        uint256 cfg = _config;
        if (cfg & CFG_SNAPSHOT_ACTIVE == 0) revert TokenNoSnapshotOpen();
        _config = cfg & ~CFG_SNAPSHOT_ACTIVE;
        emit SnapshotClosed(_snapshotId);
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function governor() external view returns (address) {
        return _governor;
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function currentSnapshot() external view returns (uint256 snapshotId, bool open) {
        return (_snapshotId, _config & CFG_SNAPSHOT_ACTIVE != 0);
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function identityBalanceAtSnapshot(address identity) public view returns (uint256) {
        if (_config & CFG_SNAPSHOT_ACTIVE != 0) {
            uint256 record = _snapshots[identity];
            // Recorded in this snapshot: its total before its first change. Else it has not changed since it opened.
            if (record >> SNAPSHOT_ID_SHIFT == _snapshotId) return uint64(record);
        }
        return _holders[identity].identityBalance();
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function frozenTokensOfIdentity(address identity) external view returns (uint256) {
        return _frozenAmounts[identity] >> FROZEN_IDENTITY_SHIFT;
    }

    /// @inheritdoc IPropertyTokenSnapshots
    function votingPowerOf(address wallet) external view returns (address identity, uint256 power) {
        (uint256 record, ) = _recordsOf(wallet, wallet);
        identity = record.identity();
        // Verified (registered, KYC unexpired, not frozen in the registry) and the identity not frozen on this token.
        if (!record.isVerified() || identity == address(0) || _holders[identity].has(HolderWords.FLAG_FROZEN)) {
            return (identity, 0);
        }
        uint256 units = identityBalanceAtSnapshot(identity);
        uint256 frozen = _frozenAmounts[identity] >> FROZEN_IDENTITY_SHIFT;
        power = units > frozen ? units - frozen : 0;
    }

    // --------------------------------------------------------------------------------------------- exit

    /// @inheritdoc IPropertyTokenExit
    function setExit(address exit_) external {
        // The platform's factories are the distributor's registrars: the same trust that registers the token.
        if (!IAccessControl(_rentDistributor).hasRole(REGISTRAR_ROLE, msg.sender)) revert TokenOnlyFactory(msg.sender);
        if (_exit != address(0)) revert TokenExitAlreadySet(_exit);
        if (exit_.code.length == 0) revert TokenInvalidExit(exit_);
        _exit = exit_;
        emit ExitSet(exit_);
    }

    /// @inheritdoc IPropertyTokenExit
    function closeForExit() external {
        _checkExit();
        if (_closed) revert TokenIsClosed();
        _closed = true;
        uint256 cfg = _config;
        if (cfg & CFG_PAUSED == 0) emit IPropertyToken.Paused(msg.sender);
        if (cfg & CFG_ISSUANCE_FINALIZED == 0) emit IERC1594.IssuanceFinalized();
        _config = cfg | CFG_PAUSED | CFG_ISSUANCE_FINALIZED;
        emit Closed(msg.sender);
    }

    /// @inheritdoc IPropertyTokenExit
    /// @dev The burn's record is the ERC-20 `Transfer(holder, 0, units)` (and `RedeemedByPartition` for named
    /// partitions); the exit's own `Redeemed` event names the payout. No ERC-1594 `Redeemed` here: ~1,900 gas of
    /// `exit.redeem`'s 90,000 budget for a fact both other events already carry.
    /// Bypasses the rules like a controller redemption (the token is paused), but not the controllable switch:
    /// the holders approved the sale, and their units must become their share of the proceeds whatever the manager
    /// gave up. The ledger's debit adds the burned units' rent to the holder's correction, so rent already deposited
    /// stays owed to the holder after the burn (`unpaidRentOf` is unchanged by it).
    function redeemForExit(address holder, bool evenIfHeld) external returns (uint256 units, bool held) {
        // The exit redeems only after its close (`closeForExit`); the token does not read the flag again here.
        _checkExit();
        Loaded memory state = _load(Op.Redeem, holder, address(0));
        units = state.fromWord.balance();
        if (units == 0) return (0, false);
        if (!evenIfHeld) {
            // The rent distributor's hold: removed from the registry, or the identity frozen there or on this token;
            // and any frozen units of the wallet (audit 2026-12): the payout of frozen units must not leave, and the
            // burn would trim the frozen amount away, so the whole claim waits like a frozen address's.
            uint256 record = state.fromRecord;
            held =
                !record.isRegistered()
                || record & RECORD_FROZEN != 0
                || state.fromIdentityWord & WORD_FROZEN != 0
                || state.fromWord.has(HolderWords.FLAG_FROZEN_AMOUNT);
            if (held) return (units, true);
        }
        if (state.fromWord.has(HolderWords.FLAG_NAMED_PARTITIONS)) {
            _forcedMove(Op.Redeem, holder, address(0), units, msg.data[0:0], msg.data[0:0]);
        } else {
            _apply(Op.Redeem, holder, address(0), DEFAULT_PARTITION, units, state, false);
            _trimLocks(holder, DEFAULT_PARTITION);
        }
    }

    /// @inheritdoc IPropertyTokenExit
    function exit() external view returns (address) {
        return _exit;
    }

    /// @inheritdoc IPropertyTokenExit
    function isClosed() external view returns (bool) {
        return _closed;
    }

    // --------------------------------------------------------------------------------------------- explanations

    /// @notice Reverts with the custom error that explains refusal `r` of a balance change (the facts re-read here).
    /// @dev Reached only by DELEGATECALL from the token's funnel, on its failure path; a direct call reads this
    /// module's own (empty) storage and explains nothing useful.
    function explainRefusal(
        Refusal r,
        Op op,
        address from,
        address to,
        bytes32 partition,
        uint256 value
    ) external view {
        if (r == Refusal.Paused) revert TokenPaused();
        if (r == Refusal.IssuanceFinalized) revert TokenIssuanceFinalized();
        if (r == Refusal.SupplyLimit) revert TokenSupplyLimit(_totalSupply, value);
        if (r == Refusal.RedemptionClosed) revert TokenRedemptionClosed();
        if (r == Refusal.SenderFrozen) revert TokenWalletFrozen(from);
        if (r == Refusal.SenderNotVerified) revert TokenSenderNotVerified(from);
        if (r == Refusal.InvalidReceiver) revert TokenInvalidReceiver(to);
        if (r == Refusal.ReceiverFrozen) revert TokenWalletFrozen(to);
        if (r == Refusal.ReceiverNotVerified) revert TokenReceiverNotVerified(to);
        Loaded memory state = _load(op, from, to);
        if (r == Refusal.PartitionLocked) {
            (uint40 lockUntil, ) = _rulesOf(partition, state.config);
            revert TokenPartitionLocked(partition, lockUntil);
        }
        uint256 partitionBalance = op == Op.Issue ? 0 : _partitionBalance(from, partition, state.fromWord);
        if (r == Refusal.InsufficientBalance) revert TokenInsufficientBalance(from, partition, partitionBalance, value);
        if (r == Refusal.TokensLocked) {
            uint256 available = _available(from, partition, state.fromWord, partitionBalance);
            revert TokenInsufficientUnlockedBalance(from, partition, available, value);
        }
        if (r == Refusal.CountryRestricted) revert TokenCountryRestricted(to, state.toRecord.country());
        if (r == Refusal.NotAccredited) revert TokenReceiverNotAccredited(to, partition);
        if (r == Refusal.MaxBalance) {
            uint256 balanceAfter = state.toIdentityWord.identityBalance() + value;
            revert TokenMaxBalanceExceeded(state.toRecord.identity(), balanceAfter, uint48(state.config));
        }
        revert TokenMaxHoldersReached(uint32(state.config >> CFG_MAX_HOLDERS_SHIFT));
    }

    // --------------------------------------------------------------------------------------------- internals

    /// @dev A controller move: no rules, but the balance must suffice and a receiver must be registered.
    function _forcedUpdate(Op op, address from, address to, bytes32 partition, uint256 value) private {
        Loaded memory state = _load(op, from, to);
        if (op == Op.Transfer) {
            if (to == address(0)) revert TokenInvalidReceiver(to);
            if (!state.toRecord.isRegistered()) revert TokenReceiverNotRegistered(to);
        }
        _apply(op, from, to, partition, value, state, false);
        _trimLocks(from, partition);
    }

    /// @dev Takes `value` units from `from`: default partition first, then the named partitions in order.
    function _forcedMove(
        Op op,
        address from,
        address to,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) private {
        uint256 balance = _holders[from].balance();
        if (value > balance) revert TokenInsufficientBalance(from, DEFAULT_PARTITION, balance, value);
        if (value == 0) return _forcedUpdate(op, from, to, DEFAULT_PARTITION, 0);
        bytes32[] memory partitions = _partitionsOf(from);
        for (uint256 i = 0; value != 0; ++i) {
            value -= _forcedChunk(op, from, to, partitions[i], value, data, operatorData);
        }
    }

    /// @dev Moves up to `value` units of one partition in a forced move; returns the units moved.
    function _forcedChunk(
        Op op,
        address from,
        address to,
        bytes32 partition,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) private returns (uint256 chunk) {
        uint256 available = _partitionBalance(from, partition, _holders[from]);
        chunk = available < value ? available : value;
        if (partition != DEFAULT_PARTITION) {
            if (op == Op.Transfer) {
                emit IERC1410.TransferByPartition(partition, _msgSender(), from, to, chunk, data, operatorData);
            } else {
                emit IERC1410.RedeemedByPartition(partition, _msgSender(), from, chunk, operatorData);
            }
        }
        _forcedUpdate(op, from, to, partition, chunk);
    }

    /// @dev After a forced debit, frozen amounts and holds together cannot exceed what is left (audit 2026-12, finding
    /// 4: they were trimmed apart, so frozen + held could exceed the balance). The debited partition's hold is trimmed
    /// to its balance first, then the frozen amount to the balance minus every hold: the rule `_setFrozenChecked`
    /// applies to a new freeze (a partial freeze is refused above the units not held).
    function _trimLocks(address holder, bytes32 partition) private {
        uint256 word = _holders[holder];
        if (word.has(HolderWords.FLAG_HOLDS)) {
            uint256 held = _held[holder][partition];
            uint256 partitionBalance = _partitionBalance(holder, partition, word);
            if (held > partitionBalance) _releaseHold(holder, partition, held - partitionBalance);
        }
        if (word.has(HolderWords.FLAG_FROZEN_AMOUNT)) {
            uint256 frozen = uint64(_frozenAmounts[holder]);
            // Every partition's hold is within its balance now, so the holds sum to at most the balance.
            uint256 lockable = word.balance();
            if (word.has(HolderWords.FLAG_HOLDS)) lockable -= _totalHeld[holder];
            if (frozen > lockable) {
                _setFrozenAmount(holder, lockable);
                emit IPropertyToken.TokensUnfrozen(holder, frozen - lockable);
                emit IERC7943.Frozen(holder, lockable);
            }
        }
    }

    /// @dev Sets the frozen amount of `wallet` to `frozenAfter`, refused when frozen plus held units would exceed
    /// the balance (a lock on units the wallet does not have would be meaningless and hide a mistake).
    function _setFrozenChecked(address wallet, uint256 frozenAfter) private {
        uint256 balance = _holders[wallet].balance();
        uint256 lockable = balance - _totalHeld[wallet];
        if (frozenAfter > lockable) revert TokenFreezeExceedsBalance(wallet, lockable, frozenAfter);
        _setFrozenAmount(wallet, frozenAfter);
        emit IERC7943.Frozen(wallet, frozenAfter);
    }

    /// @dev The key of `wallet`'s identity in `_holders` (the wallet itself when it has no identity).
    function _identityKeyOf(address wallet) private view returns (address) {
        address identity = IIdentityRegistry(REGISTRY).identityOf(wallet);
        return identity == address(0) ? wallet : identity;
    }

    /// @dev The governor is a contract: it calls the token directly, never through the forwarder.
    function _checkGovernor() private view {
        if (msg.sender != _governor || msg.sender == address(0)) revert TokenOnlyGovernor(msg.sender);
    }

    function _checkControllable() private view {
        if (_config & CFG_CONTROL_FINALIZED != 0) revert TokenNotControllable();
    }

    /// @dev A controller move: control not given up, and the token not closed (after the close only the exit burns).
    /// A closed token is paused, so the closed flag (a cold slot) is read only when the config word, which the move
    /// reads anyway, says paused: an ordinary controller move pays ~100 gas for the check, not 2,100.
    function _checkControlledMove() private view {
        uint256 cfg = _config;
        if (cfg & CFG_PAUSED != 0 && _closed) revert TokenIsClosed();
        if (cfg & CFG_CONTROL_FINALIZED != 0) revert TokenNotControllable();
    }

    /// @dev The exit is a contract: it calls the token directly, never through the forwarder.
    function _checkExit() private view {
        if (msg.sender != _exit || msg.sender == address(0)) revert TokenOnlyExit(msg.sender);
    }

    /// @dev Reverts with OpenZeppelin's `AccessControlUnauthorizedAccount(caller, DOCUMENTS_ROLE)` unless the caller
    /// holds `DOCUMENTS_ROLE` or `AGENT_ROLE`.
    function _checkDocumentWriter() private view {
        address writer = _msgSender();
        if (!hasRole(DOCUMENTS_ROLE, writer) && !hasRole(AGENT_ROLE, writer)) {
            revert AccessControlUnauthorizedAccount(writer, DOCUMENTS_ROLE);
        }
    }

    /// @dev After any change of the country list or mode: recompute whether the rule is active, and bump the list
    /// version so that every receiver's cached country fact becomes stale (saturating: caching then stops).
    function _syncCountryRule() private {
        uint256 cfg = _config;
        bool active = cfg & CFG_COUNTRY_ALLOW_LIST != 0 || _listedCountries != 0;
        cfg = active ? cfg | CFG_COUNTRY_RULE : cfg & ~CFG_COUNTRY_RULE;
        if (uint16(cfg >> CFG_COUNTRY_VERSION_SHIFT) != COUNTRY_VERSION_UNCACHED) cfg += 1 << CFG_COUNTRY_VERSION_SHIFT;
        _config = cfg;
    }
}
