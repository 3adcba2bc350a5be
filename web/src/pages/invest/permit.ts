/** The investor's EIP-2612 permit of `value` to an offering, split as the offering's `...WithPermit` functions take it. */
import { parseSignature, type Address } from "viem";
import type { Config } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import { erc2612Abi, permitTypedData, permitV, type PaymentTokenRecord } from "../../contracts/paymentToken";

/** How long a permit stays good: enough to confirm the transaction (or the relayer to send it), no longer. */
const PERMIT_SECONDS = 30 * 60;

export async function signOfferingPermit(
  config: Config,
  options: {
    chainId: number;
    token: Address;
    domain: NonNullable<PaymentTokenRecord["permit"]>;
    owner: Address;
    offering: Address;
    value: bigint;
    /** Unix seconds now, by the chain's clock. */
    now: number;
  },
): Promise<{ deadline: bigint; v: number; r: `0x${string}`; s: `0x${string}` }> {
  const { chainId, token, domain, owner, offering, value } = options;
  const nonce = await readContract(config, {
    abi: erc2612Abi,
    address: token,
    functionName: "nonces",
    args: [owner],
    chainId,
  });
  const deadline = BigInt(options.now + PERMIT_SECONDS);
  const signature = await signTypedData(
    config,
    permitTypedData({ domain, chainId, token, owner, spender: offering, value, nonce, deadline }),
  );
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline, v: permitV({ v, yParity }), r, s };
}
