/**
 * The officer's decision on a possible sanctions match (`POST /aml/screenings/:id/decision`), as the review page
 * builds it. A confirmed match closes an open application (rejects it) or an approved one (revokes it) through the
 * officer's own reject and revoke, and the investor reads the reason the officer writes for them, like any rejection
 * or revocation (no tipping-off, backend/src/kyc/README.md): the grounds stay in the screening, for reviewers.
 */
import type { KycStatus } from "../../api/kyc";
import type { ScreeningDecisionBody } from "./screeningDecisionApi";

export type ScreeningDecision = ScreeningDecisionBody["decision"];

/** What confirming the match does to the application in `status`: rejects it, revokes it, or leaves it as it is. */
export function confirmationCloses(status: KycStatus): "reject" | "revoke" | null {
  if (status === "APPROVED") return "revoke";
  return status === "SUBMITTED" || status === "UNDER_REVIEW" || status === "MORE_INFO_REQUESTED" ? "reject" : null;
}

/** Whether the officer must write a reason for the investor: exactly when confirming closes the application. */
export const needsInvestorReason = (decision: ScreeningDecision, status: KycStatus): boolean =>
  decision === "CONFIRMED_MATCH" && confirmationCloses(status) !== null;

/** The request body: the investor's reason only when the decision closes the application (the backend refuses it otherwise). */
export function decisionBody(
  decision: ScreeningDecision,
  status: KycStatus,
  grounds: string,
  investorReason: string,
): ScreeningDecisionBody {
  return needsInvestorReason(decision, status)
    ? { decision, reason: grounds, investorReason }
    : { decision, reason: grounds };
}

/** The submit button's words: what the decision will do. */
export function decisionLabel(decision: ScreeningDecision, status: KycStatus): string {
  if (decision === "FALSE_POSITIVE") return "Clear as a false positive";
  const closes = confirmationCloses(status);
  return closes === "reject"
    ? "Confirm match and reject"
    : closes === "revoke"
      ? "Confirm match and revoke"
      : "Confirm match";
}
