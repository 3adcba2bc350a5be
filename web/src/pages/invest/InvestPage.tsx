import { useState } from "react";
import { Link, useParams } from "react-router";
import { parseSignature, type Address, type Hex } from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import { useProperty } from "../../api/properties";
import { useAppConfig } from "../../app/AppConfigContext";
import { explainVerdict } from "../../compliance/eligibility";
import { checkOfferingLimits, formatDateTime } from "../../compliance/offeringLimits";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { erc2612Abi, paymentPlan, permitTypedData, permitV } from "../../contracts/paymentToken";
import { useApprove } from "../../contracts/useStablecoin";
import { costOf, formatMoney, formatUnits, parseMoneyInput, parseUnitsInput, percentOf, STABLECOIN_DECIMALS, unitsForBudget } from "../../format/amounts";
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
import { useLaunchedContracts, type Launched } from "./useOfferingAddress";

type Mode = "units" | "money";

function InvestForm({ launched, me }: { launched: Launched; me: Address }) {
  const { explorerUrl, chainId } = useAppConfig();
  const { chainId: walletChainId } = useConnection();
  const wrongNetwork = walletChainId !== undefined && walletChainId !== chainId;
  const wagmiConfig = useConfig();
  const data = useInvestData(launched, me);
  const write = useContractWrite();
  const approve = useApprove();
  const tx = useTransaction();
  const [mode, setMode] = useState<Mode>("units");
  const [input, setInput] = useState("");
  // Permit is the default where the stablecoin has one; some wallets cannot sign typed data, so approve stays possible.
  const [preferApprove, setPreferApprove] = useState(false);

  const price = data.pricePerUnit ?? 0n;
  // Every amount is read and shown in the payment token's own decimals (from the deployment record or the chain).
  const decimals = data.coin?.decimals ?? STABLECOIN_DECIMALS;
  const permit = data.coin?.permit ?? null;
  const money = (amount: bigint) => formatMoney(amount, { decimals });
  const parsed = input.trim() === "" ? undefined : mode === "units" ? parseUnitsInput(input) : parseMoneyInput(input, decimals);
  const units = parsed?.ok ? (mode === "units" ? parsed.value : price > 0n ? unitsForBudget(parsed.value, price).units : 0n) : 0n;
  const cost = costOf(units, price);
  const verdictRead = useContractRead({
    contractName: "PropertyToken",
    address: launched.token,
    functionName: "canIssueByPartition",
    args: [me, (data.partition ?? `0x${"0".repeat(64)}`) as Hex, units > 0n ? units : 1n],
    enabled: Boolean(data.partition),
  });
  const verdict = verdictRead.data ? explainVerdict({ code: verdictRead.data[0], reason: verdictRead.data[1] }, "receiver") : undefined;
  const limits = data.terms && units > 0n ? checkOfferingLimits(data.terms, units, data.identitySubscribed, data.now) : data.terms ? checkOfferingLimits(data.terms, data.terms.minTicket || 1n, data.identitySubscribed, data.now).filter((p) => p.field === "offering") : [];
  const funds = data.balance !== undefined && units > 0n && data.balance < cost ? `Your ${data.symbol} balance is ${money(data.balance)}; this needs ${money(cost)}.` : undefined;
  const checks: Checks = { verdict, limits, funds };
  const busy = isInFlight(tx.state);

  async function pay() {
    if (!data.paymentToken || units === 0n) return;
    const token = data.paymentToken;
    const plan = paymentPlan({ permit, preferApprove, allowance: data.allowance, cost });
    if (plan === "permit" && permit) {
      await tx.run({ label: `Sign the payment of ${money(cost)} ${data.symbol}, then confirm the subscription to ${formatUnits(units)}` }, async () => {
        const nonce = await readContract(wagmiConfig, { abi: erc2612Abi, address: token, functionName: "nonces", args: [me], chainId });
        const deadline = BigInt(data.now + 30 * 60);
        const signature = await signTypedData(wagmiConfig, permitTypedData({ domain: permit, chainId, token, owner: me, spender: launched.offering, value: cost, nonce, deadline }));
        const { r, s, v, yParity } = parseSignature(signature);
        return write({ contractName: "PropertyOffering", address: launched.offering, functionName: "subscribeWithPermit", args: [units, deadline, permitV({ v, yParity }), r, s] });
      });
    } else {
      if (plan === "approve-then-subscribe") {
        const approved = await tx.run({ label: `Approve ${money(cost)} ${data.symbol} for this offering`, index: 1, total: 2 }, () => approve(token, launched.offering, cost));
        if (!approved) return;
      }
      await tx.run({ label: `Subscribe to ${formatUnits(units)} for ${money(cost)} ${data.symbol}`, index: 2, total: 2 }, () =>
        write({ contractName: "PropertyOffering", address: launched.offering, functionName: "subscribe", args: [units] }),
      );
    }
    await data.refetch();
    void verdictRead.refetch();
  }

  async function settle(action: "claim" | "refund") {
    await tx.run({ label: action === "claim" ? `Claim your ${formatUnits(data.mySubscribed)}` : `Take your refund for ${formatUnits(data.mySubscribed)}` }, () =>
      write({ contractName: "PropertyOffering", address: launched.offering, functionName: action, args: [] }),
    );
    await data.refetch();
  }

  if (data.isPending) return <Loading label="Reading the offering" />;
  if (data.error || !data.terms)
    return (
      <Alert tone="bad" title="The offering could not be read from the chain">
        <p>{data.error?.message ?? "Unknown error"}</p>
      </Alert>
    );
  const terms = data.terms;
  const funded = percentOf(terms.unitsSold, terms.hardCap);
  const open = terms.state === "Active";
  const canSettleClaim = terms.state === "Finalized" && data.mySubscribed > 0n && !data.settled;
  const canRefund = (terms.state === "Failed" || terms.state === "Cancelled") && data.mySubscribed > 0n && !data.settled;

  return (
    <div className="grid grid--2">
      <div className="stack">
        {data.mySubscribed > 0n ? (
          <Alert tone={data.settled ? "ok" : "info"} title={data.settled ? (terms.state === "Finalized" ? "Your units are in your wallet" : "Your refund was paid") : `You subscribed ${formatUnits(data.mySubscribed)}`}>
            <p>
              {data.settled
                ? "See them in your portfolio."
                : terms.state === "Finalized"
                  ? "The offering succeeded. Claim your units below."
                  : terms.state === "Failed" || terms.state === "Cancelled"
                    ? "The offering did not go ahead. Take your full refund below."
                    : terms.state === "Succeeded"
                      ? "The offering reached its target; the issuer finalizes it next, then you can claim your units."
                      : `Your payment of ${money(costOf(data.mySubscribed, price))} ${data.symbol} is held in escrow until the offering closes.`}
            </p>
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
              hint={`${money(price)} ${data.symbol} per unit · minimum ${formatUnits(terms.minTicket)}${terms.maxTicket > 0n ? `, maximum ${formatUnits(terms.maxTicket)} per investor` : ""}`}
              error={parsed && !parsed.ok ? parsed.error : undefined}
            >
              {(ids) => <input {...ids} className="input" inputMode={mode === "units" ? "numeric" : "decimal"} value={input} onChange={(e) => setInput(e.target.value)} autoComplete="off" />}
            </Field>
            {units > 0n ? (
              <p data-testid="quote">
                <strong>{formatUnits(units)}</strong> for <strong>{money(cost)} {data.symbol}</strong>
                {mode === "money" && parsed?.ok && parsed.value > cost ? <span className="muted"> ({money(parsed.value - cost)} {data.symbol} left over: units are whole)</span> : null}
              </p>
            ) : null}
            {permit ? (
              <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="label">
                  <strong>How to pay</strong>
                </legend>
                <label className="row">
                  <input type="radio" name="method" checked={!preferApprove} onChange={() => setPreferApprove(false)} /> Sign a permit, then one transaction (recommended)
                </label>
                <label className="row">
                  <input type="radio" name="method" checked={preferApprove} onChange={() => setPreferApprove(true)} /> Approve, then subscribe (two transactions, for wallets that cannot sign a permit)
                </label>
              </fieldset>
            ) : (
              <p className="small muted" data-testid="pay-method">
                {data.symbol} has no signed permit: you approve the amount for this offering, then subscribe (two transactions).
              </p>
            )}
            {wrongNetwork ? (
              <p className="small" role="status">
                Your wallet is on another network. Switch with the banner above; nothing can be signed until then.
              </p>
            ) : null}
            <button type="button" className="btn btn--primary" disabled={!allClear(checks) || units === 0n || busy || wrongNetwork} onClick={() => void pay()}>
              {busy ? "Check your wallet…" : units > 0n ? `Pay ${money(cost)} ${data.symbol}` : "Pay"}
            </button>
          </section>
        ) : null}
        {canSettleClaim || canRefund ? (
          <section className="panel stack" aria-labelledby="settle">
            <h2 id="settle">{canSettleClaim ? "Claim your units" : "Refund"}</h2>
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void settle(canSettleClaim ? "claim" : "refund")}>
              {canSettleClaim ? `Claim ${formatUnits(data.mySubscribed)}` : `Refund ${money(costOf(data.mySubscribed, price))} ${data.symbol}`}
            </button>
          </section>
        ) : null}
        {open ? <EligibilityCheck checks={checks} loading={verdictRead.isPending} /> : null}
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
      <aside className="panel stack" aria-labelledby="terms">
        <h2 id="terms">Offering terms</h2>
        <Progress value={funded} label={`${funded}% funded`} />
        <p className="small">
          {formatUnits(terms.unitsSold)} of {formatUnits(terms.hardCap)} sold ({funded}%)
        </p>
        <dl className="facts small">
          <dt>Status</dt>
          <dd>{terms.state}</dd>
          <dt>Price per unit</dt>
          <dd>
            {money(price)} {data.symbol}
          </dd>
          <dt>Minimum to succeed</dt>
          <dd>{formatUnits(data.softCap ?? 0n)}</dd>
          <dt>Opens</dt>
          <dd>{formatDateTime(terms.startTime)}</dd>
          <dt>Closes</dt>
          <dd>{formatDateTime(terms.endTime)}</dd>
          <dt>Your balance</dt>
          <dd>{data.balance !== undefined ? `${money(data.balance)} ${data.symbol}` : "—"}</dd>
        </dl>
        <p className="small muted">Payments stay in escrow. If the minimum is not reached by the closing date, every investor gets a full refund.</p>
      </aside>
    </div>
  );
}

export default function InvestPage() {
  const { id = "" } = useParams();
  const property = useProperty(id);
  const launched = useLaunchedContracts(property.data);
  const { address, status } = useConnection();
  usePageTitle(property.data ? `Invest in ${property.data.name}` : "Invest");
  return (
    <div className="stack" data-testid="invest-page">
      <nav aria-label="Breadcrumb" className="small">
        <Link to="/">Marketplace</Link> / {property.data ? <Link to={`/properties/${id}`}>{property.data.name}</Link> : "…"} / <span aria-current="page">Invest</span>
      </nav>
      <h1>{property.data ? `Invest in ${property.data.name}` : "Invest"}</h1>
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
          <InvestForm launched={launched.data} me={address} />
        ) : (
          <Alert tone="info" title="Connect your wallet to invest">
            <p>We check your eligibility with the token's compliance rules before you pay anything.</p>
          </Alert>
        )
      ) : null}
    </div>
  );
}
