// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {PropertyTokenStorage} from "./PropertyTokenStorage.sol";

/// @title Storage of the ERC-1643 documents of a property (title deed, valuation, offering memorandum, leases).
/// @notice The token reads them (`getDocument`, `getAllDocuments`); `PropertyTokenAdmin` writes them, for
/// `DOCUMENTS_ROLE` (the platform's document agent: it can do nothing else on the token) or `AGENT_ROLE`.
abstract contract TokenDocuments is PropertyTokenStorage {
    struct Document {
        string uri;
        bytes32 documentHash;
        uint256 lastModified;
    }

    mapping(bytes32 name => Document) internal _documents;
    EnumerableSet.Bytes32Set internal _documentNames;
}
