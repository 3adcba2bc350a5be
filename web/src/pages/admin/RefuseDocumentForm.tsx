import { useState } from "react";
import { STANDARD_DOCUMENT_REASONS } from "../../api/enums";
import type { KycDocument, RefuseDocumentBody } from "../../api/kyc";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { DOCUMENT_KIND_LABELS } from "../kyc/labels";

/**
 * Refusing one document (outside browser review: an officer had no way to say that a proof of address would not
 * do, and the investor waited). The investor reads only the standard reason; the note is for reviewers. The
 * application goes back to the investor, who uploads a new one.
 */
export function RefuseDocumentForm({
  document,
  refuse,
  pending,
  error,
}: {
  document: KycDocument;
  refuse: (body: RefuseDocumentBody) => void;
  pending: boolean;
  error: Error | null;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<RefuseDocumentBody["reason"] | "">("");
  const [note, setNote] = useState("");
  if (!open)
    return (
      <button type="button" className="btn btn--secondary btn--small" onClick={() => setOpen(true)}>
        Refuse…
      </button>
    );
  return (
    <div className="stack" style={{ gap: "0.5rem", marginTop: "0.4rem" }}>
      <Field
        label={`Why the ${DOCUMENT_KIND_LABELS[document.kind].toLowerCase()} is refused`}
        hint="The investor reads this."
      >
        {(ids) => (
          <select
            {...ids}
            className="input"
            value={reason}
            onChange={(e) => setReason(e.target.value as RefuseDocumentBody["reason"] | "")}
          >
            <option value="">Choose a reason…</option>
            {STANDARD_DOCUMENT_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Note for reviewers (optional)" hint="Only compliance officers read it.">
        {(ids) => (
          <textarea {...ids} className="input" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      <div className="row">
        <button
          type="button"
          className="btn btn--danger btn--small"
          disabled={pending || !reason}
          onClick={() => reason && refuse({ reason, ...(note.trim() ? { note: note.trim() } : {}) })}
        >
          Refuse and ask for a new one
        </button>
        <button type="button" className="btn btn--secondary btn--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error ? (
        <Alert tone="bad" title="The document was not refused">
          <p>{error.message}</p>
        </Alert>
      ) : null}
    </div>
  );
}
