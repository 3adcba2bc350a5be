/**
 * Development only: the emails the local SMTP sink caught (`GET /dev/mail`, mounted by the backend only under
 * `npm start`). The route is deliberately not in the OpenAPI document (it is no part of the product's API), so it is
 * the one call here that is not made through the typed client; its shape is the sink's `CaughtMail`,
 * which the backend passes through.
 */
import type { CaughtMail } from "@freehold/dev-kit/smtp-sink";
import { useQuery } from "@tanstack/react-query";
import { useAppConfig } from "../app/AppConfigContext";
import { ApiError } from "./client";
import { devKeys } from "./queryKeys";

export type { CaughtMail };

export async function fetchCaughtMail(baseUrl: string, signal?: AbortSignal): Promise<CaughtMail[]> {
  const response = await fetch(`${baseUrl}/dev/mail`, { signal, credentials: "include", cache: "no-store" }).catch(
    (error: Error) => {
      if (error.name === "AbortError") throw error;
      throw new ApiError({ title: "The Freehold service cannot be reached", status: 0 });
    },
  );
  if (!response.ok) throw new ApiError({ title: response.statusText || "Request failed", status: response.status });
  return (await response.json()) as CaughtMail[];
}

/** Newest first (the backend reverses the sink's order); refreshed every few seconds while the page is open. */
export function useCaughtMail() {
  const { apiBaseUrl } = useAppConfig();
  return useQuery({
    queryKey: devKeys.mail(),
    queryFn: ({ signal }) => fetchCaughtMail(apiBaseUrl, signal),
    refetchInterval: 5_000,
    retry: false,
  });
}
