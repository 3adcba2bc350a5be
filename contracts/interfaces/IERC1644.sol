// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1644 controller operations (court orders, lost-wallet recovery).
interface IERC1644 {
    /// @notice Emitted for every forced transfer.
    event ControllerTransfer(
        address controller,
        address indexed from,
        address indexed to,
        uint256 value,
        bytes data,
        bytes operatorData
    );
    /// @notice Emitted for every forced redemption.
    event ControllerRedemption(
        address controller,
        address indexed tokenHolder,
        uint256 value,
        bytes data,
        bytes operatorData
    );
    /// @notice Emitted once, when control is given up for ever.
    event ControllableFinalized();

    /// @notice Whether the controller can still force transfers and redemptions.
    function isControllable() external view returns (bool);

    /// @notice Forces a transfer of `value` units from `from` to `to` (CONTROLLER_ROLE), default partition first,
    /// then the other partitions in `partitionsOf` order, each into the same partition at `to`.
    function controllerTransfer(
        address from,
        address to,
        uint256 value,
        bytes calldata data,
        bytes calldata operatorData
    ) external;

    /// @notice Forces a redemption of `value` units of `holder` (CONTROLLER_ROLE), partitions in the same order.
    function controllerRedeem(address holder, uint256 value, bytes calldata data, bytes calldata operatorData) external;

    /// @notice Gives up control for ever (DEFAULT_ADMIN_ROLE).
    function finalizeControllable() external;
}
