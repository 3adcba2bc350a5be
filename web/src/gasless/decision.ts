/**
 * Who pays the network fee of an investor's action: the wallet, or the platform's relayer (ERC-2771 meta
 * transaction). The wallet pays whenever it can; the relayer steps in only when the wallet's ETH cannot cover the
 * estimated fee and the backend says relaying is on for this user. Pure, so the rule is tested on its own.
 */

/** What `GET /relay` says, in the fields the decision needs. */
export interface RelayAvailability {
  enabled: boolean;
  /** Gas units left in the user's daily allowance (decimal string). */
  gasRemainingToday: string;
}

export type FeePayer = "wallet" | "relayer";

/**
 * Typical gas of each action the relayer may carry, measured on the platform's contracts with room to spare: the
 * page decides before anything is signed (a permit's signature is part of the subscription's calldata), so it cannot
 * estimate the exact call yet. The forward request itself carries a fresh estimate.
 */
export const TYPICAL_GAS = {
  subscribe: 400_000n,
  claimUnits: 250_000n,
  refund: 150_000n,
  claimRent: 200_000n,
  // The market (Settlement through the forwarder), about twice what was measured, as above. Relayed in the gasless
  // market journey (web/e2e/journeys/gasless.e2e.ts, which checks each stays under its entry): postOrder 195,988,
  // cancel 73,929, fillWithPermit to a new holder with the trade fee 204,921 (bench/results/gas.json, direct calls:
  // post 174,629, cancel 56,886, fill 143,600).
  postOrder: 400_000n,
  cancelOrder: 150_000n,
  fillOrder: 400_000n,
  // Holder votes and the exit (issue 19), about twice the direct calls of bench:gas: castVote 85,039 (a change
  // 70,992), propose 191,894, redeem 86,217 (90,183 with units held for an order).
  castVote: 200_000n,
  propose: 400_000n,
  redeem: 200_000n,
} as const;

export type GaslessAction = keyof typeof TYPICAL_GAS;

/** The most the wallet would pay for `gas` at `maxFeePerGas` wei. */
export function estimatedFee(gas: bigint, maxFeePerGas: bigint): bigint {
  return gas * maxFeePerGas;
}

/**
 * `relayer` when the wallet's ETH is known and below `fee` (zero included) and relaying is enabled; `wallet`
 * otherwise, including while anything is still unknown: the wallet path is the one that always existed.
 */
export function feePayer(options: {
  ethBalance: bigint | undefined;
  fee: bigint | undefined;
  relay: RelayAvailability | null | undefined;
}): FeePayer {
  const { ethBalance, fee, relay } = options;
  if (ethBalance === undefined || fee === undefined || !relay?.enabled) return "wallet";
  return ethBalance === 0n || ethBalance < fee ? "relayer" : "wallet";
}

/** Whether the daily allowance left still covers `gas` (the relayer refuses with 429 otherwise). */
export function allowanceCovers(relay: RelayAvailability, gas: bigint): boolean {
  return BigInt(relay.gasRemainingToday) >= gas;
}

/** How many more actions of `gas` the allowance left still pays for today. */
export function actionsLeft(relay: RelayAvailability, gas: bigint): bigint {
  return gas > 0n ? BigInt(relay.gasRemainingToday) / gas : 0n;
}
