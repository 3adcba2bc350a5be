/**
 * The backend's API driven from the test process, for the parts of a journey that happen on someone else's
 * screen (an officer approving, an admin granting a role) and to seed data through the same public API the app
 * uses. Signs in with SIWE exactly like the app (same message builder, a viem local account).
 */
import { privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";
import { buildSiweMessage } from "../../src/wallet/siwe";
import { facadePng } from "@freehold/dev-kit/images";
import { minimalPdf } from "@freehold/dev-kit/pdf";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface Reply<T> {
  status: number;
  body: T;
  etag: string | undefined;
}

export class ApiSession {
  private cookie = "";
  readonly address: Hex;
  userId = "";

  constructor(
    private readonly apiUrl: string,
    private readonly appUrl: string,
    private readonly chainId: number,
    private readonly key: Hex,
  ) {
    this.address = privateKeyToAccount(key).address;
  }

  static async signIn(apiUrl: string, appUrl: string, chainId: number, key: Hex): Promise<ApiSession> {
    const session = new ApiSession(apiUrl, appUrl, chainId, key);
    const { body: nonce } = await session.request<{ nonce: string }>("POST", "/auth/nonce");
    const message = buildSiweMessage({ address: session.address, chainId, nonce: nonce.nonce, origin: appUrl });
    const signature = await privateKeyToAccount(key).signMessage({ message });
    const { body: user } = await session.request<{ id: string }>("POST", "/auth/verify", { message, signature });
    session.userId = user.id;
    return session;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const init: RequestInit = {
      method,
      headers: { ...headers, cookie: this.cookie, origin: new URL(this.appUrl).origin },
    };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    const response = await fetch(`${this.apiUrl}/api/v1${path}`, init);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("fh_session="));
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiFailure(response.status, parsed, `${method} ${path}`);
    return { status: response.status, body: parsed as T, etag: response.headers.get("etag") ?? undefined };
  }

  /** GET then write with the entity's ETag (the backend's optimistic concurrency). */
  async versioned<T>(readPath: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const { etag } = await this.request("GET", readPath);
    if (!etag) throw new Error(`${readPath} returned no ETag`);
    return this.request<T>(method, path, body, { "if-match": etag });
  }
}

let keySeq = 0;
export const idempotencyKey = (): string => `e2e-${Date.now()}-${++keySeq}`;

/** An admin gives `user` these roles (the admin's own session). */
export async function grantRoles(admin: ApiSession, user: ApiSession, roles: string[]): Promise<void> {
  await admin.versioned(`/users/${user.userId}`, "PUT", `/users/${user.userId}/roles`, { roles });
}

export interface SeededProperty {
  id: string;
  name: string;
  deed: Uint8Array<ArrayBuffer>;
}

/** A manager registers a property with a deed and a photo; an officer verifies the title and the property. */
export async function seedVerifiedProperty(
  manager: ApiSession,
  officer: ApiSession,
  fields: { name: string; city: string; country: string; type: string },
): Promise<SeededProperty> {
  const { titleId, ...property } = await seedSubmittedProperty(manager, fields);
  await officer.versioned(`/titles/${titleId}`, "POST", `/titles/${titleId}/verify`);
  await officer.versioned(`/properties/${property.id}`, "POST", `/properties/${property.id}/transitions`, {
    to: "VERIFIED",
  });
  return property;
}

/** A manager registers a property with a deed, a photo and its land title, and submits it for verification. */
export async function seedSubmittedProperty(
  manager: ApiSession,
  fields: { name: string; city: string; country: string; type: string },
): Promise<SeededProperty & { titleId: string }> {
  const { body: property } = await manager.request<{ id: string }>(
    "POST",
    "/properties",
    {
      name: fields.name,
      description: `A well-kept ${fields.type.toLowerCase()} building in ${fields.city}.\n\nFully let, with long leases to established tenants.`,
      type: fields.type,
      addressLine1: "12 Harbour Street",
      city: fields.city,
      country: fields.country,
      currency: "EUR",
      floorAreaSqm: "1840.50",
      yearBuilt: 1998,
      floors: 5,
      amenities: ["Lift", "Bike storage"],
    },
    { "idempotency-key": idempotencyKey() },
  );
  // A real (minimal) PDF: the backend checks that a file's content is the type it was sent as.
  const deed = new Uint8Array(
    minimalPdf(`Title deed of ${fields.name}, ${fields.city}. Registered ${new Date().toISOString()}.`),
  );
  const upload = async (kind: string, bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => {
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", new Blob([bytes], { type }), name);
    return (
      await manager.request<{ id: string }>("POST", `/properties/${property.id}/documents`, form, {
        "idempotency-key": idempotencyKey(),
      })
    ).body;
  };
  const deedDoc = await upload("TITLE_DEED", deed, "title-deed.pdf", "application/pdf");
  await upload("IMAGE", PNG_PIXEL, "front.png", "image/png");
  const { body: title } = await manager.request<{ id: string }>(
    "POST",
    `/properties/${property.id}/title`,
    {
      jurisdiction: fields.country,
      titleNumber: `T-${Date.now()}-${keySeq}`,
      parcelId: `P-${keySeq}`,
      registryOffice: `${fields.city} Land Registry`,
      tenure: "FREEHOLD",
      areaSqm: "920.00",
      documentId: deedDoc.id,
      ownerOfRecord: "Harbour Holdings Ltd",
      acquiredOn: "2015-06-01",
      instrument: "Deed of sale",
    },
    { "idempotency-key": idempotencyKey() },
  );
  await manager.versioned(`/properties/${property.id}`, "POST", `/properties/${property.id}/transitions`, {
    to: "SUBMITTED",
  });
  return { id: property.id, name: fields.name, deed, titleId: title.id };
}

/** A façade picture (sky, building, windows) as a real PNG, so screenshots look like a listing. */
const PNG_PIXEL = facadePng({ wall: [196, 170, 140], sky: [120, 170, 215], floors: 5, width: 0.62 });

/** A reviewer loads the sample OFAC list the backend ships (approval needs a screening against an active list). */
export async function loadSanctionsList(reviewer: ApiSession, dir: string): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const form = new FormData();
  form.set("file", new Blob([readFileSync(`${dir}/SDN.CSV`, "utf8")], { type: "text/csv" }), "SDN.CSV");
  form.set("alt", readFileSync(`${dir}/ALT.CSV`, "utf8"));
  form.set("add", readFileSync(`${dir}/ADD.CSV`, "utf8"));
  await reviewer.request("POST", "/aml/lists", form);
}
