/**
 * Requests for the platform's trusted forwarder (`FreeholdForwarder`, OpenZeppelin 5's `ERC2771Forwarder`): the
 * EIP-712 domain and type an investor signs, and the request data a relayer submits to `execute`. One definition for
 * the tests, the gas benchmark and any relayer, so the typed data cannot drift from the contract.
 */
import type { Signer, TypedDataDomain } from "ethers";

/** The forwarder's EIP-712 domain name and version (its constructor: `ERC2771Forwarder("Freehold Forwarder")`). */
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
};

/** What the investor asks the forwarder to call, as its signer. */
export interface ForwardCall {
  /** The signer's address (the forwarder refuses a request whose `from` did not sign it). */
  from: string;
  /** The target contract (it must trust the forwarder). */
  to: string;
  /** ABI-encoded call, without any suffix: the forwarder appends `from`. */
  data: string;
  /** Gas the forwarder gives the call. */
  gas: bigint;
  /** Unix seconds after which the forwarder refuses the request. */
  deadline: bigint;
  /** Wei forwarded with the call (the platform's calls take none). */
  value?: bigint;
}

/** The argument of `ERC2771Forwarder.execute` / `verify`. */
export interface ForwardRequestData {
  from: string;
  to: string;
  value: bigint;
  gas: bigint;
  deadline: bigint;
  data: string;
  signature: string;
}

/** The forwarder's EIP-712 domain on `chainId` at `forwarder`. */
export function forwarderDomain(chainId: bigint, forwarder: string): TypedDataDomain {
  return { name: FORWARDER_DOMAIN_NAME, version: FORWARDER_DOMAIN_VERSION, chainId, verifyingContract: forwarder };
}

/**
 * Signs `call` with `signer` for the forwarder at `forwarder` using `nonce` (the forwarder's `nonces(from)`), and
 * returns the request a relayer submits.
 */
export async function signForwardRequest(
  signer: Signer,
  domain: TypedDataDomain,
  call: ForwardCall,
  nonce: bigint,
): Promise<ForwardRequestData> {
  const value = call.value ?? 0n;
  const message = {
    from: call.from,
    to: call.to,
    value,
    gas: call.gas,
    nonce,
    deadline: call.deadline,
    data: call.data,
  };
  const signature = await signer.signTypedData(domain, FORWARD_REQUEST_TYPES, message);
  return { from: call.from, to: call.to, value, gas: call.gas, deadline: call.deadline, data: call.data, signature };
}
