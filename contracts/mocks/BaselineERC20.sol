// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title BaselineERC20 (benchmark only)
/// @notice A plain OpenZeppelin ERC-20 with owner minting and burning: the baseline of the gas benchmark.
contract BaselineERC20 is ERC20, Ownable {
    /// @param owner_ May mint and burn.
    constructor(address owner_) ERC20("Baseline", "BASE") Ownable(owner_) {}

    /// @notice Mints `amount` to `to`.
    /// @param to Receiver.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from` (the issuer's forced redemption, as T-REX's `burn`).
    /// @param from Holder.
    /// @param amount Amount.
    function burn(address from, uint256 amount) external onlyOwner {
        _burn(from, amount);
    }
}
