import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useProperty } from "../../api/properties";
import { chainKeys } from "../../api/queryKeys";
import { useAppConfig } from "../../app/AppConfigContext";
import { checkOfferingLimits, OFFERING_STATE_TEXT } from "../../compliance/offeringLimits";
import { formatDateTime } from "../../format/dates";
import { abis } from "../../contracts/abi";
import { useContractWrite } from "../../contracts/hooks";
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import {
  costOf,
  formatBps,
  formatMoney,
  formatPercent,
  formatUnits,
  parseMoneyInput,
  parseUnitsInput,
  percentOf,
  STABLECOIN_DECIMALS,
  unitsForBudget,
} from "../../format/amounts";
import { probeSettlement } from "../portfolio/settlement";
import { TYPICAL_GAS } from "../../gasless/decision";
import { GaslessNotice } from "../../gasless/GaslessNotice";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { useTransaction } from "../../tx/useTransaction";
import { isInFlight } from "../../tx/tracker";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { Progress } from "../../ui/Progress";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { allClear, EligibilityCheck, type Checks } from "./EligibilityCheck";
import { useInvestData } from "./useInvestData";
import { useIssueVerdict } from "./useIssueVerdict";
import { keepsFeeText, primaryFeeText } from "./feeText";
import { positionText, positionTitle, type Position } from "./position";
import { useLaunchedContracts, type Launched } from "./useOfferingAddress";
import { InvitationInvest } from "../../placements/InvitationInvest";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { PaymentMethod } from "./PaymentMethod";
import { usePayment } from "./usePayment";
import "./invest.css";

type Mode = "units" | "money";

function InvestForm({ launched, me }: { launched: Launched; me: Address }) {
  const { explorerUrl, chainId } = useAppConfig();
  const data = useInvestData(launched, me);
  const write = useContractWrite();
  const tx = useTransaction();
  const payment = usePayment(launched.offering, me, data, tx);
  const { gasless, wrongNetwork } = payment;
  const [mode, setMode] = useState<Mode>("units");
  const [input, setInput] = useState("");

  const price = data.pricePerUnit ?? 0n;
  // Every amount is read and shown in the payment token's own decimals (from the deployment record or the chain).
  const decimals = data.coin?.decimals ?? STABLECOIN_DECIMALS;
  // Amounts are shown only once the token is known (useInvestData waits for it): symbol and decimals together.
  const money = (amount: bigint) => formatMoney(amount, { symbol: data.symbol, decimals });
  const parsed =
    input.trim() === "" ? undefined : mode === "units" ? parseUnitsInput(input) : parseMoneyInput(input, decimals);
  const units = parsed?.ok
    ? mode === "units"
      ? parsed.value
      : price > 0n
        ? unitsForBudget(parsed.value, price).units
        : 0n
    : 0n;
  const cost = costOf(units, price);
  // The offering's primary fee is in its terms (fixed at launch); the schedule's announced increase cannot reach it.
  const primary = usePlatformFee("Primary", launched.token);
  // The identity's whole subscription including these units, as the offering asks the token (finding 4).
  const verdictRead = useIssueVerdict(launched.token, me, data, units);
  const verdict = verdictRead.verdict;
  const limits =
    data.terms && units > 0n
      ? checkOfferingLimits(data.terms, units, data.identitySubscribed, data.now)
      : data.terms
        ? checkOfferingLimits(data.terms, data.terms.minTicket || 1n, data.identitySubscribed, data.now).filter(
            (p) => p.field === "offering",
          )
        : [];
  const funds =
    data.balance !== undefined && units > 0n && data.balance < cost
      ? `Your balance is ${money(data.balance)}; this needs ${money(cost)}.`
      : undefined;
  const checks: Checks = { verdict, limits, funds };
  // The relayer pays a claim or refund whenever the investor's ETH cannot (they need no permit).
  const gaslessSettle = payment.relayed;
  const busy = isInFlight(tx.state);
  const client = usePublicClient({ chainId });
  const closedState =
    data.terms?.state === "Finalized" || data.terms?.state === "Failed" || data.terms?.state === "Cancelled";
  // After the offering closed, the contract itself says what this subscriber can do: claim, refund, or on hold.
  const outcome = useQuery({
    queryKey: chainKeys.investOutcome(
      chainId,
      launched.offering,
      me,
      data.terms?.state ?? null,
      data.mySubscribed,
      data.settled,
    ),
    enabled: Boolean(client) && closedState && data.mySubscribed > 0n,
    queryFn: async () => {
      if (!data.settled)
        return { settlement: await probeSettlement(client!, me, launched.offering), refunded: undefined };
      const refunds = await client!.getContractEvents({
        abi: abis.PropertyOffering,
        address: launched.offering,
        eventName: "Refunded",
        args: { investor: me },
        fromBlock: 0n,
      });
      return { settlement: undefined, refunded: refunds.reduce((sum, e) => sum + (e.args.amount ?? 0n), 0n) };
    },
  });

  async function payNow() {
    if (units === 0n) return;
    const done = await payment.pay({
      cost,
      what: formatUnits(units),
      amount: money(cost),
      permitCall: ({ deadline, v, r, s }) => ({
        functionName: "subscribeWithPermit",
        args: [units, deadline, v, r, s],
      }),
      allowanceCall: { functionName: "subscribe", args: [units] },
    });
    // The amount field empties after a confirmed payment: a second click cannot pay again by accident.
    if (done) setInput("");
    await data.refetch();
    void verdictRead.refetch();
    gasless.refresh();
  }

  async function settle(action: "claim" | "refund") {
    const label =
      action === "claim"
        ? `Claim your ${formatUnits(data.mySubscribed)}`
        : `Take your refund for ${formatUnits(data.mySubscribed)}`;
    await tx.run(gaslessSettle ? { label: `${label}; Freehold sends it and pays the network fee` } : { label }, () =>
      gaslessSettle
        ? gasless.send({
            to: launched.offering,
            contract: "PropertyOffering",
            functionName: action,
          })
        : write({ contractName: "PropertyOffering", address: launched.offering, functionName: action, args: [] }),
    );
    await data.refetch();
    gasless.refresh();
  }

  if (data.isPending) return <Loading label="Reading the offering" />;
  if (data.error || !data.terms)
    return (
      <Alert tone="bad" title="The offering could not be read from the chain">
        <p>{data.error?.message ?? "Unknown error"}</p>
      </Alert>
    );
  const terms = data.terms;
  const offeringFeeBps = data.raw?.feeBps ?? 0;
  const announced = primary.data?.announced;
  const funded = percentOf(terms.unitsSold, terms.hardCap);
  const open = terms.state === "Active";
  const settlement = data.settled ? undefined : outcome.data?.settlement;
  const canSettleClaim = settlement === "claim";
  const canRefund = settlement === "refund";
  const refunded = outcome.data?.refunded;
  const position: Position = {
    state: terms.state,
    settled: data.settled,
    settlement,
    refunded,
    units: formatUnits(data.mySubscribed),
    paid: data.myPaid !== undefined ? money(data.myPaid) : "…",
    ...(refunded ? { refundedText: money(refunded) } : {}),
  };

  return (
    <div className="grid grid--2">
      <div className="stack">
        {data.mySubscribed > 0n ? (
          <Alert tone={data.settled ? "ok" : settlement === "hold" ? "warn" : "info"} title={positionTitle(position)}>
            <p data-testid="position-text">{positionText(position)}</p>
          </Alert>
        ) : null}
        {!open && data.mySubscribed === 0n ? (
          <Alert tone="info" title={`This offering is ${OFFERING_STATE_TEXT[terms.state].label.toLowerCase()}`}>
            <p>
              {OFFERING_STATE_TEXT[terms.state].sentence}{" "}
              {terms.state === "Finalized" || terms.state === "Succeeded"
                ? "Units may be bought from holders on the secondary market."
                : ""}
            </p>
            {terms.state === "Finalized" || terms.state === "Succeeded" ? (
              <p>
                <Link to="/market">Go to the secondary market</Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
        {open ? (
          <section className="panel stack" aria-labelledby="amount">
            <h2 id="amount">How much?</h2>
            <div className="segmented" role="group" aria-label="Enter the amount in">
              <button type="button" aria-pressed={mode === "units"} onClick={() => setMode("units")}>
                Units
              </button>
              <button type="button" aria-pressed={mode === "money"} onClick={() => setMode("money")}>
                {data.symbol}
              </button>
            </div>
            <Field
              label={mode === "units" ? "Number of units" : `Amount in ${data.symbol}`}
              hint={`${money(price)} per unit · minimum ${formatUnits(terms.minTicket)}${terms.maxTicket > 0n ? `, maximum ${formatUnits(terms.maxTicket)} per investor` : ""}`}
              error={parsed && !parsed.ok ? parsed.error : undefined}
            >
              {(ids) => (
                <input
                  {...ids}
                  className="input"
                  inputMode={mode === "units" ? "numeric" : "decimal"}
                  value={input}
                  onChange={(e) => setInput(e.target.value)}
                  autoComplete="off"
                />
              )}
            </Field>
            {units > 0n ? (
              <p data-testid="quote">
                <strong>{formatUnits(units)}</strong> for <strong>{money(cost)}</strong>
                {mode === "money" && parsed?.ok && parsed.value > cost ? (
                  <span className="muted"> ({money(parsed.value - cost)} left over: units are whole)</span>
                ) : null}
              </p>
            ) : null}
            <div className="small" data-testid="invest-fees">
              {units > 0n ? (
                <p className="fee-line">
                  You pay <strong>{money(cost)}</strong> ({formatUnits(units)} × {money(price)}).
                </p>
              ) : null}
              <p className="fee-line">{primaryFeeText(offeringFeeBps)}</p>
              {announced && announced.bps !== offeringFeeBps ? (
                <p className="fee-line muted" data-testid="fee-increase">
                  {keepsFeeText(offeringFeeBps, announced)}
                </p>
              ) : null}
            </div>
            <PaymentMethod {...payment.method} />
            <button
              type="button"
              className="btn btn--primary"
              disabled={!allClear(checks) || units === 0n || busy || wrongNetwork}
              onClick={() => void payNow()}
            >
              {busy ? "Check your wallet…" : units > 0n ? `Pay ${money(cost)}` : "Pay"}
            </button>
          </section>
        ) : null}
        {canSettleClaim || canRefund ? (
          <section className="panel stack" aria-labelledby="settle">
            <h2 id="settle">{canSettleClaim ? "Claim your units" : "Refund"}</h2>
            {gaslessSettle && gasless.relay ? (
              <GaslessNotice relay={gasless.relay} gas={canSettleClaim ? TYPICAL_GAS.claimUnits : TYPICAL_GAS.refund} />
            ) : null}
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => void settle(canSettleClaim ? "claim" : "refund")}
            >
              {canSettleClaim
                ? `Claim ${formatUnits(data.mySubscribed)}`
                : `Refund ${data.myPaid !== undefined ? money(data.myPaid) : "…"}`}
            </button>
          </section>
        ) : null}
        {open ? <EligibilityCheck checks={checks} loading={verdictRead.isPending} /> : null}
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
      <aside className="panel stack" aria-labelledby="terms">
        <h2 id="terms">Offering terms</h2>
        <Progress value={funded} label={`${formatPercent(funded)} funded`} />
        <p className="small">
          {formatUnits(terms.unitsSold)} of {formatUnits(terms.hardCap)} sold ({formatPercent(funded)})
        </p>
        <dl className="facts small">
          <dt>Status</dt>
          <dd>{OFFERING_STATE_TEXT[terms.state].label}</dd>
          <dt>Price per unit</dt>
          <dd>{money(price)}</dd>
          <dt>Platform fee</dt>
          <dd data-testid="terms-fee">{formatBps(offeringFeeBps)} of the proceeds, paid by the issuer</dd>
          <dt>Minimum to succeed</dt>
          <dd>{formatUnits(data.softCap ?? 0n)}</dd>
          <dt>Opens</dt>
          <dd>{formatDateTime(terms.startTime)}</dd>
          <dt>Closes</dt>
          <dd>{formatDateTime(terms.endTime)}</dd>
          <dt>Your balance</dt>
          <dd>{data.balance !== undefined ? money(data.balance) : "—"}</dd>
        </dl>
        <p className="small muted" data-testid="terms-state">
          {terms.state === "Active" || terms.state === "Pending"
            ? "Payments stay in escrow. If the minimum is not reached by the closing date, every investor gets a full refund."
            : OFFERING_STATE_TEXT[terms.state].sentence}
        </p>
      </aside>
    </div>
  );
}

export default function InvestPage() {
  const { id = "" } = useParams();
  // `?invitation=<digest>`: a private placement offered to this investor (issue 20), accepted instead of the public offering.
  const [search] = useSearchParams();
  const invitation = search.get("invitation");
  const property = useProperty(id);
  const launched = useLaunchedContracts(property.data);
  const { address, status } = useConnection();
  usePageTitle(property.data ? `Invest in ${property.data.name}` : "Invest");
  return (
    <div className="stack" data-testid="invest-page">
      <nav aria-label="Breadcrumb" className="small">
        <Link to="/">Marketplace</Link> /{" "}
        {property.data ? <Link to={`/properties/${id}`}>{property.data.name}</Link> : "…"} /{" "}
        <span aria-current="page">Invest</span>
      </nav>
      <h1>{property.data ? `${invitation ? "Your invitation to" : "Invest in"} ${property.data.name}` : "Invest"}</h1>
      {property.isPending || launched.isPending ? <Loading label="Loading the offering" /> : null}
      {property.isError ? (
        <Alert tone="bad" title="The property could not be loaded">
          <p>{property.error.message}</p>
        </Alert>
      ) : null}
      {launched.isError ? (
        <Alert tone="bad" title="The offering could not be found on chain">
          <p>{launched.error.message}</p>
        </Alert>
      ) : null}
      {launched.data === null ? (
        <Alert tone="info" title="Not open for investment yet">
          <p>This property has not been tokenized yet. Come back once its offering opens.</p>
        </Alert>
      ) : null}
      {property.data && launched.data ? (
        status === "connected" && address ? (
          invitation ? (
            <RequireSignIn purpose="accept your invitation">
              <InvitationInvest launched={launched.data} me={address} propertyId={id} hash={invitation} />
            </RequireSignIn>
          ) : (
            <InvestForm launched={launched.data} me={address} />
          )
        ) : (
          <Alert tone="info" title="Connect your wallet to invest">
            <p>We check your eligibility with the token's compliance rules before you pay anything.</p>
          </Alert>
        )
      ) : null}
    </div>
  );
}
