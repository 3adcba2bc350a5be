/**
 * "Your invitations" on the portfolio (issue 20): the private placements offered to the signed-in investor's identity
 * (`GET /me/invitations`), each with its property, range of units, price, expiry and status; an open one links to the
 * invest page with the invitation selected. Shown only to a signed-in investor who has at least one: nobody else sees
 * an empty section. The record follows the chain a few blocks behind: an invitation it still lists open is also read on
 * chain, and one the offering already redeemed or revoked shows so, without "Accept" (`standing`).
 */
import { Link } from "react-router";
import type { Address } from "viem";
import { useProperty } from "../api/properties";
import { useOfferingCoin } from "../contracts/useStablecoin";
import { formatMoney } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { Alert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Cell, Table } from "../ui/Table";
import { useSignedIn } from "../wallet/session";
import { useMyInvitations, type Invitation } from "./api";
import { displayOf, standing } from "./standing";
import { unitRange } from "./status";
import { useChainStatuses } from "./useChainStatus";

/** The invest page with `invitation` selected. */
export function acceptPath(invitation: Pick<Invitation, "propertyId" | "hash">): string {
  return `/properties/${invitation.propertyId}/invest?invitation=${invitation.hash}`;
}

function PropertyName({ id }: { id: string }) {
  const property = useProperty(id);
  return <Link to={`/properties/${id}`}>{property.data?.name ?? "Property"}</Link>;
}

function Price({ offering, amount }: { offering: string; amount: string }) {
  const coin = useOfferingCoin(offering as Address);
  return <>{coin ? formatMoney(BigInt(amount), coin) : "…"}</>;
}

export function MyInvitations() {
  const { session } = useSignedIn();
  const list = useMyInvitations(Boolean(session));
  const chain = useChainStatuses(list.data?.items ?? []);
  if (!session || list.isPending) return null;
  if (list.isError)
    return (
      <Alert tone="bad" title="Your invitations could not be loaded">
        <p>{list.error.message}</p>
      </Alert>
    );
  if (list.data.items.length === 0) return null;
  const now = Date.now();
  return (
    <section className="panel stack" aria-labelledby="my-invitations" data-testid="my-invitations">
      <h2 id="my-invitations">Your invitations</h2>
      <p className="small muted">
        Property managers invited you to buy units privately, at the price and within the range below. Accepting means
        paying into the offering's escrow, like any subscription.
      </p>
      <Table>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col" className="num">
              Units
            </th>
            <th scope="col" className="num">
              Price per unit
            </th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((inv) => {
            const status = displayOf(standing(inv, chain.of(inv), now));
            return (
              <tr key={inv.id} data-invitation={inv.hash}>
                <Cell label="Property">
                  <PropertyName id={inv.propertyId} />
                </Cell>
                <Cell label="Units" className="num">
                  {unitRange(inv)}
                </Cell>
                <Cell label="Price per unit" className="num">
                  <Price offering={inv.offering} amount={inv.pricePerUnit} />
                </Cell>
                <Cell label="Expires">{formatDateTime(inv.expiry)}</Cell>
                <Cell label="Status">
                  <span title={status.sentence}>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </span>
                </Cell>
                <Cell label="">
                  {status.redeemable ? (
                    <Link className="btn btn--primary btn--small" to={acceptPath(inv)}>
                      Accept
                    </Link>
                  ) : null}
                </Cell>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </section>
  );
}
