/**
 * Forwarded requests in tests: an investor signs (EIP-712) a call for the platform's trusted forwarder (ERC-2771,
 * `FreeholdForwarder`) and a relayer submits it, as the backend's relayer will.
 */
import type { BaseContract } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { forwarderDomain, signForwardRequest, type ForwardRequestData } from "@freehold/dev-kit/deploy";
import type { FreeholdForwarder } from "../../types/ethers-contracts/index.js";

/** Gas each forwarded call gets: every platform call fits. */
export const FORWARDED_GAS = 1_000_000n;

/**
 * `signer`'s request to call `to` with `data`, valid for an hour from the latest block, with the forwarder's next
 * nonce of `from` (default: the signer; another `from` makes a forged request).
 */
export async function forwardRequest(
  forwarder: FreeholdForwarder,
  signer: HardhatEthersSigner,
  to: BaseContract,
  data: string,
  options: { from?: string; deadlineIn?: number } = {},
): Promise<ForwardRequestData> {
  const provider = signer.provider;
  if (!provider) throw new Error("the signer has no provider");
  const { chainId } = await provider.getNetwork();
  const from = options.from ?? signer.address;
  const latest = (await provider.getBlock("latest"))!.timestamp;
  const deadline = BigInt(latest + (options.deadlineIn ?? 3_600));
  const domain = forwarderDomain(chainId, await forwarder.getAddress());
  const call = { from, to: await to.getAddress(), data, gas: FORWARDED_GAS, deadline };
  return signForwardRequest(signer, domain, call, await forwarder.nonces(from));
}

/** Signs `data` for `to` as `signer` and has `relayer` submit it through the forwarder (the relayer pays). */
export async function relayed(
  forwarder: FreeholdForwarder,
  relayer: HardhatEthersSigner,
  signer: HardhatEthersSigner,
  to: BaseContract,
  data: string,
  options: { deadlineIn?: number } = {},
) {
  return forwarder.connect(relayer).execute(await forwardRequest(forwarder, signer, to, data, options));
}
