/**
 * The ERC-2771 forward request an investor signs for the platform's trusted forwarder (`FreeholdForwarder`,
 * OpenZeppelin 5's `ERC2771Forwarder("Freehold Forwarder")`): its EIP-712 domain and type. One definition for the web
 * app (viem), the dev-kit's signer (ethers: tests, gas benchmark, relayer tests), so the typed data cannot drift
 * between them or from the contract (test/forwarder/gasless.test.ts compares the domain with the forwarder's
 * `eip712Domain` and executes requests signed with it).
 *
 * No ABI here, and nothing imported: the web's gasless chunk takes this module alone
 * (`@freehold/deployments/forward-request`), never the package's index with every contract's ABI.
 */

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
} as const;

/**
 * The forwarder's EIP-712 domain on `chainId` at `forwarder`. Generic in both so that each library keeps its own
 * types: viem's `number` chain id and `Address`, ethers' `bigint` and `string`.
 */
export function forwarderDomain<ChainId extends number | bigint, Forwarder extends string>(
  chainId: ChainId,
  forwarder: Forwarder,
): {
  name: typeof FORWARDER_DOMAIN_NAME;
  version: typeof FORWARDER_DOMAIN_VERSION;
  chainId: ChainId;
  verifyingContract: Forwarder;
} {
  return { name: FORWARDER_DOMAIN_NAME, version: FORWARDER_DOMAIN_VERSION, chainId, verifyingContract: forwarder };
}
