/**
 * What an unverified investor's empty portfolio points to: verifying, or the verification already under way (review
 * 2026-12-06 L3: an applicant who had submitted was told "Verify your identity first"). An approved application
 * whose wallet the registry does not verify reads as under way too: the same words whatever keeps it off the chain
 * (no tipping-off).
 */
import { LIVE_KYC_STATUSES } from "../../api/enums";
import type { KycStatus } from "../../api/kyc";

/** A live application (submitted, in review, waiting for information, or approved): the backend's own list. */
const UNDER_WAY: readonly KycStatus[] = LIVE_KYC_STATUSES;

export function verificationStep(applications: readonly { status: KycStatus }[]): "apply" | "under-way" {
  return applications.some((a) => UNDER_WAY.includes(a.status)) ? "under-way" : "apply";
}
