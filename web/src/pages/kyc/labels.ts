import type { KycDocumentKind, KycStatus, KycStatusChange } from "../../api/kyc";
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

/** What each step of an application means for the investor, in their words. */
const HISTORY_SENTENCE: Record<KycStatus, string> = {
  SUBMITTED: "Submitted: the compliance team has your application.",
  UNDER_REVIEW: "Under review: a compliance officer is checking it.",
  MORE_INFO_REQUESTED: "More information needed.",
  APPROVED: "Approved: your identity is verified.",
  REJECTED: "Rejected: contact support to learn more.",
  EXPIRED: "Expired: verify your identity again to keep investing.",
  REVOKED: "Revoked: contact support to learn more.",
};

/**
 * One line of the investor's own application history. Officers' notes are internal (an approval's raw terms, a
 * rejection's or revocation's reasons, which may concern screening: never tipped off); only a request for more
 * information is written to the investor, so only that note is shown.
 */
export function historyLine(change: KycStatusChange): string {
  if (change.toStatus === "MORE_INFO_REQUESTED" && change.note)
    return `${KYC_STATUS.MORE_INFO_REQUESTED.label}: ${change.note}`;
  return HISTORY_SENTENCE[change.toStatus];
}
