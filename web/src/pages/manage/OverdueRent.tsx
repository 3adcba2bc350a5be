import { useOverdueRent, type Lease } from "../../api/leases";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";

/** Rent instalments of this property unpaid after their due date, oldest first. */
export function OverdueRent({
  propertyId,
  currency,
  leases,
  unitLabel,
}: {
  propertyId: string;
  currency: string;
  leases: Lease[];
  unitLabel: (unitId: string) => string;
}) {
  const overdue = useOverdueRent(propertyId);
  const byId = new Map(leases.map((l) => [l.id, l]));
  return (
    <div className="stack" data-testid="overdue-rent">
      <h3 style={{ margin: 0 }}>Overdue rent</h3>
      {overdue.isPending ? (
        <Loading label="Loading overdue rent" />
      ) : overdue.isError ? (
        <Alert tone="bad" title="Overdue rent could not be loaded">
          <p>{overdue.error.message}</p>
        </Alert>
      ) : overdue.data.length === 0 ? (
        <p className="muted">No rent is overdue.</p>
      ) : (
        <div className="table-scroll">
          <Table aria-label="Overdue rent">
            <thead>
              <tr>
                <th scope="col">Unit and tenant</th>
                <th scope="col">Period</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">
                  Outstanding
                </th>
                <th scope="col" className="num">
                  Days late
                </th>
              </tr>
            </thead>
            <tbody>
              {overdue.data.map((e) => {
                const lease = byId.get(e.leaseId);
                return (
                  <tr key={e.id}>
                    <Cell label="Unit and tenant">
                      {lease ? `${unitLabel(lease.unitId)}: ${lease.tenantName}` : "Another lease"}
                    </Cell>
                    <Cell label="Period">
                      {formatDate(e.periodStart)} – {formatDate(e.periodEnd)}
                    </Cell>
                    <Cell label="Due on">{formatDate(e.dueDate)}</Cell>
                    <Cell label="Outstanding" className="num">
                      {formatFiat(e.outstanding, lease?.currency ?? currency)}
                    </Cell>
                    <Cell label="Days late" className="num">
                      {e.daysOverdue}
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
