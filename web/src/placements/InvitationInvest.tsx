/**
 * Accepting a private placement (issue 20) on the invest page (`?invitation=<digest>`): the invitation's terms, the
 * units within its range, the price, the platform fee and the total before anything is signed; then
 * `subscribeWithInvitation` (after an approval when the allowance falls short, as a public subscription) or
 * `subscribeWithInvitationAndPermit` with one permit signature, sent by the wallet or, when the wallet has no ETH for
 * the fee, through the platform's relayer (the same gasless path as the public subscription). An invitation that is
 * expired, revoked or redeemed is shown as such and offers nothing to sign: by the platform's record or, while the
 * record catches up with the chain, by the offering's own `invitationStatus` (`standing`).
 */
import { useState } from "react";
import { Link } from "react-router";
import type { Address, Hex } from "viem";
import { useQueryClient } from "@tanstack/react-query";
import { placementKeys } from "../api/queryKeys";
import { useAppConfig } from "../app/AppConfigContext";
import { OFFERING_STATE_TEXT } from "../compliance/offeringLimits";
import { allClear, EligibilityCheck, type Checks } from "../pages/invest/EligibilityCheck";
import { costOf, formatMoney, formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { primaryFeeText } from "../pages/invest/feeText";
import { PaymentMethod } from "../pages/invest/PaymentMethod";
import { usePayment } from "../pages/invest/usePayment";
import { useInvestData } from "../pages/invest/useInvestData";
import { useIssueVerdict } from "../pages/invest/useIssueVerdict";
import type { Launched } from "../pages/invest/useOfferingAddress";
import { TransactionTracker } from "../tx/TransactionTracker";
import { isInFlight } from "../tx/tracker";
import { useTransaction } from "../tx/useTransaction";
import { Alert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Skeleton";
import { formatBps } from "../format/amounts";
import { useMyInvitations, type Invitation } from "./api";
import { displayOf, standing } from "./standing";
import { unitRange } from "./status";
import { useChainStatuses } from "./useChainStatus";
import { invitationStruct, messageOf } from "./typedData";
import { checkInvitedUnits } from "./validation";
import { invitationLimits } from "./invitationChecks";
import "./placements.css";

interface Props {
  launched: Launched;
  me: Address;
  propertyId: string;
  /** The invitation's digest from the link. */
  hash: string;
}

/** The invitation `hash` of the signed-in investor, then the form to accept it. */
export function InvitationInvest({ launched, me, propertyId, hash }: Props) {
  const list = useMyInvitations();
  const publicPath = `/properties/${propertyId}/invest`;
  if (list.isPending) return <Loading label="Loading your invitation" />;
  if (list.isError)
    return (
      <Alert tone="bad" title="Your invitations could not be loaded">
        <p>{list.error.message}</p>
      </Alert>
    );
  const invitation = list.data.items.find(
    (i) => i.hash.toLowerCase() === hash.toLowerCase() && i.propertyId === propertyId,
  );
  if (!invitation || invitation.offering.toLowerCase() !== launched.offering.toLowerCase())
    return (
      <Alert tone="warn" title="No such invitation for you">
        <p>
          This link does not name an invitation to your identity for this property's offering. Invitations made for you
          are listed in <Link to="/portfolio">your portfolio</Link>. You can still{" "}
          <Link to={publicPath}>invest in the public offering</Link>.
        </p>
      </Alert>
    );
  return <AcceptInvitation launched={launched} me={me} invitation={invitation} publicPath={publicPath} />;
}

function AcceptInvitation({
  launched,
  me,
  invitation,
  publicPath,
}: {
  launched: Launched;
  me: Address;
  invitation: Invitation;
  publicPath: string;
}) {
  const { explorerUrl } = useAppConfig();
  const queryClient = useQueryClient();
  const data = useInvestData(launched, me);
  const tx = useTransaction();
  const payment = usePayment(launched.offering, me, data, tx);
  const message = messageOf(invitation);
  const chain = useChainStatuses([invitation]);
  const [input, setInput] = useState(String(message.minUnits));
  const parsed = checkInvitedUnits(input, message);
  const units = parsed.ok ? parsed.value : 0n;
  // The token's verdict on the identity's whole subscription including these units, as the offering asks it.
  const verdictRead = useIssueVerdict(launched.token, me, data, units);

  if (data.isPending) return <Loading label="Reading the offering" />;
  if (data.error || !data.terms)
    return (
      <Alert tone="bad" title="The offering could not be read from the chain">
        <p>{data.error?.message ?? "Unknown error"}</p>
      </Alert>
    );
  const coin = { symbol: data.symbol, decimals: data.coin?.decimals ?? 6 };
  const money = (amount: bigint) => formatMoney(amount, coin);
  // By the chain's clock: the contract refuses an invitation from its expiry on.
  const shown = standing(invitation, chain.of(invitation), data.now * 1000);
  const status = displayOf(shown);
  // Open in the record, the chain's word not read yet (or unreadable): nothing to sign until it is.
  const unchecked = shown.status === "open" && !shown.acceptable;
  const price = message.pricePerUnit;
  const cost = costOf(units, price);
  const feeBps = data.raw?.feeBps ?? 0;
  const open = data.terms.state === "Active";
  const funds =
    data.balance !== undefined && units > 0n && data.balance < cost
      ? `Your balance is ${money(data.balance)}; this needs ${money(cost)}.`
      : undefined;
  const busy = isInFlight(tx.state);
  const redeemable = status.redeemable && open;
  // The offering's own limits still apply to an invitation (hard cap left, maximum ticket on the identity's total):
  // only the public minimum gives way to the invitation's range (finding 3).
  const checks: Checks = {
    verdict: verdictRead.verdict,
    limits: units > 0n ? invitationLimits(data.terms, units, data.identitySubscribed, data.now) : [],
    funds,
  };

  async function payNow() {
    if (units === 0n) return;
    const struct = invitationStruct(message);
    const signature = invitation.signature as Hex;
    const done = await payment.pay({
      cost,
      what: `${formatUnits(units)} by invitation`,
      amount: money(cost),
      permitCall: ({ deadline, v, r, s }) => ({
        functionName: "subscribeWithInvitationAndPermit",
        args: [struct, units, signature, deadline, v, r, s],
      }),
      allowanceCall: { functionName: "subscribeWithInvitation", args: [struct, units, signature] },
    });
    await data.refetch();
    void verdictRead.refetch();
    payment.gasless.refresh();
    if (done) {
      void chain.refetch();
      void queryClient.invalidateQueries({ queryKey: placementKeys.mine() });
    }
  }

  const justPaid = tx.state.status === "confirmed" && tx.state.step.label.includes("by invitation");
  return (
    <div className="grid grid--2" data-testid="invitation-invest">
      <div className="stack">
        {justPaid ? (
          <Alert tone="ok" title="Paid: your units are reserved in the offering's escrow">
            <p>
              They reach your wallet once the manager finalizes the offering: claim them on{" "}
              <Link to={publicPath}>the offering's page</Link> or wait for the manager to deliver them.
            </p>
          </Alert>
        ) : unchecked ? (
          chain.failed ? (
            <Alert tone="bad" title="The invitation could not be checked on the chain">
              <p>Whether the offering still accepts it is unknown for now: this page tries again in a few seconds.</p>
            </Alert>
          ) : (
            <Loading label="Checking the invitation on the chain" />
          )
        ) : !status.redeemable ? (
          <Alert tone={status.tone === "ok" ? "ok" : "warn"} title={`This invitation is ${status.label.toLowerCase()}`}>
            <p>{status.sentence}</p>
            <p>
              <Link to={publicPath}>See the public offering</Link>
            </p>
          </Alert>
        ) : !open ? (
          <Alert tone="info" title={`This offering is ${OFFERING_STATE_TEXT[data.terms.state].label.toLowerCase()}`}>
            <p>{OFFERING_STATE_TEXT[data.terms.state].sentence} An invitation can be accepted only while it is open.</p>
          </Alert>
        ) : null}
        {redeemable && !justPaid ? (
          <section className="panel stack" aria-labelledby="accept">
            <h2 id="accept">Accept the invitation</h2>
            <Field
              label="Number of units"
              hint={`${unitRange(invitation)} at ${money(price)} per unit`}
              error={input.trim() !== "" && !parsed.ok ? parsed.error : undefined}
            >
              {(ids) => (
                <input
                  {...ids}
                  className="input"
                  inputMode="numeric"
                  value={input}
                  onChange={(e) => setInput(e.target.value)}
                  autoComplete="off"
                />
              )}
            </Field>
            <dl className="facts small" data-testid="invitation-fees">
              <dt>Price per unit</dt>
              <dd>{money(price)}</dd>
              <dt>Units</dt>
              <dd>{units > 0n ? formatUnits(units) : "—"}</dd>
              <dt>Platform fee</dt>
              <dd data-testid="invitation-fee">{money(0n)} added to your payment</dd>
              <dt>Total you pay</dt>
              <dd>
                <strong data-testid="invitation-total">{money(cost)}</strong>
              </dd>
            </dl>
            <p className="small fee-line">{primaryFeeText(feeBps)}</p>
            <PaymentMethod {...payment.method} />
            <button
              type="button"
              className="btn btn--primary"
              disabled={!parsed.ok || !allClear(checks) || busy || payment.wrongNetwork}
              onClick={() => void payNow()}
            >
              {busy ? "Check your wallet…" : units > 0n ? `Pay ${money(cost)}` : "Pay"}
            </button>
          </section>
        ) : null}
        {redeemable && !justPaid && parsed.ok ? (
          <EligibilityCheck checks={checks} loading={verdictRead.isPending} />
        ) : null}
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
      <aside className="panel stack" aria-labelledby="invitation-terms">
        <h2 id="invitation-terms">Your invitation</h2>
        <div>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <dl className="facts small invitation-terms">
          <dt>Units</dt>
          <dd>{unitRange(invitation)}</dd>
          <dt>Price per unit</dt>
          <dd>{money(price)}</dd>
          <dt>Expires</dt>
          <dd>{formatDateTime(invitation.expiry)}</dd>
          <dt>Offering's public price</dt>
          <dd>{data.pricePerUnit !== undefined ? money(data.pricePerUnit) : "—"}</dd>
          <dt>Platform fee</dt>
          <dd>{formatBps(feeBps)} of the proceeds, paid by the issuer</dd>
          <dt>Your balance</dt>
          <dd>{data.balance !== undefined ? money(data.balance) : "—"}</dd>
        </dl>
        <p className="small muted">
          Payments stay in escrow like any subscription: if the offering does not reach its minimum, you get your money
          back in full. <Link to={publicPath}>The public offering</Link>
        </p>
      </aside>
    </div>
  );
}
