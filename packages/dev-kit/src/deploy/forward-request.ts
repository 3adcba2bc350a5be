/**
 * Requests for the platform's trusted forwarder (`FreeholdForwarder`, OpenZeppelin 5's `ERC2771Forwarder`): the
 * EIP-712 domain and type an investor signs (from `@freehold/deployments/forward-request`), and the request data a
 * relayer submits to `execute`, signed with ethers for the tests, the gas benchmark and any relayer.
 */
import type { Signer, TypedDataDomain, TypedDataField } from "ethers";
import {
  FORWARD_REQUEST_TYPES as FORWARD_REQUEST_TYPE_DEFINITION,
  FORWARDER_DOMAIN_NAME,
  FORWARDER_DOMAIN_VERSION,
  forwarderDomain,
} from "@freehold/deployments/forward-request";

// The domain and type are defined once, in the deployments package (the web app signs with the same definition).
export { FORWARDER_DOMAIN_NAME, FORWARDER_DOMAIN_VERSION, forwarderDomain };

/**
 * The shared `ForwardRequest` type as ethers takes it: the same fields in mutable lists, without literal types (so a
 * caller's message may give the uint48 `deadline` as a bigint).
 */
export const FORWARD_REQUEST_TYPES: { ForwardRequest: TypedDataField[] } = {
  ForwardRequest: FORWARD_REQUEST_TYPE_DEFINITION.ForwardRequest.map((field) => ({ ...field })),
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
