/**
 * The client for the backend's REST API (`/api/v1`), on openapi-fetch over the types generated from the backend's
 * OpenAPI document (`npm run openapi` writes generated/openapi.ts): a path, its parameters, its body and its reply
 * are checked against the document at compile time, so a renamed field is a type error, not a blank on screen.
 * Cookies are sent (the SIWE session is an httpOnly cookie); refusals arrive as RFC 9457 problem+json and become an
 * {@link ApiError} with the server's own words.
 *
 *   const property = await data(api.GET("/properties/{id}", { params: { path: { id } }, signal }));
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./generated/openapi";

/**
 * A refusal as the client holds it: the server's problem document (`Problem` in the OpenAPI document), or as much of
 * one as could be made of a reply that was not one (a proxy's HTML error page, an unreachable server).
 */
export type Problem = Pick<components["schemas"]["Problem"], "title" | "status"> &
  Partial<components["schemas"]["Problem"]>;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** The typed client (`GET`, `POST`, `PUT`, `PATCH` …) of the backend's paths; there is no untyped call. */
export type ApiClient = Client<paths>;

/**
 * A file in a multipart/form-data body: the document types a `format: binary` field as a string, while the browser
 * sends the Blob itself (with {@link formData} as the call's `bodySerializer`).
 */
export const binary = (file: Blob): string => file as unknown as string;

/**
 * A typed body as multipart/form-data, fields in their order (`bodySerializer: formData`); openapi-fetch then leaves
 * Content-Type to the browser, which adds the boundary.
 */
export function formData(body: object | undefined): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body ?? {}) as [string, unknown][]) {
    if (value !== undefined) form.set(key, value instanceof Blob ? value : String(value));
  }
  return form;
}

/** Empty values are left out of the query string (an empty filter means "any"). */
export function serializeQuery(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  return params.toString();
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const url = `${baseUrl}${path.startsWith("/") ? path : `/${path}`}`;
  const search = serializeQuery(query);
  return search ? `${url}?${search}` : url;
}

function toProblem(response: Response, body: unknown): Problem {
  const fallback: Problem = { title: response.statusText || "Request failed", status: response.status };
  if (typeof body !== "object" || body === null) return fallback;
  const sent = body as Partial<Problem> & { message?: string; error?: string };
  return {
    ...fallback,
    ...sent,
    title: sent.title ?? sent.message ?? sent.error ?? fallback.title,
    status: response.status,
  };
}

const UNREACHABLE: Problem = {
  title: "The Freehold service cannot be reached",
  status: 0,
  detail: "Check your connection and try again.",
};

/**
 * The reply's body, or an {@link ApiError}: the server's problem on a refusal, status 0 when it cannot be reached
 * (an abort stays an abort). A 204 gives `undefined`.
 */
export async function data<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(UNREACHABLE);
  }
  if (!result.response.ok) throw new ApiError(toProblem(result.response, result.error));
  return result.data as T;
}

export function createApiClient(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  return createClient<paths>({
    baseUrl,
    fetch: (request) => fetchImpl(request),
    credentials: "include",
    // no-store: the backend's ETag is the entity version, which does not change when, say, a document is added to
    // a property, so a revalidated (304) detail could be stale. Registry reads are small; always go to the server.
    cache: "no-store",
    headers: { Accept: "application/json" },
    querySerializer: (query) => serializeQuery(query as Query),
  });
}
