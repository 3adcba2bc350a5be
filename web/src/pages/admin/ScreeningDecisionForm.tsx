import { useId, useState, type FormEvent } from "react";
import { ApiError } from "../../api/client";
import type { AmlScreening } from "../../api/kyc";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import {
  decisionBody,
  decisionLabel,
  describeClose,
  isStandardInvestorReason,
  needsInvestorReason,
  STANDARD_INVESTOR_REASONS,
  type ScreeningDecision,
  type StandardInvestorReason,
} from "./amlDecision";
import type { ScreeningDecisionBody } from "./screeningDecisionApi";

interface Props {
  /** With what a confirmation would close (`confirmationCloses`, the API's own reckoning). */
  screening: AmlScreening;
  decide: (body: ScreeningDecisionBody) => void;
  pending: boolean;
  /** The last refusal: its field errors go next to their fields, the rest above the button. */
  error: Error | null;
}

/** A radio and its words on one line at any width: the words wrap beside the radio, never under it. */
const CHOICE = { flexWrap: "nowrap", alignItems: "baseline", gap: "0.5rem" } as const;

const fieldError = (error: Error | null, field: "reason" | "investorReason"): string | undefined =>
  error instanceof ApiError ? error.problem.errors?.find((e) => e.path === `body.${field}`)?.message : undefined;

/** The hint under the investor's reason of a confirmed match. */
export const STANDARD_REASON_HINT =
  "The investor reads this reason. A confirmed match takes one of the standard reasons, which officers also give ordinary rejections and revocations, so the investor cannot tell them apart; the grounds above are for reviewers.";

/**
 * An officer's decision on one possible match: clear it as a false positive, or confirm it. Confirming rejects an
 * open application or revokes an approved one, and then the officer picks the reason the investor reads from the
 * standard reasons (never free text: no word list can keep every telling sentence out); the grounds are the
 * reviewers' only.
 */
export function ScreeningDecisionForm({ screening, decide, pending, error }: Props) {
  const name = useId();
  const [decision, setDecision] = useState<ScreeningDecision | undefined>();
  const [grounds, setGrounds] = useState("");
  const [investorReason, setInvestorReason] = useState<StandardInvestorReason | "">("");
  const closes = screening.confirmationCloses;
  const actions = new Set(closes.map((c) => c.action));
  const asksInvestorReason = decision !== undefined && needsInvestorReason(decision, closes);
  const ready = decision !== undefined && grounds.trim() !== "" && (!asksInvestorReason || investorReason !== "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) decide(decisionBody(decision, closes, grounds, investorReason));
  };
  const fieldErrors = [fieldError(error, "reason"), fieldError(error, "investorReason")];
  return (
    <form className="stack" onSubmit={submit} aria-label="Decide on this possible match" data-testid="aml-decision">
      <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0, gap: "0.3rem" }}>
        <legend className="label" style={{ padding: 0 }}>
          <strong>Decide on this possible match</strong>
        </legend>
        <label className="row" style={CHOICE}>
          <input
            type="radio"
            name={name}
            checked={decision === "FALSE_POSITIVE"}
            disabled={screening.walletHit}
            onChange={() => setDecision("FALSE_POSITIVE")}
          />
          <span>False positive: not the listed person</span>
        </label>
        {screening.walletHit ? (
          <p className="small muted">The wallet itself is on the list: an exact address match cannot be cleared.</p>
        ) : null}
        <label className="row" style={CHOICE}>
          <input
            type="radio"
            name={name}
            checked={decision === "CONFIRMED_MATCH"}
            onChange={() => setDecision("CONFIRMED_MATCH")}
          />
          <span>
            Confirm the match
            {closes.length === 1 && closes[0]!.applicationId === screening.applicationId
              ? closes[0]!.action === "reject"
                ? ": rejects the application"
                : ": revokes the approval (the wallet stays frozen)"
              : closes.length > 0
                ? `: closes ${closes.length === 1 ? "1 application" : `${closes.length} applications`} of the person`
                : ""}
          </span>
        </label>
        {closes.length > 0 && !(closes.length === 1 && closes[0]!.applicationId === screening.applicationId) ? (
          <ul className="small" data-testid="aml-confirmation-closes" style={{ margin: 0 }}>
            {closes.map((c) => (
              <li key={c.applicationId}>{describeClose(c, screening.applicationId)}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <Field
        label="Grounds (reviewers only)"
        hint="Kept with the screening; the investor never reads it."
        error={fieldErrors[0]}
      >
        {(ids) => (
          <textarea {...ids} className="input" rows={2} value={grounds} onChange={(e) => setGrounds(e.target.value)} />
        )}
      </Field>
      {asksInvestorReason ? (
        <Field
          label={
            actions.size > 1
              ? "Reason for the rejection and revocation (the investor reads it)"
              : actions.has("revoke")
                ? "Reason for the revocation (the investor reads it)"
                : "Reason for the rejection (the investor reads it)"
          }
          hint={STANDARD_REASON_HINT}
          error={fieldErrors[1]}
        >
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={investorReason}
              onChange={(e) => setInvestorReason(isStandardInvestorReason(e.target.value) ? e.target.value : "")}
            >
              <option value="">Choose a standard reason</option>
              {STANDARD_INVESTOR_REASONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {decision === "CONFIRMED_MATCH" && closes.length === 0 ? (
        <p className="small muted">
          The application is already closed and no wallet of the person has a live one: confirming changes nothing the
          investor reads.
        </p>
      ) : null}
      {error ? (
        <Alert tone="bad" title="The decision was not recorded">
          <p>{fieldErrors.some(Boolean) ? "Correct the field marked above and decide again." : error.message}</p>
        </Alert>
      ) : null}
      <div>
        <button
          type="submit"
          className={decision === "CONFIRMED_MATCH" ? "btn btn--danger" : "btn btn--primary"}
          disabled={pending || !ready}
        >
          {decision ? decisionLabel(decision, closes) : "Decide"}
        </button>
      </div>
    </form>
  );
}
