// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken (test only)
/// @notice An ERC-20 that burns a fee on every transfer, so the receiver gets less than the amount asked.
/// Used to prove that escrows refuse payment tokens that deliver short.
contract FeeOnTransferToken is ERC20 {
    uint256 public immutable FEE_BPS;

    /// @param feeBps_ Fee burnt on every transfer, in basis points.
    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        FEE_BPS = feeBps_;
    }

    /// @notice Six decimals, like the real payment token.
    /// @return The number of decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints test coins to anyone.
    /// @param to Receiver.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * FEE_BPS) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
