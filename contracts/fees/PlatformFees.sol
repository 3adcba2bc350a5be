// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {FeeKind, IPlatformFees} from "../interfaces/IPlatformFees.sol";
import {IPlatformFeesErrors} from "../interfaces/IPlatformFeesErrors.sol";

/// @title PlatformFees
/// @notice The platform's fee schedule (issue 20), one per platform, read by the factory at launch (the primary fee,
/// fixed in each offering's terms, so an open offering keeps the fee it started with) and by the contracts that
/// charge the other kinds. One fee per kind (`FeeKind`), in basis points, never above `MAX_FEE_BPS`, paid to a
/// collector per kind.
///
/// Investors are protected against surprises, not against relief: a decrease, a collector change and a property's
/// override take effect at once; an increase is announced on chain and takes effect no earlier than
/// `FEE_INCREASE_DELAY` after its announcement. Every view counts an announced increase from its `effectiveAt`, so no
/// keeper transaction is needed (`applyIncrease` only writes it down with its event).
///
/// Choices where the issue is silent: a newer announcement replaces the pending one and its delay runs from the newer
/// announcement (also when it asks for less than the one it replaces: one rule, and never earlier than 12 weeks after
/// what investors were told last); a decrease withdraws the pending increase (that increase is always above the
/// decreased fee: an announcement must exceed the fee in effect); an override must be at most the platform's fee in
/// effect when it is set, and the lower of the two always applies, so a property never pays more than the platform.
///
/// A property can start with a discount: before its launch the admin grants it by property id to the property's
/// manager (`setLaunchOverride`, the same ceiling as an override); the factory, holding `LAUNCHER_ROLE`, binds the
/// property's launch overrides to its new token in the launch transaction (`bindLaunchOverrides`, with the launching
/// manager), before it reads the primary fee for the offering's terms, so the offering starts with the discounted fee.
/// The property id of a launch is whatever its manager says it is: only the launch by the manager the admin named
/// binds the discount (audit finding 5); any other launch under that id leaves it in place for that manager. A launch
/// override is used once: the binding moves it to the token (then `removeOverride` and `setOverride` govern it).
contract PlatformFees is IPlatformFees, IPlatformFeesErrors, AccessControl {
    /// @notice The hard maximum of every fee: 5 % (500 basis points).
    uint16 public constant MAX_FEE_BPS = 500;
    /// @notice The least time between an increase's announcement and its effect.
    uint64 public constant FEE_INCREASE_DELAY = 12 weeks;
    /// @notice May bind a property's launch overrides to its new token (the platform's factory).
    bytes32 public constant LAUNCHER_ROLE = keccak256("LAUNCHER_ROLE");

    /// @dev A property's launch overrides in one word (the launch reads one slot): bit `kind` says that `kind` is
    /// set, bits `8 + 16 * kind` hold its basis points (bits 8 to 71), and bits 96 to 255 the manager whose launch
    /// binds them. The word is zero exactly when no kind is set (the last removal clears the manager too).
    uint256 private constant _LAUNCH_BPS_SHIFT = 8;
    /// @dev Where the named manager starts in a property's launch-override word (its top 160 bits).
    uint256 private constant _LAUNCH_MANAGER_SHIFT = 96;
    /// @dev The flag bits of the four kinds in a property's launch-override word.
    uint256 private constant _LAUNCH_FLAGS = 0xf;

    /// @dev One slot per kind: the launch reads one cold slot for the primary fee.
    struct Schedule {
        uint16 bps; // the fee in effect, unless an announced increase's time has come
        address collector;
        uint16 pendingBps; // the announced increase (meaningful when effectiveAt != 0)
        uint64 effectiveAt; // when it takes effect; 0 = none announced
    }

    struct Override {
        bool set;
        uint16 bps;
    }

    mapping(FeeKind kind => Schedule) private _schedules;
    mapping(address token => mapping(FeeKind kind => Override)) private _overrides;
    mapping(bytes32 propertyId => uint256 packed) private _launchOverrides;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE`: sets fees, collectors and overrides, and administers the role.
    /// @param initialBps The fee of each kind at deployment (indexed by `FeeKind`), each at most `MAX_FEE_BPS`: no
    /// investor holds anything yet, so the first schedule needs no announcement.
    /// @param collectors The collector of each kind (indexed by `FeeKind`), none zero.
    constructor(address admin, uint16[4] memory initialBps, address[4] memory collectors) {
        if (admin == address(0)) revert PlatformFeesZeroAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint8 i = 0; i < 4; ++i) {
            FeeKind kind = FeeKind(i);
            _requireAtMostMaximum(kind, initialBps[i]);
            _requireCollector(kind, collectors[i]);
            _schedules[kind] = Schedule({bps: initialBps[i], collector: collectors[i], pendingBps: 0, effectiveAt: 0});
            emit FeeInitialized(kind, initialBps[i], collectors[i]);
        }
    }

    /// @inheritdoc IPlatformFees
    function announceIncrease(FeeKind kind, uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireAtMostMaximum(kind, bps);
        Schedule memory s = _settled(kind);
        if (bps <= s.bps) revert PlatformFeesNotAnIncrease(kind, bps, s.bps);
        // Safe: block.timestamp + 12 weeks fits 64 bits for billions of years.
        uint64 effectiveAt = uint64(block.timestamp) + FEE_INCREASE_DELAY;
        s.pendingBps = bps;
        s.effectiveAt = effectiveAt;
        _schedules[kind] = s;
        emit FeeIncreaseAnnounced(kind, s.bps, bps, effectiveAt);
    }

    /// @inheritdoc IPlatformFees
    function decreaseFee(FeeKind kind, uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Schedule memory s = _settled(kind);
        if (bps >= s.bps) revert PlatformFeesNotADecrease(kind, bps, s.bps);
        // A pending increase is above the fee in effect, hence above this decrease: it is withdrawn.
        if (s.effectiveAt != 0) emit FeeIncreaseCancelled(kind, s.pendingBps);
        emit FeeDecreased(kind, s.bps, bps);
        s.bps = bps;
        s.pendingBps = 0;
        s.effectiveAt = 0;
        _schedules[kind] = s;
    }

    /// @inheritdoc IPlatformFees
    function cancelIncrease(FeeKind kind) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Schedule memory s = _settled(kind);
        if (s.effectiveAt == 0) revert PlatformFeesNoPendingIncrease(kind);
        emit FeeIncreaseCancelled(kind, s.pendingBps);
        s.pendingBps = 0;
        s.effectiveAt = 0;
        _schedules[kind] = s;
    }

    /// @inheritdoc IPlatformFees
    function applyIncrease(FeeKind kind) external {
        Schedule memory s = _schedules[kind];
        if (s.effectiveAt == 0) revert PlatformFeesNoPendingIncrease(kind);
        if (block.timestamp < s.effectiveAt) revert PlatformFeesIncreaseNotDue(kind, s.effectiveAt);
        _schedules[kind] = _settled(kind);
    }

    /// @inheritdoc IPlatformFees
    function setCollector(FeeKind kind, address collector) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireCollector(kind, collector);
        _schedules[kind].collector = collector;
        emit CollectorSet(kind, collector);
    }

    /// @inheritdoc IPlatformFees
    function setOverride(FeeKind kind, address token, uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert PlatformFeesZeroToken();
        uint16 platformBps = _effective(_schedules[kind]);
        if (bps > platformBps) revert PlatformFeesOverrideAbovePlatform(kind, token, bps, platformBps);
        _overrides[token][kind] = Override({set: true, bps: bps});
        emit FeeOverrideSet(kind, token, bps);
    }

    /// @inheritdoc IPlatformFees
    function removeOverride(FeeKind kind, address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_overrides[token][kind].set) revert PlatformFeesNoOverride(kind, token);
        delete _overrides[token][kind];
        emit FeeOverrideRemoved(kind, token);
    }

    /// @inheritdoc IPlatformFees
    function setLaunchOverride(
        bytes32 propertyId,
        address manager,
        FeeKind kind,
        uint16 bps
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (propertyId == bytes32(0)) revert PlatformFeesZeroPropertyId();
        if (manager == address(0)) revert PlatformFeesZeroLaunchManager(propertyId);
        uint256 word = _launchOverrides[propertyId];
        // One manager per property: a discount of another kind must not silently move the ones already granted.
        address named = _launchManager(word);
        if (word != 0 && named != manager) revert PlatformFeesLaunchManagerMismatch(propertyId, manager, named);
        uint16 platformBps = _effective(_schedules[kind]);
        if (bps > platformBps) revert PlatformFeesLaunchOverrideAbovePlatform(kind, propertyId, bps, platformBps);
        uint256 shift = _launchShift(kind);
        word &= ~(uint256(type(uint16).max) << shift);
        _launchOverrides[propertyId] =
            word
            | (uint256(uint160(manager)) << _LAUNCH_MANAGER_SHIFT)
            | (1 << uint8(kind))
            | (uint256(bps) << shift);
        emit LaunchOverrideSet(kind, propertyId, manager, bps);
    }

    /// @inheritdoc IPlatformFees
    function removeLaunchOverride(bytes32 propertyId, FeeKind kind) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 word = _launchOverrides[propertyId];
        if (word & (1 << uint8(kind)) == 0) revert PlatformFeesNoLaunchOverride(kind, propertyId);
        word &= ~((1 << uint8(kind)) | (uint256(type(uint16).max) << _launchShift(kind)));
        // The last kind removed takes the named manager with it: the word is zero again, as for a property never
        // granted anything (and a later grant may name any manager).
        _launchOverrides[propertyId] = (word & _LAUNCH_FLAGS) == 0 ? 0 : word;
        emit LaunchOverrideRemoved(kind, propertyId);
    }

    /// @inheritdoc IPlatformFees
    /// @dev Without a launch override for this `manager` it returns before the role check: nothing changes then, and
    /// the common launch (no discount) pays one slot read, not a role lookup too. A set word always names a non-zero
    /// manager, so a zero word never matches the factory's `msg.sender`.
    function bindLaunchOverrides(bytes32 propertyId, address token, address manager) external {
        uint256 word = _launchOverrides[propertyId];
        if (word == 0 || _launchManager(word) != manager) return;
        _checkRole(LAUNCHER_ROLE);
        if (token == address(0)) revert PlatformFeesZeroToken();
        delete _launchOverrides[propertyId];
        for (uint8 i = 0; i < 4; ++i) {
            if (word & (1 << i) == 0) continue;
            FeeKind kind = FeeKind(i);
            // Set at most the platform's fee of its day; should the platform's fee have dropped below it since,
            // `feeOf` applies the lower of the two, as for any override.
            uint16 bps = uint16(word >> _launchShift(kind));
            _overrides[token][kind] = Override({set: true, bps: bps});
            emit FeeOverrideSet(kind, token, bps);
        }
        emit LaunchOverridesBound(propertyId, token, manager);
    }

    /// @inheritdoc IPlatformFees
    function launchOverrideOf(
        bytes32 propertyId,
        FeeKind kind
    ) external view returns (bool set, uint16 bps, address manager) {
        uint256 word = _launchOverrides[propertyId];
        return (word & (1 << uint8(kind)) != 0, uint16(word >> _launchShift(kind)), _launchManager(word));
    }

    /// @inheritdoc IPlatformFees
    function feeOf(FeeKind kind, address token) external view returns (uint16 bps, address collector) {
        Schedule memory s = _schedules[kind];
        bps = _effective(s);
        collector = s.collector;
        Override memory o = _overrides[token][kind];
        if (o.set && o.bps < bps) bps = o.bps;
    }

    /// @inheritdoc IPlatformFees
    function platformFeeOf(FeeKind kind) external view returns (uint16 bps, address collector) {
        Schedule memory s = _schedules[kind];
        return (_effective(s), s.collector);
    }

    /// @inheritdoc IPlatformFees
    function pendingIncrease(FeeKind kind) external view returns (uint16 bps, uint64 effectiveAt) {
        Schedule memory s = _schedules[kind];
        if (s.effectiveAt == 0 || block.timestamp >= s.effectiveAt) return (0, 0);
        return (s.pendingBps, s.effectiveAt);
    }

    /// @inheritdoc IPlatformFees
    function overrideOf(FeeKind kind, address token) external view returns (bool set, uint16 bps) {
        Override memory o = _overrides[token][kind];
        return (o.set, o.bps);
    }

    /// @dev The schedule of `kind` with an increase whose time has come written in as the fee in effect (and its
    /// event emitted); the caller stores it.
    function _settled(FeeKind kind) private returns (Schedule memory s) {
        s = _schedules[kind];
        if (s.effectiveAt != 0 && block.timestamp >= s.effectiveAt) {
            s.bps = s.pendingBps;
            s.pendingBps = 0;
            s.effectiveAt = 0;
            emit FeeIncreaseApplied(kind, s.bps);
        }
    }

    /// @dev The fee in effect now: the announced increase from its `effectiveAt` on.
    function _effective(Schedule memory s) private view returns (uint16) {
        return s.effectiveAt != 0 && block.timestamp >= s.effectiveAt ? s.pendingBps : s.bps;
    }

    /// @dev The manager named in a property's launch-override word (zero when none is set).
    function _launchManager(uint256 word) private pure returns (address) {
        return address(uint160(word >> _LAUNCH_MANAGER_SHIFT));
    }

    function _launchShift(FeeKind kind) private pure returns (uint256) {
        return _LAUNCH_BPS_SHIFT + 16 * uint256(uint8(kind));
    }

    function _requireAtMostMaximum(FeeKind kind, uint16 bps) private pure {
        if (bps > MAX_FEE_BPS) revert PlatformFeesAboveMaximum(kind, bps, MAX_FEE_BPS);
    }

    function _requireCollector(FeeKind kind, address collector) private pure {
        if (collector == address(0)) revert PlatformFeesZeroCollector(kind);
    }
}
