// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title FreeholdForwarder
/// @notice The platform's trusted forwarder (ERC-2771), one per platform: a relayer submits an investor's signed
/// request (EIP-712 typed data, domain name "Freehold Forwarder", version "1", this chain and this contract) and pays
/// its gas; the target contract reads the investor from the 20 bytes this forwarder appends to the call
/// (`ERC2771Context._msgSender()`). OpenZeppelin 5's `ERC2771Forwarder` unchanged: a request names its signer
/// (`from`, refused unless it signed: `ERC2771ForwarderInvalidSigner`), its target (which must trust this forwarder:
/// `ERC2771UntrustfulTarget`), a deadline (`ERC2771ForwarderExpiredRequest` after it) and uses the signer's next
/// nonce (a replayed or reordered request is refused), so a request signed for one contract cannot run on another and
/// runs at most once.
/// @dev The platform contracts that investors call take this forwarder's address in their constructors
/// (`PropertyOffering`, `RentDistributor`, `Settlement`, `PropertyToken`): an immutable of each implementation, so
/// every factory clone trusts it too.
contract FreeholdForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("Freehold Forwarder") {}
}
