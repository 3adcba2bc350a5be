/**
 * KYC through the backend's public API, for investors a journey needs already verified (a buyer on the secondary
 * market): the investor applies with an identity document, a compliance officer reviews and approves, and the
 * backend's compliance agent (its outbox worker, with its own key) writes the investor to the identity registry.
 * The test process never writes the registry: it only waits until the chain says the wallet is verified.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Address } from "viem";
import { ApiFailure, idempotencyKey, loadSanctionsList, type ApiSession } from "./api";
import { minimalPdf } from "@freehold/dev-kit/pdf";
import type { Platform } from "./platform";

export const SAMPLE_SANCTIONS_LIST = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "backend",
  "data",
  "sanctions",
  "ofac-sample",
);

/** A minimal but well-formed PDF, as an identity document scan. */
export const PASSPORT_PDF = new Uint8Array(minimalPdf("Passport scan"));

/** Approval needs a screening against an active sanctions list: loads the backend's sample OFAC list unless one is active. */
export async function ensureSanctionsList(reviewer: ApiSession): Promise<void> {
  try {
    await reviewer.request("GET", "/aml/lists/active");
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 404) throw error;
    await loadSanctionsList(reviewer, SAMPLE_SANCTIONS_LIST);
  }
}

export interface Applicant {
  givenNames: string;
  familyName: string;
  /** ISO 3166-1 numeric country of nationality, residence and document (620 Portugal, 528 Netherlands). */
  country: number;
  city: string;
  line1: string;
  postalCode: string;
  documentNumber: string;
}

/** `investor` applies with an identity document; the application waits for a compliance officer. Returns its id. */
export async function applyForKyc(investor: ApiSession, applicant: Applicant): Promise<string> {
  const identity = {
    givenNames: applicant.givenNames,
    familyName: applicant.familyName,
    dateOfBirth: "1986-02-03",
    nationality: applicant.country,
    residence: {
      line1: applicant.line1,
      city: applicant.city,
      postalCode: applicant.postalCode,
      country: applicant.country,
    },
    document: {
      type: "PASSPORT",
      number: applicant.documentNumber,
      issuingCountry: applicant.country,
      expiresOn: "2032-01-31",
    },
  };
  const { body: application } = await investor.request<{ id: string }>(
    "POST",
    "/kyc/applications",
    { identity, pepDeclared: false, accreditationClaimed: false },
    { "idempotency-key": idempotencyKey() },
  );
  const form = new FormData();
  form.set("kind", "PASSPORT");
  form.set("file", new Blob([PASSPORT_PDF], { type: "application/pdf" }), "passport.pdf");
  await investor.request("POST", `/kyc/applications/${application.id}/documents`, form, {
    "idempotency-key": idempotencyKey(),
  });
  return application.id;
}

/**
 * `investor` applies, `officer` approves, and the call returns once the backend's agent has whitelisted the wallet
 * on chain (bounded: an agent that does not write within `timeoutMs` fails the test, naming the wallet).
 */
export async function verifyThroughBackend(
  officer: ApiSession,
  investor: ApiSession,
  applicant: Applicant,
  platform: Platform,
  timeoutMs = 60_000,
): Promise<void> {
  const path = `/kyc/applications/${await applyForKyc(investor, applicant)}`;
  await officer.versioned(path, "POST", `${path}/review`);
  await officer.versioned(path, "POST", `${path}/approve`, {
    country: applicant.country,
    accredited: false,
    kycExpiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
  await waitUntilVerified(platform, investor.address, timeoutMs);
}

/** Waits for the identity registry to list `wallet` as verified (the agent's write, mined and final). */
export async function waitUntilVerified(platform: Platform, wallet: Address, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await platform.isVerified(wallet))) {
    if (Date.now() > deadline)
      throw new Error(`the backend's compliance agent did not whitelist ${wallet} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
