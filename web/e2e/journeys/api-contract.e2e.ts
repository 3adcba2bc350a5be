/**
 * The web app's types of the backend's responses (src/api/*.ts) must match the backend's OpenAPI document: this
 * reads the running backend's document and checks every field the app reads, so a renamed or moved field fails
 * here with its name instead of as a blank page.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { e2eEnv } from "../harness/env";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  $ref?: string;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

/** Fields the web app reads, per schema; nested objects with dots. */
const READS: Record<string, string[]> = {
  User: ["id", "address", "roles", "version", "email", "displayName"],
  PropertySummary: [
    "id",
    "name",
    "type",
    "status",
    "address.city",
    "address.region",
    "address.country",
    "floorAreaSqm",
    "bedrooms",
    "currency",
    "currentValuation",
  ],
  PropertyDetail: [
    "id",
    "name",
    "description",
    "type",
    "status",
    "address.line1",
    "address.city",
    "address.region",
    "address.country",
    "specifications.floorAreaSqm",
    "specifications.landAreaSqm",
    "specifications.yearBuilt",
    "specifications.floors",
    "specifications.bedrooms",
    "specifications.bathrooms",
    "specifications.parkingSpaces",
    "specifications.amenities",
    "currency",
    "currentValuation",
    "version",
    "title",
    "documents",
    "units",
    "recentValuations",
  ],
  LandTitle: [
    "id",
    "titleNumber",
    "jurisdiction",
    "parcelId",
    "registryOffice",
    "ownerOfRecord",
    "tenure",
    "leaseholdExpiresOn",
    "areaSqm",
    "status",
    "rejectionReason",
    "anchor",
  ],
  PropertyDocument: ["id", "kind", "fileName", "sizeBytes", "sha256", "createdAt"],
  DocumentCheck: ["sha256", "recorded", "matches"],
  DocumentMatch: ["kind", "propertyId", "recordedAt", "documentKind", "anchoredOnChain"],
  KycApplicationSummary: [
    "id",
    "wallet",
    "status",
    "residenceCountry",
    "pepDeclared",
    "accreditationClaimed",
    "submissionCount",
    "infoRequest",
    "rejectionReason",
    "approvedCountry",
    "accredited",
    "kycExpiresAt",
    "revocationReason",
    "version",
    "createdAt",
  ],
  KycApplication: ["identity", "documents"],
  AmlScreening: ["id", "matches", "bestNameScore", "walletHit", "pep", "riskScore", "riskLevel", "status"],
  AuditEntry: ["seq", "at", "actorAddress", "action", "entityType", "entityId"],
};

describe("backend API contract", () => {
  it("the OpenAPI document has every field the web app reads", async () => {
    const env = e2eEnv();
    const doc = (await (await fetch(`${env.apiUrl}/api/v1/openapi.json`)).json()) as {
      components: { schemas: Record<string, Schema> };
    };
    const schemas = doc.components.schemas;
    const resolve = (s: Schema | undefined): Schema | undefined => {
      if (!s) return undefined;
      if (s.$ref) return resolve(schemas[s.$ref.split("/").at(-1)!]);
      const alt = s.anyOf ?? s.oneOf;
      return alt ? resolve(alt.find((a) => a.type !== "null")) : s;
    };
    const missing: string[] = [];
    for (const [name, fields] of Object.entries(READS)) {
      const schema = resolve(schemas[name]);
      if (!schema) {
        missing.push(`${name} (whole schema)`);
        continue;
      }
      for (const field of fields) {
        let node: Schema | undefined = schema;
        for (const part of field.split(".")) node = resolve(node?.properties?.[part]);
        if (!node) missing.push(`${name}.${field}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
