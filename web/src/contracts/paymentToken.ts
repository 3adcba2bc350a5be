/**
 * The payment stablecoin, as the deploy recorded it (`record.paymentToken`: address, symbol, decimals read on chain,
 * and the EIP-712 domain of its EIP-2612 permit, or none). Production code talks to it through the standard
 * ERC-20 / EIP-2612 ABIs (generated from OpenZeppelin's interfaces), never through the TestStablecoin's.
 */
import { EIP2612_PERMIT_TYPES, erc20Abi, erc2612Abi, type PaymentTokenRecord } from "@freehold/deployments";
import { isAddressEqual, type Address, type TypedDataDefinition } from "viem";
import { deployments } from "./addresses";

export { erc20Abi, erc2612Abi, type PaymentTokenRecord };

/** The platform's payment stablecoin on `chainId`, or `undefined` when the deploy recorded none. */
export function platformPaymentToken(chainId: number, records = deployments): PaymentTokenRecord | undefined {
  return records.get(chainId)?.paymentToken;
}

/**
 * The platform payment token's symbol and decimals on the chain the app is built for (`VITE_CHAIN_ID`), for
 * amounts that arrive without their token (a contract error's arguments). "payment token" where none is recorded.
 */
export function appPaymentCoin(
  chainId = Number(import.meta.env.VITE_CHAIN_ID || 31337),
  records = deployments,
): { symbol: string; decimals: number } {
  const recorded = platformPaymentToken(chainId, records);
  return recorded
    ? { symbol: recorded.symbol, decimals: recorded.decimals }
    : { symbol: "(payment token)", decimals: 6 };
}

/** What the app needs to show and pay amounts of one stablecoin. */
export interface StablecoinFacts {
  symbol: string;
  decimals: number;
  /** EIP-712 domain of its permit; `null`: approve, then pay. */
  permit: PaymentTokenRecord["permit"];
}

/**
 * The facts of `token` when it is the recorded payment stablecoin. An offering paid in any other token (launched
 * before the platform changed stablecoin) gets `undefined`: the caller reads symbol and decimals on chain and
 * pays with approve, which every ERC-20 supports.
 */
export function recordedFacts(
  token: Address | undefined,
  chainId: number,
  records = deployments,
): StablecoinFacts | undefined {
  const recorded = platformPaymentToken(chainId, records);
  if (!token || !recorded || !isAddressEqual(token, recorded.address)) return undefined;
  return { symbol: recorded.symbol, decimals: recorded.decimals, permit: recorded.permit };
}

/** How an investor's payment goes: one signed permit + subscribe, approve then subscribe, or subscribe alone. */
export type PaymentPlan = "permit" | "approve-then-subscribe" | "subscribe";

/**
 * Permit when the token has one and the investor did not ask for approve; approve otherwise, unless the allowance
 * already covers the cost. A token without permit never gets a permit: its signature would move nothing and the
 * subscription would revert.
 */
export function paymentPlan(options: {
  permit: PaymentTokenRecord["permit"];
  preferApprove: boolean;
  allowance: bigint;
  cost: bigint;
}): PaymentPlan {
  if (options.permit && !options.preferApprove) return "permit";
  return options.allowance >= options.cost ? "subscribe" : "approve-then-subscribe";
}

/** The EIP-2612 permit an investor signs, under the domain the deploy verified against `DOMAIN_SEPARATOR()`. */
export function permitTypedData(options: {
  domain: NonNullable<PaymentTokenRecord["permit"]>;
  chainId: number;
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
}): TypedDataDefinition<typeof EIP2612_PERMIT_TYPES, "Permit"> {
  return {
    domain: {
      name: options.domain.name,
      version: options.domain.version,
      chainId: options.chainId,
      verifyingContract: options.token,
    },
    types: EIP2612_PERMIT_TYPES,
    primaryType: "Permit",
    message: {
      owner: options.owner,
      spender: options.spender,
      value: options.value,
      nonce: options.nonce,
      deadline: options.deadline,
    },
  };
}

/** `v` as the contracts take it, from a signature's `v` or `yParity`. */
export function permitV(signature: { v?: bigint; yParity: number }): number {
  return Number(signature.v ?? BigInt(signature.yParity + 27));
}
