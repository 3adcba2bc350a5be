import { useState } from "react";
import { useSchedule, type Lease } from "../../api/leases";
import { Alert } from "../../ui/Alert";
import { formatDate, formatPeriod } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Badge } from "../../ui/Badge";
import { Loading } from "../../ui/Skeleton";
import { ENTRY_STATUS } from "./labels";
import { PaymentForm } from "./PaymentForm";
import { Cell, Table } from "../../ui/Table";

/** A lease's rent schedule with what was paid and what is overdue; a payment is recorded against one entry. */
export function RentSchedule({ lease }: { lease: Lease }) {
  const schedule = useSchedule(lease.id);
  const [paying, setPaying] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | undefined>();
  if (schedule.isPending) return <Loading label="Loading the rent schedule" />;
  if (schedule.isError)
    return (
      <Alert tone="bad" title="The rent schedule could not be loaded">
        <p>{schedule.error.message}</p>
      </Alert>
    );
  if (schedule.data.length === 0)
    return <p className="muted">No rent schedule: it is generated when the lease is activated.</p>;
  const entry = schedule.data.find((e) => e.id === paying);
  const canPay = lease.status === "ACTIVE" || lease.status === "TERMINATED" || lease.status === "EXPIRED";
  return (
    <div className="stack">
      <div className="table-scroll">
        <Table aria-label={`Rent schedule of ${lease.tenantName}'s lease`}>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Due
              </th>
              <th scope="col" className="num">
                Paid
              </th>
              <th scope="col" className="num">
                Outstanding
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedule.data.map((e) => (
              <tr key={e.id}>
                <Cell label="Period">{formatPeriod(e.periodStart, e.periodEnd)}</Cell>
                <Cell label="Due on">{formatDate(e.dueDate)}</Cell>
                <Cell label="Amount due" className="num">
                  {formatFiat(e.amountDue, lease.currency)}
                </Cell>
                <Cell label="Paid" className="num">
                  {formatFiat(e.paid, lease.currency)}
                </Cell>
                <Cell label="Outstanding" className="num">
                  {formatFiat(e.outstanding, lease.currency)}
                </Cell>
                <Cell label="Status">
                  <Badge tone={ENTRY_STATUS[e.status].tone}>{ENTRY_STATUS[e.status].label}</Badge>
                  {e.status === "OVERDUE" ? <div className="small muted">{e.daysOverdue} days late</div> : null}
                </Cell>
                <Cell label="">
                  {canPay && e.status !== "PAID" ? (
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      aria-label={`Record payment for ${formatPeriod(e.periodStart, e.periodEnd)}`}
                      onClick={() => {
                        setRecorded(undefined);
                        setPaying(e.id);
                      }}
                    >
                      Record payment
                    </button>
                  ) : null}
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      {recorded ? (
        <p className="small" role="status" data-testid="payment-recorded">
          ✓ {recorded}
        </p>
      ) : null}
      {entry ? (
        <PaymentForm
          key={entry.id}
          lease={lease}
          entry={entry}
          onDone={(summary) => {
            setRecorded(summary);
            setPaying(null);
          }}
        />
      ) : null}
    </div>
  );
}
