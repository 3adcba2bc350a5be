import { describe, expect, it, vi } from "vitest";
import { ApiError, binary, buildUrl, createApiClient, data, formData } from "./client";

const BASE = "http://api.test/api/v1";
const jsonResponse = (status: number, body: unknown, type = "application/json"): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
/** A client whose fetch records each Request (openapi-fetch calls fetch with one Request) and gives `reply`. */
function recording(reply: () => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request);
    return reply();
  });
  return { api: createApiClient(BASE, fetchMock as unknown as typeof fetch), requests };
}

describe("api client", () => {
  it("builds URLs and drops empty query values", async () => {
    expect(buildUrl("/api/v1", "/properties", { q: "loft", type: undefined, city: "", limit: 12 })).toBe(
      "/api/v1/properties?q=loft&limit=12",
    );
    expect(buildUrl("https://x.example/api/v1", "auth/nonce")).toBe("https://x.example/api/v1/auth/nonce");
    const { api, requests } = recording(() => jsonResponse(200, { items: [] }));
    await data(api.GET("/properties", { params: { query: { q: "loft", type: undefined, country: "", limit: 12 } } }));
    expect(requests[0]!.url).toBe(`${BASE}/properties?q=loft&limit=12`);
  });

  it("typed calls fill path parameters, send cookies and JSON, and return the parsed body", async () => {
    const { api, requests } = recording(() => jsonResponse(200, { ok: true }));
    await expect(
      data(
        api.POST("/kyc/applications/{id}/approve", {
          params: { path: { id: "a/1" }, header: { "If-Match": '"3"' } },
          body: { country: 826, accredited: false, kycExpiresAt: "2030-01-01" },
        }),
      ),
    ).resolves.toEqual({ ok: true });
    const request = requests[0]!;
    expect(request.url).toBe(`${BASE}/kyc/applications/a%2F1/approve`);
    expect(request.method).toBe("POST");
    expect(request.credentials).toBe("include");
    expect(request.headers.get("If-Match")).toBe('"3"');
    expect(request.headers.get("Content-Type")).toBe("application/json");
    expect(request.headers.get("Accept")).toBe("application/json");
    expect(await request.text()).toBe('{"country":826,"accredited":false,"kycExpiresAt":"2030-01-01"}');
  });

  it("sends Idempotency-Key and If-Match headers, and no body when there is none", async () => {
    const { api, requests } = recording(() => jsonResponse(200, {}));
    await data(
      api.POST("/kyc/applications/{id}/reject", {
        params: { path: { id: "1" }, header: { "If-Match": '"3"' } },
        body: { reason: "blurred" },
      }),
    );
    await data(
      api.POST("/kyc/applications/{id}/review", { params: { path: { id: "1" }, header: { "If-Match": '"4"' } } }),
    );
    await data(api.POST("/auth/nonce"));
    expect(requests[0]!.headers.get("If-Match")).toBe('"3"');
    expect(requests[0]!.headers.get("Content-Type")).toBe("application/json");
    expect(requests[1]!.headers.get("If-Match")).toBe('"4"');
    expect(requests[1]!.body).toBeNull();
    expect(requests[1]!.headers.get("Content-Type")).toBeNull();
    expect(requests[2]!.body).toBeNull();
  });

  it("uploads multipart/form-data with the browser's boundary, not JSON: the fields in order, the file itself", async () => {
    const { api, requests } = recording(() => jsonResponse(201, { id: "d1" }));
    const file = new File(["%PDF-1.7 deed"], "deed.pdf", { type: "application/pdf" });
    await expect(
      data(
        api.POST("/properties/{id}/documents", {
          params: { path: { id: "p1" }, header: { "Idempotency-Key": "k1" } },
          body: { kind: "TITLE_DEED", file: binary(file) },
          bodySerializer: formData,
        }),
      ),
    ).resolves.toEqual({ id: "d1" });
    const request = requests[0]!;
    expect(request.url).toBe(`${BASE}/properties/p1/documents`);
    expect(request.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.headers.get("Idempotency-Key")).toBe("k1");
    const sent = await request.formData();
    expect([...sent.keys()]).toEqual(["kind", "file"]);
    expect(sent.get("kind")).toBe("TITLE_DEED");
    const sentFile = sent.get("file") as File;
    expect(sentFile.name).toBe("deed.pdf");
    expect(await sentFile.text()).toBe("%PDF-1.7 deed");
  });

  it("formData leaves out undefined fields and writes other values as text", () => {
    const form = formData({ kind: "OTHER", note: undefined, count: 2 });
    expect([...form.entries()]).toEqual([
      ["kind", "OTHER"],
      ["count", "2"],
    ]);
    expect(formData(undefined).keys().next().done).toBe(true);
  });

  it("has no untyped call by URL: only the document's paths can be requested", () => {
    const { api } = recording(() => jsonResponse(200, {}));
    for (const untyped of ["get", "post", "put", "patch", "upload"]) expect(untyped in api).toBe(false);
    // @ts-expect-error a path the document does not have is a compile error
    void api.GET("/no-such-path");
  });

  it("turns problem+json into an ApiError with the server's words", async () => {
    const { api } = recording(() =>
      jsonResponse(
        422,
        {
          type: "https://freehold.dev/problems/validation_failed",
          title: "Validation failed",
          status: 422,
          code: "validation_failed",
          detail: "country: unknown code",
          errors: [{ path: "country", message: "unknown code" }],
        },
        "application/problem+json",
      ),
    );
    for (const attempt of [data(api.GET("/audit/verify")), data(api.GET("/properties"))]) {
      const error = (await attempt.catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(422);
      expect(error.message).toBe("country: unknown code");
      expect(error.problem.errors?.[0]?.path).toBe("country");
    }
  });

  it("reports an unreachable server as status 0, keeps an abort an abort, and keeps 204 empty", async () => {
    const down = createApiClient(BASE, (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch);
    await expect(data(down.GET("/audit/verify"))).rejects.toMatchObject({
      status: 0,
      message: "Check your connection and try again.",
    });
    const aborted = createApiClient(BASE, (async () => {
      throw new DOMException("aborted", "AbortError");
    }) as unknown as typeof fetch);
    await expect(data(aborted.GET("/audit/verify"))).rejects.toMatchObject({ name: "AbortError" });
    const empty = createApiClient(BASE, (async () => new Response(null, { status: 204 })) as unknown as typeof fetch);
    await expect(data(empty.POST("/auth/logout"))).resolves.toBeUndefined();
  });

  it("survives a non-JSON error body", async () => {
    const { api } = recording(
      () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    await expect(data(api.GET("/audit/verify"))).rejects.toMatchObject({ status: 502, message: "Bad Gateway" });
  });
});
