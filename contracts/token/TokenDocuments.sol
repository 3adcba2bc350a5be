// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {PropertyTokenStorage} from "./PropertyTokenStorage.sol";

/// @title ERC-1643 documents of a property (title deed, valuation, offering memorandum, leases).
/// @notice Written by `DOCUMENTS_ROLE` (the platform's document agent: it can do nothing else on the token) or by
/// `AGENT_ROLE` (the property manager). A refusal names `DOCUMENTS_ROLE`, the narrowest role that would do.
abstract contract TokenDocuments is PropertyTokenStorage {
    using EnumerableSet for EnumerableSet.Bytes32Set;

    struct Document {
        string uri;
        bytes32 documentHash;
        uint256 lastModified;
    }

    mapping(bytes32 name => Document) private _documents;
    EnumerableSet.Bytes32Set private _documentNames;

    /// @inheritdoc IERC1643
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash) external {
        _checkDocumentWriter();
        if (name == bytes32(0) || bytes(uri).length == 0) revert TokenInvalidDocument(name);
        _documents[name] = Document(uri, documentHash, block.timestamp);
        _documentNames.add(name);
        emit DocumentUpdated(name, uri, documentHash);
    }

    /// @inheritdoc IERC1643
    function getDocument(bytes32 name) external view returns (string memory, bytes32, uint256) {
        Document storage doc = _documents[name];
        return (doc.uri, doc.documentHash, doc.lastModified);
    }

    /// @inheritdoc IERC1643
    function removeDocument(bytes32 name) external {
        _checkDocumentWriter();
        if (!_documentNames.remove(name)) revert TokenDocumentNotFound(name);
        Document memory doc = _documents[name];
        delete _documents[name];
        emit DocumentRemoved(name, doc.uri, doc.documentHash);
    }

    /// @inheritdoc IERC1643
    function getAllDocuments() external view returns (bytes32[] memory) {
        return _documentNames.values();
    }

    /// @dev Reverts with OpenZeppelin's `AccessControlUnauthorizedAccount(caller, DOCUMENTS_ROLE)` unless the caller
    /// holds `DOCUMENTS_ROLE` or `AGENT_ROLE`.
    function _checkDocumentWriter() private view {
        if (!hasRole(DOCUMENTS_ROLE, msg.sender) && !hasRole(AGENT_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, DOCUMENTS_ROLE);
        }
    }
}
