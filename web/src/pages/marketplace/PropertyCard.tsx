import { Link } from "react-router";
import type { PropertySummary } from "../../api/types";
import { formatBps, formatMoney, formatUnits, percentOf } from "../../format/amounts";
import { Badge } from "../../ui/Badge";
import { Progress } from "../../ui/Progress";
import { locationOf, STATUS_LABELS, TYPE_LABELS } from "./labels";

export function PhotoPlaceholder() {
  return (
    <div className="placeholder-photo" aria-hidden="true">
      <svg width="56" height="56" viewBox="0 0 24 24">
        <path fill="currentColor" opacity="0.5" d="M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z" />
      </svg>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function compactFiat(amount: string, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(Number(amount));
}

/** One property in the marketplace: photo, place, price per unit, yield and funding progress. */
export function PropertyCard({ property }: { property: PropertySummary }) {
  const status = STATUS_LABELS[property.status];
  const chain = property.chain;
  const sold = chain?.unitsSold ? BigInt(chain.unitsSold) : undefined;
  const cap = chain?.hardCap ? BigInt(chain.hardCap) : undefined;
  const funded = sold !== undefined && cap ? percentOf(sold, cap) : undefined;
  return (
    <Link to={`/properties/${property.id}`} className="card property-card" data-testid="property-card">
      <div className="property-card__photo">
        {property.coverImageUrl ? <img src={property.coverImageUrl} alt="" loading="lazy" /> : <PhotoPlaceholder />}
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <div className="property-card__body">
        <div>
          <h2 className="property-card__title">{property.name}</h2>
          <p className="property-card__location">
            {TYPE_LABELS[property.type]} · {locationOf(property.address)}
          </p>
        </div>
        <dl className="property-card__figures">
          {chain?.pricePerUnit ? (
            <>
              <Figure label="Per unit" value={formatMoney(BigInt(chain.pricePerUnit))} />
              <Figure label="Gross yield" value={property.yieldBps != null ? formatBps(property.yieldBps) : "—"} />
              <Figure label="Funded" value={funded !== undefined ? `${funded}%` : "—"} />
            </>
          ) : (
            <>
              <Figure label="Valuation" value={property.currentValuation ? compactFiat(property.currentValuation, property.currency) : "Pending"} />
              <Figure label="Floor area" value={property.floorAreaSqm ? `${Math.round(Number(property.floorAreaSqm)).toLocaleString("en-GB")} m²` : "—"} />
              <Figure label={property.bedrooms != null ? "Bedrooms" : "Currency"} value={property.bedrooms != null ? String(property.bedrooms) : property.currency} />
            </>
          )}
        </dl>
        {funded !== undefined && sold !== undefined && cap !== undefined ? (
          <div className="stack" style={{ gap: "0.3rem" }}>
            <Progress value={funded} label={`${property.name}: ${funded}% funded`} />
            <span className="small muted">
              {formatUnits(sold)} of {formatUnits(cap)} sold
            </span>
          </div>
        ) : null}
      </div>
    </Link>
  );
}
