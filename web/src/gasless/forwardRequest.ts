/**
 * The ERC-2771 forward request an investor signs so the platform's relayer can send the call and pay its gas: the
 * typed data under `FreeholdForwarder`'s EIP-712 domain and type (`@freehold/deployments/forward-request`, the one
 * definition the dev-kit's signer uses too; a test signs with both and compares), and the body `POST /relay` takes.
 * Loaded with the gasless path only, never in the entry chunk.
 */
import type { Address, Hex, TypedDataDefinition } from "viem";
// The forwarder's domain and type, defined once for the app and the dev-kit's signer: this module of the deployments
// package holds no ABI, so the gasless chunk stays small.
import { FORWARD_REQUEST_TYPES, forwarderDomain } from "@freehold/deployments/forward-request";

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
    domain: forwarderDomain(chainId, forwarder),
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
