// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ForwardedAccessControl} from "../forwarder/ForwardedAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ISettlement, Order} from "../interfaces/ISettlement.sol";
import {ISettlementErrors} from "../interfaces/ISettlementErrors.sol";
import {IPropertyToken} from "../interfaces/IPropertyToken.sol";
import {IPropertyTokenFactory} from "../interfaces/IPropertyTokenFactory.sol";
import {FeeKind, IPlatformFees} from "../interfaces/IPlatformFees.sol";

/// @title Settlement
/// @notice Secondary market of the platform with delivery versus payment and escrow in place: posting an order
/// holds the seller's units through the token's `holdByPartition` (the units stay in the seller's wallet, locked,
/// so rent keeps accruing to the seller); a fill moves the held units with the token's `executeHold` (every
/// compliance rule applies to the buyer: verification, countries, max holders, lock-ups...) and the payment from
/// the buyer straight to the seller, in one transaction. The contract never holds units or money.
///
/// Only tokens the platform's factories launched can be traded (audit A-05): the admin accepts factories (a new
/// factory replaces an old one for new launches, while the old one's tokens keep trading), and every posting asks
/// their record (`isToken`), never the bytecode. The payment token is the seller's choice (only the seller is paid
/// in it).
///
/// Trade fee (issue 20): the buyer pays the order's price; the platform's trade fee for the token
/// (`PlatformFees.feeOf(Trade, token)`, rounded down) goes from the buyer to the trade collector and the seller
/// receives the rest, in the same transaction (the seller bears the fee, as a broker's commission on a sale).
///
/// Gasless (issue 20): the seller and the buyer are `_msgSender()` (ERC-2771), so requests they sign and the
/// platform's trusted forwarder relays post, cancel and fill orders for them; `fillWithPermit` lets a buyer without
/// ETH authorise the payment with an EIP-2612 permit in the same request.
contract Settlement is ISettlement, ISettlementErrors, ForwardedAccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Factories whose launched tokens may be traded (a handful at most: one per platform generation).
    address[] private _factories;
    uint256 private _nextOrderId = 1;

    address private immutable _FEES;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE` (accepts factories).
    /// @param fees The platform's fee schedule (its trade fee is taken at each fill).
    /// @param forwarder The platform's trusted forwarder (ERC-2771; zero: none).
    constructor(address admin, address fees, address forwarder) ForwardedAccessControl(forwarder) {
        if (fees.code.length == 0) revert SettlementZeroAddress();
        _FEES = fees;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice The platform's fee schedule, read at each fill for the trade fee.
    /// @return The `PlatformFees` contract.
    function platformFees() external view returns (address) {
        return _FEES;
    }
    mapping(uint256 orderId => Order) private _orders;

    /// @inheritdoc ISettlement
    function addFactory(address factory) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (factory.code.length == 0) revert SettlementZeroAddress();
        if (isFactory(factory)) revert SettlementFactoryAlreadyAdded(factory);
        _factories.push(factory);
        emit FactoryAdded(factory);
    }

    /// @inheritdoc ISettlement
    function factories() external view returns (address[] memory) {
        return _factories;
    }

    /// @inheritdoc ISettlement
    function isFactory(address factory) public view returns (bool) {
        for (uint256 i = 0; i < _factories.length; ++i) {
            if (_factories[i] == factory) return true;
        }
        return false;
    }

    /// @inheritdoc ISettlement
    function isTradable(address token) public view returns (bool) {
        for (uint256 i = 0; i < _factories.length; ++i) {
            if (IPropertyTokenFactory(_factories[i]).isToken(token)) return true;
        }
        return false;
    }

    /// @inheritdoc ISettlement
    function postOrder(
        address token,
        bytes32 partition,
        uint256 units,
        uint256 pricePerUnit,
        address paymentToken,
        address buyer,
        uint64 expiry
    ) external nonReentrant returns (uint256 orderId) {
        if (token == address(0) || paymentToken == address(0)) revert SettlementZeroAddress();
        if (units == 0) revert SettlementZeroUnits();
        if (pricePerUnit == 0 || pricePerUnit > type(uint96).max) revert SettlementInvalidPrice(pricePerUnit);
        if (expiry < block.timestamp + 1) revert SettlementInvalidExpiry(expiry);
        if (!isTradable(token)) revert SettlementUnknownToken(token);

        address seller = _msgSender();
        orderId = _nextOrderId;
        _nextOrderId = orderId + 1;
        _orders[orderId] = Order({
            token: token,
            expiry: expiry,
            seller: seller,
            unitsRemaining: SafeCast.toUint96(units),
            paymentToken: paymentToken,
            pricePerUnit: uint96(pricePerUnit),
            buyer: buyer,
            partition: partition
        });
        // The token refuses the hold if the seller's free balance on the partition is too small.
        IPropertyToken(token).holdByPartition(seller, partition, units);
        emit OrderPosted(orderId, token, seller, partition, units, pricePerUnit, paymentToken, buyer, expiry);
    }

    /// @inheritdoc ISettlement
    function fill(uint256 orderId, uint256 units) external nonReentrant {
        _fill(orderId, units, _msgSender());
    }

    /// @inheritdoc ISettlement
    function fillWithPermit(
        uint256 orderId,
        uint256 units,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        address buyer = _msgSender();
        Order storage order = _orders[orderId];
        // The permit covers the price (the trade fee is part of it). A permit seen in the mempool can be submitted by
        // anyone first; then ours fails, yet the allowance is there: the payment below is the real check.
        // It is tried only for a fill that can happen: a missing order's payment token is the zero address (a call to
        // an account without code reverts here, outside `try`), and more units than remain could overflow the price;
        // `_fill` then refuses either with its reason.
        if (order.seller != address(0) && units <= order.unitsRemaining) {
            try
                IERC20Permit(order.paymentToken).permit(
                    buyer,
                    address(this),
                    units * order.pricePerUnit,
                    deadline,
                    v,
                    r,
                    s
                )
            {} catch {}
        }
        _fill(orderId, units, buyer);
    }

    function _fill(uint256 orderId, uint256 units, address buyer) private {
        Order storage order = _orders[orderId];
        address seller = order.seller;
        if (seller == address(0)) revert SettlementOrderNotFound(orderId);
        if (units == 0) revert SettlementZeroUnits();
        if (buyer == seller) revert SettlementSelfTrade(orderId);
        uint64 expiry = order.expiry;
        if (block.timestamp > expiry - 1) revert SettlementOrderExpired(orderId, expiry);
        address designated = order.buyer;
        if (designated != address(0) && designated != buyer) {
            revert SettlementNotDesignatedBuyer(orderId, designated);
        }
        uint256 remaining = order.unitsRemaining;
        if (units > remaining) revert SettlementInsufficientUnits(orderId, units, remaining);

        address token = order.token;
        bytes32 partition = order.partition;
        IERC20 payment = IERC20(order.paymentToken);
        uint256 paid = units * order.pricePerUnit;
        if (units == remaining) {
            delete _orders[orderId]; // fully filled: the order is gone (and its storage refunded)
        } else {
            order.unitsRemaining = uint96(remaining - units); // safe: units < remaining <= uint96 max
        }

        // Delivery: the token applies its full compliance to the buyer and reverts with its own reason.
        IPropertyToken(token).executeHold(seller, buyer, partition, units);
        _pay(orderId, token, payment, buyer, seller, paid);
        emit OrderFilled(orderId, buyer, units, paid);
    }

    /// @dev Payment: straight from buyer to seller (the trade fee to its collector), refused if the seller receives
    /// less than the price minus the fee.
    function _pay(uint256 orderId, address token, IERC20 payment, address buyer, address seller, uint256 paid) private {
        uint256 proceeds = paid - _chargeTradeFee(orderId, token, payment, buyer, paid);
        uint256 before = payment.balanceOf(seller);
        payment.safeTransferFrom(buyer, seller, proceeds);
        uint256 received = payment.balanceOf(seller) - before;
        if (received != proceeds) revert SettlementPaymentShortfall(proceeds, received);
    }

    /// @inheritdoc ISettlement
    function cancel(uint256 orderId) external nonReentrant {
        Order storage order = _orders[orderId];
        address seller = order.seller;
        if (seller == address(0)) revert SettlementOrderNotFound(orderId);
        address caller = _msgSender();
        if (caller != seller) revert SettlementNotSeller(orderId, caller);
        uint256 remaining = order.unitsRemaining;
        IPropertyToken token = IPropertyToken(order.token);
        bytes32 partition = order.partition;
        delete _orders[orderId];
        // A controller operation (court order, wallet recovery) may have taken held units and trimmed the hold:
        // release what is left of it, so the seller can always close the order.
        uint256 held = token.heldBalanceOfByPartition(seller, partition);
        uint256 released = remaining < held ? remaining : held;
        if (released != 0) token.releaseHold(seller, partition, released);
        emit OrderCancelled(orderId, released);
    }

    /// @inheritdoc ISettlement
    function orderOf(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc ISettlement
    function nextOrderId() external view returns (uint256) {
        return _nextOrderId;
    }

    /// @dev Sends the platform's trade fee on `paid` from the buyer to the trade collector and returns it.
    function _chargeTradeFee(
        uint256 orderId,
        address token,
        IERC20 payment,
        address buyer,
        uint256 paid
    ) private returns (uint256 fee) {
        (uint16 feeBps, address collector) = IPlatformFees(_FEES).feeOf(FeeKind.Trade, token);
        fee = (paid * feeBps) / 10_000;
        if (fee == 0) return 0;
        payment.safeTransferFrom(buyer, collector, fee);
        emit TradeFeeCharged(orderId, token, collector, fee);
    }
}
