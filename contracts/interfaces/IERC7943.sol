// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ERC-7943, the universal real-world-asset interface (fungible form), as OpenZeppelin's `ERC20uRWA` implements
/// it: account eligibility, frozen amounts and forced transfers, readable by any tool built for the standard.
interface IERC7943 is IERC165 {
    /// @notice `amount` units were taken from `from` and given to `to` by an enforcer.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    /// @notice The frozen amount of `account` is now `amount`.
    event Frozen(address indexed account, uint256 amount);

    /// @notice Moves `amount` units from `from` to `to` without the transfer rules (enforcer only).
    /// @return result Always true; reverts otherwise.
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool result);
    /// @notice Sets the frozen amount of `account` (replaces it, like `approve`).
    /// @return result Always true; reverts otherwise.
    function setFrozenTokens(address account, uint256 amount) external returns (bool result);
    /// @notice Whether `account` may take part in transfers at all (e.g. verified and not frozen).
    function canTransact(address account) external view returns (bool allowed);
    /// @notice Units of `account` that cannot be moved by its owner.
    function getFrozenTokens(address account) external view returns (uint256 amount);
    /// @notice Whether `from` may transfer `amount` units to `to` now, frozen units included in the check.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool allowed);
}
