/**
 * An EIP-2612 permit the wallet signs for `spender` (an offering's `...WithPermit`, the settlement's
 * `fillWithPermit`), split as those functions take it. One signature instead of an approval transaction: the path of
 * a wallet without ETH, whose call the platform's relayer sends.
 */
import { parseSignature, type Address, type Hex } from "viem";
import type { Config } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import { erc2612Abi, permitTypedData, permitV, type PaymentTokenRecord } from "./paymentToken";

/** How long a permit stays good: enough to confirm the transaction (or the relayer to send it), no longer. */
const PERMIT_SECONDS = 30 * 60;

/** The signed permit, as the contracts' `...WithPermit` functions take it. */
export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

export async function signPermit(
  config: Config,
  options: {
    chainId: number;
    token: Address;
    domain: NonNullable<PaymentTokenRecord["permit"]>;
    owner: Address;
    spender: Address;
    value: bigint;
    /** Unix seconds now, by the chain's clock. */
    now: number;
  },
): Promise<SignedPermit> {
  const { chainId, token, domain, owner, spender, value } = options;
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
    permitTypedData({ domain, chainId, token, owner, spender, value, nonce, deadline }),
  );
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline, v: permitV({ v, yParity }), r, s };
}
