// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

/// @title ForwardedAccessControl
/// @notice OpenZeppelin's `AccessControl` for a contract that trusts the platform's forwarder (ERC-2771): the caller,
/// for its own rules and for role checks alike, is `_msgSender()`, the signer of a request the trusted forwarder
/// relays (the 20 bytes it appends), else `msg.sender`.
/// @dev `AccessControl` brings `Context`; `ERC2771Context` overrides its three hooks, so both bases are named here
/// once (`_contextSuffixLength` is 20, as OpenZeppelin's notes on combining them require). No storage: a contract's
/// layout is `AccessControl`'s, as before.
abstract contract ForwardedAccessControl is AccessControl, ERC2771Context {
    /// @param forwarder The trusted forwarder, immutable (zero: none).
    constructor(address forwarder) ERC2771Context(forwarder) {}

    function _msgSender() internal view virtual override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view virtual override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view virtual override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
