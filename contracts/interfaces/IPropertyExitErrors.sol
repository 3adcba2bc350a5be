// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProposalKind, ProposalState} from "./IPropertyGovernor.sol";

/// @title IPropertyExitErrors
/// @notice Every refusal of a `PropertyExit` (issue 19), with the facts needed to act on it.
interface IPropertyExitErrors {
    /// @notice The implementation itself is not an exit: only its clones (made by the factory) are.
    error ExitImplementationOnly();
    /// @notice Only the token's admin (its manager) deposits.
    error ExitNotManager(address caller);
    /// @notice The proposal is not approved by the token's governor (`state` is what the governor says now).
    error ExitProposalNotApproved(uint256 proposalId, ProposalState state);
    /// @notice Sale proceeds need a sale proposal; a return of capital a refinance.
    error ExitWrongKind(uint256 proposalId, ProposalKind kind);
    /// @notice The sale's proceeds are below the minimum price the holders approved.
    error ExitBelowMinimumPrice(uint256 proposalId, uint256 amount, uint256 minimum);
    /// @notice The token's supply is not the supply the sale `proposalId` was voted on (`supplyAtSnapshot`, the
    /// governor's record): units issued or redeemed since belong to holders who did not vote on this price, so the
    /// sale cannot close the token; the manager proposes it again on the supply of now.
    error ExitSupplyChanged(uint256 proposalId, uint256 supplyAtSnapshot, uint256 supply);
    /// @notice The sale `proposalId` may be executed only until `deadline` (its vote's end plus one voting period of
    /// the governor): later, a newer vote may have replaced it; the manager proposes it again.
    error ExitSaleExpired(uint256 proposalId, uint256 deadline);
    /// @notice The token is already closed, by the sale `proposalId`.
    error ExitAlreadyClosed(uint256 proposalId);
    /// @notice Redemption starts when a sale's proceeds are deposited.
    error ExitNotClosed();
    /// @notice The token has no units: nobody to pay.
    error ExitNoSupply();
    /// @notice An amount of zero.
    error ExitZeroAmount();
    /// @notice The payment token delivered less than the amount (fee-on-transfer, rebasing): refused.
    error ExitPaymentShortfall(uint256 expected, uint256 received);
    /// @notice `holder` has no units left to redeem (never had, or already redeemed).
    error ExitNothingToRedeem(address holder);
    /// @notice `holder` is on hold (removed from the registry, its identity frozen, or some of its units frozen):
    /// its claim stays until the hold
    /// is lifted, or the token's controller redeems it for a recovered wallet (`redeemFor`).
    error ExitHolderOnHold(address holder);
    /// @notice Only a holder of the token's `CONTROLLER_ROLE` redeems for another wallet.
    error ExitUnauthorizedController(address caller);
    /// @notice A redemption for a recovered wallet pays a wallet registered in the identity registry.
    error ExitReceiverNotRegistered(address receiver);
    /// @notice A redemption for another wallet never pays a wallet frozen on the token or in the identity registry
    /// (a compliance hold: paying it would defeat the hold, whoever orders the payment).
    error ExitReceiverFrozen(address receiver);
    /// @notice Once the issuer gave up control (`finalizeControllable`), a controller pays a holder's share only to a
    /// wallet of the holder's own identity (a recovered wallet), never to another investor's.
    error ExitReceiverNotHolderIdentity(address holder, address receiver);
    /// @notice The refinance `proposalId` already returned its capital.
    error ExitCapitalAlreadyReturned(uint256 proposalId);
    /// @notice Defence: a payout would take the total paid above the proceeds (unreachable while the token reports
    /// balances that sum to its supply at the close).
    error ExitOverPayment(uint256 paidOut, uint256 proceeds);
}
