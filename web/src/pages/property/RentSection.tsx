import { useRentSummary } from "../../api/leases";
import { formatDate } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { Skeleton } from "../../ui/Skeleton";
import { CollectedRentChart } from "./CollectedRentChart";
import { rentFigures } from "./rentFigures";

const DD = { margin: 0 };

/** Leases & rent on the property page: occupancy, contracted rent, gross yield, net rent collected, overdue rent. */
export function RentSection({ propertyId }: { propertyId: string }) {
  const query = useRentSummary(propertyId);
  return (
    <section className="panel stack" aria-labelledby="leases-rent" data-testid="rent-summary">
      <h2 id="leases-rent">Leases &amp; rent</h2>
      {query.isPending ? (
        <div role="status" aria-label="Loading the rent figures">
          <Skeleton height={72} />
        </div>
      ) : query.isError ? (
        <Alert tone="bad" title="The rent figures could not be loaded">
          <p>{query.error.message}</p>
        </Alert>
      ) : (
        <RentFiguresView summary={query.data} />
      )}
    </section>
  );
}

function RentFiguresView({ summary }: { summary: Parameters<typeof rentFigures>[0] }) {
  const f = rentFigures(summary);
  if (f.empty) {
    return (
      <p className="muted">
        No leases recorded yet. The manager has not registered rentable units or active leases, and no rent was
        collected in the last twelve months, so there is no occupancy or yield to report.
      </p>
    );
  }
  return (
    <>
      <dl className="stats">
        <div className="stat">
          <dt className="stat__label">Occupancy</dt>
          <dd style={DD} className="stat__value">
            {f.occupancy.value}
          </dd>
          <dd style={DD} className="small muted">
            {f.occupancy.detail}
          </dd>
        </div>
        <div className="stat">
          <dt className="stat__label">Contracted rent</dt>
          <dd style={DD} className="stat__value">
            {f.contractedRent.value}
          </dd>
          <dd style={DD} className="small muted">
            {f.contractedRent.detail}
          </dd>
        </div>
        <div className="stat">
          <dt className="stat__label">Gross yield</dt>
          <dd style={DD} className="stat__value">
            {f.grossYield.value}
          </dd>
          <dd style={DD} className="small muted">
            {f.grossYield.detail}
          </dd>
        </div>
        <div className="stat">
          <dt className="stat__label">Overdue</dt>
          <dd style={DD} className="stat__value">
            {f.overdue.count}
          </dd>
          <dd style={DD} className="small muted">
            {f.overdue.text}
          </dd>
        </div>
      </dl>
      <h3 className="small" style={{ margin: 0 }}>
        Net rent collected, last 12 months: {f.collected.total}
      </h3>
      <CollectedRentChart points={f.collected.points} currency={summary.currency} />
      <p className="small muted">
        Figures as of {formatDate(summary.asOf)}. Contracted rent is the yearly rent of the active leases; gross yield
        divides it by the current valuation, before costs. Net rent is what tenants paid, less fees withheld. Tenants
        are not named.
      </p>
    </>
  );
}
