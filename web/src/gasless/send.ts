/**
 * Sends an investor's call through the platform's relayer (issue 20): estimate it, sign an ERC-2771 forward request
 * for `FreeholdForwarder` (its `nonces(from)`, a deadline ten minutes ahead, the estimate with a margin), hand it to
 * `POST /relay`, then follow `GET /relay/:id` until the relayer stops waiting. The caller's tracker then waits for the
 * receipt as for a wallet transaction. Loaded on demand (`import()`): the forwarder's ABI never reaches the entry chunk.
 */
import {
  concat,
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  type PublicClient,
  type Transport,
} from "viem";
import { signTypedData } from "viem/actions";
import type { ApiClient } from "../api/client";
import { relayedRequest, submitRelay } from "../api/relay";
import { platformAddress } from "../contracts/addresses";
import type { UserFacingError } from "../contracts/revert";
import type { Submission } from "../tx/useTransaction";
import {
  forwarderNoncesAbi,
  forwardRequestTypedData,
  gasWithMargin,
  relayRequestBody,
  requestDeadline,
  type ForwardCall,
} from "./forwardRequest";
import { describeRelayError, DROPPED } from "./relayErrors";

/** The investor's call: who signs it, the contract, and the ABI-encoded function call. */
export interface GaslessCall {
  from: Address;
  to: Address;
  data: Hex;
}

/**
 * The clients come from the page (`useGasless`): this module imports no wagmi action, so loading it on demand does not
 * reshuffle how the bundler splits the viem and wagmi code the marketplace's first JavaScript already holds.
 */
export interface RelayContext {
  publicClient: PublicClient;
  /** The connected wallet's client: it signs the request. */
  walletClient: Client<Transport, Chain | undefined, Account>;
  api: ApiClient;
  chainId: number;
  /** Pause between two reads of the relayed request. */
  pollMs?: number;
}

/** How long to follow the relayer before leaving the rest to the receipt (which has its own timeout). */
const FOLLOW_MS = 120_000;

/** Anything thrown on the way, carrying its explanation for the tracker (`explained` in tx/useTransaction.ts). */
function explainedError(error: unknown): Error {
  const userFacing = describeRelayError(error);
  return Object.assign(new Error(userFacing.title, { cause: error }), { userFacing });
}

/** Signs and submits `call` through the relayer; resolves with the relayer's transaction to follow. */
export async function relayCall(context: RelayContext, call: GaslessCall): Promise<Submission> {
  const { publicClient: client, walletClient, api, chainId } = context;
  try {
    const forwarder = platformAddress(chainId, "FreeholdForwarder");
    // The call sent directly by the investor behaves as the forwarded one (the target reads the same sender), so
    // its estimate is the gas to ask for, and a revert here is explained before anything is signed.
    const [estimate, nonce, block] = await Promise.all([
      client.estimateGas({ account: call.from, to: call.to, data: call.data }),
      client.readContract({ abi: forwarderNoncesAbi, address: forwarder, functionName: "nonces", args: [call.from] }),
      client.getBlock(),
    ]);
    const request: ForwardCall = {
      ...call,
      gas: gasWithMargin(estimate),
      nonce,
      deadline: requestDeadline(block.timestamp),
    };
    const signature = await signTypedData(walletClient, {
      account: call.from,
      ...forwardRequestTypedData(chainId, forwarder, request),
    });
    const sent = await submitRelay(api, relayRequestBody(request, signature));
    return {
      hash: sent.txHash as Hex,
      settled: () => followRelay(api, sent.id, context.pollMs ?? 500),
      // A revert is explained by the investor's call as the target saw it: from the forwarder, signer appended.
      replay: { account: forwarder, to: call.to, data: concat([call.data, call.from]) },
    };
  } catch (error) {
    throw explainedError(error);
  }
}

/**
 * Reads the relayed request until the relayer stops waiting for it: `undefined` once mined (confirmed or reverted:
 * the receipt says which), the reason when it was dropped. A read that fails is retried; after FOLLOW_MS the
 * receipt alone is awaited.
 */
export async function followRelay(api: ApiClient, id: string, pollMs: number): Promise<UserFacingError | undefined> {
  const until = Date.now() + FOLLOW_MS;
  while (Date.now() < until) {
    try {
      const relayed = await relayedRequest(api, id);
      if (relayed.status === "DROPPED") return DROPPED;
      if (relayed.status !== "SUBMITTED") return undefined;
    } catch {
      // The backend may be briefly unreachable: the transaction is on its way regardless.
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return undefined;
}
