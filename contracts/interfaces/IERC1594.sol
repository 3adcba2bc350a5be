// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1594 core security token (issuance, redemption, transfer verdicts) on the default partition.
interface IERC1594 {
    /// @notice Emitted when units are issued.
    event Issued(address indexed operator, address indexed to, uint256 value, bytes data);
    /// @notice Emitted when units are redeemed.
    event Redeemed(address indexed operator, address indexed from, uint256 value, bytes data);
    /// @notice Emitted once, when issuance is closed for ever.
    event IssuanceFinalized();

    /// @notice ERC-20 transfer with attached data.
    function transferWithData(address to, uint256 value, bytes calldata data) external;

    /// @notice ERC-20 transferFrom with attached data.
    function transferFromWithData(address from, address to, uint256 value, bytes calldata data) external;

    /// @notice Whether new units can still be issued.
    function isIssuable() external view returns (bool);

    /// @notice Issues `value` units of the default partition to `to` (ISSUER_ROLE).
    function issue(address to, uint256 value, bytes calldata data) external;

    /// @notice Redeems `value` of the caller's default-partition units.
    function redeem(uint256 value, bytes calldata data) external;

    /// @notice Redeems `value` of `from`'s default-partition units using the caller's ERC-20 allowance.
    function redeemFrom(address from, uint256 value, bytes calldata data) external;

    /// @notice The verdict `transfer(to, value)` from the caller would reach.
    function canTransfer(address to, uint256 value, bytes calldata data) external view returns (bytes1, bytes32);

    /// @notice The verdict `transferFrom(from, to, value)` by the caller would reach (allowance included).
    function canTransferFrom(
        address from,
        address to,
        uint256 value,
        bytes calldata data
    ) external view returns (bytes1, bytes32);

    /// @notice Closes issuance for ever (DEFAULT_ADMIN_ROLE).
    function finalizeIssuance() external;
}
