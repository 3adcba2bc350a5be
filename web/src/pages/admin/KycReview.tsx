import { useState } from "react";
import { Link, useParams } from "react-router";
import type { Address } from "viem";
import { useKycAction, useKycApplication, useRefuseDocument, useScreenings, type AmlScreening } from "../../api/kyc";
import { useAppConfig } from "../../app/AppConfigContext";
import { COUNTRIES, countryNameByNumeric } from "../../compliance/countries";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { DOCUMENT_KIND_LABELS, KYC_STATUS } from "../kyc/labels";
import { RegistryState } from "./RegistryState";
import { RegistryWrites } from "../kyc/RegistryWrites";
import { Address as AddressText } from "../../ui/Address";
import { formatScore } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { InvestorTextField } from "./InvestorTextField";
import { StandardReasonPicker } from "./StandardReasonPicker";
import { useScreeningDecision } from "./screeningDecisionApi";
import { ScreeningDecisionForm } from "./ScreeningDecisionForm";
import { RefuseDocumentForm } from "./RefuseDocumentForm";

function Screening({ screening }: { screening: AmlScreening }) {
  const tone =
    screening.status === "CLEAR" || screening.status === "FALSE_POSITIVE"
      ? "ok"
      : screening.status === "PENDING_REVIEW"
        ? "warn"
        : "bad";
  return (
    <div className="stack" style={{ gap: "0.4rem" }}>
      <div className="row">
        <Badge tone={tone}>{screening.status.replace(/_/g, " ").toLowerCase()}</Badge>
        <span className="small">
          Risk {screening.riskLevel.toLowerCase()} ({screening.riskScore}/100) · best name score{" "}
          {formatScore(screening.bestNameScore)}
          {screening.walletHit ? " · wallet on the list" : ""}
          {screening.pep ? " · PEP" : ""}
        </span>
      </div>
      {screening.matches.length > 0 ? (
        <ul className="small">
          {screening.matches.map((m, i) => (
            <li key={i}>
              {m.kind === "wallet" ? `Wallet ${m.address ?? ""}` : `${m.matchedName ?? m.primaryName}`} matches “
              {m.primaryName}” ({formatScore(m.score)}, {m.programs.join(", ")})
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">No match on the active sanctions list.</p>
      )}
      {screening.decisionReason ? <p className="small">Grounds: {screening.decisionReason}</p> : null}
    </div>
  );
}

/** A screening waiting for the officer's decision, with its own form (each hit is decided on its own). */
function PendingScreening({ screening }: { screening: AmlScreening }) {
  const decide = useScreeningDecision();
  return (
    <div className="stack" style={{ gap: "0.6rem" }}>
      <Screening screening={screening} />
      <ScreeningDecisionForm
        screening={screening}
        decide={(body) => decide.mutate({ screeningId: screening.id, body })}
        pending={decide.isPending}
        error={decide.error}
      />
    </div>
  );
}

const inOneYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/** One application: the submitted data, documents and screening, and the decision. */
export function KycReview() {
  const { id = "" } = useParams();
  const { apiBaseUrl } = useAppConfig();
  const app = useKycApplication(id);
  const screenings = useScreenings(id);
  const action = useKycAction(id);
  const refuse = useRefuseDocument(id);
  const [reason, setReason] = useState("");
  const [country, setCountry] = useState<string>("");
  const [accredited, setAccredited] = useState<boolean | undefined>();
  const [expiry, setExpiry] = useState(inOneYear);
  if (app.isPending) return <Loading label="Loading the application" />;
  if (app.isError)
    return (
      <Alert tone="bad" title="The application could not be loaded">
        <p>{app.error.message}</p>
      </Alert>
    );
  const a = app.data;
  const i = a.identity;
  const decidable = a.status === "UNDER_REVIEW";
  const approveCountry = country || String(a.residenceCountry);
  return (
    <section className="stack" aria-labelledby="review-title" data-testid="kyc-review">
      <p className="small">
        <Link to="/admin">← Back to the queue</Link>
      </p>
      <div className="row">
        <h2 id="review-title" style={{ margin: 0 }}>
          {i.givenNames} {i.familyName}
        </h2>
        <Badge tone={KYC_STATUS[a.status].tone}>{KYC_STATUS[a.status].label}</Badge>
      </div>
      <div className="grid grid--2">
        <div className="stack">
          <section className="panel" aria-labelledby="identity">
            <h3 id="identity">Submitted data</h3>
            <dl className="facts">
              <dt>Wallet</dt>
              <dd>
                <AddressText value={a.wallet} />
              </dd>
              <dt>Date of birth</dt>
              <dd>{formatDate(i.dateOfBirth)}</dd>
              <dt>Nationality</dt>
              <dd>{countryNameByNumeric(i.nationality)}</dd>
              <dt>Residence</dt>
              <dd>
                {i.residence.line1}, {i.residence.postalCode ? `${i.residence.postalCode} ` : ""}
                {i.residence.city}, {countryNameByNumeric(i.residence.country)}
              </dd>
              <dt>Document</dt>
              <dd>
                {DOCUMENT_KIND_LABELS[i.document.type]} {i.document.number} (
                {countryNameByNumeric(i.document.issuingCountry)}, expires {formatDate(i.document.expiresOn)})
              </dd>
              <dt>Declarations</dt>
              <dd>
                {a.pepDeclared ? "Politically exposed" : "Not politically exposed"};{" "}
                {a.accreditationClaimed ? "claims accreditation" : "no accreditation claimed"}
              </dd>
            </dl>
          </section>
          <section className="panel" aria-labelledby="kyc-files">
            <h3 id="kyc-files">Documents</h3>
            {a.documents.length === 0 ? <p className="muted">No documents uploaded.</p> : null}
            <ul>
              {a.documents.map((d) => (
                <li key={d.id} data-document={d.id}>
                  <a href={`${apiBaseUrl}/kyc/applications/${a.id}/documents/${d.id}/content`}>
                    {DOCUMENT_KIND_LABELS[d.kind]}: {d.fileName}
                  </a>{" "}
                  <span className="small muted">({Math.max(1, Math.round(d.size / 1024))} KB)</span>{" "}
                  {d.status === "REFUSED" ? <Badge tone="bad">Refused</Badge> : null}
                  {d.status === "REPLACED" ? <Badge>Refused, replaced</Badge> : null}
                  {d.status !== "RECEIVED" ? (
                    <p className="small" style={{ margin: "0.2rem 0 0" }}>
                      {d.refusalReason}
                      {d.reviewNote ? ` · Note: ${d.reviewNote}` : ""}
                    </p>
                  ) : null}
                  {d.status === "RECEIVED" && (a.status === "UNDER_REVIEW" || a.status === "MORE_INFO_REQUESTED") ? (
                    <RefuseDocumentForm
                      document={d}
                      refuse={(body) => refuse.mutate({ documentId: d.id, body })}
                      pending={refuse.isPending}
                      error={refuse.variables?.documentId === d.id ? refuse.error : null}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="screening">
            <h3 id="screening">Sanctions screening</h3>
            {screenings.data?.items.length ? (
              <div className="stack">
                {/* the latest screening, then every earlier one still waiting for a decision */}
                {screenings.data.items
                  .filter((s, index) => index === 0 || s.status === "PENDING_REVIEW")
                  .map((s) =>
                    s.status === "PENDING_REVIEW" ? (
                      <PendingScreening key={s.id} screening={s} />
                    ) : (
                      <Screening key={s.id} screening={s} />
                    ),
                  )}
              </div>
            ) : (
              <p className="muted">{screenings.isPending ? "Loading…" : "Not screened yet."}</p>
            )}
          </section>
        </div>
        <div className="stack">
          <section className="panel stack" aria-labelledby="decision">
            <h3 id="decision">Decision</h3>
            {a.status === "SUBMITTED" ? (
              <button
                type="button"
                className="btn btn--primary"
                disabled={action.isPending}
                onClick={() => action.mutate({ action: "review" })}
              >
                Start review
              </button>
            ) : null}
            {decidable ? (
              <>
                <Field label="Country to register on chain">
                  {(ids) => (
                    <select
                      {...ids}
                      className="input"
                      value={approveCountry}
                      onChange={(e) => setCountry(e.target.value)}
                    >
                      {COUNTRIES.map((c) => (
                        <option key={c.numeric} value={c.numeric}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <label className="row">
                  <input
                    type="checkbox"
                    checked={accredited ?? a.accreditationClaimed}
                    onChange={(e) => setAccredited(e.target.checked)}
                  />{" "}
                  Accredited investor
                </label>
                <Field label="Verification valid until">
                  {(ids) => (
                    <input
                      {...ids}
                      type="date"
                      className="input"
                      value={expiry}
                      onChange={(e) => setExpiry(e.target.value)}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={action.isPending}
                  onClick={() =>
                    action.mutate({
                      action: "approve",
                      body: {
                        country: Number(approveCountry),
                        accredited: accredited ?? a.accreditationClaimed,
                        kycExpiresAt: new Date(`${expiry}T23:59:59Z`).toISOString(),
                      },
                    })
                  }
                >
                  Approve and whitelist
                </button>
                <hr style={{ border: 0, borderTop: "1px solid var(--line-soft)", width: "100%" }} />
                <StandardReasonPicker onPick={setReason} />
                <InvestorTextField
                  label="Reason or question for the investor"
                  rows={3}
                  value={reason}
                  onChange={setReason}
                />
                <div className="row">
                  <button
                    type="button"
                    className="btn btn--secondary"
                    disabled={action.isPending || !reason.trim()}
                    onClick={() => action.mutate({ action: "request-info", body: { message: reason } })}
                  >
                    Ask for more information
                  </button>
                  <button
                    type="button"
                    className="btn btn--danger"
                    disabled={action.isPending || !reason.trim()}
                    onClick={() => action.mutate({ action: "reject", body: { reason } })}
                  >
                    Reject
                  </button>
                </div>
              </>
            ) : null}
            {a.status === "APPROVED" ? (
              <div className="stack">
                <p>
                  Approved for {countryNameByNumeric(a.approvedCountry)}
                  {a.accredited ? " (accredited)" : ""}, valid until {a.kycExpiresAt ? formatDate(a.kycExpiresAt) : "—"}
                  .
                </p>
                <div>
                  <strong>Identity registry:</strong> <RegistryState wallet={a.wallet as Address} />
                </div>
                <RegistryWrites applicationId={a.id} />
              </div>
            ) : null}
            {a.status === "REJECTED" ? <p>Rejected: {a.rejectionReason}</p> : null}
            {a.status === "REVOKED" ? <p>Revoked: {a.revocationReason}</p> : null}
            {a.status === "MORE_INFO_REQUESTED" ? <p>Waiting for the investor: “{a.infoRequest}”</p> : null}
            {action.error ? (
              <Alert tone="bad" title="The decision was not recorded">
                <p>{action.error.message}</p>
              </Alert>
            ) : null}
          </section>
        </div>
      </div>
    </section>
  );
}
