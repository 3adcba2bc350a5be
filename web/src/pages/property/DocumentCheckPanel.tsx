import { useState } from "react";
import { checkDocument, sha256Hex } from "../../api/properties";
import type { DocumentCheck } from "../../api/types";
import { useApi } from "../../api/ApiContext";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { formatDate } from "../../format/dates";

type CheckState =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "done"; fileName: string; result: DocumentCheck }
  | { status: "error"; message: string };

const KIND_LABELS: Record<string, string> = {
  land_title: "land title deed",
  property_document: "property document",
  financial_statement: "closed period statement",
};

const words = (value: string) => value.toLowerCase().replace(/_/g, " ");

/**
 * "Verify this document": the file is hashed in the browser (SHA-256) and only the hash is sent; the registry
 * answers whether it recorded that exact file, and whether the hash is anchored on chain.
 */
export function DocumentCheckPanel({ propertyId }: { propertyId: string }) {
  const api = useApi();
  const [state, setState] = useState<CheckState>({ status: "idle" });

  async function onFile(file: File | undefined) {
    if (!file) return;
    setState({ status: "checking" });
    try {
      const sha256 = await sha256Hex(file);
      const result = await checkDocument(api, sha256);
      setState({ status: "done", fileName: file.name, result });
    } catch (error) {
      setState({ status: "error", message: (error as Error).message });
    }
  }

  const matchHere = state.status === "done" ? state.result.matches.find((m) => m.propertyId === propertyId) : undefined;
  // An investor statement belongs to no property: the check names only its kind and period, never whose it is.
  const statement =
    state.status === "done" ? state.result.matches.find((m) => m.kind === "investor_statement") : undefined;
  return (
    <section className="panel" aria-labelledby="verify-doc">
      <h2 id="verify-doc">Verify a document</h2>
      <p className="muted small">
        Got a copy of a deed or report? Check it against the registry. Your file is hashed on this device; only its
        fingerprint (SHA-256) is sent.
      </p>
      <Field label="Choose a file to check">
        {(ids) => <input {...ids} type="file" className="input" onChange={(e) => void onFile(e.target.files?.[0])} />}
      </Field>
      <div aria-live="polite" style={{ marginTop: "0.75rem" }}>
        {state.status === "checking" ? <p className="muted">Checking…</p> : null}
        {state.status === "error" ? (
          <Alert tone="bad" title="The check could not run">
            <p>{state.message}</p>
          </Alert>
        ) : null}
        {state.status === "done" && matchHere ? (
          <Alert tone="ok" title="Authentic: this file matches the registry">
            <p>
              {state.fileName} is the {KIND_LABELS[matchHere.kind] ?? "document"}
              {matchHere.documentKind ? ` (${matchHere.documentKind.toLowerCase().replace(/_/g, " ")})` : ""} recorded
              for this property on {formatDate(matchHere.recordedAt)}.{" "}
              {matchHere.anchoredOnChain
                ? "Its fingerprint is also anchored on chain."
                : "It is not anchored on chain yet (that happens at tokenization)."}
            </p>
          </Alert>
        ) : null}
        {state.status === "done" && !matchHere && statement ? (
          <Alert tone="ok" title="Authentic: an investor statement issued by Freehold">
            <p>
              {state.fileName} is the {statement.documentKind ? `${words(statement.documentKind)} ` : ""}statement
              {statement.period ? ` for ${statement.period}` : ""} that {statement.issuer ?? "Freehold"} issued on{" "}
              {formatDate(statement.recordedAt)}. The check does not say whose statement it is.
            </p>
          </Alert>
        ) : null}
        {state.status === "done" && !matchHere && !statement && state.result.recorded ? (
          <Alert tone="warn" title="Recorded, but not for this property">
            <p>
              This file matches a document the registry recorded for another property. Make sure you are looking at the
              right listing.
            </p>
          </Alert>
        ) : null}
        {state.status === "done" && !state.result.recorded ? (
          <Alert tone="bad" title="No match: this file was not recorded">
            <p>
              This file differs from every document the registry holds. Even a one-byte change gives a different
              fingerprint. Do not rely on it.
            </p>
          </Alert>
        ) : null}
      </div>
    </section>
  );
}
