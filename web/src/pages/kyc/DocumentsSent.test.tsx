import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { KycDocument, KycStatus } from "../../api/kyc";
import { KYC_DOCUMENT_STATES, STANDARD_DOCUMENT_REASONS } from "../../api/enums";
import { render, type Rendered } from "../../test/render";
import { DocumentsSent, investorDocumentState } from "./DocumentsSent";
import { DOCUMENT_KIND_LABELS, KYC_STATUS } from "./labels";

const doc = (over: Partial<KycDocument> = {}): KycDocument => ({
  id: "d1",
  kind: "PROOF_OF_ADDRESS",
  fileName: "bill.pdf",
  mimeType: "application/pdf",
  size: 2048,
  sha256: "0".repeat(64),
  uploadedAt: "2026-12-01T10:00:00.000Z",
  status: "RECEIVED",
  refusalReason: null,
  refusedAt: null,
  ...over,
});

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("finding: a document refused after submission is shown to the investor with what to do next", () => {
  it("the refused proof of address reads Refused, with the officer's standard reason and the upload to make", () => {
    const refused = doc({
      status: "REFUSED",
      refusalReason: "The document is older than three months",
      refusedAt: "2026-12-02T09:00:00.000Z",
    });
    view = render(
      <DocumentsSent documents={[doc({ id: "d0", kind: "PASSPORT" }), refused]} status="MORE_INFO_REQUESTED" />,
    );
    const row = view.container.querySelector('[data-document="d1"]')!;
    expect(row.textContent).toContain("Refused");
    expect(row.textContent).toContain("The document is older than three months");
    expect(row.textContent).toMatch(/Upload a new proof of address below, then send your application again/);
    expect(view.container.querySelector('[data-document="d0"]')!.textContent).not.toContain("Refused");
  });
});

const STATUSES = Object.keys(KYC_STATUS) as KycStatus[];
/** Words an officer's own note or an AML concern would carry: the investor's view never shows them. */
const TELL = /sanction|screening|aml|watch ?list|ofac|freez|match|note/i;

describe("class: every document state reads as a state, with a next step when the investor must act", () => {
  it("every refused document names its reason and a step the API accepts; none shows an officer's note", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KYC_DOCUMENT_STATES),
        fc.constantFrom(...STANDARD_DOCUMENT_REASONS),
        fc.constantFrom(...(Object.keys(DOCUMENT_KIND_LABELS) as KycDocument["kind"][])),
        fc.constantFrom(...STATUSES),
        fc.string({ minLength: 1 }).map((s) => `Officer note (sanctions match): ${s}`),
        (state, reason, kind, status, note) => {
          const refused = state !== "RECEIVED";
          // what a reviewer's response would add: the web must not show it even if it came
          const d = {
            ...doc({ kind, status: state, refusalReason: refused ? reason : null }),
            ...(refused ? { refusedAt: "2026-12-02T09:00:00.000Z" } : {}),
            reviewNote: note,
          } as KycDocument;
          const shown = investorDocumentState(d, status);
          expect(shown.label).not.toBe("");
          const text = [shown.label, shown.detail ?? "", shown.nextStep ?? ""].join(" ");
          expect(text).not.toContain(note);
          expect(text.replace(reason, "")).not.toMatch(TELL);
          if (state === "REFUSED") {
            expect(shown.tone).toBe("bad");
            expect(shown.detail).toBe(reason);
            expect(shown.nextStep).toBeTruthy();
            // the step it names is one the API takes in this status: an upload while the application waits for the
            // investor (the backend's only open status with a refused document), a new application once it is closed
            if (status === "MORE_INFO_REQUESTED")
              expect(shown.nextStep).toMatch(/^Upload a new .+ below, then send your application again\.$/);
            else if (["REJECTED", "EXPIRED", "REVOKED"].includes(status))
              expect(shown.nextStep).toMatch(/new application/);
            else expect(shown.nextStep).toMatch(/contact support/i);
          } else {
            expect(shown.nextStep).toBeUndefined();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
