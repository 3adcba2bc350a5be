// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC1410} from "./IERC1410.sol";
import {IERC1594} from "./IERC1594.sol";
import {IERC1643} from "./IERC1643.sol";
import {IERC1644} from "./IERC1644.sol";
import {IERC7943} from "./IERC7943.sol";
import {IPropertyTokenErrors} from "./IPropertyTokenErrors.sol";

/// @notice Initialization of a PropertyToken (constructor of a plain deployment, or `initialize` of a clone).
/// Zero role addresses are skipped (no holder of that role); `admin` is required.
struct TokenInit {
    string name;
    string symbol;
    address identityRegistry;
    address admin;
    address issuer;
    address controller;
    address agent;
    address documentAgent; // DOCUMENTS_ROLE: writes ERC-1643 documents, nothing else (the platform's backend key)
    address pauser;
    address rentDistributor;
    address settlement;
}

/// @title The roles of a PropertyToken (AccessControl role ids).
interface IPropertyTokenRoles {
    /// @notice Issues units (offerings).
    function ISSUER_ROLE() external view returns (bytes32);
    /// @notice Forces transfers and redemptions (ERC-1644, ERC-7943 `forcedTransfer`).
    function CONTROLLER_ROLE() external view returns (bytes32);
    /// @notice Freezes, configures rules, manages documents.
    function AGENT_ROLE() external view returns (bytes32);
    /// @notice Manages documents (ERC-1643) only: the platform's key that anchors verified property documents.
    function DOCUMENTS_ROLE() external view returns (bytes32);
    /// @notice Pauses and unpauses.
    function PAUSER_ROLE() external view returns (bytes32);
}

/// @title One security token per property: ERC-20 + ERC-1410/1594/1643/1644 + ERC-7943 + ERC-165 + compliance +
/// platform hooks.
interface IPropertyToken is
    IERC20Metadata,
    IERC1410,
    IERC1594,
    IERC1643,
    IERC1644,
    IERC7943,
    IPropertyTokenRoles,
    IPropertyTokenErrors
{
    // --- compliance events ---
    /// @notice A wallet was frozen or unfrozen on this token; the freeze applies to its whole identity
    /// (`IdentityFrozen` follows).
    event AddressFrozen(address indexed wallet, bool frozen, address indexed agent);
    /// @notice `identity` (all its wallets, present and future) was frozen or unfrozen on this token.
    event IdentityFrozen(address indexed identity, bool frozen, address indexed agent);
    /// @notice `amount` more units of `wallet` are frozen.
    event TokensFrozen(address indexed wallet, uint256 amount);
    /// @notice `amount` units of `wallet` are no longer frozen.
    event TokensUnfrozen(address indexed wallet, uint256 amount);
    /// @notice Transfers, issuance and redemption were paused.
    event Paused(address account);
    /// @notice Transfers, issuance and redemption resumed.
    event Unpaused(address account);
    /// @notice Maximum number of holders (identities); 0 means no limit.
    event MaxHoldersSet(uint32 maxHolders);
    /// @notice Maximum balance per identity; 0 means no limit.
    event MaxBalancePerIdentitySet(uint256 maxBalance);
    /// @notice `country` was added to (`restricted` true) or removed from the country list.
    event CountryRestrictionSet(uint16 indexed country, bool restricted);
    /// @notice The country list is an allow-list (`true`) or a block-list (`false`).
    event CountryModeSet(bool allowList);
    /// @notice Rules of `partition`: sender's units locked until `lockUntil`; receivers must be accredited.
    event PartitionRulesSet(bytes32 indexed partition, uint40 lockUntil, bool accreditedOnly);
    /// @notice Holder redemption was closed (`true`) or reopened.
    event RedemptionClosedSet(bool closed);
    /// @notice Units of `holder` were put in escrow for the settlement contract.
    event HoldCreated(address indexed holder, bytes32 indexed partition, uint256 value);
    /// @notice Escrowed units of `holder` were released (or executed).
    event HoldReleased(address indexed holder, bytes32 indexed partition, uint256 value);

    // --- initialization ---
    /// @notice Initializes a clone; `init.identityRegistry` must be the implementation's registry.
    function initialize(TokenInit calldata init) external;

    /// @notice The platform's identity registry (fixed by the implementation, shared by its clones).
    function identityRegistry() external view returns (address);

    /// @notice The contract allowed to call `recordDistribution`.
    function rentDistributor() external view returns (address);

    /// @notice The contract allowed to hold, release and execute escrowed units.
    function settlement() external view returns (address);

    // --- primary sale verdict ---
    /// @notice The verdict `issueByPartition(partition, to, value)` would reach.
    function canIssueByPartition(
        address to,
        bytes32 partition,
        uint256 value
    ) external view returns (bytes1 code, bytes32 reason);

    // --- compliance configuration (AGENT_ROLE) and views ---
    /// @notice Freezes or unfreezes, on this token, the identity `wallet` belongs to: none of its wallets can send or
    /// receive (an AML freeze stops the person, not one address).
    function setAddressFrozen(address wallet, bool frozen) external;
    /// @notice Freezes `amount` more units of `wallet` (partial freeze); frozen plus escrowed units never exceed the
    /// balance.
    function freezePartialTokens(address wallet, uint256 amount) external;
    /// @notice Unfreezes `amount` units of `wallet`.
    function unfreezePartialTokens(address wallet, uint256 amount) external;
    /// @notice Sets the maximum number of holders (identities); 0 = no limit.
    function setMaxHolders(uint32 maxHolders) external;
    /// @notice Sets the maximum balance per identity; 0 = no limit.
    function setMaxBalancePerIdentity(uint256 maxBalance) external;
    /// @notice Adds `countries` to (`restricted` true) or removes them from the country list.
    function setCountryRestrictions(uint16[] calldata countries, bool restricted) external;
    /// @notice Makes the country list an allow-list (`true`) or a block-list (`false`).
    function setCountryMode(bool allowList) external;
    /// @notice Sets the lock-up and accredited-only rules of `partition`.
    function setPartitionRules(bytes32 partition, uint40 lockUntil, bool accreditedOnly) external;
    /// @notice Closes (`true`) or reopens holder redemption; the controller's redemption is unaffected.
    function setRedemptionClosed(bool closed) external;
    /// @notice Pauses transfers, issuance and redemption (PAUSER_ROLE).
    function pause() external;
    /// @notice Resumes transfers, issuance and redemption (PAUSER_ROLE).
    function unpause() external;

    /// @notice Whether the token is paused.
    function paused() external view returns (bool);
    /// @notice Whether holder redemption is closed.
    function isRedemptionClosed() external view returns (bool);
    /// @notice Whether `wallet`'s identity is frozen on this token (a platform-wide freeze is the registry's
    /// `isFrozen`; `canTransact` answers both, and KYC).
    function isFrozen(address wallet) external view returns (bool);
    /// @notice Units of `wallet` frozen by the agent.
    function frozenTokensOf(address wallet) external view returns (uint256);
    /// @notice Current number of holders (identities with a non-zero balance).
    function holderCount() external view returns (uint32);
    /// @notice Maximum number of holders; 0 = no limit.
    function maxHolders() external view returns (uint32);
    /// @notice Maximum balance per identity; 0 = no limit.
    function maxBalancePerIdentity() external view returns (uint256);
    /// @notice Units held by all wallets of `identity` on this token.
    function balanceOfIdentity(address identity) external view returns (uint256);
    /// @notice Whether the country list is an allow-list.
    function isCountryAllowList() external view returns (bool);
    /// @notice Whether `country` is on the country list.
    function isCountryListed(uint16 country) external view returns (bool);
    /// @notice Whether a receiver from `country` passes the country rule.
    function isCountryAllowed(uint16 country) external view returns (bool);
    /// @notice The rules of `partition`.
    function partitionRules(bytes32 partition) external view returns (uint40 lockUntil, bool accreditedOnly);

    // --- rent accrual (rent distributor) ---
    /// @notice Attributes `amount` payment-token base units of rent to the current holders pro rata. Refused
    /// (`TokenRentOverflow`) when the holders' rent bookkeeping could no longer carry it.
    /// @return supply The supply the amount was spread over.
    /// @return dust Base units not attributable to anyone because of rounding (stay with the distributor).
    function recordDistribution(uint256 amount) external returns (uint256 supply, uint256 dust);
    /// @notice Rent attributed to `holder`'s units and not yet paid out by the rent distributor, floor-rounded.
    function unpaidRentOf(address holder) external view returns (uint256);
    /// @notice Rent distributor only: `holder`'s unpaid rent and whether a hold applies (the wallet, or its identity,
    /// frozen on this token or in the identity registry, or the wallet removed from the registry). Unless held (or
    /// `evenIfHeld`, a controller's redirect), the amount is recorded as paid (it leaves `unpaidRentOf`); nothing is
    /// recorded when the amount is zero or the holder is held. Refused to anyone else (`TokenOnlyRentDistributor`).
    /// @param holder The wallet whose rent is taken.
    /// @param evenIfHeld Take the rent whatever the hold (the hold is then not checked and `held` is false).
    /// @return amount Rent unpaid before the call, in payment-token base units.
    /// @return held Whether a hold applies (then nothing was recorded).
    function takeRent(address holder, bool evenIfHeld) external returns (uint256 amount, bool held);

    // --- escrow holds (settlement) ---
    /// @notice Puts `value` of `holder`'s unlocked units of `partition` in escrow.
    function holdByPartition(address holder, bytes32 partition, uint256 value) external;
    /// @notice Returns `value` escrowed units of `holder` to free use.
    function releaseHold(address holder, bytes32 partition, uint256 value) external;
    /// @notice Moves `value` escrowed units of `holder` to `to` through the compliance rules.
    function executeHold(address holder, address to, bytes32 partition, uint256 value) external;
    /// @notice Escrowed units of `holder` in `partition`.
    function heldBalanceOfByPartition(address holder, bytes32 partition) external view returns (uint256);
}
