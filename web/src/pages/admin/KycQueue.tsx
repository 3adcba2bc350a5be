import { useState } from "react";
import { Link } from "react-router";
import { useKycQueue, type QueueSort } from "../../api/admin";
import type { KycStatus } from "../../api/kyc";
import { countryNameByNumeric } from "../../compliance/countries";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { LoadMore } from "./LoadMore";
import { KYC_STATUS } from "../kyc/labels";
import { formatDateTime } from "../../format/dates";
import { waitingFor } from "./age";
import { riskLabel } from "./labels";
import { complianceFlags } from "./queueFlags";
import { Cell, Table } from "../../ui/Table";

const SORTS: Record<QueueSort, string> = {
  submitted: "Waiting longest first",
  "-submitted": "Newest first",
  risk: "Highest risk first",
};

/** The status filter's choices beside the statuses: what waits for an officer (the default), and everything. */
const NEEDS_DECISION = "needs-decision";
type StatusChoice = KycStatus | "" | typeof NEEDS_DECISION;

/**
 * The reviewers' queue: applicant, waiting time, risk and compliance flags, sorted and paged on the server. It opens
 * on what needs an officer: submitted, under review, or with a possible sanctions match awaiting a decision, an
 * approved investor hit by a list reload included (finding H6).
 */
export function KycQueue() {
  const [status, setStatus] = useState<StatusChoice>(NEEDS_DECISION);
  const [sort, setSort] = useState<QueueSort>("submitted");
  const list = useKycQueue(
    status === NEEDS_DECISION || status === "" ? undefined : status,
    sort,
    status === NEEDS_DECISION ? "needs-decision" : "all",
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="stack" aria-labelledby="kyc-queue">
      <h2 id="kyc-queue" style={{ margin: 0 }}>
        KYC review queue
      </h2>
      <div className="filters">
        <Field label="Show">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as StatusChoice)}
            >
              <option value={NEEDS_DECISION}>Needs a decision</option>
              <option value="">All</option>
              {Object.entries(KYC_STATUS).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Order">
          {(ids) => (
            <select {...ids} className="input" value={sort} onChange={(e) => setSort(e.target.value as QueueSort)}>
              {Object.entries(SORTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.isPending ? <Loading label="Loading applications" /> : null}
      {list.isError ? (
        <Alert tone="bad" title="The queue could not be loaded">
          <p>{list.error.message}</p>
        </Alert>
      ) : null}
      {list.data && items.length === 0 ? (
        <p className="muted panel">
          {status === NEEDS_DECISION
            ? "Nothing needs a decision. New applications and possible sanctions matches appear here."
            : "No application with this status."}
        </p>
      ) : null}
      {items.length > 0 ? (
        <div className="panel admin-table">
          <Table>
            <thead>
              <tr>
                <th scope="col">Applicant</th>
                <th scope="col">Waiting</th>
                <th scope="col">Risk</th>
                <th scope="col">Status</th>
                <th scope="col">Flags</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => {
                const risk = riskLabel(a.riskLevel);
                const compliance = complianceFlags(a);
                return (
                  <tr key={a.id} data-testid="kyc-row">
                    <Cell label="Applicant">
                      <strong>{a.applicantName}</strong>
                      <div className="small muted">
                        <AddressText value={a.wallet} noCopy /> · {countryNameByNumeric(a.residenceCountry)}
                      </div>
                    </Cell>
                    <Cell label="Waiting">
                      {waitingFor(a.createdAt)}
                      <div className="small muted">since {formatDateTime(a.createdAt)}</div>
                    </Cell>
                    <Cell label="Risk">
                      <Badge tone={risk.tone}>{risk.label}</Badge>
                      {a.riskScore != null ? <div className="small muted">score {a.riskScore} of 100</div> : null}
                    </Cell>
                    <Cell label="Status">
                      <Badge tone={KYC_STATUS[a.status].tone}>{KYC_STATUS[a.status].label}</Badge>
                    </Cell>
                    <Cell label="Flags" className="small">
                      {compliance.map((f) => (
                        <span key={f.label}>
                          <Badge tone={f.tone}>{f.label}</Badge>{" "}
                        </span>
                      ))}
                      {a.pepDeclared ? <Badge tone="warn">Politically exposed</Badge> : null}{" "}
                      {a.accreditationClaimed ? <Badge tone="info">Claims accreditation</Badge> : null}
                      {a.submissionCount > 1 ? <Badge>Resubmitted ×{a.submissionCount - 1}</Badge> : null}
                      {compliance.length === 0 &&
                      !a.pepDeclared &&
                      !a.accreditationClaimed &&
                      a.submissionCount <= 1 ? (
                        <span className="muted">None</span>
                      ) : null}
                    </Cell>
                    <Cell label="">
                      <Link to={`/admin/kyc/${a.id}`} className="btn btn--secondary btn--small">
                        Review<span className="visually-hidden"> the application of {a.applicantName}</span>
                      </Link>
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      ) : null}
      <LoadMore query={list} label="More applications" />
    </section>
  );
}
