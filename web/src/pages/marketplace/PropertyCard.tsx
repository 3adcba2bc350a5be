import { Link } from "react-router";
import type { PropertySummary } from "../../api/types";
import {
  formatArea,
  formatBps,
  formatMoney,
  formatPercent,
  formatUnits,
  percentOf,
  type Coin,
} from "../../format/amounts";
import { formatFiat } from "../../format/fiat";
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

/**
 * One property in the marketplace: photo, place, price per unit, yield and funding progress. The price is shown in
 * the coin the offering was launched with, as the API sends it (`chain.paymentToken`: symbol and decimals the chain
 * sync read on chain), which need not be the platform's current coin; "—" when the API has no coin, never a guess.
 */
export function PropertyCard({ property }: { property: PropertySummary }) {
  const status = STATUS_LABELS[property.status];
  const chain = property.chain;
  const coin: Coin | undefined = chain?.paymentToken ?? undefined;
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
              <Figure label="Per unit" value={coin ? formatMoney(BigInt(chain.pricePerUnit), coin) : "—"} />
              {/* 0: no active lease (nothing contracted), not a yield to advertise (review 2026-12-06, M6). */}
              <Figure label="Gross yield" value={property.yieldBps ? formatBps(property.yieldBps) : "—"} />
              <Figure label="Funded" value={funded !== undefined ? formatPercent(funded) : "—"} />
            </>
          ) : (
            <>
              <Figure
                label="Valuation"
                value={
                  property.currentValuation
                    ? formatFiat(property.currentValuation, property.currency, { compact: true })
                    : "Pending"
                }
              />
              <Figure label="Floor area" value={formatArea(property.floorAreaSqm) ?? "—"} />
              <Figure
                label={property.bedrooms != null ? "Bedrooms" : "Currency"}
                value={property.bedrooms != null ? String(property.bedrooms) : property.currency}
              />
            </>
          )}
        </dl>
        {funded !== undefined && sold !== undefined && cap !== undefined ? (
          <div className="stack" style={{ gap: "0.3rem" }}>
            <Progress value={funded} label={`${property.name}: ${formatPercent(funded)} funded`} />
            <span className="small muted">
              {formatUnits(sold)} of {formatUnits(cap)} sold
            </span>
          </div>
        ) : null}
      </div>
    </Link>
  );
}
