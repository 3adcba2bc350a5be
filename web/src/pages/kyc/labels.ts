import type { KycDocumentKind, KycStatus } from "../../api/kyc";
import type { BadgeTone } from "../../ui/Badge";

export const KYC_STATUS: Record<KycStatus, { label: string; tone: BadgeTone }> = {
  SUBMITTED: { label: "Submitted", tone: "info" },
  UNDER_REVIEW: { label: "Under review", tone: "info" },
  MORE_INFO_REQUESTED: { label: "More information needed", tone: "warn" },
  APPROVED: { label: "Approved", tone: "ok" },
  REJECTED: { label: "Rejected", tone: "bad" },
  EXPIRED: { label: "Expired", tone: "warn" },
  REVOKED: { label: "Revoked", tone: "bad" },
};

export const DOCUMENT_KIND_LABELS: Record<KycDocumentKind, string> = {
  PASSPORT: "Passport",
  NATIONAL_ID: "National identity card",
  DRIVING_LICENCE: "Driving licence",
  RESIDENCE_PERMIT: "Residence permit",
  PROOF_OF_ADDRESS: "Proof of address",
  SELFIE: "Selfie",
  ACCREDITATION_EVIDENCE: "Proof of accreditation",
  SOURCE_OF_FUNDS: "Source of funds",
  OTHER: "Other",
};
