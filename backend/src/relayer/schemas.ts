/** The relay routes' shapes (issue 20): the request an investor's wallet signed for the forwarder, and the answers. */
import { z } from "zod";
import { EthAddress } from "../core/schemas.ts";

const Decimal = (description: string, max: bigint) =>
  z
    .string()
    .regex(/^\d{1,78}$/, "a decimal integer")
    // Zod runs refinements after a failed regex too: only a decimal string is compared.
    .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= max, `at most ${max}`)
    .meta({ description });

const Hex = (description: string, maxBytes: number) =>
  z
    .string()
    .regex(/^0x(?:[0-9a-fA-F]{2})*$/, "0x and an even number of hex digits")
    .max(2 + 2 * maxBytes)
    .meta({ description });

const UINT256_MAX = 2n ** 256n - 1n;
const GasAmount = z.string().regex(/^\d+$/).meta({ description: "an amount of gas" });

export const RelayRequestBody = z
  .object({
    request: z
      .object({
        from: EthAddress.meta({ description: "the signer: a wallet of the signed-in user" }),
        to: EthAddress.meta({ description: "the Freehold contract called" }),
        value: Decimal("wei sent with the call: must be 0", UINT256_MAX),
        gas: Decimal("gas the forwarder gives the call", 30_000_000n).refine(
          (v) => !/^\d+$/.test(v) || BigInt(v) > 0n,
          "above 0",
        ),
        nonce: Decimal("the signer's forwarder nonce the request was signed with", UINT256_MAX),
        deadline: Decimal("unix seconds after which the forwarder refuses it (uint48)", 2n ** 48n - 1n),
        data: Hex("the ABI-encoded call (the forwarder appends the signer)", 16_384),
        signature: Hex("the signer's EIP-712 signature of the ForwardRequest", 1_024),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "RelayRequest" });

export const RelaySubmitted = z
  .object({
    id: z.uuid(),
    status: z.literal("SUBMITTED"),
    txHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  })
  .meta({ id: "RelaySubmitted" });

export const RelayView = z
  .object({
    id: z.uuid(),
    status: z.enum(["SUBMITTED", "CONFIRMED", "REVERTED", "DROPPED"]).meta({
      description: "SUBMITTED until the relayer's transaction is final (mined and confirmed), then its outcome",
    }),
    txHash: z.string().regex(/^0x[0-9a-f]{64}$/),
    gasUsed: GasAmount.nullable().meta({ description: "gas the relayer's transaction used, once final" }),
  })
  .meta({ id: "RelayRequestStatus" });

export const RelayInfo = z
  .object({
    enabled: z.boolean().meta({ description: "false when no relayer key is configured" }),
    chainId: z.number().int(),
    forwarder: EthAddress.nullable().meta({ description: "the trusted forwarder to sign requests for" }),
    relayer: EthAddress.nullable().meta({ description: "the account that pays the gas" }),
    dailyGasBudget: GasAmount.meta({
      description: "gas (the requests' own gas) the relayer pays per user per UTC day",
    }),
    gasUsedToday: GasAmount,
    gasRemainingToday: GasAmount,
  })
  .meta({ id: "RelayInfo" });
