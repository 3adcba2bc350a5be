/** Test fixtures for the KYC and AML route tests (valid identities, real file headers, the sample list). */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { minimalPdf } from "../../test/support/files.ts";
import type { ApiResponse, Client } from "../../test/support/harness.ts";
import { SAMPLE_LIST_DIR } from "../aml/ofac/files.ts";
import { keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Db } from "../db/client.ts";
import { openApplicantName, openIdentity } from "./protection.ts";

let documentCounter = 0;

/**
 * A valid identity. Each call has its own passport number (19AB12345, 19AB12346, ...): two applications share an
 * identity document only when a test says so (issue 12.4 links them).
 */
export function identity(overrides: Record<string, unknown> = {}) {
  const documentNumber = `19AB${12_345 + documentCounter++}`;
  const inFiveYears = new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  return {
    givenNames: "Claire Anne",
    familyName: "Dubois",
    dateOfBirth: "1986-04-12",
    nationality: 250,
    residence: { line1: "12 rue des Lilas", city: "Lyon", postalCode: "69003", country: 250 },
    document: { type: "PASSPORT", number: documentNumber, issuingCountry: 250, expiresOn: inFiveYears },
    ...overrides,
  };
}

export const submission = (overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  identity: identity(overrides),
  pepDeclared: false,
  accreditationClaimed: false,
  ...extra,
});

/** A structurally valid PDF (uploads are recognised by content: header, xref, startxref, %%EOF). */
export const PDF = minimalPdf("kyc fixture");
export const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

let keyCounter = 0;
export const idempotencyKey = (): string => `test-key-${Date.now()}-${++keyCounter}`;

export function uploadForm(
  kind: string,
  bytes: Buffer = PDF,
  mimeType = "application/pdf",
  fileName = "passport-scan.pdf",
): FormData {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new Blob([new Uint8Array(bytes)], { type: mimeType }), fileName);
  return form;
}

export function uploadDocument(
  client: Client,
  applicationId: string,
  kind = "PASSPORT",
  bytes: Buffer = PDF,
  mimeType = "application/pdf",
): Promise<ApiResponse> {
  return client.post(`/api/v1/kyc/applications/${applicationId}/documents`, undefined, {
    raw: uploadForm(kind, bytes, mimeType),
  });
}

export interface SampleFiles {
  sdn: string;
  alt: string;
  add: string;
}

export async function sampleFiles(): Promise<SampleFiles> {
  const read = (name: string) => readFile(join(SAMPLE_LIST_DIR, name), "utf8");
  return { sdn: await read("SDN.CSV"), alt: await read("ALT.CSV"), add: await read("ADD.CSV") };
}

/** The sample without the given entities (an "older" list), or with extra SDN rows appended (a "newer" one). */
export function editSample(
  files: SampleFiles,
  options: { drop?: number[]; extraSdnRows?: string[] } = {},
): SampleFiles {
  const drop = new Set(options.drop ?? []);
  const keep = (text: string) =>
    text
      .split("\n")
      .filter((line) => line.trim() !== "" && !drop.has(Number(line.split(",")[0])))
      .join("\n") + "\n";
  return {
    sdn: keep(files.sdn) + (options.extraSdnRows ?? []).map((r) => `${r}\n`).join(""),
    alt: keep(files.alt),
    add: keep(files.add),
  };
}

export function listForm(files: Partial<SampleFiles> & { sdn: string }): FormData {
  const form = new FormData();
  form.set("file", new Blob([files.sdn], { type: "text/csv" }), "SDN.CSV");
  if (files.alt !== undefined) form.set("alt", files.alt);
  if (files.add !== undefined) form.set("add", files.add);
  return form;
}

export function loadList(client: Client, files: Partial<SampleFiles> & { sdn: string }): Promise<ApiResponse> {
  return client.post("/api/v1/aml/lists", undefined, { raw: listForm(files) });
}

export const ifMatch = (version: number) => ({ headers: { "if-match": `"${version}"` } });

export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * The invariant of the sealed name (issue 17): every application's `nameCiphertext` is its identity's given names
 * and family name, sealed for it, under the identity's key (`identityKeyId`); null only where written before it
 * existed. A write path that changes the identity without the name breaks it.
 */
export async function sealedNameMismatches(db: Db, ring: KeyRing): Promise<string[]> {
  const rows = await db.kycApplication.findMany({
    select: { id: true, identityCiphertext: true, identityKeyId: true, nameCiphertext: true },
  });
  const wrong: string[] = [];
  for (const row of rows) {
    if (row.nameCiphertext === null) {
      wrong.push(`${row.id}: no sealed name`);
      continue;
    }
    const identity = openIdentity(ring, row);
    const name = openApplicantName(ring, { ...row, identityCiphertext: null });
    if (name !== `${identity.givenNames} ${identity.familyName}`)
      wrong.push(`${row.id}: the name is not the identity's`);
    if (keyIdOf(row.nameCiphertext) !== row.identityKeyId) wrong.push(`${row.id}: the name is under another key`);
  }
  return wrong;
}

/** Statuses a confirmed match closes: open ones it rejects, an approved one it revokes. */
export const CLOSED_BY_A_MATCH: ReadonlySet<string> = new Set([
  "SUBMITTED",
  "UNDER_REVIEW",
  "MORE_INFO_REQUESTED",
  "APPROVED",
]);
