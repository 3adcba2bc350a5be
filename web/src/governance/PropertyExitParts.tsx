/** The property page's pieces of issue 19, each given the property and finding its token through the factory. */
import type { PropertyDetail } from "../api/types";
import { useLaunchedContracts } from "../pages/invest/useOfferingAddress";
import { Badge } from "../ui/Badge";
import { useExit } from "./exitFacts";
import { RedeemPanel } from "./RedeemPanel";
import { isSold, SOLD_BADGE } from "./sold";
import { VotesSection } from "./VotesSection";

export function PropertyVotes({ property }: { property: PropertyDetail }) {
  const token = useLaunchedContracts(property).data?.token;
  return token ? <VotesSection propertyId={property.id} token={token} /> : null;
}

export function PropertyRedeem({ property }: { property: PropertyDetail }) {
  const token = useLaunchedContracts(property).data?.token;
  return token ? <RedeemPanel token={token} /> : null;
}

/** "Sold" for a sold property; `fallback` (its registry status) otherwise. */
export function SaleBadge({ property, fallback }: { property: PropertyDetail; fallback: React.ReactNode }) {
  const token = useLaunchedContracts(property).data?.token;
  const sale = useExit(token).data?.sale;
  return isSold(property.status, Boolean(sale)) ? (
    <Badge tone={SOLD_BADGE.tone}>
      <span data-testid="sold-badge">{SOLD_BADGE.label}</span>
    </Badge>
  ) : (
    <>{fallback}</>
  );
}

/** "Sold" beside a holding whose token's sale proceeds were deposited. */
export function SoldMark({ token }: { token: `0x${string}` }) {
  const sale = useExit(token).data?.sale;
  return sale ? (
    <>
      {" "}
      <Badge tone={SOLD_BADGE.tone}>{SOLD_BADGE.label}</Badge>
    </>
  ) : null;
}
