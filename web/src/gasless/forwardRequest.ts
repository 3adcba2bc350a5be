/**
 * The ERC-2771 forward request an investor signs so the platform's relayer can send the call and pay its gas: the
 * EIP-712 domain and type of `FreeholdForwarder` (OpenZeppelin 5's `ERC2771Forwarder("Freehold Forwarder")`), the
 * same definition as `packages/dev-kit/src/deploy/forward-request.ts` (a test signs both and compares), and the body
 * `POST /relay` takes. Loaded with the gasless path only, never in the entry chunk.
 */
import type { Address, Hex, TypedDataDefinition } from "viem";

export const FORWARDER_DOMAIN_NAME = "Freehold Forwarder";
export const FORWARDER_DOMAIN_VERSION = "1";

/** `ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)`. */
export const FORWARD_REQUEST_TYPES = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
} as const;

/**
 * The one function of the forwarder the app calls, `nonces(owner)`. A fragment, not the generated ABI: a module's
 * exports used by both the entry chunk and this lazy one stay in the entry, so importing `freeholdForwarderAbi` from
 * the deployments package would put the whole forwarder ABI into every page's first JavaScript. A test checks it
 * against the generated ABI, so it cannot drift.
 */
export const forwarderNoncesAbi = [
  {
    inputs: [{ internalType: "address", name: "owner", type: "address" }],
    name: "nonces",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
] as const;

/** How long a signed request stays valid: long enough to relay, short enough that a stale one cannot run later. */
export const REQUEST_LIFETIME_SECONDS = 10 * 60;

/** What the investor asks the forwarder to call as its signer (the platform's calls carry no ETH). */
export interface ForwardCall {
  from: Address;
  to: Address;
  /** The ABI-encoded call without any suffix: the forwarder appends `from`. */
  data: Hex;
  /** Gas the forwarder gives the call. */
  gas: bigint;
  /** The forwarder's `nonces(from)`. */
  nonce: bigint;
  /** Unix seconds (uint48) after which the forwarder refuses the request. */
  deadline: bigint;
}

/** The typed data the wallet signs, under the forwarder's domain on `chainId`. */
export function forwardRequestTypedData(
  chainId: number,
  forwarder: Address,
  call: ForwardCall,
): TypedDataDefinition<typeof FORWARD_REQUEST_TYPES, "ForwardRequest"> {
  return {
    domain: { name: FORWARDER_DOMAIN_NAME, version: FORWARDER_DOMAIN_VERSION, chainId, verifyingContract: forwarder },
    types: FORWARD_REQUEST_TYPES,
    primaryType: "ForwardRequest",
    message: {
      from: call.from,
      to: call.to,
      value: 0n,
      gas: call.gas,
      nonce: call.nonce,
      // uint48: viem types it as a number (at most 2^48, exact in a double).
      deadline: Number(call.deadline),
      data: call.data,
    },
  };
}

/** The body of `POST /relay`: every integer as a decimal string, the signature beside the request it signs. */
export function relayRequestBody(call: ForwardCall, signature: Hex) {
  return {
    request: {
      from: call.from,
      to: call.to,
      value: "0",
      gas: call.gas.toString(),
      nonce: call.nonce.toString(),
      deadline: call.deadline.toString(),
      data: call.data,
      signature,
    },
  };
}

/**
 * Gas for the forwarded call from an estimate of the call sent directly: a quarter more, and 10,000 on top for the
 * forwarder's own calldata suffix and the 1/64 it keeps back (EIP-150). Too little and the call fails on chain,
 * spending the relayer's gas; the relayer pays only what is used.
 */
export function gasWithMargin(estimate: bigint): bigint {
  return (estimate * 125n) / 100n + 10_000n;
}

/** The deadline of a request signed at chain time `now` (unix seconds). */
export function requestDeadline(now: bigint): bigint {
  return now + BigInt(REQUEST_LIFETIME_SECONDS);
}
