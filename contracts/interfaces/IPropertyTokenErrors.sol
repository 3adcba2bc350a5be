// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Custom errors of the PropertyToken.
interface IPropertyTokenErrors {
    // --- compliance refusals (each matches one verdict of `canTransfer*` / `canIssueByPartition`) ---
    /// @notice Transfers, issuance and redemption are paused.
    error TokenPaused();
    /// @notice The sender (or redeeming holder) is not verified in the identity registry.
    error TokenSenderNotVerified(address sender);
    /// @notice The receiver is not verified in the identity registry.
    error TokenReceiverNotVerified(address receiver);
    /// @notice The wallet is frozen (registry-wide or on this token).
    error TokenWalletFrozen(address wallet);
    /// @notice The receiver's country is not allowed on this token.
    error TokenCountryRestricted(address receiver, uint16 country);
    /// @notice The partition is reserved for accredited investors.
    error TokenReceiverNotAccredited(address receiver, bytes32 partition);
    /// @notice One more holder would exceed the maximum number of holders (identities).
    error TokenMaxHoldersReached(uint32 maxHolders);
    /// @notice The receiving identity would hold more than the maximum balance per identity.
    error TokenMaxBalanceExceeded(address identity, uint256 balanceAfter, uint256 maxBalance);
    /// @notice The sender's units of `partition` are locked up until `lockUntil`.
    error TokenPartitionLocked(bytes32 partition, uint40 lockUntil);
    /// @notice Not enough units of `partition`.
    error TokenInsufficientBalance(address holder, bytes32 partition, uint256 balance, uint256 needed);
    /// @notice Enough units, but some are frozen or held in escrow.
    error TokenInsufficientUnlockedBalance(address holder, bytes32 partition, uint256 available, uint256 needed);
    /// @notice The receiver is the zero address (use redeem).
    error TokenInvalidReceiver(address receiver);
    /// @notice Issuance has been finalized.
    error TokenIssuanceFinalized();
    /// @notice The total supply would exceed `type(uint64).max` units.
    error TokenSupplyLimit(uint256 totalSupply, uint256 value);
    /// @notice Holders may not redeem units of this token; only the controller redeems them.
    error TokenRedemptionClosed();

    // --- other refusals ---
    /// @notice The spender's ERC-20 allowance is too small.
    error TokenInsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// @notice The approver or spender is the zero address.
    error TokenInvalidApproval(address owner, address spender);
    /// @notice The caller is not an operator of `holder` for `partition`.
    error TokenNotOperator(address operator, address holder, bytes32 partition);
    /// @notice A holder cannot authorize or revoke itself as operator.
    error TokenInvalidOperator(address operator);
    /// @notice `unpause` while not paused.
    error TokenNotPaused();
    /// @notice Control has been given up (`finalizeControllable`).
    error TokenNotControllable();
    /// @notice A forced transfer must go to a wallet registered (possibly unverified) in the identity registry.
    error TokenReceiverNotRegistered(address receiver);
    /// @notice Only the token's rent distributor may call.
    error TokenOnlyRentDistributor(address caller);
    /// @notice Only the token's settlement contract may call.
    error TokenOnlySettlement(address caller);
    /// @notice Rent cannot be recorded while no unit exists.
    error TokenNoSupply();
    /// @notice The distribution would take a wallet's rent correction (88 bits) out of range: points per unit times
    /// the supply, or all rent ever recorded, both magnified by 2^32, must stay at most `type(int88).max`.
    error TokenRentOverflow(uint256 pointsPerUnit, uint256 supply);
    /// @notice The hold is smaller than the amount to release or execute.
    error TokenInsufficientHold(address holder, bytes32 partition, uint256 held, uint256 needed);
    /// @notice Freezing more units than the wallet holds.
    error TokenFreezeExceedsBalance(address wallet, uint256 balance, uint256 frozenAfter);
    /// @notice Unfreezing more units than are frozen.
    error TokenInsufficientFrozen(address wallet, uint256 frozen, uint256 needed);
    /// @notice The document name or uri is empty.
    error TokenInvalidDocument(bytes32 name);
    /// @notice No document with that name.
    error TokenDocumentNotFound(bytes32 name);
    /// @notice The ISO-3166 numeric country code is outside 1..999.
    error TokenInvalidCountry(uint16 country);
    /// @notice Initialization data is invalid (empty name or symbol, zero admin).
    error TokenInvalidInit();
    /// @notice A clone must use the identity registry its implementation was built for.
    error TokenRegistryMismatch(address expected, address given);
    /// @notice Only the token's governor may open or close a snapshot (issue 19).
    error TokenOnlyGovernor(address caller);
    /// @notice The governor is set once: `current` already holds the role.
    error TokenGovernorAlreadySet(address current);
    /// @notice The governor must be a contract.
    error TokenInvalidGovernor(address governor);
    /// @notice A snapshot (`snapshotId`) is already open: one vote at a time.
    error TokenSnapshotOpen(uint256 snapshotId);
    /// @notice No snapshot is open.
    error TokenNoSnapshotOpen();
    /// @notice Only the token's exit may close the token or burn at redemption (issue 19).
    error TokenOnlyExit(address caller);
    /// @notice Only a platform factory (a registrar of the token's rent distributor) names the token's exit, in
    /// `launchExit`: an exit may burn units, so its code must be the platform's (issue 19, audit finding).
    error TokenOnlyFactory(address caller);
    /// @notice The exit is set once: `current` already holds the role.
    error TokenExitAlreadySet(address current);
    /// @notice The exit must be a contract.
    error TokenInvalidExit(address exit);
    /// @notice The token is closed for good (its exit received a sale's proceeds): nothing may reopen or move it but
    /// the exit's redemptions.
    error TokenIsClosed();
}
