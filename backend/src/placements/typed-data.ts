/**
 * The EIP-712 typed data of an offering's `Invitation` (contracts/interfaces/IOfferingInvitations.sol), built from the
 * generated ABI of the offering (the struct's fields, in order, are `subscribeWithInvitation`'s first input), so it
 * cannot drift from the contract: the digest and the signer the offering computes are the ones computed here.
 */
import { propertyOfferingAbi } from "@freehold/deployments/abi";
import { getAddress, hashTypedData, recoverTypedDataAddress, type Hex, type TypedDataDomain } from "viem";

/** The offering's EIP-712 domain name and version (its constructor: `EIP712("Freehold Offering", "1")`). */
export const OFFERING_DOMAIN = { name: "Freehold Offering", version: "1" } as const;

const redeem = propertyOfferingAbi.find((item) => item.type === "function" && item.name === "subscribeWithInvitation");
if (!redeem || redeem.type !== "function" || !("components" in redeem.inputs[0]!)) {
  throw new Error("the offering ABI has no subscribeWithInvitation(Invitation,...): recompile the contracts");
}

export const INVITATION_TYPES = {
  Invitation: redeem.inputs[0].components.map(({ name, type }) => ({ name: name!, type })),
} as const;

export interface InvitationMessage {
  identity: `0x${string}`;
  minUnits: bigint;
  maxUnits: bigint;
  pricePerUnit: bigint;
  expiry: bigint;
  salt: Hex;
}

export function offeringDomain(chainId: number, offering: string): TypedDataDomain {
  return { ...OFFERING_DOMAIN, chainId, verifyingContract: getAddress(offering) };
}

const typed = (chainId: number, offering: string, message: InvitationMessage) => ({
  domain: offeringDomain(chainId, offering),
  types: INVITATION_TYPES,
  primaryType: "Invitation" as const,
  message,
});

/** The digest the offering's `invitationHash` gives (lower-case hex). */
export function invitationDigest(chainId: number, offering: string, message: InvitationMessage): Hex {
  return hashTypedData(typed(chainId, offering, message)).toLowerCase() as Hex;
}

/** The address whose key made `signature` over the invitation; throws when the signature is malformed. */
export async function invitationSigner(
  chainId: number,
  offering: string,
  message: InvitationMessage,
  signature: Hex,
): Promise<string> {
  return getAddress(await recoverTypedDataAddress({ ...typed(chainId, offering, message), signature }));
}
