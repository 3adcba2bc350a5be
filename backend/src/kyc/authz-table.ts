/**
 * The authorization matrix of the KYC and AML routes: for every route, which callers pass the role gate.
 * `true` means the gate lets the caller through (the service may still refuse by ownership, e.g. 404 for another
 * investor's application); `false` means 401 (anonymous) or 403 (signed in, wrong role).
 * Ownership rules are tested in kyc-routes.test.ts / aml-routes.test.ts.
 */
export type Caller = "anonymous" | "INVESTOR" | "PROPERTY_MANAGER" | "COMPLIANCE_OFFICER" | "ADMIN";

export interface AuthzRow {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  allowed: Record<Caller, boolean>;
}

const row = (method: AuthzRow["method"], path: string, allowed: Caller[]): AuthzRow => ({
  method,
  path,
  allowed: {
    anonymous: allowed.includes("anonymous"),
    INVESTOR: allowed.includes("INVESTOR"),
    PROPERTY_MANAGER: allowed.includes("PROPERTY_MANAGER"),
    COMPLIANCE_OFFICER: allowed.includes("COMPLIANCE_OFFICER"),
    ADMIN: allowed.includes("ADMIN"),
  },
});

const SIGNED_IN: Caller[] = ["INVESTOR", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER", "ADMIN"];
const REVIEWERS: Caller[] = ["COMPLIANCE_OFFICER", "ADMIN"];

export const kycAmlAuthzRows: AuthzRow[] = [
  row("post", "/kyc/applications", ["INVESTOR"]),
  row("get", "/kyc/applications", SIGNED_IN),
  row("get", "/kyc/applications/:id", SIGNED_IN),
  row("get", "/kyc/applications/:id/history", SIGNED_IN),
  row("post", "/kyc/applications/:id/documents", ["INVESTOR"]),
  row("get", "/kyc/applications/:id/documents/:documentId/content", SIGNED_IN),
  row("post", "/kyc/applications/:id/review", REVIEWERS),
  row("post", "/kyc/applications/:id/request-info", REVIEWERS),
  row("post", "/kyc/applications/:id/resubmit", ["INVESTOR"]),
  row("post", "/kyc/applications/:id/approve", REVIEWERS),
  row("post", "/kyc/applications/:id/reject", REVIEWERS),
  row("post", "/kyc/applications/:id/revoke", REVIEWERS),
  row("post", "/kyc/expire-due", REVIEWERS),
  row("post", "/kyc/key-rotation", ["ADMIN"]),
  row("post", "/aml/lists", REVIEWERS),
  row("get", "/aml/lists", REVIEWERS),
  row("get", "/aml/lists/active", REVIEWERS),
  row("post", "/aml/check", REVIEWERS),
  row("get", "/aml/screenings", REVIEWERS),
  row("get", "/aml/screenings/:id", REVIEWERS),
  row("post", "/aml/screenings/:id/decision", REVIEWERS),
  row("post", "/aml/applications/:id/screen", REVIEWERS),
];
