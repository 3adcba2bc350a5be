/**
 * The investor's documents and what each one needs from them (outside browser review: a proof of address refused
 * after submission was listed as sent, and the investor waited for ever). A refused document shows the officer's
 * standard reason (an enum of the API: never their own note, which the investor's response does not carry) and the
 * step to take.
 */
import { KYC_IDENTITY_DOCUMENT_TYPES } from "../../api/enums";
import type { KycDocument, KycDocumentKind, KycStatus } from "../../api/kyc";
import { formatDate } from "../../format/dates";
import { Badge, type BadgeTone } from "../../ui/Badge";
import { DOCUMENT_KIND_LABELS } from "./labels";

export interface InvestorDocumentState {
  label: string;
  tone: BadgeTone;
  /** Why, in the officer's standard words. */
  detail?: string;
  /** What the investor does now; absent when nothing is needed from them. */
  nextStep?: string;
}

const CLOSED: readonly KycStatus[] = ["REJECTED", "EXPIRED", "REVOKED"];
const IDENTITY_KINDS: readonly KycDocumentKind[] = KYC_IDENTITY_DOCUMENT_TYPES;

/** A document as the investor reads it, given where their application stands. */
export function investorDocumentState(doc: KycDocument, status: KycStatus): InvestorDocumentState {
  if (doc.status === "RECEIVED") return { label: "Received", tone: "info" };
  if (doc.status === "REPLACED") return { label: "Replaced", tone: "neutral", detail: "You sent a new one." };
  const kind = DOCUMENT_KIND_LABELS[doc.kind].toLowerCase();
  const nextStep =
    status === "MORE_INFO_REQUESTED"
      ? `Upload a new ${kind} below, then send your application again.`
      : CLOSED.includes(status)
        ? `Include a new ${kind} when you start a new application.`
        : "Contact support: we will tell you what to send.";
  return { label: "Refused", tone: "bad", detail: doc.refusalReason ?? "It could not be accepted.", nextStep };
}

/** Whether an upload of kind `next` replaces a refused document of kind `refused` (the backend's rule). */
export const replaces = (refused: KycDocumentKind, next: KycDocumentKind): boolean =>
  refused === next || (IDENTITY_KINDS.includes(refused) && IDENTITY_KINDS.includes(next));

/** Documents that were refused and not replaced yet, oldest first. */
export const awaitingReplacement = (documents: readonly KycDocument[]): KycDocument[] =>
  documents.filter((d) => d.status === "REFUSED");

export function DocumentsSent({ documents, status }: { documents: readonly KycDocument[]; status: KycStatus }) {
  return (
    <ul className="stack" style={{ gap: "0.6rem", listStyle: "none", paddingLeft: 0 }}>
      {documents.map((d) => {
        const shown = investorDocumentState(d, status);
        return (
          <li key={d.id} data-document={d.id}>
            <div className="row" style={{ gap: "0.4rem", flexWrap: "wrap" }}>
              <Badge tone={shown.tone}>{shown.label}</Badge>
              <span>
                {DOCUMENT_KIND_LABELS[d.kind]}: {d.fileName}
              </span>{" "}
              <span className="muted small">({formatDate(d.uploadedAt)})</span>
            </div>
            {shown.detail ? (
              <p className="small" style={{ margin: "0.2rem 0 0" }}>
                {d.status === "REFUSED" ? <strong>Reason: </strong> : null}
                {shown.detail}
              </p>
            ) : null}
            {shown.nextStep ? (
              <p className="small" style={{ margin: "0.2rem 0 0" }}>
                <strong>What to do: </strong>
                {shown.nextStep}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
