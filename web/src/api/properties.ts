/** Queries over the property registry (TanStack Query keys live here, next to the requests). */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { propertyKeys } from "./queryKeys";
import { data, type Query } from "./client";
import type { PropertyFilters } from "./types";

/**
 * The marketplace's request: public properties only (12.15), whoever is signed in; a manager's own drafts are in
 * the manager console (scope "mine"), the officers' review queue asks for "all".
 */
export function marketplaceQuery(filters: PropertyFilters): Query {
  return { ...filters, scope: "public", limit: 24 };
}

export function useProperties(filters: PropertyFilters) {
  const api = useApi();
  return useQuery({
    queryKey: propertyKeys.list(filters),
    queryFn: ({ signal }) => data(api.GET("/properties", { params: { query: marketplaceQuery(filters) }, signal })),
    placeholderData: (previous) => previous,
  });
}

export function useProperty(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: propertyKeys.detail(id),
    queryFn: ({ signal }) => data(api.GET("/properties/{id}", { params: { path: { id } }, signal })),
  });
}

/** SHA-256 of a file in the browser, as the registry records it (hex, no 0x). */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Asks the registry whether a file with this hash was recorded (the file itself never leaves the browser). */
export function checkDocument(api: ReturnType<typeof useApi>, sha256: string) {
  return data(api.GET("/documents/check", { params: { query: { sha256 } } }));
}

export function documentContentUrl(baseUrl: string, propertyId: string, documentId: string): string {
  return `${baseUrl}/properties/${encodeURIComponent(propertyId)}/documents/${encodeURIComponent(documentId)}/content`;
}

export { propertyKeys };
