// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPropertyTokenFactoryErrors
/// @notice Every refusal of the `PropertyTokenFactory`, with the facts needed to act on it.
interface IPropertyTokenFactoryErrors {
    /// @dev An address argument must not be zero (or must be a contract, for implementations and the fee schedule).
    error FactoryInvalidAddress(bytes32 field);
    /// @dev The name and symbol must not be empty.
    error FactoryEmptyName();
    /// @dev `token` was not launched by this factory.
    error FactoryUnknownToken(address token);
    /// @dev Only the token's admin (`DEFAULT_ADMIN_ROLE` on it) may make its governor.
    error FactoryNotTokenAdmin(address token, address account);
    /// @dev `token` already has its governor.
    error FactoryGovernorExists(address token, address governor);
    /// @dev `token` already has its exit.
    error FactoryExitExists(address token, address exit);
    /// @dev An exit accepts the approvals of the token's governor: make the governor first (`launchGovernor`).
    error FactoryNoGovernor(address token);
}
