/**
 * Holder votes as the backend's chain sync serves them (`GET /chain/properties/{id}/proposals`, signed-in users):
 * the property's governor, its terms and its proposals with tallies. The sync is a few blocks behind the chain: the
 * list is re-read while shown, and a proposal's detail reads the governor itself.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../api/ApiContext";
import { data } from "../api/client";
import type { components } from "../api/generated/openapi";
import { governanceKeys } from "../api/queryKeys";

export type ApiProposal = components["schemas"]["Proposal"];
export type ApiProposals = components["schemas"]["Proposals"];

export function usePropertyProposals(propertyId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: governanceKeys.proposals(propertyId),
    enabled,
    refetchInterval: 4_000,
    queryFn: ({ signal }) =>
      data(api.GET("/chain/properties/{id}/proposals", { params: { path: { id: propertyId } }, signal })),
  });
}
