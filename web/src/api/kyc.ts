/** KYC applications: the investor's own, and the reviewers' queue. Shapes follow the backend's OpenAPI document. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { kycKeys } from "./queryKeys";
import type { ApiClient } from "./client";

export type KycStatus =
  "SUBMITTED" | "UNDER_REVIEW" | "MORE_INFO_REQUESTED" | "APPROVED" | "REJECTED" | "EXPIRED" | "REVOKED";
export type KycDocumentKind =
  | "PASSPORT"
  | "NATIONAL_ID"
  | "DRIVING_LICENCE"
  | "RESIDENCE_PERMIT"
  | "PROOF_OF_ADDRESS"
  | "SELFIE"
  | "ACCREDITATION_EVIDENCE"
  | "SOURCE_OF_FUNDS"
  | "OTHER";

export interface KycIdentity {
  givenNames: string;
  familyName: string;
  otherNames?: string[];
  dateOfBirth: string;
  nationality: number;
  residence: { line1: string; line2?: string; city: string; region?: string; postalCode?: string; country: number };
  document: {
    type: "PASSPORT" | "NATIONAL_ID" | "DRIVING_LICENCE" | "RESIDENCE_PERMIT";
    number: string;
    issuingCountry: number;
    expiresOn: string;
  };
  taxId?: string;
}

export interface KycApplicationSummary {
  id: string;
  applicantId: string;
  wallet: string;
  status: KycStatus;
  residenceCountry: number;
  pepDeclared: boolean;
  accreditationClaimed: boolean;
  submissionCount: number;
  infoRequest: string | null;
  rejectionReason: string | null;
  approvedCountry: number | null;
  accredited: boolean | null;
  kycExpiresAt: string | null;
  decidedAt: string | null;
  revocationReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface KycDocument {
  id: string;
  kind: KycDocumentKind;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface KycApplication extends KycApplicationSummary {
  identity: KycIdentity;
  documents: KycDocument[];
}

export interface KycStatusChange {
  id: string;
  fromStatus: KycStatus | null;
  toStatus: KycStatus;
  note: string | null;
  at: string;
}

export interface SanctionsMatch {
  kind: "name" | "wallet";
  primaryName: string;
  matchedName?: string;
  address?: string;
  score: number;
  programs: string[];
}

export interface AmlScreening {
  id: string;
  applicationId: string;
  trigger: string;
  matches: SanctionsMatch[];
  bestNameScore: number;
  walletHit: boolean;
  pep: boolean;
  riskScore: number;
  riskLevel: string;
  status: "CLEAR" | "PENDING_REVIEW" | "FALSE_POSITIVE" | "CONFIRMED_MATCH";
  decisionReason: string | null;
  createdAt: string;
}

export function useKycApplications(status?: KycStatus, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.list(status),
    queryFn: ({ signal }) =>
      api.get<{ items: KycApplicationSummary[] }>("/kyc/applications", { status, limit: 50 }, signal),
    enabled,
  });
}

export function useKycApplication(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.detail(id ?? ""),
    queryFn: ({ signal }) => api.get<KycApplication>(`/kyc/applications/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useKycHistory(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.history(id ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ items: KycStatusChange[] }>(`/kyc/applications/${id}/history`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useScreenings(applicationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.screenings(applicationId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ items: AmlScreening[] }>("/aml/screenings", { applicationId, limit: 10 }, signal),
    enabled: Boolean(applicationId),
  });
}

let sequence = 0;
/** A fresh Idempotency-Key for one user action (a retried request reuses it; a new action gets a new one). */
export function newIdempotencyKey(): string {
  return `web-${Date.now().toString(36)}-${(++sequence).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export async function submitKyc(
  api: ApiClient,
  body: { identity: KycIdentity; pepDeclared: boolean; accreditationClaimed: boolean },
  files: { kind: KycDocumentKind; file: File }[],
) {
  const app = await api.post<KycApplicationSummary>("/kyc/applications", body, {
    "Idempotency-Key": newIdempotencyKey(),
  });
  for (const { kind, file } of files) await uploadKycDocument(api, app.id, kind, file);
  return app;
}

export function uploadKycDocument(api: ApiClient, applicationId: string, kind: KycDocumentKind, file: File) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", file);
  return api.upload<KycDocument>(`/kyc/applications/${applicationId}/documents`, form, {
    "Idempotency-Key": newIdempotencyKey(),
  });
}

/** A reviewer action on an application: read its current version, then write with If-Match. */
export function useKycAction(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      action,
      body,
    }: {
      action: "review" | "approve" | "reject" | "request-info" | "resubmit" | "revoke";
      body?: unknown;
    }) => {
      const current = await api.get<KycApplicationSummary>(`/kyc/applications/${id}`);
      return api.post<KycApplicationSummary>(`/kyc/applications/${id}/${action}`, body, {
        "If-Match": `"${current.version}"`,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: kycKeys.all }),
  });
}

export type RegistryWriteStatus = "PENDING" | "SENT" | "CONFIRMED" | "FAILED";

export interface RegistryWrite {
  id: string;
  seq: number;
  kind: "REGISTER" | "UPDATE" | "REMOVE" | "FREEZE" | "UNFREEZE";
  reason: string;
  status: RegistryWriteStatus;
  attempts: number;
  txHash: string | null;
  /** Reviewers only; null for the investor. */
  lastError: string | null;
  createdAt: string;
  processedAt: string | null;
}

/** Still moving: the agent has not reached an outcome yet. */
export const inFlight = (w: RegistryWrite): boolean => w.status === "PENDING" || w.status === "SENT";

/** The compliance agent's identity-registry writes for one application (`GET /kyc/applications/:id/onchain`). */
export function useRegistryWrites(applicationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: kycKeys.onchain(applicationId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ items: RegistryWrite[] }>(`/kyc/applications/${applicationId}/onchain`, undefined, signal),
    enabled: applicationId !== undefined,
    // Poll while a write is on its way, so its status moves on screen without a reload.
    refetchInterval: (query) => (query.state.data?.items.some(inFlight) ? 2_000 : false),
  });
}

export { kycKeys };
