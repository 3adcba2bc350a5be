/**
 * The compliance and admin consoles' reads (issue 15): the KYC queue and the audit trail, each sorted and filtered
 * on the server and paged by its keyset cursor, and the user list for role management. Typed against the OpenAPI
 * document (generated/openapi.ts).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { data } from "./client";
import { auditActionValues, type components, type paths } from "./generated/openapi";
import { auditKeys, kycKeys, userKeys } from "./queryKeys";
import type { KycStatus } from "./kyc";
import type { Role } from "./types";

export type QueueSort = NonNullable<NonNullable<paths["/kyc/applications"]["get"]["parameters"]["query"]>["sort"]>;
export type QueueView = NonNullable<NonNullable<paths["/kyc/applications"]["get"]["parameters"]["query"]>["view"]>;
export type QueueItem = components["schemas"]["KycApplicationPage"]["items"][number];
export type AuditEntry = components["schemas"]["AuditEntry"];
export type PlatformUser = components["schemas"]["User"];

const PAGE = 25;

export function useKycQueue(status: KycStatus | undefined, sort: QueueSort, view: QueueView = "all") {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: kycKeys.queue(status, sort, view),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET("/kyc/applications", {
          params: { query: { status, view, sort, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** What the audit trail can be filtered by; empty strings mean "any". */
export interface AuditFilters {
  entityType: string;
  entityId: string;
  actorId: string;
  action: string;
  /** YYYY-MM-DD, the whole day in UTC. */
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = {
  entityType: "",
  entityId: "",
  actorId: "",
  action: "",
  from: "",
  to: "",
};

/** The trail newest first, filtered on the server, paged by sequence number. */
/** The filter's action when it is one the trail records (the API refuses any other with a 400), else no filter. */
function recordedAction(action: string): components["schemas"]["AuditAction"] | undefined {
  return auditActionValues.find((known) => known === action);
}

export function useAuditTrail(filters: AuditFilters) {
  const api = useApi();
  const set = (v: string) => (v === "" ? undefined : v);
  return useInfiniteQuery({
    queryKey: auditKeys.page({ ...filters }),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET("/audit", {
          params: {
            query: {
              order: "desc",
              limit: 100,
              entityType: set(filters.entityType),
              entityId: set(filters.entityId),
              actorId: set(filters.actorId),
              action: recordedAction(filters.action),
              from: filters.from ? `${filters.from}T00:00:00Z` : undefined,
              to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
              ...(pageParam ? { beforeSeq: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
}

export function useUsers(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => data(api.GET("/users", { params: { query: { limit: 100 } }, signal })),
    enabled,
  });
}

export function useSetRoles() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { user: PlatformUser; roles: Role[] }) =>
      data(
        api.PUT("/users/{id}/roles", {
          params: { path: { id: input.user.id }, header: { "If-Match": `"${input.user.version}"` } },
          body: { roles: input.roles },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
