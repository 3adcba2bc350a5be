/**
 * The signed-in investor's statements (`GET /me/statements`, generated `InvestorStatement`), newest first and keyset
 * paged, and the links of their PDF and CSV (`/statements/{id}.pdf|.csv`: the stored bytes whose SHA-256 is listed).
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { data } from "./client";
import type { components } from "./generated/openapi";
import { performanceKeys } from "./queryKeys";

export type InvestorStatement = components["schemas"]["InvestorStatement"];

export function useStatements(enabled: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: performanceKeys.statements(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      data(api.GET("/me/statements", { params: { query: { limit: 24, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function statementFileUrl(baseUrl: string, id: string, format: "pdf" | "csv"): string {
  return `${baseUrl}/statements/${encodeURIComponent(id)}.${format}`;
}
