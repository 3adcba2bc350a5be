// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC1410} from "../interfaces/IERC1410.sol";
import {IERC1594} from "../interfaces/IERC1594.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IERC1644} from "../interfaces/IERC1644.sol";
import {IERC7943} from "../interfaces/IERC7943.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IPropertyToken, TokenInit} from "../interfaces/IPropertyToken.sol";
import {IdentityRecords} from "../identity/IdentityRecords.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ComplianceCodes} from "./ComplianceCodes.sol";
import {HolderWords} from "./HolderWords.sol";
import {PropertyTokenAdmin} from "./PropertyTokenAdmin.sol";
import {PropertyTokenStorage} from "./PropertyTokenStorage.sol";
import {TokenLedger} from "./TokenLedger.sol";

/// @title One security token per property: ERC-20 compatible, ERC-1410 partitions, ERC-1594 issuance and
/// verdicts, ERC-1643 documents, ERC-1644 controller operations, ERC-7943, ERC-165, compliance rules, escrow holds
/// and rent accrual.
/// @notice Every rule-checked balance change goes through `_update`, the one place where the rules are applied;
/// balances, partitions, per-identity totals, the holder count and rent corrections are kept by `TokenLedger`.
/// Configuration, freezes, document writes, partition operators and controller moves run in `PropertyTokenAdmin` (DELEGATECALL, same
/// storage and roles): they are not on a transfer's path and would not fit in one contract's 24,576 bytes.
contract PropertyToken is Initializable, TokenLedger, IPropertyToken {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using HolderWords for uint256;
    using IdentityRecords for uint256;

    /// @notice The administration module every clone of this implementation delegates to.
    address public immutable ADMIN_MODULE;

    /// @param init Token settings; an empty `init.name` leaves an implementation for clones (never initialisable
    /// itself). `init.identityRegistry` becomes the registry of this contract and of all its clones.
    /// @param forwarder The platform's trusted forwarder (ERC-2771) of this contract and all its clones: holders can
    /// act through requests it relays (zero: none).
    constructor(TokenInit memory init, address forwarder) PropertyTokenStorage(init.identityRegistry, forwarder) {
        ADMIN_MODULE = address(new PropertyTokenAdmin(init.identityRegistry, forwarder));
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
        address owner = _msgSender();
        if (spender == address(0)) revert TokenInvalidApproval(owner, spender);
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(_msgSender(), to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _transfer(from, to, value);
        _spendAllowance(from, _msgSender(), value);
        return true;
    }

    // ============================================================================================= ERC-1594

    /// @inheritdoc IERC1594
    function transferWithData(address to, uint256 value, bytes calldata) external {
        _update(Op.Transfer, _msgSender(), to, DEFAULT_PARTITION, value);
    }

    /// @inheritdoc IERC1594
    function transferFromWithData(address from, address to, uint256 value, bytes calldata) external {
        _update(Op.Transfer, from, to, DEFAULT_PARTITION, value);
        _spendAllowance(from, _msgSender(), value);
    }

    /// @inheritdoc IERC1594
    function isIssuable() external view returns (bool) {
        return _config & CFG_ISSUANCE_FINALIZED == 0;
    }

    /// @inheritdoc IERC1594
    function issue(address to, uint256 value, bytes calldata data) external onlyRole(ISSUER_ROLE) {
        _update(Op.Issue, address(0), to, DEFAULT_PARTITION, value);
        emit Issued(_msgSender(), to, value, data);
    }

    /// @inheritdoc IERC1594
    function redeem(uint256 value, bytes calldata data) external {
        address holder = _msgSender();
        _update(Op.Redeem, holder, address(0), DEFAULT_PARTITION, value);
        emit Redeemed(holder, holder, value, data);
    }

    /// @inheritdoc IERC1594
    function redeemFrom(address from, uint256 value, bytes calldata data) external {
        _update(Op.Redeem, from, address(0), DEFAULT_PARTITION, value);
        address operator = _msgSender();
        _spendAllowance(from, operator, value);
        emit Redeemed(operator, from, value, data);
    }

    /// @inheritdoc IERC1594
    function canTransfer(address to, uint256 value, bytes calldata) external view returns (bytes1, bytes32) {
        return _status(_verdictOf(Op.Transfer, _msgSender(), to, DEFAULT_PARTITION, value));
    }

    /// @inheritdoc IERC1594
    function canTransferFrom(
        address from,
        address to,
        uint256 value,
        bytes calldata
    ) external view returns (bytes1, bytes32) {
        Refusal r = _verdictOf(Op.Transfer, from, to, DEFAULT_PARTITION, value);
        if (r == Refusal.None && _allowances[from][_msgSender()] < value) {
            return (ComplianceCodes.INSUFFICIENT_ALLOWANCE, ComplianceCodes.REASON_INSUFFICIENT_ALLOWANCE);
        }
        return _status(r);
    }

    /// @inheritdoc IERC1594
    function finalizeIssuance() external {
        _delegateToAdmin();
    }

    // ============================================================================================= ERC-1410

    /// @inheritdoc IERC1410
    function balanceOfByPartition(bytes32 partition, address holder) external view returns (uint256) {
        return _partitionBalance(holder, partition, _holders[holder]);
    }

    /// @inheritdoc IERC1410
    function partitionsOf(address holder) external view returns (bytes32[] memory) {
        return _partitionsOf(holder);
    }

    /// @inheritdoc IERC1410
    function totalSupplyByPartition(bytes32 partition) external view returns (uint256) {
        return partition == DEFAULT_PARTITION ? _totalSupply - _namedSupply : _partitionSupply[partition];
    }

    /// @inheritdoc IERC1410
    function transferByPartition(
        bytes32 partition,
        address to,
        uint256 value,
        bytes calldata data
    ) external returns (bytes32) {
        address holder = _msgSender();
        emit TransferByPartition(partition, holder, holder, to, value, data, "");
        _update(Op.Transfer, holder, to, partition, value);
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
        emit TransferByPartition(partition, _msgSender(), from, to, value, data, operatorData);
        _update(Op.Transfer, from, to, partition, value);
        return partition;
    }

    /// @inheritdoc IERC1410
    function authorizeOperator(address operator) external {
        address holder = _msgSender();
        if (operator == holder) revert TokenInvalidOperator(operator);
        _operators[holder][operator] = true;
        emit AuthorizedOperator(operator, holder);
    }

    /// @inheritdoc IERC1410
    function revokeOperator(address operator) external {
        address holder = _msgSender();
        if (operator == holder) revert TokenInvalidOperator(operator);
        _operators[holder][operator] = false;
        emit RevokedOperator(operator, holder);
    }

    /// @inheritdoc IERC1410
    function authorizeOperatorByPartition(bytes32, address) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC1410
    function revokeOperatorByPartition(bytes32, address) external {
        _delegateToAdmin();
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
    function issueByPartition(
        bytes32 partition,
        address to,
        uint256 value,
        bytes calldata data
    ) external onlyRole(ISSUER_ROLE) {
        emit IssuedByPartition(partition, _msgSender(), to, value, data, "");
        _update(Op.Issue, address(0), to, partition, value);
    }

    /// @inheritdoc IERC1410
    function redeemByPartition(bytes32 partition, uint256 value, bytes calldata data) external {
        address holder = _msgSender();
        emit RedeemedByPartition(partition, holder, holder, value, data);
        _update(Op.Redeem, holder, address(0), partition, value);
    }

    /// @inheritdoc IERC1410
    function operatorRedeemByPartition(
        bytes32 partition,
        address holder,
        uint256 value,
        bytes calldata operatorData
    ) external {
        _checkOperator(partition, holder);
        emit RedeemedByPartition(partition, _msgSender(), holder, value, operatorData);
        _update(Op.Redeem, holder, address(0), partition, value);
    }

    /// @inheritdoc IERC1410
    function canTransferByPartition(
        address from,
        address to,
        bytes32 partition,
        uint256 value,
        bytes calldata
    ) external view returns (bytes1 code, bytes32 reason, bytes32 toPartition) {
        if (!isOperatorForPartition(partition, _msgSender(), from)) {
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
    function controllerTransfer(address, address, uint256, bytes calldata, bytes calldata) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC1644
    function controllerRedeem(address, uint256, bytes calldata, bytes calldata) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC1644
    function finalizeControllable() external {
        _delegateToAdmin();
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
        // After the exit's close, new rent would go to the units not yet redeemed only.
        if (_closed) revert TokenIsClosed();
        supply = _totalSupply;
        if (supply == 0) revert TokenNoSupply();
        uint256 increment = (amount * RENT_MAGNITUDE) / supply;
        uint256 cfg = _config;
        uint256 points = SafeCast.toUint80((cfg >> CFG_POINTS_SHIFT) + increment);
        uint256 recorded = _magnifiedRentRecorded + increment * supply;
        // Points < 2^80 and supply < 2^64: no overflow. See RENT_CORRECTION_MAX for why both bounds suffice.
        if (points * supply > RENT_CORRECTION_MAX || recorded > RENT_CORRECTION_MAX) {
            revert TokenRentOverflow(points, supply);
        }
        _magnifiedRentRecorded = uint88(recorded); // safe: at most RENT_CORRECTION_MAX < 2^88, checked just above
        _config = (cfg & ((1 << CFG_POINTS_SHIFT) - 1)) | (points << CFG_POINTS_SHIFT);
        dust = amount - (increment * supply) / RENT_MAGNITUDE;
    }

    /// @inheritdoc IPropertyToken
    function unpaidRentOf(address holder) external view returns (uint256) {
        return _unpaidRent(_holders[holder]);
    }

    /// @inheritdoc IPropertyToken
    /// @dev The payout lowers the word's rent correction by the amount (magnified): the word is never zero for a
    /// wallet with rent, so a first payout rewrites a slot instead of creating one. The correction stays within its
    /// bounds: it only falls to `-(points x balance)` at the lowest (the unpaid rent becomes zero), the bound the
    /// transfer corrections already respect.
    function takeRent(address holder, bool evenIfHeld) external returns (uint256 amount, bool held) {
        if (msg.sender != _rentDistributor) revert TokenOnlyRentDistributor(msg.sender);
        uint256 word = _holders[holder];
        amount = _unpaidRent(word);
        if (amount == 0) return (0, false);
        if (!evenIfHeld) {
            (uint256 record, ) = _recordsOf(holder, holder);
            held =
                !record.isRegistered()
                || record & RECORD_FROZEN != 0
                || _identityWordOf(record.identity(), holder, word) & WORD_FROZEN != 0;
            if (held) return (amount, true);
        }
        // Safe: the unpaid rent is (points x balance + correction) / magnitude, so the new correction is at least
        // -(points x balance) >= -RENT_CORRECTION_MAX, and below the old one.
        _holders[holder] = word.withCorrection(int88(word.correction() - int256(amount * RENT_MAGNITUDE)));
    }

    /// @inheritdoc IPropertyToken
    function holdByPartition(address, bytes32, uint256) external {
        _delegateToAdmin();
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

    // ============================================================================================= ERC-1643

    /// @inheritdoc IERC1643
    function setDocument(bytes32, string calldata, bytes32) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC1643
    function getDocument(bytes32 documentName) external view returns (string memory, bytes32, uint256) {
        Document storage doc = _documents[documentName];
        return (doc.uri, doc.documentHash, doc.lastModified);
    }

    /// @inheritdoc IERC1643
    function removeDocument(bytes32) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC1643
    function getAllDocuments() external view returns (bytes32[] memory) {
        return _documentNames.values();
    }

    // ============================================================================================= ERC-7943

    /// @inheritdoc IERC7943
    /// @dev Registered with an unexpired KYC, and neither the wallet's identity frozen in the registry nor on this
    /// token (the same facts `_verdict` tests for a sender).
    function canTransact(address account) external view returns (bool) {
        (uint256 record, ) = _recordsOf(account, account);
        if (record & RECORD_FROZEN != 0 || uint40(record >> RECORD_EXPIRY_SHIFT) <= block.timestamp) return false;
        uint256 word = _holders[account];
        return _identityWordOf(record.identity(), account, word) & WORD_FROZEN == 0;
    }

    /// @inheritdoc IERC7943
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return _verdictOf(Op.Transfer, from, to, DEFAULT_PARTITION, amount) == Refusal.None;
    }

    /// @inheritdoc IERC7943
    function getFrozenTokens(address account) external view returns (uint256) {
        return uint64(_frozenAmounts[account]);
    }

    /// @inheritdoc IERC7943
    function setFrozenTokens(address, uint256) external returns (bool) {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC7943
    function forcedTransfer(address, address, uint256) external returns (bool) {
        _delegateToAdmin();
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return
            interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC20Metadata).interfaceId
            || interfaceId == type(IERC1410).interfaceId
            || interfaceId == type(IERC1594).interfaceId
            || interfaceId == type(IERC1643).interfaceId
            || interfaceId == type(IERC1644).interfaceId
            || interfaceId == type(IERC7943).interfaceId
            || interfaceId == type(IPropertyToken).interfaceId
            || super.supportsInterface(interfaceId);
    }

    // ============================================================================================= compliance

    /// @inheritdoc IPropertyToken
    function setAddressFrozen(address, bool) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function freezePartialTokens(address, uint256) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function unfreezePartialTokens(address, uint256) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setMaxHolders(uint32) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setMaxBalancePerIdentity(uint256) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setCountryRestrictions(uint16[] calldata, bool) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setCountryMode(bool) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setPartitionRules(bytes32, uint40, bool) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function setRedemptionClosed(bool) external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function pause() external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function unpause() external {
        _delegateToAdmin();
    }

    /// @inheritdoc IPropertyToken
    function paused() external view returns (bool) {
        return _config & CFG_PAUSED != 0;
    }

    /// @inheritdoc IPropertyToken
    function isRedemptionClosed() external view returns (bool) {
        return _config & CFG_REDEMPTION_CLOSED != 0;
    }

    /// @inheritdoc IPropertyToken
    function isFrozen(address wallet) external view returns (bool) {
        address identity = IIdentityRegistry(REGISTRY).identityOf(wallet);
        return _holders[identity == address(0) ? wallet : identity].has(HolderWords.FLAG_FROZEN);
    }

    /// @inheritdoc IPropertyToken
    function frozenTokensOf(address wallet) external view returns (uint256) {
        return uint64(_frozenAmounts[wallet]);
    }

    /// @inheritdoc IPropertyToken
    function holderCount() external view returns (uint32) {
        return uint32(_config >> CFG_HOLDERS_SHIFT);
    }

    /// @inheritdoc IPropertyToken
    function maxHolders() external view returns (uint32) {
        return uint32(_config >> CFG_MAX_HOLDERS_SHIFT);
    }

    /// @inheritdoc IPropertyToken
    function maxBalancePerIdentity() external view returns (uint256) {
        return uint48(_config);
    }

    /// @inheritdoc IPropertyToken
    function balanceOfIdentity(address identity) external view returns (uint256) {
        return _holders[identity].identityBalance();
    }

    /// @inheritdoc IPropertyToken
    function isCountryAllowList() external view returns (bool) {
        return _config & CFG_COUNTRY_ALLOW_LIST != 0;
    }

    /// @inheritdoc IPropertyToken
    function isCountryListed(uint16 country) public view returns (bool) {
        return country <= MAX_COUNTRY && (_countryList[country >> 8] >> (country & 255)) & 1 != 0;
    }

    /// @inheritdoc IPropertyToken
    function isCountryAllowed(uint16 country) external view returns (bool) {
        return isCountryListed(country) == (_config & CFG_COUNTRY_ALLOW_LIST != 0);
    }

    /// @inheritdoc IPropertyToken
    function partitionRules(bytes32 partition) external view returns (uint40 lockUntil, bool accreditedOnly) {
        return _rulesOf(partition, _config);
    }

    /// @inheritdoc IPropertyToken
    function identityRegistry() external view returns (address) {
        return REGISTRY;
    }

    /// @notice Forwards every function the token does not declare to its administration module (holder votes,
    /// `IPropertyTokenSnapshots`, issue 19); a selector the module does not know reverts there without data.
    fallback() external {
        _delegateToAdmin();
    }

    // ============================================================================================= the funnel

    /// @dev Every rule-checked balance change: issue (`from` 0), redeem (`to` 0) or transfer.
    function _update(Op op, address from, address to, bytes32 partition, uint256 value) internal {
        _check(op, from, to, partition, value, _load(op, from, to));
    }

    /// @dev An ERC-20 transfer. The plain case (`_plainTransfer`), recognised from the state every transfer reads
    /// anyway, is checked and written directly; any other case goes through the one rule function and bookkeeping
    /// with the same state, so it pays nothing extra. The plain case accepts a strict subset of what `_verdict`
    /// accepts and writes what `_apply` writes then: test/token/plain-transfer.test.ts compares both paths on
    /// generated states.
    function _transfer(address from, address to, uint256 value) private {
        uint256 cfg = _config;
        (uint256 fromRecord, uint256 toRecord) = _recordsOf(from, to);
        uint256 fromWord = _holders[from];
        uint256 toWord = _holders[to];
        if (_plainTransfer(cfg, from, to, value, fromRecord, toRecord, fromWord, toWord)) return;
        Loaded memory state = Loaded(cfg, fromRecord, toRecord, fromWord, toWord, 0, 0);
        state.fromIdentityWord = _identityWordOf(fromRecord.identity(), from, fromWord);
        state.toIdentityWord = _identityWordOf(toRecord.identity(), to, toWord);
        _check(Op.Transfer, from, to, DEFAULT_PARTITION, value, state);
    }

    /// @dev Checks and writes a default-partition transfer when it is the plain case, and says whether it was: each
    /// wallet is its own identity (the registry's default), registered, unexpired and frozen neither in the registry
    /// nor on this token; no frozen amount, hold or named partition on the sender; neither paused nor locked; a
    /// non-zero value. Within that case it applies every remaining rule the way `_verdict` does (balance, country,
    /// accreditation, maximum balance, maximum holders) and returns false on any refusal, which the caller then
    /// explains through the one rule function. While a holder vote is open it records both identities' totals in the
    /// snapshot first, as `TokenLedger._apply` does (issue 19).
    function _plainTransfer(
        uint256 cfg,
        address from,
        address to,
        uint256 value,
        uint256 fromRecord,
        uint256 toRecord,
        uint256 fromWord,
        uint256 toWord
    ) private returns (bool) {
        if (cfg & CFG_PAUSED != 0 || uint40(cfg >> CFG_LOCK_SHIFT) > block.timestamp) return false;
        if (fromRecord.identity() != from || toRecord.identity() != to || from == to) return false;
        if ((fromRecord | toRecord) & RECORD_FROZEN != 0) return false;
        if (uint40(fromRecord >> RECORD_EXPIRY_SHIFT) <= block.timestamp) return false;
        if (uint40(toRecord >> RECORD_EXPIRY_SHIFT) <= block.timestamp) return false;
        if (fromWord & WORD_ALL_FLAGS != 0 || toWord & WORD_FROZEN != 0) return false;
        if (value == 0 || value > fromWord.balance()) return false;
        bool passes;
        (passes, toWord) = _plainCountry(cfg, toRecord, toWord);
        if (!passes) return false;
        if (cfg & CFG_DEFAULT_ACCREDITED_ONLY != 0 && toRecord & RECORD_ACCREDITED == 0) return false;
        uint256 toIdentityBalance = toWord.identityBalance();
        if (uint48(cfg) != 0 && toIdentityBalance + value > uint48(cfg)) return false;
        uint256 newCfg;
        (passes, newCfg) = _plainHolderCount(cfg, fromWord.identityBalance() == value, toIdentityBalance == 0);
        if (!passes) return false;
        if (cfg & CFG_SNAPSHOT_ACTIVE != 0) {
            // A holder vote is open: record both identities (each is its wallet here) as `TokenLedger._snapshot` does.
            uint256 id = _snapshotId;
            _snapshotIdentity(id, from, fromWord);
            _snapshotIdentity(id, to, toWord);
        }
        (passes, fromWord, toWord) = _plainMove(cfg, value, fromWord, toWord);
        if (!passes) return false;
        if (newCfg != cfg) _config = newCfg;
        _holders[from] = fromWord;
        _holders[to] = toWord;
        emit Transfer(from, to, value);
        return true;
    }

    /// @dev The two words after a plain move, as `_debit` and `_credit` write them (balances, own identity totals, rent
    /// corrections), or false when a correction would leave its int88 range (the funnel then reverts on it).
    function _plainMove(
        uint256 cfg,
        uint256 value,
        uint256 fromWord,
        uint256 toWord
    ) private pure returns (bool, uint256, uint256) {
        uint256 moved = value | (value << HolderWords.IDENTITY_SHIFT);
        // Safe: value <= the sender's balance <= its identity total; the receiver's totals stay below the supply,
        // capped at 2^64 - 1 on issuance.
        unchecked {
            fromWord -= moved;
            toWord += moved;
        }
        uint256 points = cfg >> CFG_POINTS_SHIFT;
        if (points == 0) return (true, fromWord, toWord);
        // Points < 2^80 and value < 2^64: the product and the sums fit an int256.
        int256 magnified = int256(points * value);
        int256 fromCorrection = fromWord.correction() + magnified;
        int256 toCorrection = toWord.correction() - magnified;
        if (fromCorrection > type(int88).max || toCorrection < type(int88).min) return (false, fromWord, toWord);
        return (true, fromWord.withCorrection(int88(fromCorrection)), toWord.withCorrection(int88(toCorrection)));
    }

    /// @dev The country rule of the plain path, as `_countryPasses` and `_credit` apply it: whether the receiver passes
    /// (its cached fact, else the list), and its word with the fact learnt.
    function _plainCountry(uint256 cfg, uint256 toRecord, uint256 toWord) private view returns (bool, uint256) {
        if (cfg & CFG_COUNTRY_RULE == 0) return (true, toWord);
        uint256 country = toRecord.country();
        uint256 version = uint16(cfg >> CFG_COUNTRY_VERSION_SHIFT);
        if (toWord.countryCache() == (version << 16) | country && version != COUNTRY_VERSION_UNCACHED) {
            return (true, toWord);
        }
        bool listed = (_countryList[country >> 8] >> (country & 255)) & 1 != 0;
        if (listed != (cfg & CFG_COUNTRY_ALLOW_LIST != 0)) return (false, toWord);
        return (true, version == COUNTRY_VERSION_UNCACHED ? toWord : toWord.withCountryCache(country, version));
    }

    /// @dev The holder count of the plain path, as `_identityVerdict` and `_countHolders` apply it: whether a
    /// receiver who joins has room (at the cap, only in the place of a sender who leaves), and the new config word.
    function _plainHolderCount(
        uint256 cfg,
        bool senderLeaves,
        bool receiverJoins
    ) private pure returns (bool, uint256) {
        if (!receiverJoins) return (true, senderLeaves ? cfg - CFG_ONE_HOLDER : cfg);
        if (senderLeaves) return (true, cfg);
        uint256 maxHolderCount = uint32(cfg >> CFG_MAX_HOLDERS_SHIFT);
        if (maxHolderCount != 0 && uint32(cfg >> CFG_HOLDERS_SHIFT) >= maxHolderCount) return (false, cfg);
        return (true, cfg + CFG_ONE_HOLDER);
    }

    /// @dev Applies the rules to a loaded balance change and writes it, or reverts with the refusal's custom error.
    function _check(Op op, address from, address to, bytes32 partition, uint256 value, Loaded memory state) private {
        Refusal r = _verdict(op, from, to, partition, value, state);
        if (r != Refusal.None) _explainRefusal(r, op, from, to, partition, value);
        _apply(op, from, to, partition, value, state, true);
    }

    /// @dev Reverts with the custom error explaining refusal `r`, built by the administration module (the facts it
    /// needs are re-read there: only the failure path pays for them).
    function _explainRefusal(Refusal r, Op op, address from, address to, bytes32 partition, uint256 value) private {
        bytes memory explain = abi.encodeCall(PropertyTokenAdmin.explainRefusal, (r, op, from, to, partition, value));
        address module = ADMIN_MODULE;
        // `explainRefusal` always reverts; its revert data (the custom error) is passed on whatever the outcome.
        assembly {
            pop(delegatecall(gas(), module, add(explain, 32), mload(explain), 0, 0))
            returndatacopy(0, 0, returndatasize())
            revert(0, returndatasize())
        }
    }

    /// @dev Runs the called function in the administration module on this contract's storage and returns or reverts
    /// with its result. Only for the functions `PropertyTokenAdmin` declares with the same signature.
    function _delegateToAdmin() private {
        address module = ADMIN_MODULE;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) {
                revert(0, returndatasize())
            }
            return(0, returndatasize())
        }
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
        address operator = _msgSender();
        if (!isOperatorForPartition(partition, operator, holder)) {
            revert TokenNotOperator(operator, holder, partition);
        }
    }

    /// @dev The unpaid rent of the wallet whose word is `word`: (points per unit x balance + correction) / magnitude.
    function _unpaidRent(uint256 word) private view returns (uint256) {
        int256 magnified = int256((_config >> CFG_POINTS_SHIFT) * word.balance()) + word.correction();
        return magnified > 0 ? uint256(magnified) / RENT_MAGNITUDE : 0;
    }

    function _checkSettlement() private view {
        if (msg.sender != _settlement) revert TokenOnlySettlement(msg.sender);
    }

    function _init(TokenInit memory init) private {
        if (
            bytes(init.name).length == 0
            || bytes(init.symbol).length == 0
            || init.admin == address(0)
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
