// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestStablecoin
/// @notice A 6-decimal ERC-20 with EIP-2612 permit that stands in for a real stablecoin (USDC-like) on local and
/// test networks. Never deploy it on a production network: its minters create money at will.
contract TestStablecoin is ERC20, ERC20Permit, AccessControl {
    /// @notice Role allowed to mint new coins.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param name_ Token name (also the EIP-712 domain name used by permits).
    /// @param symbol_ Token symbol.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and `MINTER_ROLE`.
    constructor(string memory name_, string memory symbol_, address admin) ERC20(name_, symbol_) ERC20Permit(name_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice Six decimals, like USDC: one coin is 1,000,000 base units.
    /// @return The number of decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` base units to `to`.
    /// @param to Receiver of the new coins.
    /// @param amount Amount in base units.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Burns `amount` base units from the caller.
    /// @param amount Amount in base units.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }
}
