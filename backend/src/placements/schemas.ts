/**
 * The private placement routes' shapes (issue 20): an invitation as the manager signed it (units and amounts are
 * integers as strings, within the widths of the contract's `Invitation` struct) and as the API shows it, with its
 * status from the synced events.
 */
import { z } from "zod";
import { dateTime, EthAddress } from "../core/schemas.ts";

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT128 = (1n << 128n) - 1n;

const UINT = /^(0|[1-9]\d{0,38})$/;
/** The integer a string of digits spells, or null (checks run on values their format refused too). */
const integerOf = (v: unknown): bigint | null => (typeof v === "string" && UINT.test(v) ? BigInt(v) : null);

/** A non-negative integer string that fits `max`. */
const uintString = (max: bigint, description: string) =>
  z
    .string()
    .regex(UINT, "a non-negative integer without leading zeros")
    .refine((v) => (integerOf(v) ?? 0n) <= max, `at most ${max}`)
    .meta({ description });

const Units = uintString(MAX_UINT64, "units (uint64)");
const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "32 bytes as 0x hex");

export const InvitationBody = z
  .object({
    identity: EthAddress.meta({ description: "the investor's identity address in the registry (not a name)" }),
    minUnits: Units,
    maxUnits: Units,
    pricePerUnit: uintString(MAX_UINT128, "payment-token base units per unit (uint128), above zero").refine(
      (v) => v !== "0",
      "above zero",
    ),
    expiry: dateTime({ offset: false }).meta({
      description: "redeemable strictly before this time (whole seconds on chain)",
    }),
    salt: Bytes32.meta({ description: "32 bytes that tell this invitation apart from others with equal fields" }),
    signature: z
      .string()
      .regex(/^0x([0-9a-fA-F]{2}){65}$/, "a 65-byte signature as 0x hex")
      .meta({ description: "the manager's EIP-712 signature of the invitation, made in their wallet" }),
  })
  .strict()
  .refine((b) => (integerOf(b.minUnits) ?? 0n) <= (integerOf(b.maxUnits) ?? 0n), {
    message: "minUnits above maxUnits",
    path: ["minUnits"],
  })
  .refine((b) => Number.isInteger(Date.parse(b.expiry) / 1000), {
    message: "whole seconds (the contract keeps unix seconds)",
    path: ["expiry"],
  })
  .meta({ id: "InvitationInput" });

export const InvitationStatus = z.enum(["open", "redeemed", "revoked", "expired"]).meta({
  id: "InvitationStatus",
  description: "from the synced events: redeemed (InvitationRedeemed), revoked (InvitationRevoked), else by expiry",
});

export const InvitationView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    chainId: z.number().int(),
    offering: EthAddress,
    identity: EthAddress,
    minUnits: z.string(),
    maxUnits: z.string(),
    pricePerUnit: z.string(),
    expiry: z.iso.datetime(),
    salt: z.string(),
    hash: z.string().meta({ description: "the EIP-712 digest: the invitation's id on chain" }),
    signature: z.string(),
    signer: EthAddress,
    status: InvitationStatus,
    redemption: z
      .object({ investor: EthAddress, units: z.string(), paid: z.string(), txHash: z.string() })
      .nullable()
      .meta({ description: "the redeeming wallet, units and amount paid, once redeemed" }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Invitation" });

export const InvitationList = z.object({ items: z.array(InvitationView) }).meta({ id: "InvitationList" });
