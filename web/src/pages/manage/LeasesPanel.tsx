import { useLeases } from "../../api/leases";
import type { PropertyDetail } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { LeaseCard } from "./LeaseCard";
import { LeaseDraftForm } from "./LeaseDraftForm";
import { OverdueRent } from "./OverdueRent";
import { UnitsForm } from "./UnitsForm";

/** The manager's leases and rent: units, lease drafting and workflow, rent schedules and payments, overdue rent. */
export function LeasesPanel({ property }: { property: PropertyDetail }) {
  const leases = useLeases(property.id);
  const labels = new Map(property.units.map((u) => [u.id, u.label]));
  const unitLabel = (unitId: string) => labels.get(unitId) ?? "Unit";
  return (
    <section className="panel stack" aria-labelledby="leases-and-rent" data-testid="leases-panel">
      <h2 id="leases-and-rent">Leases and rent</h2>
      {leases.isPending ? (
        <Loading label="Loading the leases" />
      ) : leases.isError ? (
        <Alert tone="bad" title="The leases could not be loaded">
          <p>{leases.error.message}</p>
        </Alert>
      ) : (
        <>
          <UnitsForm property={property} leases={leases.data.items} />
          <LeaseDraftForm property={property} />
          <div className="stack">
            <h3 style={{ margin: 0 }}>Leases</h3>
            {leases.data.items.length === 0 ? (
              <p className="muted">No leases yet.</p>
            ) : (
              leases.data.items.map((l) => <LeaseCard key={l.id} lease={l} unitLabel={unitLabel(l.unitId)} />)
            )}
          </div>
          <OverdueRent
            propertyId={property.id}
            currency={property.currency}
            leases={leases.data.items}
            unitLabel={unitLabel}
          />
        </>
      )}
    </section>
  );
}
