// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IdentityRecords} from "./IdentityRecords.sol";

/// @title Platform-wide registry of verified investor wallets.
/// @notice One storage slot per wallet so a token's compliance check costs one cold slot per party; several wallets
/// may share one identity, and a wallet never changes identity (see `IIdentityRegistry`).
contract IdentityRegistry is AccessControl, IIdentityRegistry {
    using IdentityRecords for uint256;

    /// @inheritdoc IIdentityRegistry
    bytes32 public constant COMPLIANCE_AGENT_ROLE = keccak256("COMPLIANCE_AGENT_ROLE");

    uint16 private constant _MAX_COUNTRY = 999;

    mapping(address wallet => uint256 record) private _records;
    /// @dev Identities frozen platform-wide. Mirrored in the record of the identity's primary wallet (the wallet whose
    /// address is the identity id, the backend's default), so reading a primary wallet costs no extra slot.
    mapping(address identity => bool) private _frozenIdentities;

    /// @param admin Receives DEFAULT_ADMIN_ROLE.
    /// @param complianceAgent Receives COMPLIANCE_AGENT_ROLE (may be zero: granted later by the admin).
    constructor(address admin, address complianceAgent) {
        if (admin == address(0)) revert RegistryInvalidWallet(admin);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (complianceAgent != address(0)) _grantRole(COMPLIANCE_AGENT_ROLE, complianceAgent);
    }

    // --------------------------------------------------------------------------------------------- writes

    /// @inheritdoc IIdentityRegistry
    function registerIdentity(
        address wallet,
        address identity,
        uint16 country,
        uint40 kycExpiry,
        bool accredited
    ) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        _register(wallet, identity, country, kycExpiry, accredited);
    }

    /// @inheritdoc IIdentityRegistry
    function updateIdentity(
        address wallet,
        uint16 country,
        uint40 kycExpiry,
        bool accredited
    ) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        _update(wallet, country, kycExpiry, accredited);
    }

    /// @inheritdoc IIdentityRegistry
    function removeIdentity(address wallet) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        _remove(wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function setFrozen(address wallet, bool frozen) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        _setFrozen(wallet, frozen);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRegisterIdentity(
        address[] calldata wallets,
        address[] calldata identities,
        uint16[] calldata countries,
        uint40[] calldata kycExpiries,
        bool[] calldata accredited
    ) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        uint256 n = wallets.length;
        if (identities.length != n || countries.length != n || kycExpiries.length != n || accredited.length != n) {
            revert RegistryArrayLengthMismatch();
        }
        for (uint256 i = 0; i < n; ++i) {
            _register(wallets[i], identities[i], countries[i], kycExpiries[i], accredited[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function batchUpdateIdentity(
        address[] calldata wallets,
        uint16[] calldata countries,
        uint40[] calldata kycExpiries,
        bool[] calldata accredited
    ) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        uint256 n = wallets.length;
        if (countries.length != n || kycExpiries.length != n || accredited.length != n) {
            revert RegistryArrayLengthMismatch();
        }
        for (uint256 i = 0; i < n; ++i) {
            _update(wallets[i], countries[i], kycExpiries[i], accredited[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function batchRemoveIdentity(address[] calldata wallets) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        for (uint256 i = 0; i < wallets.length; ++i) {
            _remove(wallets[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function batchSetFrozen(
        address[] calldata wallets,
        bool[] calldata frozen
    ) external onlyRole(COMPLIANCE_AGENT_ROLE) {
        if (frozen.length != wallets.length) revert RegistryArrayLengthMismatch();
        for (uint256 i = 0; i < wallets.length; ++i) {
            _setFrozen(wallets[i], frozen[i]);
        }
    }

    // --------------------------------------------------------------------------------------------- views

    /// @inheritdoc IIdentityRegistry
    function isVerified(address wallet) external view returns (bool) {
        return _effectiveRecord(wallet).isVerified();
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address wallet) external view returns (address) {
        return _records[wallet].identity();
    }

    /// @inheritdoc IIdentityRegistry
    function countryOf(address wallet) external view returns (uint16) {
        return _records[wallet].country();
    }

    /// @inheritdoc IIdentityRegistry
    function kycExpiryOf(address wallet) external view returns (uint40) {
        return _records[wallet].kycExpiry();
    }

    /// @inheritdoc IIdentityRegistry
    function isAccredited(address wallet) external view returns (bool) {
        return _records[wallet].flags() & IdentityRecords.FLAG_ACCREDITED != 0;
    }

    /// @inheritdoc IIdentityRegistry
    function isFrozen(address wallet) external view returns (bool) {
        return _effectiveRecord(wallet).flags() & IdentityRecords.FLAG_FROZEN != 0;
    }

    /// @inheritdoc IIdentityRegistry
    function isIdentityFrozen(address identity) external view returns (bool) {
        return _frozenIdentities[identity];
    }

    /// @inheritdoc IIdentityRegistry
    function contains(address wallet) external view returns (bool) {
        return _records[wallet].isRegistered();
    }

    /// @inheritdoc IIdentityRegistry
    function packedRecordsOf(address a, address b) external view returns (uint256 recordA, uint256 recordB) {
        return (_effectiveRecord(a), _effectiveRecord(b));
    }

    // --------------------------------------------------------------------------------------------- internals

    function _register(address wallet, address identity, uint16 country, uint40 kycExpiry, bool accredited) private {
        if (wallet == address(0)) revert RegistryInvalidWallet(wallet);
        if (identity == address(0)) revert RegistryInvalidIdentity(identity);
        _checkTerms(country, kycExpiry);
        uint256 record = _records[wallet];
        if (record.identity() != address(0)) {
            if (record.flags() & IdentityRecords.FLAG_REMOVED == 0) revert RegistryWalletAlreadyRegistered(wallet);
            if (record.identity() != identity) revert RegistryIdentityMismatch(wallet, record.identity(), identity);
        }
        uint256 flags = accredited ? IdentityRecords.FLAG_ACCREDITED : 0;
        // A primary wallet mirrors its identity's freeze (secondary wallets read it in `_effectiveRecord`).
        if (wallet == identity && _frozenIdentities[identity]) flags |= IdentityRecords.FLAG_FROZEN;
        _records[wallet] = IdentityRecords.pack(identity, kycExpiry, country, flags);
        emit IdentityRegistered(wallet, identity, country, kycExpiry, accredited);
    }

    function _update(address wallet, uint16 country, uint40 kycExpiry, bool accredited) private {
        _checkTerms(country, kycExpiry);
        uint256 record = _registered(wallet);
        uint256 flags =
            (record.flags() & IdentityRecords.FLAG_FROZEN) | (accredited ? IdentityRecords.FLAG_ACCREDITED : 0);
        _records[wallet] = IdentityRecords.pack(record.identity(), kycExpiry, country, flags);
        emit IdentityUpdated(wallet, record.identity(), country, kycExpiry, accredited);
    }

    function _remove(address wallet) private {
        uint256 record = _registered(wallet);
        uint256 flags = IdentityRecords.FLAG_REMOVED | (record.flags() & IdentityRecords.FLAG_FROZEN);
        address identity = record.identity();
        _records[wallet] = IdentityRecords.pack(identity, 0, 0, flags);
        emit IdentityRemoved(wallet, identity);
    }

    /// @dev Freezes the identity of `wallet`, not the wallet alone: an AML freeze stops the person.
    function _setFrozen(address wallet, bool frozen) private {
        address identity = _registered(wallet).identity();
        _frozenIdentities[identity] = frozen;
        uint256 primary = _records[identity];
        if (primary.identity() == identity) {
            uint256 flags =
                frozen ? primary.flags() | IdentityRecords.FLAG_FROZEN : primary.flags() & ~IdentityRecords.FLAG_FROZEN;
            _records[identity] = IdentityRecords.pack(identity, primary.kycExpiry(), primary.country(), flags);
        }
        emit WalletFrozen(wallet, frozen);
        emit IdentityFrozen(identity, frozen);
    }

    /// @dev The record of `wallet` with its identity's freeze applied: free for a primary wallet (mirrored), one more
    /// slot for a secondary wallet.
    function _effectiveRecord(address wallet) private view returns (uint256 record) {
        record = _records[wallet];
        address identity = record.identity();
        if (identity != wallet && identity != address(0) && _frozenIdentities[identity]) {
            record |= IdentityRecords.FLAG_FROZEN << 216;
        }
    }

    function _registered(address wallet) private view returns (uint256 record) {
        record = _records[wallet];
        if (!record.isRegistered()) revert RegistryWalletNotRegistered(wallet);
    }

    function _checkTerms(uint16 country, uint40 kycExpiry) private view {
        if (country == 0 || country > _MAX_COUNTRY) revert RegistryInvalidCountry(country);
        if (kycExpiry <= block.timestamp) revert RegistryInvalidKycExpiry(kycExpiry, block.timestamp);
    }
}
