// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Life cycle of an offering. `state()` derives it from time, sales and the issuer's decisions.
enum OfferingState {
    Pending, // before the start time
    Active, // subscriptions open
    Succeeded, // soft cap reached at the end, or hard cap reached earlier: waiting for the issuer to finalize
    Failed, // soft cap missed at the end, or success never finalized within the finalization window: refunds
    Finalized, // closed: units claimable (or refundable when the token refuses them), proceeds released per claim
    Cancelled // cancelled by the issuer before finalization: refunds
}

/// @notice The terms of one offering, fixed at launch (stored in the clone's code as immutable arguments).
struct OfferingTerms {
    address token; // the property token whose units are sold
    bytes32 partition; // the partition the units are issued on
    address paymentToken; // the stablecoin investors pay with
    uint128 pricePerUnit; // payment-token base units per unit
    uint64 softCap; // units
    uint64 hardCap; // units
    uint64 minTicket; // units, per identity
    uint64 maxTicket; // units, per identity
    uint40 startTime; // unix seconds, inclusive
    uint40 endTime; // unix seconds, exclusive
    address treasury; // receives the proceeds minus the fee
    uint16 feeBps; // platform fee on the proceeds, basis points
    address feeRecipient; // receives the platform fee
    address issuer; // may finalize or cancel (the property manager)
}

/// @title IPropertyOffering
/// @notice Primary sale escrow of one property offering (a clone of one implementation).
interface IPropertyOffering {
    /// @notice `investor` (of `identity`) subscribed `units` and paid `paid` into escrow.
    event Subscribed(address indexed investor, address indexed identity, uint256 units, uint256 paid);
    /// @notice The issuer finalized: the sale's `proceeds` (`fee` of it for the platform) stay in escrow and are
    /// released as units are claimed (`ProceedsReleased`); unclaimable positions are refunded instead.
    event Finalized(uint256 unitsSold, uint256 proceeds, uint256 fee);
    /// @notice The payment of `units` claimed units left the escrow: `amount`, of which `fee` to the fee recipient
    /// and the rest to the treasury.
    event ProceedsReleased(uint256 units, uint256 amount, uint256 fee);
    /// @notice The issuer cancelled the offering: every subscriber can take a refund.
    event Cancelled();
    /// @notice `units` were issued to `investor`.
    event Claimed(address indexed investor, uint256 units);
    /// @notice `investor` took back `amount` of payment token.
    event Refunded(address indexed investor, uint256 amount);

    /// @notice Subscribes `units` for the caller, paying with a prior `approve` of the payment token.
    /// @param units Number of units (the price is `units * pricePerUnit`).
    function subscribe(uint256 units) external;

    /// @notice Subscribes `units` for the caller, authorizing the payment with an EIP-2612 permit.
    /// @param units Number of units.
    /// @param deadline Permit deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    function subscribeWithPermit(uint256 units, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Closes a successful offering (issuer; refused with `OfferingCannotIssue` unless this offering holds
    /// `ISSUER_ROLE` on its token). The proceeds stay in escrow until units are claimed.
    function finalize() external;

    /// @notice Sends the payment of every claimed unit not yet released to the treasury, minus the platform fee to
    /// the fee recipient (both fixed in the terms); anyone may call.
    function releaseProceeds() external;

    /// @notice Cancels the offering before finalization; every subscriber can then take a refund.
    function cancel() external;

    /// @notice Issues the caller's units after finalization.
    function claim() external;

    /// @notice Issues `investor`'s units (to `investor`) after finalization; anyone may pay the gas.
    /// @param investor The subscriber's wallet.
    function claimFor(address investor) external;

    /// @notice Pays the caller back exactly what it paid: after failure or cancellation; after finalization only
    /// when the token refuses to issue the caller's units for good (`OfferingClaimable` if they can be claimed,
    /// `OfferingRefundOnHold` while the token is paused, the caller frozen, or its KYC expired). A caller frozen on the
    /// token or in the identity registry (an AML hold) is refused in every state, failed, cancelled or finalized,
    /// whatever else the token reports (`OfferingRefundOnHold(caller, "RECEIVER_FROZEN")`, checked first): the money
    /// stays in escrow until the hold is lifted; no other path moves it.
    function refund() external;

    /// @notice The terms of the offering.
    /// @return The terms.
    function terms() external view returns (OfferingTerms memory);

    /// @notice The current state.
    /// @return The state.
    function state() external view returns (OfferingState);

    /// @notice Units subscribed so far.
    /// @return Units.
    function unitsSold() external view returns (uint256);

    /// @notice Units subscribed and later claimed or refunded.
    /// @return Units.
    function unitsSettled() external view returns (uint256);

    /// @notice Units refunded (after failure, cancellation, or as unclaimable after finalization).
    /// @return Units.
    function unitsRefunded() external view returns (uint256);

    /// @notice Claimed units whose payment was released to the treasury and the fee recipient.
    /// @return Units.
    function unitsReleased() external view returns (uint256);

    /// @notice Payment of claimed units waiting for `releaseProceeds`.
    /// @return Amount in payment-token base units.
    function releasableProceeds() external view returns (uint256);

    /// @notice Units subscribed by `wallet`.
    /// @param wallet The wallet.
    /// @return Units.
    function subscribedUnitsOf(address wallet) external view returns (uint256);

    /// @notice Units subscribed by all wallets of `identity`.
    /// @param identity The identity (from the identity registry).
    /// @return Units.
    function subscribedUnitsOfIdentity(address identity) external view returns (uint256);

    /// @notice Whether `wallet` already claimed or took its refund.
    /// @param wallet The wallet.
    /// @return True once settled.
    function isSettled(address wallet) external view returns (bool);

    /// @notice Payment-token amount the escrow owes (open subscriptions, unclaimed refunds, unreleased proceeds).
    /// @return Amount in payment-token base units; the escrow's balance always equals it.
    function escrowOwed() external view returns (uint256);
}
