// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The exit side of a PropertyToken (issue 19): the token's exit contract, named once by its admin, closes the
/// token when a sale's proceeds are deposited and burns each holder's units when the holder redeems them.
/// @notice Implemented by `PropertyTokenAdmin` and reached through the token's fallback: call these on the token's
/// address with this interface's ABI. A closed token stays closed: paused for good (`unpause` refuses), issuance
/// finalized, controller moves and rent deposits refused; only its exit burns units, even after
/// `finalizeControllable`. Rent deposited before the close stays claimable (a burn keeps the holder's rent owed).
interface IPropertyTokenExit {
    /// @notice The token's exit was set (once, by the factory's `launchExit`).
    event ExitSet(address indexed exit);
    /// @notice The exit closed the token for good (a sale's proceeds were deposited).
    event Closed(address indexed exit);

    /// @notice Names the token's exit, the only contract that may close the token and burn at redemption: once, by
    /// a platform factory (`REGISTRAR_ROLE` of the token's rent distributor) in `launchExit`, never by the token's
    /// admin, whose own contract could burn units unpaid after `finalizeControllable` (`TokenOnlyFactory`).
    /// @param exit The exit.
    function setExit(address exit) external;

    /// @notice Closes the token for good (the exit only, once): pauses it, finalizes issuance, and from then on refuses
    /// `unpause`, controller moves and rent deposits.
    function closeForExit() external;

    /// @notice Burns all units of `holder` in every partition (the exit only; it calls this only after its close)
    /// and returns them;
    /// frozen amounts and escrow holds go with them. Unless `evenIfHeld` (the controller's redemption for a
    /// recovered wallet), a holder on hold (removed from the registry, its identity frozen in the registry or on
    /// this token, or any of its units frozen: `frozenTokensOf(holder) > 0`) is reported and nothing is burned.
    /// @param holder The wallet whose units are redeemed.
    /// @param evenIfHeld Burn even when a hold applies.
    /// @return units The units burned (or that would be, when held; zero: nothing to redeem).
    /// @return held Whether a hold applies (then nothing was burned).
    function redeemForExit(address holder, bool evenIfHeld) external returns (uint256 units, bool held);

    /// @notice The token's exit (zero: none set).
    /// @return The exit.
    function exit() external view returns (address);

    /// @notice Whether the exit closed the token.
    /// @return The answer.
    function isClosed() external view returns (bool);
}
