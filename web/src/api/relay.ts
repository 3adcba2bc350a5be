/**
 * The backend's relayer (`/relay`, issue 20): whether it pays network fees for the signed-in user and how much of
 * the daily allowance is left, submitting a signed forward request, and following it until it is mined or dropped.
 * Shapes are the generated `paths["/relay"]` ones.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { ApiError, data, type ApiClient } from "./client";
import type { paths } from "./generated/openapi";
import { relayKeys } from "./queryKeys";

export type RelayStatus = paths["/relay"]["get"]["responses"][200]["content"]["application/json"];
export type RelaySubmission = NonNullable<paths["/relay"]["post"]["requestBody"]>["content"]["application/json"];
export type RelayedRequest = paths["/relay/{id}"]["get"]["responses"][200]["content"]["application/json"];

/**
 * The relayer's availability for the signed-in user; `null` when not signed in (the relayer serves sessions only)
 * or when the backend has no relayer at all. Re-read every minute: the allowance moves as the user spends it.
 */
export function useRelayStatus(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: relayKeys.status(),
    enabled,
    refetchInterval: 60_000,
    queryFn: async ({ signal }): Promise<RelayStatus | null> => {
      try {
        return await data(api.GET("/relay", { signal }));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
        throw error;
      }
    },
  });
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), `undefined` when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Hands the signed request to the relayer; resolves with its id and the transaction hash it sent. */
export async function submitRelay(api: ApiClient, body: RelaySubmission) {
  let retryAfter: string | null = null;
  try {
    return await data(
      api.POST("/relay", { body }).then((result) => {
        retryAfter = result.response.headers.get("Retry-After");
        return result;
      }),
    );
  } catch (error) {
    throw error instanceof ApiError ? new RelayRefusal(error.problem, retryAfter) : error;
  }
}

/** A refusal of `POST /relay`, with its `Retry-After` header (a 429 says when to come back). */
export class RelayRefusal extends ApiError {
  constructor(
    problem: ApiError["problem"],
    readonly retryAfter: string | null,
  ) {
    super(problem);
    this.name = "RelayRefusal";
  }
}

/** One relayed request as the relayer last saw it. */
export function relayedRequest(api: ApiClient, id: string): Promise<RelayedRequest> {
  return data(api.GET("/relay/{id}", { params: { path: { id } } }));
}
