// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPropertyExitErrors} from "./IPropertyExitErrors.sol";

/// @title IPropertyExit
/// @notice The exit of one property token (issue 19): after a sale its holders approved, the manager deposits the
/// proceeds here, the token closes for good, and each holder redeems its units for exactly its pro-rata share; after
/// an approved refinance, the manager returns capital to the holders through the rent distributor, without closing.
interface IPropertyExit is IPropertyExitErrors {
    /// @notice The proceeds of the approved sale `proposalId` were deposited by `depositor`: `amount` received,
    /// `fee` (the platform's exit fee) sent to `collector`, `proceeds` (= amount - fee) shared over `supplyAtClose`
    /// units; the token is closed.
    event ProceedsDeposited(
        uint256 indexed proposalId,
        address indexed depositor,
        uint256 amount,
        uint256 fee,
        address collector,
        uint256 proceeds,
        uint256 supplyAtClose
    );
    /// @notice `holder`'s `units` were burned and `payout` paid to `to` (the holder, or its recovered wallet).
    event Redeemed(address indexed holder, address indexed to, uint256 units, uint256 payout);
    /// @notice `amount` of capital of the approved refinance `proposalId` was deposited by `depositor` and
    /// distributed by the rent distributor as its deposit `depositId` (a `CapitalDeposited` there).
    event CapitalReturned(
        uint256 indexed proposalId,
        address indexed depositor,
        uint256 amount,
        uint256 indexed depositId
    );

    /// @notice Deposits `amount` of the payment token (pulled from the caller, who approved it) as the proceeds of the
    /// sale `proposalId` and closes the token. By the token's admin (the manager); the proposal must be a sale the
    /// token's governor approved, `amount` at least its minimum price; once (the first sale closes the token). The
    /// sale is bound to what was voted on (audit 2026-12): the token's supply must equal the proposal's
    /// `supplyAtSnapshot` (`ExitSupplyChanged`), and the deposit must come before the vote's end plus one voting
    /// period of the governor (`ExitSaleExpired`; proposals run one at a time, so no later vote was decided yet). The
    /// platform's exit fee (`PlatformFees.feeOf(Exit, token)`, on `amount`, rounded down) goes to its collector at
    /// once; the rest is the proceeds. Costs the same whatever the number of holders.
    /// @param proposalId The approved sale.
    /// @param amount The gross sale proceeds, in payment-token base units.
    function depositProceeds(uint256 proposalId, uint256 amount) external;

    /// @notice Returns `amount` of capital (pulled from the caller) to the holders after the refinance `proposalId`:
    /// the rent distributor distributes it pro rata to the units now, as a deposit of its own kind
    /// (`CapitalDeposited`), claimed like rent; the token stays open. By the token's admin; the proposal must be a
    /// refinance the token's governor approved, used once; not after the close.
    /// @param proposalId The approved refinance.
    /// @param amount The capital returned, in payment-token base units (no fee).
    function depositCapital(uint256 proposalId, uint256 amount) external;

    /// @notice Redeems all the caller's units (`_msgSender()`: gasless through the trusted forwarder) for
    /// `units x proceeds / supplyAtClose`, rounded down, paid to the caller. Refused before the close, with no units,
    /// or on hold (`ExitHolderOnHold`: the claim stays).
    /// @return payout The amount paid.
    function redeem() external returns (uint256 payout);

    /// @notice Redeems all of `holder`'s units and pays its share to `to` (a holder of the token's `CONTROLLER_ROLE`;
    /// lost-wallet recovery, court order): the holder's hold does not stop it; `to` must be registered in the identity
    /// registry, not frozen there or on the token (`ExitReceiverFrozen`: no path pays a frozen wallet) and, once the
    /// token is no longer controllable (`finalizeControllable`), be a wallet of `holder`'s identity.
    /// @param holder The wallet whose units are redeemed.
    /// @param to The wallet paid.
    /// @return payout The amount paid.
    function redeemFor(address holder, address to) external returns (uint256 payout);

    /// @notice The property token.
    /// @return The token.
    function token() external view returns (address);

    /// @notice The token's governor, whose approvals this exit accepts (the factory's record when it made the exit).
    /// @return The governor.
    function governor() external view returns (address);

    /// @notice The stablecoin of the proceeds (the token's rent currency).
    /// @return The payment token.
    function paymentToken() external view returns (address);

    /// @notice The close: the sale, the proceeds (net of the fee), the supply at the close, and what was paid out.
    /// All zero before the close.
    /// @return proposalId The sale that closed the token.
    /// @return proceeds What the holders share.
    /// @return supplyAtClose The units they share it over.
    /// @return paidOut Paid to redeemers so far (never above the proceeds).
    function closing()
        external
        view
        returns (uint256 proposalId, uint256 proceeds, uint256 supplyAtClose, uint256 paidOut);

    /// @notice What `holder` would be paid by redeeming now: its units x proceeds / supplyAtClose (zero before the
    /// close).
    /// @param holder The wallet.
    /// @return The payout.
    function payoutOf(address holder) external view returns (uint256);

    /// @notice Whether the refinance `proposalId` has returned its capital.
    /// @param proposalId The proposal.
    /// @return The answer.
    function isCapitalReturned(uint256 proposalId) external view returns (bool);
}
