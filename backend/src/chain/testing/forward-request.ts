/** An investor's signed ERC-2771 forwarder request, as the web app's wallet signs it, in the body `POST /relay` takes. */
import { freeholdForwarderAbi } from "@freehold/deployments/abi";
import { FORWARD_REQUEST_TYPES, FORWARDER_DOMAIN_NAME, FORWARDER_DOMAIN_VERSION } from "@freehold/dev-kit/deploy";
import type { Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Chain } from "./scenario.ts";

export interface RelayBody {
  request: {
    from: string;
    to: string;
    value: string;
    gas: string;
    nonce: string;
    deadline: string;
    data: Hex;
    signature: Hex;
  };
}

/** `signer`'s request for `data` on `to` (300,000 gas, the forwarder's next nonce, an hour to run, unless given). */
export async function signForwardRequest(
  chain: Chain,
  signer: PrivateKeyAccount,
  to: `0x${string}`,
  data: Hex,
  options: { gas?: bigint; nonce?: bigint; deadline?: bigint } = {},
): Promise<RelayBody> {
  const forwarder = chain.platform.address("FreeholdForwarder");
  const message = {
    from: signer.address,
    to,
    value: 0n,
    gas: options.gas ?? 300_000n,
    nonce:
      options.nonce ??
      (await chain.client.readContract({
        address: forwarder,
        abi: freeholdForwarderAbi,
        functionName: "nonces",
        args: [signer.address],
      })),
    deadline: options.deadline ?? (await chain.now()) + 3_600n,
    data,
  };
  const signature = await signer.signTypedData({
    domain: {
      name: FORWARDER_DOMAIN_NAME,
      version: FORWARDER_DOMAIN_VERSION,
      chainId: await chain.client.getChainId(),
      verifyingContract: forwarder,
    },
    types: FORWARD_REQUEST_TYPES,
    primaryType: "ForwardRequest",
    message,
  });
  const { from, gas, nonce, deadline } = message;
  return {
    request: {
      from,
      to,
      value: "0",
      gas: String(gas),
      nonce: String(nonce),
      deadline: String(deadline),
      data,
      signature,
    },
  };
}
