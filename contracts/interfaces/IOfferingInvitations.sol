// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A private placement: the offering's issuer invites one investor identity to subscribe, at its own price,
/// by signing this as EIP-712 typed data (domain: name "Freehold Offering", version "1", the chain id and the
/// offering's address, so a signature is good on one offering of one chain only).
struct Invitation {
    address identity; // the investor's identity (registry): any verified wallet of it may redeem
    uint64 minUnits; // the fewest units the redemption may take
    uint64 maxUnits; // the most units the redemption may take
    uint128 pricePerUnit; // payment-token base units per unit, for this invitation (may differ from the terms')
    uint40 expiry; // unix seconds: redeemable strictly before it
    bytes32 salt; // distinguishes invitations with otherwise equal fields (the backend's invitation id)
}

/// @title IOfferingInvitations
/// @notice Private placements of a `PropertyOffering` (issue 20): signed invitations redeemed once, through the same
/// escrow, caps and compliance checks as a public subscription, each at its own price.
interface IOfferingInvitations {
    /// @notice The invitation `invitationHash` (its EIP-712 digest) was redeemed by `investor` of `identity` for
    /// `units`, paying `paid` into escrow (a `Subscribed` event with the same figures precedes it).
    event InvitationRedeemed(
        bytes32 indexed invitationHash,
        address indexed investor,
        address indexed identity,
        uint256 units,
        uint256 paid
    );
    /// @notice The issuer revoked the invitation `invitationHash`: it can no longer be redeemed.
    event InvitationRevoked(bytes32 indexed invitationHash);

    /// @notice Subscribes the caller under `invitation`, paying `units * invitation.pricePerUnit` with a prior
    /// `approve` of the payment token. The caller must be a wallet of `invitation.identity`; the offering must be
    /// active; the invitation unexpired, neither redeemed nor revoked, and signed by the offering's issuer; `units`
    /// within its range. The offering's hard cap, the identity's maximum ticket (not the minimum: the invitation's
    /// range replaces it) and the token's compliance apply as to a public subscription.
    /// @param invitation The invitation, as signed.
    /// @param units Units to subscribe.
    /// @param signature The issuer's EIP-712 signature of `invitation` (or an ERC-1271 contract issuer's).
    function subscribeWithInvitation(Invitation calldata invitation, uint256 units, bytes calldata signature) external;

    /// @notice `subscribeWithInvitation`, authorizing the payment with an EIP-2612 permit of exactly
    /// `units * invitation.pricePerUnit` (so a gasless investor can redeem through the trusted forwarder).
    /// @param invitation The invitation, as signed.
    /// @param units Units to subscribe.
    /// @param signature The issuer's EIP-712 signature of `invitation`.
    /// @param deadline Permit deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    function subscribeWithInvitationAndPermit(
        Invitation calldata invitation,
        uint256 units,
        bytes calldata signature,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Revokes an invitation that was not redeemed (issuer only, directly or through the forwarder).
    /// @param invitationHash The invitation's EIP-712 digest (`invitationHash(invitation)`).
    function revokeInvitation(bytes32 invitationHash) external;

    /// @notice The EIP-712 digest the issuer signs for `invitation` on this offering and chain.
    /// @param invitation The invitation.
    /// @return The digest, which also names the invitation in events and in `revokeInvitation`.
    function invitationHash(Invitation calldata invitation) external view returns (bytes32);

    /// @notice Whether the invitation `hash` was redeemed (1), revoked (2), or neither (0).
    /// @param hash The invitation's digest.
    /// @return The status.
    function invitationStatus(bytes32 hash) external view returns (uint8);

    /// @notice What `wallet` paid into escrow over all its subscriptions, public and invited, each at its own price
    /// (what a refund pays back).
    /// @param wallet The wallet.
    /// @return Amount in payment-token base units.
    function paidBy(address wallet) external view returns (uint256);
}
