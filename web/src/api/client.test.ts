import { describe, expect, it, vi } from "vitest";
import { ApiError, buildUrl, createApiClient } from "./client";

const jsonResponse = (status: number, body: unknown, type = "application/json"): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

describe("api client", () => {
  it("builds URLs and drops empty query values", () => {
    expect(buildUrl("/api/v1", "/properties", { q: "loft", type: undefined, city: "", limit: 12 })).toBe(
      "/api/v1/properties?q=loft&limit=12",
    );
    expect(buildUrl("https://x.example/api/v1", "auth/nonce")).toBe("https://x.example/api/v1/auth/nonce");
  });

  it("sends cookies and JSON, and returns the parsed body", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    const api = createApiClient("/api/v1", fetchMock as unknown as typeof fetch);
    await expect(api.post("/auth/verify", { message: "m" })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/auth/verify");
    expect(init.credentials).toBe("include");
    expect(init.body).toBe('{"message":"m"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("sends Idempotency-Key and If-Match headers, and no body when there is none", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, {}));
    const api = createApiClient("/api/v1", fetchMock as unknown as typeof fetch);
    await api.post("/kyc/applications/1/approve", { accredited: false }, { "If-Match": '"3"' });
    await api.post("/auth/nonce");
    const [, withBody] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(withBody.headers).toMatchObject({
      "If-Match": '"3"',
      "Content-Type": "application/json",
      Accept: "application/json",
    });
    const [, empty] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(empty.body).toBeUndefined();
    expect((empty.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
  });

  it("turns problem+json into an ApiError with the server's words", async () => {
    const api = createApiClient("/api/v1", (async () =>
      jsonResponse(
        422,
        {
          title: "Validation failed",
          detail: "country: unknown code",
          errors: [{ path: "country", message: "unknown code" }],
        },
        "application/problem+json",
      )) as unknown as typeof fetch);
    const error = (await api.get("/x").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.message).toBe("country: unknown code");
    expect(error.problem.errors?.[0]?.path).toBe("country");
  });

  it("reports an unreachable server as status 0 and keeps 204 empty", async () => {
    const down = createApiClient("/api/v1", (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch);
    await expect(down.get("/x")).rejects.toMatchObject({ status: 0, message: "Check your connection and try again." });
    const empty = createApiClient(
      "/api/v1",
      (async () => new Response(null, { status: 204 })) as unknown as typeof fetch,
    );
    await expect(empty.post("/auth/logout")).resolves.toBeUndefined();
  });

  it("survives a non-JSON error body", async () => {
    const api = createApiClient(
      "/api/v1",
      (async () =>
        new Response("<html>Bad gateway</html>", {
          status: 502,
          statusText: "Bad Gateway",
        })) as unknown as typeof fetch,
    );
    await expect(api.get("/x")).rejects.toMatchObject({ status: 502, message: "Bad Gateway" });
  });
});
