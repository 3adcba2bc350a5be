/**
 * Private placements' routes (backend/src/placements): the property's invitations for its manager, the signed-in
 * investor's own, and posting one the manager signed. Shapes are the generated `Invitation` and `InvitationInput`.
 * The status comes from the chain sync, a few blocks behind: lists are re-read every few seconds while shown.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../api/ApiContext";
import { data, type ApiClient } from "../api/client";
import type { components } from "../api/generated/openapi";
import { placementKeys } from "../api/queryKeys";

export type Invitation = components["schemas"]["Invitation"];
export type InvitationInput = components["schemas"]["InvitationInput"];
export type InvitationStatus = components["schemas"]["InvitationStatus"];

/** How often a shown list (and the chain status beside it) is re-read, in milliseconds. */
export const POLL = 4_000;

export function usePropertyInvitations(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: placementKeys.ofProperty(propertyId),
    refetchInterval: POLL,
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/invitations", { params: { path: { id: propertyId } }, signal })),
  });
}

export function useMyInvitations(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: placementKeys.mine(),
    enabled,
    refetchInterval: POLL,
    queryFn: ({ signal }) => data(api.GET("/me/invitations", { signal })),
  });
}

export function postInvitation(api: ApiClient, propertyId: string, body: InvitationInput): Promise<Invitation> {
  return data(api.POST("/properties/{id}/invitations", { params: { path: { id: propertyId } }, body }));
}
