import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "./client";
import { submitKyc, uploadKycDocument, type KycIdentity } from "./kyc";

const BASE = "http://api.test/api/v1";

/** A client whose fetch records each Request and answers with `replies` in turn. */
function recording(...replies: unknown[]) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(replies[requests.length - 1] ?? {}), {
      status: 201,
      headers: { "Content-Type": "application/json" },
    });
  });
  return { api: createApiClient(BASE, fetchMock as unknown as typeof fetch), requests };
}

describe("KYC documents on the wire", () => {
  it("uploads a document as multipart/form-data: kind, then the file itself, with a fresh Idempotency-Key", async () => {
    const { api, requests } = recording({ id: "d1" }, { id: "d2" });
    const file = new File(["%PDF-1.7 passport"], "passport.pdf", { type: "application/pdf" });
    await expect(uploadKycDocument(api, "app-1", "PASSPORT", file)).resolves.toEqual({ id: "d1" });
    await uploadKycDocument(api, "app-1", "SELFIE", file);
    const [first, second] = requests as [Request, Request];
    expect(first.method).toBe("POST");
    expect(first.url).toBe(`${BASE}/kyc/applications/app-1/documents`);
    expect(first.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await first.formData();
    expect([...form.keys()]).toEqual(["kind", "file"]);
    expect(form.get("kind")).toBe("PASSPORT");
    expect(await (form.get("file") as File).text()).toBe("%PDF-1.7 passport");
    expect(first.headers.get("Idempotency-Key")).toMatch(/^web-/);
    expect(second.headers.get("Idempotency-Key")).not.toBe(first.headers.get("Idempotency-Key"));
  });

  // Finding M1 (browser review 2026-12-06): the application was created, then its document refused, leaving a
  // submitted application without one. The identity document now goes in the same request as the application.
  const identity: KycIdentity = {
    givenNames: "Ada",
    familyName: "Lovelace",
    otherNames: [],
    dateOfBirth: "1990-12-10",
    nationality: 826,
    residence: { line1: "1 Main St", city: "London", country: 826 },
    document: { type: "NATIONAL_ID", number: "X1", issuingCountry: 826, expiresOn: "2035-01-01" },
  };
  const body = { identity, pepDeclared: false, accreditationClaimed: false };

  it("submits the application with its identity document in one request, then the other documents", async () => {
    const { api, requests } = recording({ id: "app-9" }, { id: "d1" });
    const file = new File(["id"], "id.png", { type: "image/png" });
    const proof = new File(["bill"], "bill.pdf", { type: "application/pdf" });
    await submitKyc(api, body, { kind: "NATIONAL_ID", file }, [{ kind: "PROOF_OF_ADDRESS", file: proof }]);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /api/v1/kyc/applications/with-document",
      "POST /api/v1/kyc/applications/app-9/documents",
    ]);
    const form = await requests[0]!.formData();
    expect(JSON.parse(form.get("application") as string)).toEqual(body);
    expect(form.get("kind")).toBe("NATIONAL_ID");
    expect(await (form.get("file") as File).text()).toBe("id");
    expect((await requests[1]!.formData()).get("kind")).toBe("PROOF_OF_ADDRESS");
  });

  it("a refused identity document is the submission's error, and nothing else is sent", async () => {
    const requests: Request[] = [];
    const fetchMock = vi.fn(async (request: Request) => {
      requests.push(request);
      return new Response(
        JSON.stringify({
          status: 415,
          code: "unsupported_media_type",
          title: "Unsupported media type",
          detail: "This file is not a readable PDF. Export it again or upload a photo.",
        }),
        { status: 415, headers: { "Content-Type": "application/problem+json" } },
      );
    });
    const api = createApiClient(BASE, fetchMock as unknown as typeof fetch);
    const file = new File(["%PDF-1.7 cut"], "passport.pdf", { type: "application/pdf" });
    await expect(
      submitKyc(api, body, { kind: "NATIONAL_ID", file }, [{ kind: "PROOF_OF_ADDRESS", file }]),
    ).rejects.toThrow("This file is not a readable PDF. Export it again or upload a photo.");
    expect(requests).toHaveLength(1);
  });
});
