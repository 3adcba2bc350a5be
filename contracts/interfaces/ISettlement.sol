// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice An open sell order. Storage is packed in five slots (token/expiry, seller/units, payment/price,
/// buyer, partition).
struct Order {
    address token; // property token
    uint64 expiry; // unix seconds; fills at or after it are refused
    address seller;
    uint96 unitsRemaining; // units still held for the order
    address paymentToken;
    uint96 pricePerUnit; // payment-token base units per unit
    address buyer; // designated buyer, or zero for anyone
    bytes32 partition;
}

/// @title ISettlement
/// @notice Secondary market with delivery versus payment: a seller's units are held in place (they stay in the
/// seller's wallet, locked, so rent keeps accruing to the seller); a fill moves units and payment atomically.
interface ISettlement {
    /// @notice A seller posted an order and `units` were held in their wallet.
    event OrderPosted(
        uint256 indexed orderId,
        address indexed token,
        address indexed seller,
        bytes32 partition,
        uint256 units,
        uint256 pricePerUnit,
        address paymentToken,
        address buyer,
        uint64 expiry
    );
    /// @notice `buyer` took `units` of the order and paid `paid`: to the seller, minus the trade fee of the same fill
    /// (`TradeFeeCharged`, if any).
    event OrderFilled(uint256 indexed orderId, address indexed buyer, uint256 units, uint256 paid);
    /// @notice Of a fill of `orderId` (a `token` order), `fee` (the platform's trade fee, taken from the price the
    /// buyer paid) went to `collector`. Emitted, before the fill's `OrderFilled`, only when the fee is not zero.
    event TradeFeeCharged(uint256 indexed orderId, address indexed token, address indexed collector, uint256 fee);
    /// @notice The seller cancelled; `unitsReturned` were released from the hold (fewer than the units remaining
    /// only if a controller operation took held units meanwhile).
    event OrderCancelled(uint256 indexed orderId, uint256 unitsReturned);

    /// @notice Tokens launched by `factory` may now be traded.
    event FactoryAdded(address indexed factory);

    /// @notice Accepts the tokens `factory` launched (admin; audit A-05). Until a factory is added, every order is
    /// refused; a factory cannot be removed (its tokens' holders rely on the market).
    /// @param factory A platform `PropertyTokenFactory`.
    function addFactory(address factory) external;

    /// @notice The factories whose launched tokens may be traded.
    /// @return The factories, in the order they were added.
    function factories() external view returns (address[] memory);

    /// @notice Whether `factory` was added.
    /// @param factory Any address.
    /// @return True once added.
    function isFactory(address factory) external view returns (bool);

    /// @notice Whether orders on `token` are accepted: one of the factories launched it (their record, not the code).
    /// @param token Any address.
    /// @return True for a platform token.
    function isTradable(address token) external view returns (bool);

    /// @notice Posts a sell order and holds `units` of the caller's `partition` balance in escrow-in-place; `token`
    /// must be one a platform factory launched (`isTradable`, else `SettlementUnknownToken`).
    /// @param token The property token.
    /// @param partition The partition of the units.
    /// @param units Units offered.
    /// @param pricePerUnit Payment-token base units per unit.
    /// @param paymentToken The ERC-20 the buyer pays with.
    /// @param buyer The only buyer allowed to fill, or zero for anyone.
    /// @param expiry Unix seconds after which the order can no longer be filled.
    /// @return orderId The new order's id.
    function postOrder(
        address token,
        bytes32 partition,
        uint256 units,
        uint256 pricePerUnit,
        address paymentToken,
        address buyer,
        uint64 expiry
    ) external returns (uint256 orderId);

    /// @notice Buys `units` of an order: units move to the caller through the token's compliance rules and the
    /// payment moves from the caller to the seller, minus the platform's trade fee for the token
    /// (`PlatformFees.feeOf(Trade, token)`, rounded down) which goes to the trade collector, in one transaction.
    /// @param orderId The order.
    /// @param units Units to buy (at most the units remaining).
    function fill(uint256 orderId, uint256 units) external;

    /// @notice `fill`, with the payment authorised by an EIP-2612 permit of the order's payment token signed by the
    /// buyer for this contract and `units x pricePerUnit` (the price; the trade fee is taken out of it), so a buyer
    /// holding no ETH can buy through the trusted forwarder (ERC-2771) in one request. A permit that fails (already
    /// used by someone who saw it first) is ignored: the payment then needs the allowance it would have given.
    /// @param orderId The order.
    /// @param units Units to buy.
    /// @param deadline Permit deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    function fillWithPermit(uint256 orderId, uint256 units, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Cancels an order (seller only): the remaining units are released from the hold.
    /// @param orderId The order.
    function cancel(uint256 orderId) external;

    /// @notice The open order `orderId` (all zero when not open).
    /// @param orderId The order.
    /// @return The order.
    function orderOf(uint256 orderId) external view returns (Order memory);

    /// @notice The id the next order will get.
    /// @return The id.
    function nextOrderId() external view returns (uint256);
}
