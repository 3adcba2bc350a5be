// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockStablecoin (test only)
/// @notice A stablecoin deployed apart from the platform, without EIP-2612 permit (USDT-like): investors approve,
/// then subscribe. Decimals are chosen at deployment so tests cover the whole range the deploy accepts.
contract MockStablecoin is ERC20 {
    uint8 private immutable _DECIMALS;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Number of decimals (6 for USDT).
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _DECIMALS = decimals_;
    }

    /// @notice The decimals chosen at deployment.
    /// @return The number of decimals.
    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }

    /// @notice Mints test coins to anyone (test only).
    /// @param to Receiver.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
