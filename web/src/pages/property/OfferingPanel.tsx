import { Link } from "react-router";
import type { PropertyDetail } from "../../api/types";
import { formatMoney, formatUnits, percentOf } from "../../format/amounts";
import { Progress } from "../../ui/Progress";
import { formatDateTime } from "../../compliance/offeringLimits";
import { useLaunchedContracts } from "../invest/useOfferingAddress";

const NOT_OPEN: Partial<Record<PropertyDetail["status"], string>> = {
  DRAFT: "The manager is still preparing this listing.",
  SUBMITTED: "The registry is reviewing this property and its land title.",
  VERIFIED: "Verified by the registry. The manager has not launched the tokenization yet.",
  TOKENIZED: "Tokenized. The offering has not opened yet.",
  FUNDED: "This offering is fully funded. Units may be bought from other investors on the secondary market.",
  REJECTED: "The registry did not verify this property.",
  ARCHIVED: "This listing is archived.",
};

/** The investment box: offering progress and terms when an offering exists, otherwise where the property stands. */
export function OfferingPanel({ property }: { property: PropertyDetail }) {
  const chain = property.chain;
  const launched = useLaunchedContracts(property);
  if (!chain?.offeringAddress && launched.data) {
    return (
      <section className="panel stack" aria-labelledby="offering">
        <h2 id="offering">Investment</h2>
        <p>This property is tokenized. See the offering's live terms, check your eligibility and invest.</p>
        <Link className="btn btn--primary btn--block" to={`/properties/${property.id}/invest`}>
          Invest
        </Link>
      </section>
    );
  }
  if (!chain?.offeringAddress || property.status !== "OFFERING") {
    return (
      <section className="panel" aria-labelledby="offering">
        <h2 id="offering">Investment</h2>
        <p>{NOT_OPEN[property.status] ?? "Not open for investment."}</p>
        {property.status === "FUNDED" ? (
          <Link className="btn btn--secondary btn--block" to="/market">
            Go to the secondary market
          </Link>
        ) : null}
      </section>
    );
  }
  const sold = BigInt(chain.unitsSold ?? "0");
  const cap = BigInt(chain.hardCap ?? "0");
  const funded = percentOf(sold, cap);
  return (
    <section className="panel stack" aria-labelledby="offering">
      <h2 id="offering">Offering</h2>
      {chain.pricePerUnit ? (
        <div className="stat">
          <div className="stat__label">Price per unit</div>
          <div className="stat__value">{formatMoney(BigInt(chain.pricePerUnit), { symbol: "USDC" })}</div>
        </div>
      ) : null}
      <div className="stack" style={{ gap: "0.3rem" }}>
        <Progress value={funded} label={`${funded}% funded`} />
        <span className="small muted">
          {formatUnits(sold)} of {formatUnits(cap)} sold ({funded}%)
        </span>
      </div>
      <dl className="facts small">
        {chain.softCap ? (
          <>
            <dt>Minimum to succeed</dt>
            <dd>{formatUnits(BigInt(chain.softCap))}</dd>
          </>
        ) : null}
        {chain.endTime ? (
          <>
            <dt>Closes</dt>
            <dd>{formatDateTime(chain.endTime)}</dd>
          </>
        ) : null}
      </dl>
      <Link className="btn btn--primary btn--block" to={`/properties/${property.id}/invest`}>
        Invest
      </Link>
      <p className="small muted">Your payment stays in escrow until the offering closes. If it does not reach its minimum, you get a full refund.</p>
    </section>
  );
}
