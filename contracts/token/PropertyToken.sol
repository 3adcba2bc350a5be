// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC1410} from "../interfaces/IERC1410.sol";
import {IERC1594} from "../interfaces/IERC1594.sol";
import {IERC1644} from "../interfaces/IERC1644.sol";
import {IPropertyToken, TokenInit} from "../interfaces/IPropertyToken.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {ComplianceCodes} from "./ComplianceCodes.sol";
import {HolderWords} from "./HolderWords.sol";
import {PropertyTokenStorage} from "./PropertyTokenStorage.sol";
import {TokenCompliance} from "./TokenCompliance.sol";

/// @title One security token per property: ERC-20 compatible, ERC-1410 partitions, ERC-1594 issuance and
/// verdicts, ERC-1643 documents, ERC-1644 controller operations, compliance rules, escrow holds and rent accrual.
/// @notice Every balance change goes through `_update`, the one place where the rules are applied and balances,
/// partitions, per-identity totals, the holder count and rent corrections are kept.
contract PropertyToken is Initializable, TokenCompliance {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using HolderWords for uint256;
    using IdentityRecords for uint256;

    /// @param init Token settings; an empty `init.name` leaves an implementation for clones (never initialisable
    /// itself). `init.identityRegistry` becomes the registry of this contract and of all its clones.
    constructor(TokenInit memory init) PropertyTokenStorage(init.identityRegistry) {
        if (bytes(init.name).length != 0) _init(init);
        _disableInitializers();
    }

    /// @inheritdoc IPropertyToken
    function initialize(TokenInit calldata init) external initializer {
        if (init.identityRegistry != REGISTRY) revert TokenRegistryMismatch(REGISTRY, init.identityRegistry);
        _init(init);
    }

    // ============================================================================================= ERC-20

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @notice Always 0: one token is one unit of the property.
    function decimals() external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _holders[account].balance();
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert TokenInvalidApproval(msg.sender, spender);
        _allowances[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _update(Op.Transfer, msg.sender, to, DEFAULT_PARTITION, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _update(Op.Transfer, from, to, DEFAULT_PARTITION, value);
        _spendAllowance(from, msg.sender, value);
        return true;
    }

    // ============================================================================================= ERC-1594

    /// @inheritdoc IERC1594
    function transferWithData(address to, uint256 value, bytes calldata) external {
        _update(Op.Transfer, msg.sender, to, DEFAULT_PARTITION, value);
    }

    /// @inheritdoc IERC1594
    function transferFromWithData(address from, address to, uint256 value, bytes calldata) external {
        _update(Op.Transfer, from, to, DEFAULT_PARTITION, value);
        _spendAllowance(from, msg.sender, value);
    }

    /// @inheritdoc IERC1594
    function isIssuable() external view returns (bool) {
        return _config & CFG_ISSUANCE_FINALIZED == 0;
    }

    /// @inheritdoc IERC1594
    function issue(address to, uint256 value, bytes calldata data) external onlyRole(ISSUER_ROLE) {
        _update(Op.Issue, address(0), to, DEFAULT_PARTITION, value);
        emit Issued(msg.sender, to, value, data);
    }

    /// @inheritdoc IERC1594
    function redeem(uint256 value, bytes calldata data) external {
        _update(Op.Redeem, msg.sender, address(0), DEFAULT_PARTITION, value);
        emit Redeemed(msg.sender, msg.sender, value, data);
    }

    /// @inheritdoc IERC1594
    function redeemFrom(address from, uint256 value, bytes calldata data) external {
        _update(Op.Redeem, from, address(0), DEFAULT_PARTITION, value);
        _spendAllowance(from, msg.sender, value);
        emit Redeemed(msg.sender, from, value, data);
    }

    /// @inheritdoc IERC1594
    function canTransfer(address to, uint256 value, bytes calldata) external view returns (bytes1, bytes32) {
        return _status(_verdictOf(Op.Transfer, msg.sender, to, DEFAULT_PARTITION, value));
    }

    /// @inheritdoc IERC1594
    function canTransferFrom(address from, address to, uint256 value, bytes calldata)
        external
        view
        returns (bytes1, bytes32)
    {
        Refusal r = _verdictOf(Op.Transfer, from, to, DEFAULT_PARTITION, value);
        if (r == Refusal.None && _allowances[from][msg.sender] < value) {
            return (ComplianceCodes.INSUFFICIENT_ALLOWANCE, ComplianceCodes.REASON_INSUFFICIENT_ALLOWANCE);
        }
        return _status(r);
    }

    /// @inheritdoc IERC1594
    function finalizeIssuance() external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 cfg = _config;
        if (cfg & CFG_ISSUANCE_FINALIZED != 0) revert TokenIssuanceFinalized();
        _config = cfg | CFG_ISSUANCE_FINALIZED;
        emit IssuanceFinalized();
    }

    // ============================================================================================= ERC-1410

    /// @inheritdoc IERC1410
    function balanceOfByPartition(bytes32 partition, address holder) external view returns (uint256) {
        return _partitionBalance(holder, partition, _holders[holder]);
    }

    /// @inheritdoc IERC1410
    function partitionsOf(address holder) public view returns (bytes32[] memory partitions) {
        bytes32[] memory named = _namedPartitionsOf[holder].values();
        bool hasDefault = _partitionBalance(holder, DEFAULT_PARTITION, _holders[holder]) != 0;
        partitions = new bytes32[](named.length + (hasDefault ? 1 : 0));
        uint256 offset = hasDefault ? 1 : 0; // the default partition is bytes32(0): already in place
        for (uint256 i = 0; i < named.length; ++i) {
            partitions[i + offset] = named[i];
        }
    }

    /// @inheritdoc IERC1410
    function totalSupplyByPartition(bytes32 partition) external view returns (uint256) {
        return partition == DEFAULT_PARTITION ? _totalSupply - _namedSupply : _partitionSupply[partition];
    }

    /// @inheritdoc IERC1410
    function transferByPartition(bytes32 partition, address to, uint256 value, bytes calldata data)
        external
        returns (bytes32)
    {
        emit TransferByPartition(partition, msg.sender, msg.sender, to, value, data, "");
        _update(Op.Transfer, msg.sender, to, partition, value);
        return partition;
    }

    /// @inheritdoc IERC1410
    function operatorTransferByPartition(
        bytes32 partition,
        address from,
        address to,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) external returns (bytes32) {
        _checkOperator(partition, from);
        emit TransferByPartition(partition, msg.sender, from, to, value, data, operatorData);
        _update(Op.Transfer, from, to, partition, value);
        return partition;
    }

    /// @inheritdoc IERC1410
    function authorizeOperator(address operator) external {
        if (operator == msg.sender) revert TokenInvalidOperator(operator);
        _operators[msg.sender][operator] = true;
        emit AuthorizedOperator(operator, msg.sender);
    }

    /// @inheritdoc IERC1410
    function revokeOperator(address operator) external {
        if (operator == msg.sender) revert TokenInvalidOperator(operator);
        _operators[msg.sender][operator] = false;
        emit RevokedOperator(operator, msg.sender);
    }

    /// @inheritdoc IERC1410
    function authorizeOperatorByPartition(bytes32 partition, address operator) external {
        if (operator == msg.sender) revert TokenInvalidOperator(operator);
        _partitionOperators[msg.sender][partition][operator] = true;
        emit AuthorizedOperatorByPartition(partition, operator, msg.sender);
    }

    /// @inheritdoc IERC1410
    function revokeOperatorByPartition(bytes32 partition, address operator) external {
        if (operator == msg.sender) revert TokenInvalidOperator(operator);
        _partitionOperators[msg.sender][partition][operator] = false;
        emit RevokedOperatorByPartition(partition, operator, msg.sender);
    }

    /// @inheritdoc IERC1410
    function isOperator(address operator, address holder) external view returns (bool) {
        return operator == holder || _operators[holder][operator];
    }

    /// @inheritdoc IERC1410
    function isOperatorForPartition(bytes32 partition, address operator, address holder) public view returns (bool) {
        return operator == holder || _operators[holder][operator] || _partitionOperators[holder][partition][operator];
    }

    /// @inheritdoc IERC1410
    function issueByPartition(bytes32 partition, address to, uint256 value, bytes calldata data)
        external
        onlyRole(ISSUER_ROLE)
    {
        emit IssuedByPartition(partition, msg.sender, to, value, data, "");
        _update(Op.Issue, address(0), to, partition, value);
    }

    /// @inheritdoc IERC1410
    function redeemByPartition(bytes32 partition, uint256 value, bytes calldata data) external {
        emit RedeemedByPartition(partition, msg.sender, msg.sender, value, data);
        _update(Op.Redeem, msg.sender, address(0), partition, value);
    }

    /// @inheritdoc IERC1410
    function operatorRedeemByPartition(bytes32 partition, address holder, uint256 value, bytes calldata operatorData)
        external
    {
        _checkOperator(partition, holder);
        emit RedeemedByPartition(partition, msg.sender, holder, value, operatorData);
        _update(Op.Redeem, holder, address(0), partition, value);
    }

    /// @inheritdoc IERC1410
    function canTransferByPartition(address from, address to, bytes32 partition, uint256 value, bytes calldata)
        external
        view
        returns (bytes1 code, bytes32 reason, bytes32 toPartition)
    {
        if (!isOperatorForPartition(partition, msg.sender, from)) {
            return (ComplianceCodes.INVALID_OPERATOR, ComplianceCodes.REASON_NOT_OPERATOR, partition);
        }
        (code, reason) = _status(_verdictOf(Op.Transfer, from, to, partition, value));
        toPartition = partition;
    }

    /// @inheritdoc IPropertyToken
    function canIssueByPartition(address to, bytes32 partition, uint256 value) external view returns (bytes1, bytes32) {
        return _status(_verdictOf(Op.Issue, address(0), to, partition, value));
    }

    // ============================================================================================= ERC-1644

    /// @inheritdoc IERC1644
    function isControllable() external view returns (bool) {
        return _config & CFG_CONTROL_FINALIZED == 0;
    }

    /// @inheritdoc IERC1644
    function controllerTransfer(address from, address to, uint256 value, bytes calldata data, bytes calldata operatorData)
        external
        onlyRole(CONTROLLER_ROLE)
    {
        _checkControllable();
        _forcedMove(Op.Transfer, from, to, value, data, operatorData);
        emit ControllerTransfer(msg.sender, from, to, value, data, operatorData);
    }

    /// @inheritdoc IERC1644
    function controllerRedeem(address holder, uint256 value, bytes calldata data, bytes calldata operatorData)
        external
        onlyRole(CONTROLLER_ROLE)
    {
        _checkControllable();
        _forcedMove(Op.Redeem, holder, address(0), value, data, operatorData);
        emit ControllerRedemption(msg.sender, holder, value, data, operatorData);
    }

    /// @inheritdoc IERC1644
    function finalizeControllable() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkControllable();
        _config |= CFG_CONTROL_FINALIZED;
        emit ControllableFinalized();
    }

    // ============================================================================================= platform hooks

    /// @inheritdoc IPropertyToken
    function rentDistributor() external view returns (address) {
        return _rentDistributor;
    }

    /// @inheritdoc IPropertyToken
    function settlement() external view returns (address) {
        return _settlement;
    }

    /// @inheritdoc IPropertyToken
    function recordDistribution(uint256 amount) external returns (uint256 supply, uint256 dust) {
        if (msg.sender != _rentDistributor) revert TokenOnlyRentDistributor(msg.sender);
        supply = _totalSupply;
        if (supply == 0) revert TokenNoSupply();
        uint256 increment = amount * RENT_MAGNITUDE / supply;
        uint256 cfg = _config;
        uint256 points = SafeCast.toUint80((cfg >> CFG_POINTS_SHIFT) + increment);
        uint256 recorded = _magnifiedRentRecorded + increment * supply;
        // Points < 2^80 and supply < 2^64: no overflow. See RENT_CORRECTION_MAX for why both bounds suffice.
        if (points * supply > RENT_CORRECTION_MAX || recorded > RENT_CORRECTION_MAX) {
            revert TokenRentOverflow(points, supply);
        }
        _magnifiedRentRecorded = uint96(recorded); // safe: at most RENT_CORRECTION_MAX < 2^96, checked just above
        _config = (cfg & ((1 << CFG_POINTS_SHIFT) - 1)) | (points << CFG_POINTS_SHIFT);
        dust = amount - increment * supply / RENT_MAGNITUDE;
    }

    /// @inheritdoc IPropertyToken
    function accumulativeRentOf(address holder) external view returns (uint256) {
        uint256 word = _holders[holder];
        int256 magnified = int256((_config >> CFG_POINTS_SHIFT) * word.balance()) + word.correction();
        return magnified > 0 ? uint256(magnified) / RENT_MAGNITUDE : 0;
    }

    /// @inheritdoc IPropertyToken
    function holdByPartition(address holder, bytes32 partition, uint256 value) external {
        _checkSettlement();
        uint256 word = _holders[holder];
        uint256 available = _available(holder, partition, word, _partitionBalance(holder, partition, word));
        if (value > available) revert TokenInsufficientUnlockedBalance(holder, partition, available, value);
        _held[holder][partition] += value;
        _totalHeld[holder] += value;
        _holders[holder] = word.withFlag(HolderWords.FLAG_HOLDS, true);
        emit HoldCreated(holder, partition, value);
    }

    /// @inheritdoc IPropertyToken
    function releaseHold(address holder, bytes32 partition, uint256 value) external {
        _checkSettlement();
        _releaseHold(holder, partition, value);
    }

    /// @inheritdoc IPropertyToken
    function executeHold(address holder, address to, bytes32 partition, uint256 value) external {
        _checkSettlement();
        _releaseHold(holder, partition, value);
        emit TransferByPartition(partition, msg.sender, holder, to, value, "", "");
        _update(Op.Transfer, holder, to, partition, value);
    }

    /// @inheritdoc IPropertyToken
    function heldBalanceOfByPartition(address holder, bytes32 partition) external view returns (uint256) {
        return _held[holder][partition];
    }

    // ============================================================================================= the funnel

    /// @dev Every rule-checked balance change: issue (`from` 0), redeem (`to` 0) or transfer.
    function _update(Op op, address from, address to, bytes32 partition, uint256 value) internal {
        Loaded memory state = _load(op, from, to);
        Refusal r = _verdict(op, from, to, partition, value, state);
        if (r != Refusal.None) _revertRefusal(r, op, from, to, partition, value);
        _apply(op, from, to, partition, value, state, true);
    }

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

    /// @dev Writes one balance change: holder count, wallet words (balance, identity total when the identity id is
    /// the wallet, rent correction, country fact), named partitions, other identity totals, supply, and the ERC-20
    /// `Transfer` event. The rules have been checked (`checked`) or deliberately bypassed.
    function _apply(Op op, address from, address to, bytes32 partition, uint256 value, Loaded memory state, bool checked)
        private
    {
        emit Transfer(from, to, value);
        if (op == Op.Transfer && from == to) return;
        address fromIdentity = state.fromRecord.identity();
        address toIdentity = state.toRecord.identity();
        bool sameIdentity = op == Op.Transfer && fromIdentity == toIdentity;
        if (!sameIdentity && value != 0) _countHolders(op, from, to, value, state);
        if (op != Op.Issue) _debit(from, partition, value, state, !sameIdentity && fromIdentity == from);
        if (op != Op.Redeem) _credit(to, partition, value, state, !sameIdentity && toIdentity == to, checked);
        if (sameIdentity) return;
        // Identity totals kept in another wallet's word: read-modify-write after the wallet words (they may alias).
        if (op != Op.Issue && fromIdentity != from) _holders[fromIdentity] -= value << HolderWords.IDENTITY_SHIFT;
        if (op != Op.Redeem && toIdentity != to) _holders[toIdentity] += value << HolderWords.IDENTITY_SHIFT;
        if (op != Op.Transfer) _updateSupply(op, partition, value);
    }

    /// @dev Holders are identities: one joins when its total leaves zero, one leaves when its total reaches zero.
    function _countHolders(Op op, address from, address to, uint256 value, Loaded memory state) private {
        uint256 cfg = state.config;
        uint256 newCfg = cfg;
        if (op != Op.Redeem && _identityBalanceOf(state.toRecord.identity(), to, state.toWord) == 0) newCfg += CFG_ONE_HOLDER;
        if (op != Op.Issue && _identityBalanceOf(state.fromRecord.identity(), from, state.fromWord) == value) {
            newCfg -= CFG_ONE_HOLDER;
        }
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

    function _credit(address to, bytes32 partition, uint256 value, Loaded memory state, bool ownIdentity, bool checked)
        private
    {
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

    /// @dev Takes `value` units from `from`: default partition first, then the named partitions in order.
    function _forcedMove(Op op, address from, address to, uint256 value, bytes calldata data, bytes calldata operatorData)
        private
    {
        uint256 balance = _holders[from].balance();
        if (value > balance) revert TokenInsufficientBalance(from, DEFAULT_PARTITION, balance, value);
        if (value == 0) return _forcedUpdate(op, from, to, DEFAULT_PARTITION, 0);
        bytes32[] memory partitions = partitionsOf(from);
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
            if (op == Op.Transfer) emit TransferByPartition(partition, msg.sender, from, to, chunk, data, operatorData);
            else emit RedeemedByPartition(partition, msg.sender, from, chunk, operatorData);
        }
        _forcedUpdate(op, from, to, partition, chunk);
    }

    /// @dev After a forced debit, frozen amounts and holds cannot exceed what is left.
    function _trimLocks(address holder, bytes32 partition) private {
        uint256 word = _holders[holder];
        if (word.has(HolderWords.FLAG_FROZEN_AMOUNT)) {
            uint256 frozen = _frozenAmounts[holder];
            if (frozen > word.balance()) {
                _setFrozenAmount(holder, word.balance());
                emit TokensUnfrozen(holder, frozen - word.balance());
            }
        }
        if (word.has(HolderWords.FLAG_HOLDS)) {
            uint256 held = _held[holder][partition];
            uint256 partitionBalance = _partitionBalance(holder, partition, word);
            if (held > partitionBalance) _releaseHold(holder, partition, held - partitionBalance);
        }
    }

    function _releaseHold(address holder, bytes32 partition, uint256 value) private {
        uint256 held = _held[holder][partition];
        if (value > held) revert TokenInsufficientHold(holder, partition, held, value);
        _held[holder][partition] = held - value;
        uint256 totalHeld = _totalHeld[holder] - value;
        _totalHeld[holder] = totalHeld;
        if (totalHeld == 0) _holders[holder] = _holders[holder].withFlag(HolderWords.FLAG_HOLDS, false);
        emit HoldReleased(holder, partition, value);
    }

    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _allowances[owner][spender];
        if (current == type(uint256).max) return;
        if (current < value) revert TokenInsufficientAllowance(spender, current, value);
        // Safe: checked just above.
        unchecked {
            _allowances[owner][spender] = current - value;
        }
    }

    function _checkOperator(bytes32 partition, address holder) private view {
        if (!isOperatorForPartition(partition, msg.sender, holder)) {
            revert TokenNotOperator(msg.sender, holder, partition);
        }
    }

    function _checkControllable() private view {
        if (_config & CFG_CONTROL_FINALIZED != 0) revert TokenNotControllable();
    }

    function _checkSettlement() private view {
        if (msg.sender != _settlement) revert TokenOnlySettlement(msg.sender);
    }

    function _init(TokenInit memory init) private {
        if (
            bytes(init.name).length == 0 || bytes(init.symbol).length == 0 || init.admin == address(0)
                || REGISTRY == address(0)
        ) revert TokenInvalidInit();
        _name = init.name;
        _symbol = init.symbol;
        _rentDistributor = init.rentDistributor;
        _settlement = init.settlement;
        _grantRole(DEFAULT_ADMIN_ROLE, init.admin);
        if (init.issuer != address(0)) _grantRole(ISSUER_ROLE, init.issuer);
        if (init.controller != address(0)) _grantRole(CONTROLLER_ROLE, init.controller);
        if (init.agent != address(0)) _grantRole(AGENT_ROLE, init.agent);
        if (init.documentAgent != address(0)) _grantRole(DOCUMENTS_ROLE, init.documentAgent);
        if (init.pauser != address(0)) _grantRole(PAUSER_ROLE, init.pauser);
    }
}
