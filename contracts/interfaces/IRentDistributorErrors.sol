// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRentDistributorErrors
/// @notice Every refusal of the `RentDistributor`, with the facts needed to act on it.
interface IRentDistributorErrors {
    /// @dev The property token was never registered with the distributor.
    error DistributorTokenNotRegistered(address token);
    /// @dev The property token is already registered (its payment token is fixed).
    error DistributorTokenAlreadyRegistered(address token);
    /// @dev Token and payment token addresses must not be zero; the fee schedule must be a contract.
    error DistributorZeroAddress();
    /// @dev Only the token's admin (its property manager) or a distributor depositor may deposit.
    error DistributorUnauthorizedDepositor(address token, address caller);
    /// @dev The token has no units outstanding: nobody could receive the rent.
    error DistributorNoSupply(address token);
    /// @dev The deposit (plus carried dust) is smaller than one base unit per token unit.
    error DistributorDepositTooSmall(address token, uint256 amount, uint256 supply);
    /// @dev A deposit must name the SHA-256 of the period statement it pays out; zero names none.
    error DistributorZeroStatementHash(address token, uint256 amount);
    /// @dev Deposit `depositId` of `token` already paid out the statement `statementHash`: a period is paid out
    /// once (a correction is a new adjustment period with its own statement).
    error DistributorStatementAlreadyPaid(address token, bytes32 statementHash, uint256 depositId);
    /// @dev The payment token delivered less than asked (fee-on-transfer or rebasing tokens are refused).
    error DistributorPaymentShortfall(uint256 expected, uint256 received);
    /// @dev The holder is frozen (on the token or in the identity registry) or removed from the registry: its rent
    /// accrues but cannot be claimed until the hold is lifted (the token's controller can redirect it).
    error DistributorHolderOnHold(address token, address holder);
    /// @dev Only a holder of the token's `CONTROLLER_ROLE` may redirect rent.
    error DistributorUnauthorizedController(address token, address caller);
    /// @dev Redirected rent must go to a wallet registered (not removed) in the identity registry.
    error DistributorReceiverNotRegistered(address receiver);
    /// @dev Redirected rent never goes to a wallet frozen on the token or in the identity registry (a compliance hold:
    /// paying it would defeat the hold, whoever orders the payment).
    error DistributorReceiverFrozen(address receiver);
    /// @dev Once the token's issuer gave up control (`finalizeControllable`), rent is redirected only to a wallet of
    /// the holder's own identity (a recovered wallet), never to another investor's.
    error DistributorReceiverNotHolderIdentity(address holder, address receiver);
    /// @dev The holder has nothing to claim.
    error DistributorNothingToClaim(address holder);
    /// @dev The token reports more rent for a holder than the distributor still owes to all of the token's
    /// holders: refused, the distributor never pays out more than was deposited for a token.
    error DistributorOverClaim(address token, uint256 amount, uint256 owed);
}
