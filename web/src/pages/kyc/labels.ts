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
  REJECTED: "Rejected: the reason is shown above.",
  EXPIRED: "Expired: verify your identity again to keep investing.",
  REVOKED: "Revoked: the reason is shown above.",
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

/**
 * The investor's own on-chain status after an approval, from the registry's `isVerified` only: every state that is
 * not verified (the approval not written yet, a wallet removed, lapsed or frozen) reads the same, and true for all
 * (browser test 2026-12-06, M5: "this updates by itself" was shown to a frozen wallet, and its change was a tell).
 */
export function investorOnChainStatus(verified: boolean): { label: string; tone: BadgeTone; text: string } {
  return verified
    ? { label: "Whitelisted on chain", tone: "ok", text: "" }
    : {
        label: "Not active on chain",
        tone: "warn",
        text: "Your wallet cannot receive units right now. A new approval usually reaches the chain within minutes; if this lasts longer, contact support.",
      };
}
