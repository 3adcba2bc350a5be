// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What a fee is charged on.
enum FeeKind {
    Primary, // offering proceeds (taken when they are released to the treasury)
    Rent, // management fee on rent distributed
    Trade, // secondary trade (settlement fill)
    Exit // sale proceeds at the exit of a property
}

/// @title IPlatformFees
/// @notice The platform's fee schedule: one fee per kind, in basis points, at most a hard maximum, paid to a
/// collector per kind. Decreases take effect at once; an increase is announced and takes effect no earlier than
/// `FEE_INCREASE_DELAY` later. A property token can get a lower fee of a kind (an override), never a higher one.
interface IPlatformFees {
    /// @notice The fee of `kind` was set at deployment.
    event FeeInitialized(FeeKind indexed kind, uint16 bps, address collector);
    /// @notice An increase of the fee of `kind` from `currentBps` to `newBps` was announced; it takes effect at
    /// `effectiveAt` (unix seconds) and replaces any increase announced before.
    event FeeIncreaseAnnounced(FeeKind indexed kind, uint16 currentBps, uint16 newBps, uint64 effectiveAt);
    /// @notice The announced increase of `kind` to `bps` is written as the fee in effect (it counted from its
    /// `effectiveAt` already: `feeOf` applies it without this write).
    event FeeIncreaseApplied(FeeKind indexed kind, uint16 bps);
    /// @notice The pending increase of `kind` to `bps` was withdrawn (by `cancelIncrease` or by a decrease).
    event FeeIncreaseCancelled(FeeKind indexed kind, uint16 bps);
    /// @notice The fee of `kind` was lowered from `fromBps` to `toBps`, in effect at once.
    event FeeDecreased(FeeKind indexed kind, uint16 fromBps, uint16 toBps);
    /// @notice The fee of `kind` is now paid to `collector`, at once.
    event CollectorSet(FeeKind indexed kind, address collector);
    /// @notice `token` pays at most `bps` for `kind` (the platform's fee, when lower, applies instead).
    event FeeOverrideSet(FeeKind indexed kind, address indexed token, uint16 bps);
    /// @notice `token` pays the platform's fee of `kind` again.
    event FeeOverrideRemoved(FeeKind indexed kind, address indexed token);

    /// @notice Property `propertyId`, not launched yet, will pay at most `bps` for `kind` from its launch on, if its
    /// launch is by `manager`.
    event LaunchOverrideSet(FeeKind indexed kind, bytes32 indexed propertyId, address indexed manager, uint16 bps);
    /// @notice The launch override of `kind` granted to property `propertyId` was withdrawn before its launch.
    event LaunchOverrideRemoved(FeeKind indexed kind, bytes32 indexed propertyId);
    /// @notice Property `propertyId` was launched as `token` by `manager`, the manager its launch overrides named:
    /// they became `token`'s overrides (one `FeeOverrideSet` each, emitted just before).
    event LaunchOverridesBound(bytes32 indexed propertyId, address indexed token, address indexed manager);

    /// @notice Announces an increase of the fee of `kind` to `bps`, effective `FEE_INCREASE_DELAY` from now
    /// (admin). A newer announcement replaces a pending one, and its delay starts again from its own announcement.
    /// @param kind The fee kind.
    /// @param bps The new fee, above the fee in effect now and at most `MAX_FEE_BPS`.
    function announceIncrease(FeeKind kind, uint16 bps) external;

    /// @notice Lowers the fee of `kind` to `bps` at once (admin), and withdraws any pending increase of it.
    /// @param kind The fee kind.
    /// @param bps The new fee, below the fee in effect now.
    function decreaseFee(FeeKind kind, uint16 bps) external;

    /// @notice Withdraws the pending increase of `kind` (admin).
    /// @param kind The fee kind.
    function cancelIncrease(FeeKind kind) external;

    /// @notice Writes the increase of `kind` whose time has come as the fee in effect, with its event (anyone;
    /// optional: every view already counts it from its `effectiveAt`).
    /// @param kind The fee kind.
    function applyIncrease(FeeKind kind) external;

    /// @notice Pays the fee of `kind` to `collector` from now on (admin).
    /// @param kind The fee kind.
    /// @param collector The new collector, not zero.
    function setCollector(FeeKind kind, address collector) external;

    /// @notice Gives `token` a fee of `kind` of at most `bps` (admin): at most the platform's fee in effect now; if
    /// the platform's fee later drops below it, the platform's applies (the lower of the two always does).
    /// @param kind The fee kind.
    /// @param token The property token.
    /// @param bps The property's fee.
    function setOverride(FeeKind kind, address token, uint16 bps) external;

    /// @notice Removes `token`'s override of `kind`: it pays the platform's fee again (admin).
    /// @param kind The fee kind.
    /// @param token The property token.
    function removeOverride(FeeKind kind, address token) external;

    /// @notice Gives property `propertyId`, before its launch by `manager`, a fee of `kind` of at most `bps` (admin):
    /// at most the platform's fee in effect now. The factory binds it to the property's token in the launch
    /// transaction (so a primary discount is in the offering's terms from the start), and only in a launch by
    /// `manager`: a launch under the same id by anyone else leaves it in place. Until then it can be replaced or
    /// removed. A property's launch overrides name one manager: to name another, remove them first.
    /// @param propertyId The platform's id of the property (the `propertyId` of its launch), not zero.
    /// @param manager The property's manager, the only account whose launch binds it (a `PROPERTY_MANAGER_ROLE`
    /// holder of the factory), not zero; the same as the property's other launch overrides name, if any.
    /// @param kind The fee kind.
    /// @param bps The property's fee.
    function setLaunchOverride(bytes32 propertyId, address manager, FeeKind kind, uint16 bps) external;

    /// @notice Withdraws property `propertyId`'s launch override of `kind` before its launch (admin). The last one
    /// removed also forgets the manager they named.
    /// @param propertyId The platform's id of the property.
    /// @param kind The fee kind.
    function removeLaunchOverride(bytes32 propertyId, FeeKind kind) external;

    /// @notice Makes property `propertyId`'s launch overrides the overrides of its new `token` and forgets them, when
    /// they name `manager` (`LAUNCHER_ROLE`: the factory, in the launch transaction, before it reads the primary fee,
    /// passing the launching manager). Does nothing for a property without launch overrides, nor for a launch by
    /// another manager (the overrides stay for the one they name).
    /// @param propertyId The id the property is launched with.
    /// @param token The property's new token.
    /// @param manager Who launches it (the factory's caller).
    function bindLaunchOverrides(bytes32 propertyId, address token, address manager) external;

    /// @notice Property `propertyId`'s launch override of `kind`, if any (none once the property is launched), and
    /// the manager whose launch binds the property's launch overrides.
    /// @param propertyId The platform's id of the property.
    /// @param kind The fee kind.
    /// @return set Whether a launch override of `kind` is set.
    /// @return bps The launch override (meaningful when `set`).
    /// @return manager The manager the property's launch overrides name (zero when it has none, of any kind).
    function launchOverrideOf(
        bytes32 propertyId,
        FeeKind kind
    ) external view returns (bool set, uint16 bps, address manager);

    /// @notice The fee `token` pays for `kind` now, and who receives it: the lower of the platform's fee (with any
    /// announced increase whose time has come) and the token's override.
    /// @param kind The fee kind.
    /// @param token A property token (any address: without an override, the platform's fee).
    /// @return bps The fee in basis points.
    /// @return collector Who receives it.
    function feeOf(FeeKind kind, address token) external view returns (uint16 bps, address collector);

    /// @notice The platform's fee of `kind` in effect now (with any increase whose time has come), and its collector.
    /// @param kind The fee kind.
    /// @return bps The fee in basis points.
    /// @return collector Who receives it.
    function platformFeeOf(FeeKind kind) external view returns (uint16 bps, address collector);

    /// @notice The announced increase of `kind` not yet in effect; `(0, 0)` when there is none.
    /// @param kind The fee kind.
    /// @return bps The announced fee.
    /// @return effectiveAt When it takes effect (unix seconds).
    function pendingIncrease(FeeKind kind) external view returns (uint16 bps, uint64 effectiveAt);

    /// @notice `token`'s override of `kind`, if any.
    /// @param kind The fee kind.
    /// @param token The property token.
    /// @return set Whether an override is set.
    /// @return bps The override (meaningful when `set`).
    function overrideOf(FeeKind kind, address token) external view returns (bool set, uint16 bps);
}
