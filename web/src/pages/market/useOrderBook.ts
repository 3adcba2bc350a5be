/** Open secondary-market orders, from the settlement contract's events and its current order state. */
import { useQuery } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { usePublicClient } from "wagmi";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";

export interface Order {
  id: bigint;
  token: Address;
  symbol: string;
  seller: Address;
  partition: Hex;
  unitsRemaining: bigint;
  pricePerUnit: bigint;
  paymentToken: Address;
  buyer: Address;
  expiry: number;
}

export function useOrderBook() {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const settlement = deployments.get(chainId)?.contracts["Settlement"];
  return useQuery({
    queryKey: chainKeys.orders(chainId),
    enabled: Boolean(client && settlement),
    refetchInterval: 4_000,
    queryFn: async () => {
      const c = client!;
      const posted = await c.getContractEvents({
        abi: abis.Settlement,
        address: settlement!.address,
        eventName: "OrderPosted",
        fromBlock: BigInt(settlement!.blockNumber),
      });
      const now = Number((await c.getBlock()).timestamp);
      const symbols = new Map<Address, string>();
      const orders: Order[] = [];
      for (const e of posted) {
        const id = e.args.orderId!;
        const o = await c.readContract({
          abi: abis.Settlement,
          address: settlement!.address,
          functionName: "orderOf",
          args: [id],
        });
        if (o.unitsRemaining === 0n || Number(o.expiry) <= now) continue;
        if (!symbols.has(o.token))
          symbols.set(
            o.token,
            await c.readContract({ abi: abis.PropertyToken, address: o.token, functionName: "symbol" }),
          );
        orders.push({
          id,
          token: o.token,
          symbol: symbols.get(o.token)!,
          seller: o.seller,
          partition: o.partition,
          unitsRemaining: BigInt(o.unitsRemaining),
          pricePerUnit: BigInt(o.pricePerUnit),
          paymentToken: o.paymentToken,
          buyer: o.buyer,
          expiry: Number(o.expiry),
        });
      }
      return { orders, settlement: settlement!.address };
    },
  });
}
