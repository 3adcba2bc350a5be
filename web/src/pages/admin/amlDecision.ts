/**
 * The officer's decision on a possible sanctions match (`POST /aml/screenings/:id/decision`), as the review page
 * builds it. A confirmed match closes an open application (rejects it) or an approved one (revokes it) through the
 * officer's own reject and revoke, and the investor reads one of the standard reasons, which officers give ordinary
 * rejections and revocations too: never free text (no tipping-off, backend/src/kyc/README.md). The grounds stay in
 * the screening, for reviewers.
 */
import type { AmlScreening } from "../../api/kyc";
import { STANDARD_INVESTOR_REASONS } from "../../api/enums";
import type { ScreeningDecisionBody } from "./screeningDecisionApi";

export type ScreeningDecision = ScreeningDecisionBody["decision"];
export type StandardInvestorReason = NonNullable<ScreeningDecisionBody["investorReason"]>;

/** The standard reasons a confirmed match offers: the API's enum (backend/src/kyc/investor-text.ts), in its order. */
export { STANDARD_INVESTOR_REASONS };

export const isStandardInvestorReason = (text: string): text is StandardInvestorReason =>
  (STANDARD_INVESTOR_REASONS as readonly string[]).includes(text);

/**
 * What confirming the match closes, as the API reads it on the screening (`confirmationCloses`: a dry run of the
 * decision's own rule, backend/src/aml/screening-service.ts): the live application of every wallet of the person,
 * the screened wallet's first. Empty: nothing closes.
 */
export type ConfirmationClose = AmlScreening["confirmationCloses"][number];

/** Whether the officer must choose a reason for the investor: exactly when confirming closes an application. */
export const needsInvestorReason = (decision: ScreeningDecision, closes: readonly ConfirmationClose[]): boolean =>
  decision === "CONFIRMED_MATCH" && closes.length > 0;

/**
 * The request body: the investor's reason only when the decision closes an application (the backend refuses it
 * otherwise; none chosen yet is sent without, and the backend asks for it).
 */
export function decisionBody(
  decision: ScreeningDecision,
  closes: readonly ConfirmationClose[],
  grounds: string,
  investorReason: StandardInvestorReason | "",
): ScreeningDecisionBody {
  return needsInvestorReason(decision, closes) && investorReason !== ""
    ? { decision, reason: grounds, investorReason }
    : { decision, reason: grounds };
}

/** The submit button's words: what the decision will do. */
export function decisionLabel(decision: ScreeningDecision, closes: readonly ConfirmationClose[]): string {
  if (decision === "FALSE_POSITIVE") return "Clear as a false positive";
  const [only] = closes;
  if (closes.length > 1) return `Confirm match and close ${closes.length} applications`;
  return only ? `Confirm match and ${only.action}` : "Confirm match";
}

/** One line of what a confirmation closes, for the officer: whose application, and what happens to it. */
export function describeClose(close: ConfirmationClose, screenedApplicationId: string): string {
  const what = close.action === "revoke" ? "revokes the approval of" : "rejects";
  const whose =
    close.applicationId === screenedApplicationId
      ? "this application"
      : close.sameWallet
        ? "this wallet's current application"
        : "the application of another wallet of the same person";
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${whose}`;
}
