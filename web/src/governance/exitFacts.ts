/**
 * The one place the app learns a token's exit (issue 19): its contracts, the sale's proceeds and every redemption.
 * Read from the chain for now (the factory's `exitOf`, the exit's `closing()` and its events). The backend's
 * `GET /chain/properties/{id}/exit` serves the same facts from its sync, amounts as decimal strings; when it lands,
 * `readExit` becomes that call (parse each amount with `BigInt`) and nothing else changes. The exact amount a holder
 * redeems for is always read from the chain before signing (see RedeemPanel), whatever this module reads.
 */
import { useQuery } from "@tanstack/react-query";
import { getAddress, isAddressEqual, zeroAddress, type Address, type Hex, type PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { chainKeys } from "../api/queryKeys";
import { useAppConfig } from "../app/AppConfigContext";
import { abis } from "../contracts/abi";
import { deployments } from "../contracts/addresses";

export interface ExitSale {
  proposalId: bigint;
  depositor: Address;
  /** Gross: what the manager deposited. */
  amount: bigint;
  /** The platform's exit fee taken from it. */
  fee: bigint;
  collector: Address;
  /** What the holders share: amount - fee. */
  proceeds: bigint;
  supplyAtClose: bigint;
  blockTime: number;
  txHash: Hex;
}

export interface ExitRedemption {
  holder: Address;
  to: Address;
  units: bigint;
  payout: bigint;
  blockTime: number;
  txHash: Hex;
}

export interface ExitFacts {
  address: Address;
  governor: Address;
  paymentToken: Address;
  /** null until the manager deposited a sale's proceeds (the token is open). */
  sale: ExitSale | null;
  paidOut: bigint;
  unitsRedeemed: bigint;
  /** Oldest first. */
  redemptions: ExitRedemption[];
}

async function blockTimes(client: PublicClient, blocks: bigint[]): Promise<Map<bigint, number>> {
  const unique = [...new Set(blocks)];
  const found = await Promise.all(unique.map((blockNumber) => client.getBlock({ blockNumber })));
  return new Map(found.map((b) => [b.number, Number(b.timestamp)]));
}

/** The token's exit, or null when the manager has not launched one. */
export async function readExit(client: PublicClient, factory: Address, fromBlock: bigint, token: Address) {
  const address = await client.readContract({
    abi: abis.PropertyTokenFactory,
    address: factory,
    functionName: "exitOf",
    args: [token],
  });
  if (isAddressEqual(address, zeroAddress)) return null;
  const at = { abi: abis.PropertyExit, address } as const;
  const [governor, paymentToken, closing, deposits, redeemed] = await Promise.all([
    client.readContract({ ...at, functionName: "governor" }),
    client.readContract({ ...at, functionName: "paymentToken" }),
    client.readContract({ ...at, functionName: "closing" }),
    client.getContractEvents({ ...at, eventName: "ProceedsDeposited", fromBlock }),
    client.getContractEvents({ ...at, eventName: "Redeemed", fromBlock }),
  ]);
  const times = await blockTimes(
    client,
    [...deposits, ...redeemed].map((e) => e.blockNumber),
  );
  const deposit = deposits[0];
  const sale: ExitSale | null = deposit
    ? {
        proposalId: deposit.args.proposalId!,
        depositor: getAddress(deposit.args.depositor!),
        amount: deposit.args.amount!,
        fee: deposit.args.fee!,
        collector: getAddress(deposit.args.collector!),
        proceeds: deposit.args.proceeds!,
        supplyAtClose: deposit.args.supplyAtClose!,
        blockTime: times.get(deposit.blockNumber) ?? 0,
        txHash: deposit.transactionHash,
      }
    : null;
  const redemptions = redeemed.map((e) => ({
    holder: getAddress(e.args.holder!),
    to: getAddress(e.args.to!),
    units: e.args.units!,
    payout: e.args.payout!,
    blockTime: times.get(e.blockNumber) ?? 0,
    txHash: e.transactionHash,
  }));
  return {
    address: getAddress(address),
    governor: getAddress(governor),
    paymentToken: getAddress(paymentToken),
    sale,
    paidOut: closing[3],
    unitsRedeemed: redemptions.reduce((sum, r) => sum + r.units, 0n),
    redemptions,
  } satisfies ExitFacts;
}

/** The token's exit, re-read every few seconds while shown; `data` null when there is none. */
export function useExit(token: Address | undefined) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const factory = deployments.get(chainId)?.contracts["PropertyTokenFactory"];
  return useQuery({
    queryKey: chainKeys.exit(chainId, token),
    enabled: Boolean(client && token && factory),
    refetchInterval: 5_000,
    queryFn: (): Promise<ExitFacts | null> => readExit(client!, factory!.address, BigInt(factory!.blockNumber), token!),
  });
}
