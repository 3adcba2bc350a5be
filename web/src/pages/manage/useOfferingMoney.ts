/**
 * `offeringMoney` read from the chain: the offering's state, `escrowOwed()` and its `ProceedsReleased` amounts, with
 * the units sold at the same block (shown beside the money: both from one block, never the platform's lagging record).
 */
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { offeringStateFromIndex } from "../../compliance/offeringLimits";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { offeringMoney } from "./offeringMoney";

export function useOfferingMoney(offering: Address | undefined, refetchInterval = 3_000) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const factory = deployments.get(chainId)?.contracts["PropertyTokenFactory"];
  return useQuery({
    queryKey: chainKeys.proceeds(chainId, offering ?? "0x"),
    enabled: Boolean(client && offering && factory),
    refetchInterval,
    queryFn: async () => {
      // One block for all three reads: a release between them would otherwise be counted twice or not at all.
      const blockNumber = await client!.getBlockNumber();
      const read = <F extends "state" | "escrowOwed" | "unitsSold">(functionName: F) =>
        client!.readContract({ abi: abis.PropertyOffering, address: offering!, functionName, blockNumber });
      const [state, escrowOwed, unitsSold, releases] = await Promise.all([
        read("state"),
        read("escrowOwed"),
        read("unitsSold"),
        client!.getContractEvents({
          abi: abis.PropertyOffering,
          address: offering!,
          eventName: "ProceedsReleased",
          fromBlock: BigInt(factory!.blockNumber),
          toBlock: blockNumber,
        }),
      ]);
      const released = releases.reduce((sum, e) => sum + (e.args.amount ?? 0n), 0n);
      return { ...offeringMoney({ state: offeringStateFromIndex(Number(state)), escrowOwed, released }), unitsSold };
    },
  });
}
