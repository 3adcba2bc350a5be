/** Where a property's token and offering live: from the registry once it records them, else from the factory's event. */
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";

export interface Launched {
  token: Address;
  offering: Address;
}

export function useLaunchedContracts(property: PropertyDetail | undefined) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["launched", chainId, property?.id],
    enabled: Boolean(property && client),
    queryFn: async (): Promise<Launched | null> => {
      const chain = property!.chain;
      if (chain?.offeringAddress) return { token: chain.tokenAddress, offering: chain.offeringAddress };
      const factory = deployments.get(chainId)?.contracts["PropertyTokenFactory"];
      if (!factory) return null;
      const events = await client!.getContractEvents({
        abi: abis.PropertyTokenFactory,
        address: factory.address,
        eventName: "PropertyLaunched",
        args: { propertyId: propertyIdToBytes32(property!.id) },
        fromBlock: BigInt(factory.blockNumber),
      });
      const last = events.at(-1);
      return last?.args.token && last.args.offering ? { token: last.args.token, offering: last.args.offering } : null;
    },
  });
}
