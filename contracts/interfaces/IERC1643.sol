// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1643 document management (title deed, valuation, offering memorandum, leases).
interface IERC1643 {
    /// @notice Emitted when a document is added or replaced.
    event DocumentUpdated(bytes32 indexed name, string uri, bytes32 documentHash);
    /// @notice Emitted when a document is removed.
    event DocumentRemoved(bytes32 indexed name, string uri, bytes32 documentHash);

    /// @notice Adds or replaces document `name` (DOCUMENTS_ROLE or AGENT_ROLE).
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash) external;

    /// @notice The uri, hash and last modification time of document `name`.
    function getDocument(
        bytes32 name
    ) external view returns (string memory uri, bytes32 documentHash, uint256 lastModified);

    /// @notice Removes document `name` (DOCUMENTS_ROLE or AGENT_ROLE).
    function removeDocument(bytes32 name) external;

    /// @notice The names of all documents.
    function getAllDocuments() external view returns (bytes32[] memory);
}
