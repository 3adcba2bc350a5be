/**
 * A small typed client for the backend's REST API (`/api/v1`). Cookies are sent (the SIWE session is an httpOnly
 * cookie); refusals arrive as RFC 9457 problem+json and become an {@link ApiError} with the server's own words.
 */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level validation problems, when the backend sends them. */
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export type Headers = Record<string, string>;

export interface ApiClient {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  /** `headers` carry `Idempotency-Key` on creating requests and `If-Match` on updates. */
  post<T>(path: string, body?: unknown, headers?: Headers): Promise<T>;
  put<T>(path: string, body?: unknown, headers?: Headers): Promise<T>;
  patch<T>(path: string, body?: unknown, headers?: Headers): Promise<T>;
  /** multipart/form-data upload (documents, photos). */
  upload<T>(path: string, form: FormData, headers?: Headers): Promise<T>;
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const url = `${baseUrl}${path.startsWith("/") ? path : `/${path}`}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

async function toProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { title: response.statusText || "Request failed", status: response.status };
  try {
    const body = (await response.json()) as Partial<Problem> & { message?: string; error?: string };
    return {
      ...fallback,
      ...body,
      title: body.title ?? body.message ?? body.error ?? fallback.title,
      status: response.status,
    };
  } catch {
    return fallback;
  }
}

export function createApiClient(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function request<T>(method: string, url: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        credentials: "include",
        ...init,
        headers: { Accept: "application/json", ...init.headers },
      });
    } catch (error) {
      if ((error as Error).name === "AbortError") throw error;
      throw new ApiError({
        title: "The Freehold service cannot be reached",
        status: 0,
        detail: "Check your connection and try again.",
      });
    }
    if (!response.ok) throw new ApiError(await toProblem(response));
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  const json = (body: unknown, headers: Headers = {}): RequestInit =>
    body === undefined
      ? { headers }
      : { body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers } };
  return {
    // no-store: the backend's ETag is the entity version, which does not change when, say, a document is added to
    // a property, so a revalidated (304) detail could be stale. Registry reads are small; always go to the server.
    get: (path, query, signal) =>
      request("GET", buildUrl(baseUrl, path, query), { signal: signal ?? null, cache: "no-store" }),
    post: (path, body, headers) => request("POST", buildUrl(baseUrl, path), json(body, headers)),
    put: (path, body, headers) => request("PUT", buildUrl(baseUrl, path), json(body, headers)),
    patch: (path, body, headers) => request("PATCH", buildUrl(baseUrl, path), json(body, headers)),
    upload: (path, form, headers) => request("POST", buildUrl(baseUrl, path), { body: form, headers: headers ?? {} }),
  };
}
