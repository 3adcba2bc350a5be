// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1410 partially fungible token (partitions).
interface IERC1410 {
    /// @notice Emitted for every move of a named partition (not for plain ERC-20 transfers of the default partition).
    event TransferByPartition(
        bytes32 indexed fromPartition,
        address operator,
        address indexed from,
        address indexed to,
        uint256 value,
        bytes data,
        bytes operatorData
    );
    /// @notice Emitted when `holder` authorizes `operator` on all partitions.
    event AuthorizedOperator(address indexed operator, address indexed holder);
    /// @notice Emitted when `holder` revokes `operator` on all partitions.
    event RevokedOperator(address indexed operator, address indexed holder);
    /// @notice Emitted when `holder` authorizes `operator` on `partition`.
    event AuthorizedOperatorByPartition(bytes32 indexed partition, address indexed operator, address indexed holder);
    /// @notice Emitted when `holder` revokes `operator` on `partition`.
    event RevokedOperatorByPartition(bytes32 indexed partition, address indexed operator, address indexed holder);
    /// @notice Emitted when units are issued into `partition`.
    event IssuedByPartition(
        bytes32 indexed partition,
        address indexed operator,
        address indexed to,
        uint256 value,
        bytes data,
        bytes operatorData
    );
    /// @notice Emitted when units of `partition` are redeemed.
    event RedeemedByPartition(
        bytes32 indexed partition,
        address indexed operator,
        address indexed from,
        uint256 value,
        bytes operatorData
    );

    /// @notice Units of `partition` held by `holder`.
    function balanceOfByPartition(bytes32 partition, address holder) external view returns (uint256);

    /// @notice The partitions in which `holder` has a non-zero balance (the default partition first, if any).
    function partitionsOf(address holder) external view returns (bytes32[] memory);

    /// @notice Units of `partition` in existence.
    function totalSupplyByPartition(bytes32 partition) external view returns (uint256);

    /// @notice Moves `value` units of the caller's `partition` to `to` (same partition at the receiver).
    /// @return The receiver's partition.
    function transferByPartition(
        bytes32 partition,
        address to,
        uint256 value,
        bytes calldata data
    ) external returns (bytes32);

    /// @notice Moves `value` units of `from`'s `partition` to `to`; the caller must be an operator of `from`.
    /// @return The receiver's partition.
    function operatorTransferByPartition(
        bytes32 partition,
        address from,
        address to,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) external returns (bytes32);

    /// @notice Authorizes `operator` to move and redeem the caller's units of every partition.
    function authorizeOperator(address operator) external;

    /// @notice Revokes `operator`'s all-partition authorization.
    function revokeOperator(address operator) external;

    /// @notice Authorizes `operator` to move and redeem the caller's units of `partition`.
    function authorizeOperatorByPartition(bytes32 partition, address operator) external;

    /// @notice Revokes `operator`'s authorization on `partition`.
    function revokeOperatorByPartition(bytes32 partition, address operator) external;

    /// @notice Whether `operator` may act on all partitions of `holder` (a holder is always its own operator).
    function isOperator(address operator, address holder) external view returns (bool);

    /// @notice Whether `operator` may act on `partition` of `holder` (an all-partition operator may; so may the holder).
    function isOperatorForPartition(bytes32 partition, address operator, address holder) external view returns (bool);

    /// @notice Issues `value` new units of `partition` to `to` (ISSUER_ROLE; compliance rules apply).
    function issueByPartition(bytes32 partition, address to, uint256 value, bytes calldata data) external;

    /// @notice Redeems `value` of the caller's units of `partition`.
    function redeemByPartition(bytes32 partition, uint256 value, bytes calldata data) external;

    /// @notice Redeems `value` units of `holder`'s `partition`; the caller must be an operator of `holder`.
    function operatorRedeemByPartition(
        bytes32 partition,
        address holder,
        uint256 value,
        bytes calldata operatorData
    ) external;

    /// @notice The verdict `operatorTransferByPartition`/`transferByPartition` from the caller would reach.
    /// @return code ERC-1400 reason code (0x51 success), reason bytes32 ASCII reason, toPartition receiver's partition.
    function canTransferByPartition(
        address from,
        address to,
        bytes32 partition,
        uint256 value,
        bytes calldata data
    ) external view returns (bytes1 code, bytes32 reason, bytes32 toPartition);
}
