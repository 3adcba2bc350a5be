import { useEffect, useRef, useState } from "react";
import { useNavigation, useSearchParams } from "react-router";
import { useProperties } from "../../api/properties";
import type { PropertyFilters, PropertyStatus, PropertyType } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { Field } from "../../ui/Field";
import { Skeleton } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { TYPE_LABELS } from "./labels";
import { PropertyCard } from "./PropertyCard";

const LISTED_STATUSES: { value: PropertyStatus | ""; label: string }[] = [
  { value: "", label: "All listed" },
  { value: "OFFERING", label: "Open for investment" },
  { value: "TOKENIZED", label: "Coming soon" },
  { value: "CLOSED", label: "Subscriptions closed" },
  { value: "FUNDED", label: "Funded" },
  { value: "VERIFIED", label: "Verified, not launched yet" },
  { value: "REFUNDING", label: "Refunds open" },
];

const SORTS = [
  { value: "createdAt:desc", label: "Newest first" },
  { value: "valuation:desc", label: "Highest value" },
  { value: "valuation:asc", label: "Lowest value" },
  { value: "name:asc", label: "Name" },
] as const;

/** Filters live in the URL, so a filtered view can be shared and survives a reload. */
function useFilters(): [PropertyFilters, (patch: Partial<PropertyFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: PropertyFilters = {
    q: params.get("q") ?? "",
    type: (params.get("type") ?? "") as PropertyType | "",
    status: (params.get("status") ?? "") as PropertyStatus | "",
    sort: (params.get("sort") ?? "createdAt") as PropertyFilters["sort"],
    order: (params.get("order") ?? "desc") as PropertyFilters["order"],
  };
  const update = (patch: Partial<PropertyFilters>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, String(value));
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  return [filters, update];
}

export default function MarketplacePage() {
  usePageTitle("Marketplace");
  const [filters, update] = useFilters();
  const [search, setSearch] = useState(filters.q ?? "");
  // While the router loads the page a card leads to, this page stays mounted: a debounced search firing then would
  // start a navigation of its own and cancel the one the visitor asked for (a click on a card right after typing).
  const navigation = useNavigation();
  const leaving = useRef(false);
  leaving.current = navigation.state !== "idle";
  useEffect(() => {
    const timer = setTimeout(() => {
      if (!leaving.current && search !== (filters.q ?? "")) update({ q: search });
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);
  const query = useProperties(filters);
  const items = query.data?.items ?? [];

  return (
    <div data-testid="marketplace">
      <div className="page-head">
        <div>
          <div className="eyebrow">Marketplace</div>
          <h1>Invest in verified properties</h1>
          <p>Every property has a verified land title, documents anchored on chain, and rent paid out to holders.</p>
        </div>
      </div>
      <form className="filters" role="search" aria-label="Filter properties" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" className="field--grow">
          {(ids) => (
            <input
              {...ids}
              className="input"
              type="search"
              placeholder="Property name"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </Field>
        <Field label="Type">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={filters.type}
              onChange={(e) => update({ type: e.target.value as PropertyType | "" })}
            >
              <option value="">All types</option>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={filters.status}
              onChange={(e) => update({ status: e.target.value as PropertyStatus | "" })}
            >
              {LISTED_STATUSES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Sort by">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={`${filters.sort}:${filters.order}`}
              onChange={(e) => {
                const [sort, order] = e.target.value.split(":") as [PropertyFilters["sort"], PropertyFilters["order"]];
                update({ sort, order });
              }}
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>

      {query.isError ? (
        <Alert tone="bad" title="The property list could not be loaded">
          <p>{query.error.message} </p>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => void query.refetch()}
            style={{ marginTop: "0.5rem" }}
          >
            Try again
          </button>
        </Alert>
      ) : query.isPending ? (
        <div className="grid grid--cards" role="status" aria-label="Loading properties">
          {[0, 1, 2].map((i) => (
            <div key={i} className="card card__body stack">
              <Skeleton height={160} />
              <Skeleton width="70%" />
              <Skeleton width="40%" />
            </div>
          ))}
        </div>
      ) : items.length === 0 ? (
        filters.q || filters.type || filters.status ? (
          <EmptyState title="No properties match">
            <p>Try another search or clear the filters.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No properties listed yet">
            <p>Verified properties appear here as soon as their managers open them to investors.</p>
          </EmptyState>
        )
      ) : (
        <>
          <p className="muted small" role="status">
            {items.length} {items.length === 1 ? "property" : "properties"}
            {query.isFetching ? " · updating…" : ""}
          </p>
          <div className="grid grid--cards">
            {items.map((property) => (
              <PropertyCard key={property.id} property={property} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
