// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {OfferingState} from "./IPropertyOffering.sol";

/// @title IPropertyOfferingErrors
/// @notice Every refusal of a `PropertyOffering`, with the facts needed to act on it.
interface IPropertyOfferingErrors {
    /// @dev The implementation contract itself is not an offering: only its clones are.
    error OfferingImplementationOnly();
    /// @dev The operation needs the offering in state `expected`; it is in `actual`.
    error OfferingWrongState(OfferingState actual, OfferingState expected);
    /// @dev Only the offering's issuer may do this.
    error OfferingUnauthorized(address caller);
    /// @dev A subscription must be for at least one unit.
    error OfferingZeroUnits();
    /// @dev The subscription would sell more than the hard cap allows.
    error OfferingHardCapExceeded(uint256 requested, uint256 remaining);
    /// @dev The token's compliance rules refuse to issue to `investor` (`code` is the ERC-1400 reason code,
    /// `reason` the token's reason, e.g. "RECEIVER_NOT_VERIFIED").
    error OfferingInvestorNotEligible(address investor, bytes1 code, bytes32 reason);
    /// @dev The identity's total subscription would be below the minimum ticket.
    error OfferingTicketBelowMinimum(address identity, uint256 total, uint256 minimum);
    /// @dev The identity's total subscription would be above the maximum ticket.
    error OfferingTicketAboveMaximum(address identity, uint256 total, uint256 maximum);
    /// @dev The payment token delivered less than asked (fee-on-transfer or rebasing tokens are refused).
    error OfferingPaymentShortfall(uint256 expected, uint256 received);
    /// @dev The wallet has no subscription to claim or refund.
    error OfferingNothingToSettle(address investor);
    /// @dev The wallet's subscription was already claimed or refunded.
    error OfferingAlreadySettled(address investor);
    /// @dev This offering does not hold `ISSUER_ROLE` on `token`: it could never issue the units it would sell.
    error OfferingCannotIssue(address token);
    /// @dev After finalization a refund is due only for units the token refuses to issue: these can be claimed.
    error OfferingClaimable(address investor);
    /// @dev The claim is refused for a temporary reason (`reason`: the token is paused, the investor is frozen, or
    /// the investor's KYC expired): neither units nor money move until it is lifted.
    error OfferingRefundOnHold(address investor, bytes32 reason);
    /// @dev No claimed unit's payment is waiting to be released.
    error OfferingNothingToRelease();
    /// @dev The offering terms are inconsistent (`field` names the first bad one).
    error OfferingInvalidTerms(bytes32 field);
    /// @dev The invitation `invitationHash` expired at `expiry` (unix seconds).
    error OfferingInvitationExpired(bytes32 invitationHash, uint256 expiry);
    /// @dev The invitation `invitationHash` was already redeemed: each is good once.
    error OfferingInvitationRedeemed(bytes32 invitationHash);
    /// @dev The issuer revoked the invitation `invitationHash`.
    error OfferingInvitationRevoked(bytes32 invitationHash);
    /// @dev The signature is not the issuer's over this invitation on this offering and chain (a signature made for
    /// another offering, another chain, or other fields lands here).
    error OfferingInvitationBadSignature(bytes32 invitationHash);
    /// @dev `investor` is not a wallet of the invited `identity` (its own identity is `actual`).
    error OfferingInvitationWrongIdentity(address investor, address identity, address actual);
    /// @dev The invitation allows between `minimum` and `maximum` units; `units` were asked.
    error OfferingInvitationUnitsOutOfRange(uint256 units, uint256 minimum, uint256 maximum);
    /// @dev An invitation must sell at a price above zero.
    error OfferingInvitationZeroPrice(bytes32 invitationHash);
}
