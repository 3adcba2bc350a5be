/**
 * Private placements (issue 20): the EIP-712 typed data of an offering's `Invitation`, built from the generated
 * offering ABI (the struct's fields, in order, are `subscribeWithInvitation`'s first input) and the offering's
 * domain, so the manager's wallet signs exactly what the contract checks (`invitationHash`) and the struct is written
 * nowhere by hand. The one place the web app builds, hashes or passes an invitation.
 */
import { getAddress, hashTypedData, type Address, type Hex } from "viem";
import { abis } from "../contracts/abi";
import type { Invitation } from "./api";

/** The offering's EIP-712 domain name and version (its constructor: `EIP712("Freehold Offering", "1")`). */
export const OFFERING_DOMAIN = { name: "Freehold Offering", version: "1" } as const;

const redeem = abis.PropertyOffering.find(
  (item) => item.type === "function" && item.name === "subscribeWithInvitation",
);
if (!redeem || redeem.type !== "function" || !("components" in redeem.inputs[0]!)) {
  throw new Error("the offering ABI has no subscribeWithInvitation(Invitation,...): recompile the contracts");
}

/** `Invitation(address identity,uint64 minUnits,uint64 maxUnits,uint128 pricePerUnit,uint40 expiry,bytes32 salt)`. */
export const INVITATION_TYPES = {
  Invitation: redeem.inputs[0].components.map(({ name, type }) => ({ name: name!, type })),
} as const;

/** The invitation's fields as the contract's `Invitation` struct takes them. */
export interface InvitationMessage {
  identity: Address;
  minUnits: bigint;
  maxUnits: bigint;
  pricePerUnit: bigint;
  /** Unix seconds: redeemable strictly before it. */
  expiry: bigint;
  salt: Hex;
}

/** What the manager's wallet signs (`signTypedData`) for the offering at `offering` on `chainId`. */
export function invitationTypedData(chainId: number, offering: Address, message: InvitationMessage) {
  return {
    domain: { ...OFFERING_DOMAIN, chainId, verifyingContract: getAddress(offering) },
    types: INVITATION_TYPES,
    primaryType: "Invitation" as const,
    message,
  };
}

/** The digest the offering's `invitationHash` gives (lower-case hex, as the API names invitations). */
export function invitationDigest(chainId: number, offering: Address, message: InvitationMessage): Hex {
  return hashTypedData(invitationTypedData(chainId, offering, message)).toLowerCase() as Hex;
}

/** A fresh salt: 32 random bytes, so two invitations with equal terms have different digests. */
export function randomSalt(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** An invitation as the API returns it, back in the struct's form (to redeem it on chain). */
export function messageOf(invitation: Invitation): InvitationMessage {
  return {
    identity: getAddress(invitation.identity),
    minUnits: BigInt(invitation.minUnits),
    maxUnits: BigInt(invitation.maxUnits),
    pricePerUnit: BigInt(invitation.pricePerUnit),
    expiry: BigInt(Math.floor(Date.parse(invitation.expiry) / 1000)),
    salt: invitation.salt as Hex,
  };
}

/** The struct as the offering's functions take it through the ABI (`uint40 expiry` is a number there). */
export function invitationStruct(message: InvitationMessage) {
  return { ...message, expiry: Number(message.expiry) };
}
