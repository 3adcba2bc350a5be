// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ISettlementErrors
/// @notice Every refusal of the `Settlement` contract, with the facts needed to act on it.
interface ISettlementErrors {
    /// @dev No open order has this id (never posted, fully filled or cancelled).
    error SettlementOrderNotFound(uint256 orderId);
    /// @dev An order must offer at least one unit, and a fill must take at least one.
    error SettlementZeroUnits();
    /// @dev An order needs a positive price that fits in 96 bits.
    error SettlementInvalidPrice(uint256 pricePerUnit);
    /// @dev Token and payment token must not be zero; the factory and the fee schedule must be contracts.
    error SettlementZeroAddress();
    /// @dev The expiry must be in the future.
    error SettlementInvalidExpiry(uint64 expiry);
    /// @dev The order expired at `expiry`.
    error SettlementOrderExpired(uint256 orderId, uint64 expiry);
    /// @dev The order is reserved for `buyer`.
    error SettlementNotDesignatedBuyer(uint256 orderId, address buyer);
    /// @dev The fill asks for more units than the order still offers.
    error SettlementInsufficientUnits(uint256 orderId, uint256 requested, uint256 remaining);
    /// @dev Only the seller may cancel the order.
    error SettlementNotSeller(uint256 orderId, address caller);
    /// @dev The seller may not fill their own order.
    error SettlementSelfTrade(uint256 orderId);
    /// @dev The token was not launched by any of the platform's factories.
    error SettlementUnknownToken(address token);
    /// @dev The factory was already added.
    error SettlementFactoryAlreadyAdded(address factory);
    /// @dev The payment token delivered less than asked (fee-on-transfer or rebasing tokens are refused).
    error SettlementPaymentShortfall(uint256 expected, uint256 received);
}
