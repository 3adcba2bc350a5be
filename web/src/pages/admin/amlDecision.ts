/**
 * The officer's decision on a possible sanctions match (`POST /aml/screenings/:id/decision`), as the review page
 * builds it. A confirmed match closes an open application (rejects it) or an approved one (revokes it) through the
 * officer's own reject and revoke, and the investor reads one of the standard reasons, which officers give ordinary
 * rejections and revocations too: never free text (no tipping-off, backend/src/kyc/README.md). The grounds stay in
 * the screening, for reviewers.
 */
import type { KycStatus } from "../../api/kyc";
import { STANDARD_INVESTOR_REASONS } from "../../api/enums";
import type { ScreeningDecisionBody } from "./screeningDecisionApi";

export type ScreeningDecision = ScreeningDecisionBody["decision"];
export type StandardInvestorReason = NonNullable<ScreeningDecisionBody["investorReason"]>;

/** The standard reasons a confirmed match offers: the API's enum (backend/src/kyc/investor-text.ts), in its order. */
export { STANDARD_INVESTOR_REASONS };

export const isStandardInvestorReason = (text: string): text is StandardInvestorReason =>
  (STANDARD_INVESTOR_REASONS as readonly string[]).includes(text);

/** What confirming the match does to the application in `status`: rejects it, revokes it, or leaves it as it is. */
export function confirmationCloses(status: KycStatus): "reject" | "revoke" | null {
  if (status === "APPROVED") return "revoke";
  return status === "SUBMITTED" || status === "UNDER_REVIEW" || status === "MORE_INFO_REQUESTED" ? "reject" : null;
}

/** Whether the officer must write a reason for the investor: exactly when confirming closes the application. */
export const needsInvestorReason = (decision: ScreeningDecision, status: KycStatus): boolean =>
  decision === "CONFIRMED_MATCH" && confirmationCloses(status) !== null;

/**
 * The request body: the investor's reason only when the decision closes the application (the backend refuses it
 * otherwise; none chosen yet is sent without, and the backend asks for it).
 */
export function decisionBody(
  decision: ScreeningDecision,
  status: KycStatus,
  grounds: string,
  investorReason: StandardInvestorReason | "",
): ScreeningDecisionBody {
  return needsInvestorReason(decision, status) && investorReason !== ""
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
