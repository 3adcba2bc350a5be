import { Link, useParams } from "react-router";
import { documentContentUrl, useProperty } from "../../api/properties";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { formatArea } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Skeleton } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { locationOf, STATUS_LABELS, TYPE_LABELS } from "../marketplace/labels";
import { PhotoPlaceholder } from "../marketplace/PropertyCard";
import { ChainActivity } from "./ChainActivity";
import { DocumentCheckPanel } from "./DocumentCheckPanel";
import { FinancialsSection } from "./FinancialsSection";
import { FollowButton } from "./FollowButton";
import { OfferingPanel } from "./OfferingPanel";
import "./property.css";
import { RentSection } from "./RentSection";
import { Cell, Table } from "../../ui/Table";
import { PropertyRedeem, PropertyVotes, SaleBadge } from "../../governance/PropertyExitParts";

const TITLE_STATUS = {
  VERIFIED: { label: "Verified", tone: "ok" },
  PENDING: { label: "Awaiting verification", tone: "warn" },
  REJECTED: { label: "Rejected", tone: "bad" },
} as const;

function Gallery({ property }: { property: PropertyDetail }) {
  const { apiBaseUrl } = useAppConfig();
  const images = property.documents.filter((d) => d.kind === "IMAGE");
  const src = (i: number) => documentContentUrl(apiBaseUrl, property.id, images[i]!.id);
  if (images.length <= 1) {
    return (
      <div className="gallery gallery--single">
        {images[0] ? <img src={src(0)} alt={`${property.name}: photo`} /> : <PhotoPlaceholder />}
      </div>
    );
  }
  return (
    <div className="gallery">
      <img src={src(0)} alt={`${property.name}: photo 1`} />
      <div className="gallery__side">
        {images.slice(1, 3).map((img, i) => (
          <img key={img.id} src={src(i + 1)} alt={`${property.name}: photo ${i + 2}`} />
        ))}
      </div>
    </div>
  );
}

function Specifications({ property }: { property: PropertyDetail }) {
  const s = property.specifications;
  const rows: [string, string | number | null][] = [
    ["Type", TYPE_LABELS[property.type]],
    ["Floor area", formatArea(s.floorAreaSqm)],
    ["Land area", formatArea(s.landAreaSqm)],
    ["Year built", s.yearBuilt],
    ["Floors", s.floors],
    ["Bedrooms", s.bedrooms],
    ["Bathrooms", s.bathrooms],
    ["Parking spaces", s.parkingSpaces],
    ["Rentable units", property.units.length || null],
  ];
  return (
    <section className="panel" aria-labelledby="specs">
      <h2 id="specs">Specifications</h2>
      <dl className="facts">
        {rows
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([label, value]) => (
            <div key={label} style={{ display: "contents" }}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {s.amenities.length > 0 ? (
        <p className="row" style={{ marginTop: "0.75rem" }}>
          {s.amenities.map((a) => (
            <Badge key={a}>{a}</Badge>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function TitleSummary({ property }: { property: PropertyDetail }) {
  const title = property.title;
  return (
    <section className="panel" aria-labelledby="title-summary">
      <div className="row">
        <h2 id="title-summary" style={{ margin: 0 }}>
          Land title
        </h2>
        <span className="spacer" />
        {title ? (
          <Badge tone={TITLE_STATUS[title.status].tone}>{TITLE_STATUS[title.status].label}</Badge>
        ) : (
          <Badge tone="warn">Not filed</Badge>
        )}
      </div>
      {title ? (
        <dl className="facts" style={{ marginTop: "0.75rem" }}>
          <dt>Title number</dt>
          <dd>
            {title.titleNumber} ({title.jurisdiction})
          </dd>
          <dt>Parcel</dt>
          <dd>{title.parcelId}</dd>
          <dt>Registry office</dt>
          <dd>{title.registryOffice}</dd>
          <dt>Tenure</dt>
          <dd>
            {title.tenure.charAt(0) + title.tenure.slice(1).toLowerCase()}
            {title.leaseholdExpiresOn ? ` until ${formatDate(title.leaseholdExpiresOn)}` : ""}
          </dd>
          <dt>Area</dt>
          <dd>{formatArea(title.areaSqm) ?? "—"}</dd>
          <dt>Owner of record</dt>
          <dd>{title.ownerOfRecord}</dd>
          <dt>On chain</dt>
          <dd>
            {title.anchor ? (
              <>
                Anchored {formatDate(title.anchor.anchoredAt)}, transaction <AddressText value={title.anchor.txHash} />
              </>
            ) : (
              "Not anchored yet"
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted">
          The manager has not filed the land title yet. A property cannot be verified without a verified title.
        </p>
      )}
      {title?.status === "REJECTED" && title.rejectionReason ? (
        <Alert tone="bad" title="Title rejected">
          <p>{title.rejectionReason}</p>
        </Alert>
      ) : null}
    </section>
  );
}

function Documents({ property }: { property: PropertyDetail }) {
  const { apiBaseUrl } = useAppConfig();
  const docs = property.documents.filter((d) => d.kind !== "IMAGE");
  return (
    <section className="panel" aria-labelledby="documents">
      <h2 id="documents">Documents</h2>
      {docs.length === 0 ? (
        <p className="muted">No documents published yet.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Fingerprint (SHA-256)</th>
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id}>
                <Cell label="Document">
                  <a href={documentContentUrl(apiBaseUrl, property.id, d.id)}>{d.fileName}</a>
                  <div className="small muted">{d.kind.toLowerCase().replace(/_/g, " ")}</div>
                </Cell>
                <Cell label="Fingerprint (SHA-256)">
                  <code title={d.sha256}>{d.sha256.slice(0, 16)}…</code>
                </Cell>
                <Cell label="Size" className="num">
                  {d.sizeBytes < 1024 ? `${d.sizeBytes} B` : `${Math.round(d.sizeBytes / 1024)} KB`}
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

export default function PropertyPage() {
  const { id = "" } = useParams();
  const query = useProperty(id);
  usePageTitle(query.data?.name ?? "Property");
  if (query.isPending) {
    return (
      <div className="stack" role="status" aria-label="Loading property">
        <Skeleton height={320} />
        <Skeleton width="50%" height={28} />
        <Skeleton width="30%" />
      </div>
    );
  }
  if (query.isError) {
    const notFound = "status" in query.error && (query.error as { status: number }).status === 404;
    return (
      <Alert
        tone={notFound ? "warn" : "bad"}
        title={notFound ? "This property does not exist or is not public" : "The property could not be loaded"}
      >
        <p>{notFound ? "It may have been archived, or the link is wrong." : query.error.message}</p>
        <p>
          <Link to="/">Back to the marketplace</Link>
        </p>
      </Alert>
    );
  }
  const property = query.data;
  const status = STATUS_LABELS[property.status];
  const valuation = property.recentValuations[0];
  return (
    <article data-testid="property-page">
      <nav aria-label="Breadcrumb" className="small" style={{ marginBottom: "0.75rem" }}>
        <Link to="/">Marketplace</Link> / <span aria-current="page">{property.name}</span>
      </nav>
      <Gallery property={property} />
      <div className="page-head">
        <div>
          <div className="row" style={{ marginBottom: "0.35rem" }}>
            <SaleBadge property={property} fallback={<Badge tone={status.tone}>{status.label}</Badge>} />
            <span className="muted small">{TYPE_LABELS[property.type]}</span>
          </div>
          <h1>{property.name}</h1>
          <p>
            {property.address.line1}, {locationOf(property.address)}
          </p>
          <FollowButton propertyId={property.id} name={property.name} />
        </div>
        <div className="stats" style={{ minWidth: 320 }}>
          <div className="stat">
            <div className="stat__label">Valuation</div>
            <div className="stat__value">
              {formatFiat(property.currentValuation, property.currency, { whole: true })}
            </div>
            {valuation ? (
              <div className="small muted">
                {valuation.method.toLowerCase().replace(/_/g, " ")}, {formatDate(valuation.valuedOn)}
              </div>
            ) : null}
          </div>
          <div className="stat">
            <div className="stat__label">Title</div>
            <div className="stat__value">{property.title?.status === "VERIFIED" ? "Verified" : "Pending"}</div>
          </div>
        </div>
      </div>
      <div className="grid grid--2 property-layout">
        <div className="stack">
          {property.description ? (
            <section className="panel" aria-labelledby="about">
              <h2 id="about">About this property</h2>
              {property.description.split(/\n{2,}/).map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </section>
          ) : null}
          <Specifications property={property} />
          <RentSection propertyId={property.id} />
          <FinancialsSection propertyId={property.id} currency={property.currency} />
          <PropertyVotes property={property} />
          <TitleSummary property={property} />
          <Documents property={property} />
          <ChainActivity property={property} />
        </div>
        <div className="stack">
          <div className="property-layout__offering stack">
            <PropertyRedeem property={property} />
            <OfferingPanel property={property} />
          </div>
          <DocumentCheckPanel propertyId={property.id} />
        </div>
      </div>
    </article>
  );
}
