import { useState } from "react";
import { Link } from "react-router";
import { useKycApplications, type KycStatus } from "../../api/kyc";
import { countryNameByNumeric } from "../../compliance/countries";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { KYC_STATUS } from "../kyc/labels";
import { formatDateTime } from "../../format/dates";

/** The reviewers' queue: applications oldest first, filterable by status. */
export function KycQueue() {
  const [status, setStatus] = useState<KycStatus | "">("SUBMITTED");
  const list = useKycApplications(status || undefined);
  return (
    <section className="stack" aria-labelledby="kyc-queue">
      <div className="row">
        <h2 id="kyc-queue" style={{ margin: 0 }}>
          KYC review queue
        </h2>
        <span className="spacer" />
        <Field label="Status">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as KycStatus | "")}
            >
              <option value="">All</option>
              {Object.entries(KYC_STATUS).map(([value, { label }]) => (
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
      {list.data && list.data.items.length === 0 ? (
        <p className="muted panel">Nothing waiting. New applications appear here.</p>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="table panel">
          <thead>
            <tr>
              <th scope="col">Wallet</th>
              <th scope="col">Residence</th>
              <th scope="col">Submitted</th>
              <th scope="col">Status</th>
              <th scope="col">Flags</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <tr key={a.id} data-testid="kyc-row">
                <td>
                  <AddressText value={a.wallet} noCopy />
                </td>
                <td>{countryNameByNumeric(a.residenceCountry)}</td>
                <td>{formatDateTime(a.createdAt)}</td>
                <td>
                  <Badge tone={KYC_STATUS[a.status].tone}>{KYC_STATUS[a.status].label}</Badge>
                </td>
                <td className="small">
                  {a.pepDeclared ? <Badge tone="warn">PEP</Badge> : null}{" "}
                  {a.accreditationClaimed ? <Badge tone="info">Claims accreditation</Badge> : null}
                  {a.submissionCount > 1 ? <Badge>Resubmitted ×{a.submissionCount - 1}</Badge> : null}
                </td>
                <td>
                  <Link to={`/admin/kyc/${a.id}`} className="btn btn--secondary btn--small">
                    Review<span className="visually-hidden"> application from {a.wallet}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
