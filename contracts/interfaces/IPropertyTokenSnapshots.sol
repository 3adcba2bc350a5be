// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The holder-vote side of a PropertyToken (issue 19): one snapshot at a time, opened and closed by the token's
/// governor, recorded lazily per identity; and the voting power a governor reads.
/// @notice Implemented by `PropertyTokenAdmin` and reached through the token's fallback (the token forwards every
/// function it does not declare to its administration module): call these on the token's address with this
/// interface's ABI. The token's own code only records snapshots on its balance path.
interface IPropertyTokenSnapshots {
    /// @notice The token's governor was set (once, by the admin).
    event GovernorSet(address indexed governor);
    /// @notice The governor opened snapshot `snapshotId`: from now on each identity's first balance change records
    /// its total before the change.
    event SnapshotOpened(uint256 indexed snapshotId);
    /// @notice The governor closed snapshot `snapshotId` (its vote ended): transfers record nothing again.
    event SnapshotClosed(uint256 indexed snapshotId);

    /// @notice Sets the token's governor, the only contract that may open and close snapshots (DEFAULT_ADMIN_ROLE;
    /// once: a governor's terms are the holders' guarantee, so it cannot be swapped afterwards).
    /// @param governor The governor, a contract (normally the factory's `launchGovernor` clone for this token).
    function setGovernor(address governor) external;

    /// @notice Opens a snapshot (the governor only; none may be open): its id is the previous one plus one.
    /// @return snapshotId The new snapshot's id.
    function openSnapshot() external returns (uint256 snapshotId);

    /// @notice Closes the open snapshot (the governor only).
    function closeSnapshot() external;

    /// @notice The token's governor (zero: none set).
    /// @return The governor.
    function governor() external view returns (address);

    /// @notice The last snapshot opened (0: none yet) and whether it is open.
    /// @return snapshotId The id.
    /// @return open Whether it is still open.
    function currentSnapshot() external view returns (uint256 snapshotId, bool open);

    /// @notice Units of `identity` (all its wallets) when the open snapshot was opened; with none open, its current
    /// total.
    /// @param identity The identity id.
    /// @return The units.
    function identityBalanceAtSnapshot(address identity) external view returns (uint256);

    /// @notice Units frozen (partial freezes) over all wallets of `identity`.
    /// @param identity The identity id.
    /// @return The units.
    function frozenTokensOfIdentity(address identity) external view returns (uint256);

    /// @notice The votes `wallet` brings to the open vote: its identity, and the identity's units at the snapshot
    /// (`identityBalanceAtSnapshot`) minus its frozen units now; zero unless the wallet is verified in the registry
    /// (registered, KYC unexpired, not frozen) and its identity is not frozen on this token.
    /// @param wallet Any wallet of the identity.
    /// @return identity The wallet's identity (zero if unregistered).
    /// @return power The votes.
    function votingPowerOf(address wallet) external view returns (address identity, uint256 power);
}
