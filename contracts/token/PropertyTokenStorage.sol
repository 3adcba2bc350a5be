// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ForwardedAccessControl} from "../forwarder/ForwardedAccessControl.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IPropertyTokenErrors} from "../interfaces/IPropertyTokenErrors.sol";
import {IPropertyTokenRoles} from "../interfaces/IPropertyToken.sol";

/// @title State of a PropertyToken, laid out for gas (see docs/design/contracts.md, "Storage").
/// @dev Plain sequential storage: the token is either deployed plain or as a (non-upgradeable) clone. The token and
/// its administration module (`PropertyTokenAdmin`, reached by DELEGATECALL) both inherit this one layout.
// One contract holds the whole layout on purpose (one place to audit slot order for clones).
// solhint-disable-next-line max-states-count
abstract contract PropertyTokenStorage is ForwardedAccessControl, IPropertyTokenRoles, IPropertyTokenErrors {
    /// @inheritdoc IPropertyTokenRoles
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @inheritdoc IPropertyTokenRoles
    bytes32 public constant CONTROLLER_ROLE = keccak256("CONTROLLER_ROLE");
    /// @inheritdoc IPropertyTokenRoles
    bytes32 public constant AGENT_ROLE = keccak256("AGENT_ROLE");
    /// @inheritdoc IPropertyTokenRoles
    bytes32 public constant DOCUMENTS_ROLE = keccak256("DOCUMENTS_ROLE");
    /// @inheritdoc IPropertyTokenRoles
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @dev The default partition (ERC-20 and ERC-1594 act on it).
    bytes32 internal constant DEFAULT_PARTITION = bytes32(0);

    // Hot config word: maxBalancePerIdentity (0..47) | default-partition lockUntil (48..87) | flags (88..95) |
    // holderCount (96..127) | maxHolders (128..159) | country-list version (160..175) | rent points per unit (176..255).
    uint256 internal constant CFG_LOCK_SHIFT = 48;
    uint256 internal constant CFG_FLAGS_SHIFT = 88;
    uint256 internal constant CFG_HOLDERS_SHIFT = 96;
    uint256 internal constant CFG_MAX_HOLDERS_SHIFT = 128;
    uint256 internal constant CFG_COUNTRY_VERSION_SHIFT = 160;
    uint256 internal constant CFG_POINTS_SHIFT = 176;
    /// @dev The country-list version at which verdicts stop being cached (the counter saturates there).
    uint256 internal constant COUNTRY_VERSION_UNCACHED = type(uint16).max;
    uint256 internal constant CFG_PAUSED = 1 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_COUNTRY_ALLOW_LIST = 2 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_COUNTRY_RULE = 4 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_DEFAULT_ACCREDITED_ONLY = 8 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_ISSUANCE_FINALIZED = 16 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_CONTROL_FINALIZED = 32 << CFG_FLAGS_SHIFT;
    uint256 internal constant CFG_REDEMPTION_CLOSED = 64 << CFG_FLAGS_SHIFT;
    /// @dev A holder vote's snapshot is open (issue 19): balance changes record identities' totals before them.
    uint256 internal constant CFG_SNAPSHOT_ACTIVE = 128 << CFG_FLAGS_SHIFT;
    /// @dev A snapshot record: `snapshotId << SNAPSHOT_ID_SHIFT | identity total before its first change`.
    uint256 internal constant SNAPSHOT_ID_SHIFT = 64;
    /// @dev Where an identity's frozen total sits in its own `_frozenAmounts` entry.
    uint256 internal constant FROZEN_IDENTITY_SHIFT = 64;
    uint256 internal constant CFG_ONE_HOLDER = 1 << CFG_HOLDERS_SHIFT;

    /// @dev Rent "points" are magnified by 2^32 (see `unpaidRentOf`).
    uint256 internal constant RENT_MAGNITUDE = 1 << 32;
    /// @dev Bound of a wallet's magnified rent correction (int88, see HolderWords). A correction lies between
    /// -(points per unit x balance) and the magnified rent the wallet earned, so keeping points x supply and all
    /// magnified rent ever recorded within it keeps every correction in range (`recordDistribution`, issuance).
    uint256 internal constant RENT_CORRECTION_MAX = uint256(uint88(type(int88).max));

    /// @dev A named partition's rules: lockUntil (0..39) | accreditedOnly (bit 40).
    uint256 internal constant RULE_ACCREDITED_ONLY = 1 << 40;

    /// @dev The platform's identity registry, fixed by the implementation for all its clones.
    address internal immutable REGISTRY;

    uint256 internal _config;
    mapping(address wallet => uint256 word) internal _holders;
    mapping(address owner => mapping(address spender => uint256)) internal _allowances;
    uint256 internal _totalSupply;

    uint256 internal _namedSupply;
    mapping(bytes32 partition => uint256) internal _partitionSupply;
    mapping(address wallet => uint256) internal _namedBalances;
    mapping(address wallet => mapping(bytes32 partition => uint256)) internal _partitionBalances;
    mapping(address wallet => EnumerableSet.Bytes32Set) internal _namedPartitionsOf;
    mapping(bytes32 partition => uint256 rules) internal _partitionRules;

    /// @dev `frozen units of the wallet (bits 0..63) | frozen units of all wallets of the identity whose id is this
    /// wallet (64..127, issue 19)`: read the wallet's part as `uint64(...)`.
    mapping(address wallet => uint256 entry) internal _frozenAmounts;
    mapping(address wallet => uint256) internal _totalHeld;
    mapping(address wallet => mapping(bytes32 partition => uint256)) internal _held;

    /// @dev ISO-3166 numeric codes 0..1023: bit `c & 255` of word `c >> 8`.
    uint256[4] internal _countryList;
    uint256 internal _listedCountries;

    mapping(address holder => mapping(address operator => bool)) internal _operators;
    mapping(address holder => mapping(bytes32 partition => mapping(address operator => bool)))
        internal _partitionOperators;

    string internal _name;
    string internal _symbol;
    address internal _rentDistributor;
    /// @dev All rent recorded so far, magnified (increment x supply of every distribution), at most
    /// `RENT_CORRECTION_MAX` (< 2^88). Shares the distributor's slot, which `recordDistribution` reads anyway.
    uint88 internal _magnifiedRentRecorded;
    /// @dev The exit closed the token for good (issue 19). In the distributor's slot: `recordDistribution`, which
    /// must refuse rent after the close, reads it at no extra cost; `unpause` and controller moves read it too.
    bool internal _closed;
    address internal _settlement;

    /// @dev Holder votes (issue 19): the governor that opens and closes snapshots (set once by the admin) and the
    /// id of the last snapshot opened (0: none), in one slot, read only while a snapshot is open.
    address internal _governor;
    uint32 internal _snapshotId;
    /// @dev Per identity: `snapshotId << SNAPSHOT_ID_SHIFT | its total before its first change in that snapshot`,
    /// written lazily by the ledger (`TokenLedger._apply`); a record of an older snapshot means "not moved since".
    mapping(address identity => uint256 record) internal _snapshots;

    /// @dev The exit (issue 19): set once by the admin; the only caller of `closeForExit` and `redeemForExit`.
    address internal _exit;

    /// @param registry The identity registry of the platform.
    /// @param forwarder The platform's trusted forwarder (ERC-2771), fixed by the implementation for all its clones
    /// (zero: none). The administration module trusts the same one: it runs in the token's call, whose calldata
    /// (with a forwarder's 20-byte suffix) it receives whole.
    constructor(address registry, address forwarder) ForwardedAccessControl(forwarder) {
        REGISTRY = registry;
    }
}
