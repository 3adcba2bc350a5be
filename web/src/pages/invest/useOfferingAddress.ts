/**
 * Where a property's token and offering live: the registry's governing offering (the property detail's `chain`),
 * shown only when the factory itself names it as the token's offering (`offeringOf`). Before the registry records
 * a launch, only the wallet that launched it (the manager, right after launching) is shown its own launch from the
 * factory's events; nobody is ever shown whoever launched last under the property's id.
 */
import { useQuery } from "@tanstack/react-query";
import { getAddress, isAddressEqual, zeroAddress, type Address } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import type { PropertyDetail } from "../../api/types";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";

export interface Launched {
  token: Address;
  offering: Address;
}

/** What the resolver reads from the chain (the factory's views and launch events). */
export interface LaunchReader {
  offeringOf(token: Address): Promise<Address>;
  launches(propertyId: string): Promise<{ token: Address; offering: Address; manager: Address }[]>;
}

export async function resolveLaunched(
  reader: LaunchReader,
  {
    chain,
    propertyId,
    launcher,
  }: {
    chain: { tokenAddress: string; offeringAddress: string } | null | undefined;
    propertyId: string;
    launcher?: Address;
  },
): Promise<Launched | null> {
  let candidate: Launched | undefined;
  if (chain?.offeringAddress)
    candidate = { token: getAddress(chain.tokenAddress), offering: getAddress(chain.offeringAddress) };
  else if (launcher)
    candidate = (await reader.launches(propertyId)).filter((l) => isAddressEqual(l.manager, launcher)).at(-1);
  if (!candidate) return null;
  const official = await reader.offeringOf(candidate.token);
  return official !== zeroAddress && isAddressEqual(official, candidate.offering)
    ? { token: getAddress(candidate.token), offering: getAddress(candidate.offering) }
    : null;
}

export function useLaunchedContracts(property: PropertyDetail | undefined) {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const { address } = useConnection();
  const factory = deployments.get(chainId)?.contracts["PropertyTokenFactory"];
  return useQuery({
    queryKey: chainKeys.launched(chainId, property?.id, property?.chain?.offeringAddress ?? null, address ?? null),
    enabled: Boolean(property && client && factory),
    queryFn: (): Promise<Launched | null> =>
      resolveLaunched(
        {
          offeringOf: (token) =>
            client!.readContract({
              abi: abis.PropertyTokenFactory,
              address: factory!.address,
              functionName: "offeringOf",
              args: [token],
            }),
          launches: async (id) => {
            const events = await client!.getContractEvents({
              abi: abis.PropertyTokenFactory,
              address: factory!.address,
              eventName: "PropertyLaunched",
              args: { propertyId: propertyIdToBytes32(id) },
              fromBlock: BigInt(factory!.blockNumber),
            });
            return events.flatMap((e) =>
              e.args.token && e.args.offering && e.args.manager
                ? [{ token: e.args.token, offering: e.args.offering, manager: e.args.manager }]
                : [],
            );
          },
        },
        { chain: property!.chain, propertyId: property!.id, ...(address ? { launcher: address } : {}) },
      ),
  });
}
