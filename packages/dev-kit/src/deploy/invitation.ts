/**
 * Private placements (issue 20): the EIP-712 domain and type of an offering's `Invitation`, which the offering's
 * issuer signs and one investor identity redeems with `subscribeWithInvitation`. One definition for the tests, the gas
 * benchmark, the backend (which checks a posted signature) and the seed, so the typed data cannot drift from the
 * contract.
 */
import { TypedDataEncoder, type Signer, type TypedDataDomain } from "ethers";

/** The offering's EIP-712 domain name and version (its constructor: `EIP712("Freehold Offering", "1")`). */
export const OFFERING_DOMAIN_NAME = "Freehold Offering";
export const OFFERING_DOMAIN_VERSION = "1";

/**
 * `Invitation(address identity,uint64 minUnits,uint64 maxUnits,uint128 pricePerUnit,uint40 expiry,bytes32 salt)`.
 */
export const INVITATION_TYPES = {
  Invitation: [
    { name: "identity", type: "address" },
    { name: "minUnits", type: "uint64" },
    { name: "maxUnits", type: "uint64" },
    { name: "pricePerUnit", type: "uint128" },
    { name: "expiry", type: "uint40" },
    { name: "salt", type: "bytes32" },
  ],
};

/** An invitation's fields, as the offering's `Invitation` struct takes them. */
export interface Invitation {
  /** The investor's identity in the registry: any verified wallet of it may redeem. */
  identity: string;
  minUnits: bigint;
  maxUnits: bigint;
  /** Payment-token base units per unit, for this invitation. */
  pricePerUnit: bigint;
  /** Unix seconds: redeemable strictly before it. */
  expiry: bigint;
  /** 32 bytes that tell apart invitations with otherwise equal fields. */
  salt: string;
}

/** An invitation with the issuer's signature and its digest (the id the offering's events and revocation use). */
export interface SignedInvitation {
  invitation: Invitation;
  signature: string;
  hash: string;
}

/** The EIP-712 domain of the offering at `offering` on `chainId`. */
export function offeringDomain(chainId: bigint, offering: string): TypedDataDomain {
  return { name: OFFERING_DOMAIN_NAME, version: OFFERING_DOMAIN_VERSION, chainId, verifyingContract: offering };
}

/** The digest the issuer signs for `invitation` in `domain` (equal to the offering's `invitationHash`). */
export function invitationHash(domain: TypedDataDomain, invitation: Invitation): string {
  return TypedDataEncoder.hash(domain, INVITATION_TYPES, invitation);
}

/** Signs `invitation` with `signer` (the offering's issuer) for the offering of `domain`. */
export async function signInvitation(
  signer: Signer,
  domain: TypedDataDomain,
  invitation: Invitation,
): Promise<SignedInvitation> {
  const signature = await signer.signTypedData(domain, INVITATION_TYPES, invitation);
  return { invitation, signature, hash: invitationHash(domain, invitation) };
}
