import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useApi } from "../../api/ApiContext";
import {
  kycKeys,
  uploadKycDocument,
  useKycAction,
  useKycApplication,
  useKycHistory,
  type KycApplicationSummary,
  type KycDocument,
  type KycDocumentKind,
} from "../../api/kyc";
import { countryNameByNumeric } from "../../compliance/countries";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { formatDate } from "../../format/dates";
import { awaitingReplacement, DocumentsSent, replaces } from "./DocumentsSent";
import { DOCUMENT_KIND_LABELS, historyLine, KYC_STATUS } from "./labels";
import { OnChainStatus } from "./OnChainStatus";
import { RegistryWrites } from "./RegistryWrites";

const STEPS = ["Submitted", "Under review", "Decision"] as const;

function stepIndex(status: KycApplicationSummary["status"]): number {
  if (status === "SUBMITTED") return 0;
  if (status === "UNDER_REVIEW" || status === "MORE_INFO_REQUESTED") return 1;
  return 2;
}

function date(iso: string | null): string {
  return iso ? formatDate(iso) : "—";
}

function MoreInfo({ application, documents }: { application: KycApplicationSummary; documents: KycDocument[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const resubmit = useKycAction(application.id);
  // a refused document is what the officer waits for: its kind is the one to send, and sending needs the file
  const refused = awaitingReplacement(documents);
  const [chosenKind, setKind] = useState<KycDocumentKind | undefined>();
  const kind = chosenKind ?? refused[0]?.kind ?? "PROOF_OF_ADDRESS";
  const [file, setFile] = useState<File | undefined>();
  const [uploadError, setUploadError] = useState<string | undefined>();
  const [picker, setPicker] = useState(0);
  async function send() {
    setUploadError(undefined);
    try {
      if (file) await uploadKycDocument(api, application.id, kind, file);
      // another refused document still to replace: the next upload first (the API refuses the resubmission)
      if (refused.some((d) => !replaces(d.kind, kind))) {
        setFile(undefined);
        setKind(undefined);
        setPicker((n) => n + 1);
        return;
      }
      resubmit.mutate({ action: "resubmit", body: {} });
    } catch (e) {
      setUploadError((e as Error).message);
    } finally {
      await queryClient.invalidateQueries({ queryKey: kycKeys.all });
    }
  }
  const needed = [...new Set(refused.map((d) => DOCUMENT_KIND_LABELS[d.kind].toLowerCase()))];
  return (
    <div className="stack" data-testid="kyc-more-info">
      {refused.length > 0 ? (
        <Alert
          tone="warn"
          title={refused.length === 1 ? "A document you sent was refused" : "Documents you sent were refused"}
        >
          <ul>
            {refused.map((d) => (
              <li key={d.id}>
                <strong>{DOCUMENT_KIND_LABELS[d.kind]}</strong> ({d.fileName}): {d.refusalReason}
              </li>
            ))}
          </ul>
          <p>
            Upload a new {needed.join(" and a new ")} below, then send your application again. We review it as soon as
            it arrives.
          </p>
        </Alert>
      ) : (
        <Alert tone="warn" title="Our compliance team needs more information">
          <p>{application.infoRequest}</p>
        </Alert>
      )}
      <div className="grid grid--1-2">
        <Field label="Document type">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={kind}
              onChange={(e) => setKind(e.target.value as KycDocumentKind)}
            >
              {Object.entries(DOCUMENT_KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="File">
          {(ids) => (
            <input {...ids} key={picker} type="file" className="input" onChange={(e) => setFile(e.target.files?.[0])} />
          )}
        </Field>
      </div>
      {uploadError || resubmit.error ? (
        <Alert tone="bad" title="Not sent">
          <p>{uploadError ?? resubmit.error?.message}</p>
        </Alert>
      ) : null}
      <div>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void send()}
          disabled={resubmit.isPending || (refused.length > 0 && !file)}
        >
          {refused.length > 0 ? "Upload and send again" : "Send and resubmit"}
        </button>
        {refused.length > 0 && !file ? (
          <p className="small muted" style={{ marginTop: "0.4rem" }}>
            Choose the new {DOCUMENT_KIND_LABELS[kind].toLowerCase()} first.
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Where the investor's application stands, why, and what to do next. */
export function KycStatusPanel({
  application,
  onStartOver,
}: {
  application: KycApplicationSummary;
  onStartOver?: () => void;
}) {
  const detail = useKycApplication(application.id);
  const history = useKycHistory(application.id);
  const status = KYC_STATUS[application.status];
  const current = stepIndex(application.status);
  const final = ["REJECTED", "EXPIRED", "REVOKED"].includes(application.status);
  return (
    <section className="stack" aria-labelledby="kyc-status" data-testid="kyc-status">
      <div className="row">
        <h2 id="kyc-status" style={{ margin: 0 }}>
          Your verification
        </h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <ol className="steps" aria-label="Progress">
        {STEPS.map((label, i) => (
          <li
            key={label}
            className={i < current ? "done" : undefined}
            aria-current={i === current ? "step" : undefined}
          >
            {i < current ? "✓ " : ""}
            {label}
          </li>
        ))}
      </ol>
      {application.status === "SUBMITTED" || application.status === "UNDER_REVIEW" ? (
        <Alert tone="info" title="We are checking your application">
          <p>
            Most applications are decided within one business day. You can close this page; your status is kept here.
          </p>
        </Alert>
      ) : null}
      {application.status === "MORE_INFO_REQUESTED" ? (
        <MoreInfo application={application} documents={detail.data?.documents ?? []} />
      ) : null}
      {application.status === "APPROVED" ? (
        <div className="panel stack">
          <Alert tone="ok" title="You are verified">
            <p>
              Approved as a resident of {countryNameByNumeric(application.approvedCountry)}
              {application.accredited ? ", accredited investor" : ""}. Valid until {date(application.kycExpiresAt)}.
            </p>
          </Alert>
          <div className="row">
            <strong>On chain:</strong> <OnChainStatus wallet={application.wallet as Address} />
          </div>
          <RegistryWrites applicationId={application.id} />
        </div>
      ) : null}
      {application.status === "REJECTED" ? (
        <Alert tone="bad" title="Your application was not approved">
          <p>
            <strong>Reason:</strong> {application.rejectionReason ?? "No reason was given."}
          </p>
          <p>If you can correct or add information, you can apply again. Contact support if you have questions.</p>
        </Alert>
      ) : null}
      {application.status === "REVOKED" ? (
        <Alert tone="bad" title="Your verification was revoked">
          <p>
            <strong>Reason:</strong> {application.revocationReason ?? "No reason was given."}
          </p>
        </Alert>
      ) : null}
      {application.status === "EXPIRED" ? (
        <Alert tone="warn" title="Your verification expired">
          <p>Apply again to keep investing; units you hold stay yours.</p>
        </Alert>
      ) : null}
      {final && onStartOver ? (
        <div>
          <button type="button" className="btn btn--primary" onClick={onStartOver}>
            Start a new application
          </button>
        </div>
      ) : null}
      <div className="grid grid--halves">
        <section className="panel" aria-labelledby="kyc-docs">
          <h3 id="kyc-docs">Documents you sent</h3>
          {detail.data?.documents.length ? (
            <DocumentsSent documents={detail.data.documents} status={application.status} />
          ) : (
            <p className="muted">{detail.isPending ? "Loading…" : "No documents yet."}</p>
          )}
        </section>
        <section className="panel" aria-labelledby="kyc-history">
          <h3 id="kyc-history">History</h3>
          <ol className="small">
            {(history.data?.items ?? []).map((h) => (
              <li key={h.id}>
                {date(h.at)}: {historyLine(h)}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
