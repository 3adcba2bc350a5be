import { useState } from "react";
import { isAddress, type Address } from "viem";
import { useConnection } from "wagmi";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { OFFERING_STATE_TEXT, offeringStateFromIndex } from "../../compliance/offeringLimits";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { platformPaymentToken } from "../../contracts/paymentToken";
import { useOfferingCoin } from "../../contracts/useStablecoin";
import { splitFee } from "../../contracts/fees";
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { costOf, formatMoney, formatUnits, parseMoneyInput, parseUnitsInput } from "../../format/amounts";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { CurrencyNote } from "../../ui/CurrencyNote";
import { FeeSplit } from "../../ui/FeeSplit";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { useLaunchedContracts, type Launched } from "../invest/useOfferingAddress";
import { launchFeeText, launchIncreaseText } from "./feeText";
import { launchView } from "./launchView";
import { RentDeposit } from "./RentDeposit";
import { useOfferingMoney } from "./useOfferingMoney";
import { InvitePanel } from "../../placements/InvitePanel";

const symbolFrom = (name: string) =>
  name
    .replace(/[^A-Za-z ]/g, "")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join("")
    .slice(0, 5) || "PROP";

function OfferingControls({
  launched,
  currency,
  propertyId,
  note,
  record = false,
}: {
  launched: Launched;
  currency: string;
  propertyId: string;
  /** What the manager just did, said once the launch is confirmed. */
  note?: string | undefined;
  /** The record of a sold or archived property: no rent deposit (its token takes none), the offering as it ended. */
  record?: boolean;
}) {
  const { explorerUrl } = useAppConfig();
  const coin = useOfferingCoin(launched.offering);
  const state = useContractRead({
    contractName: "PropertyOffering",
    address: launched.offering,
    functionName: "state",
    refetchInterval: 3_000,
  });
  const sold = useContractRead({
    contractName: "PropertyOffering",
    address: launched.offering,
    functionName: "unitsSold",
    refetchInterval: 3_000,
  });
  // The primary fee is in the offering's terms, fixed at launch; the gross is what the units sold paid, each at its own
  // price (an invitation's may differ from the public one), from the offering's books.
  const money = useOfferingMoney(launched.offering);
  const terms = useContractRead({
    contractName: "PropertyOffering",
    address: launched.offering,
    functionName: "terms",
  });
  const write = useContractWrite();
  const tx = useTransaction();
  const current = state.data !== undefined ? offeringStateFromIndex(Number(state.data)) : undefined;
  // Finalize moves no money: proceeds leave the escrow as units are delivered, through releaseProceeds (anyone may call it).
  const releasable = useContractRead({
    contractName: "PropertyOffering",
    address: launched.offering,
    functionName: "releasableProceeds",
    refetchInterval: 3_000,
  });
  const LABELS = {
    finalize: "Finalize the offering (subscribers then claim their units)",
    cancel: "Cancel the offering (subscribers get refunds)",
    releaseProceeds: "Release the proceeds of delivered units to the treasury",
  } as const;
  const act = (fn: keyof typeof LABELS) =>
    void tx
      .run({ label: LABELS[fn] }, () =>
        write({ contractName: "PropertyOffering", address: launched.offering, functionName: fn, args: [] }),
      )
      .then(() => Promise.all([state.refetch(), releasable.refetch(), money.refetch()]));
  return (
    <div className="stack" data-testid="offering-controls">
      {note ? (
        <p className="small" role="status">
          ✓ {note}
        </p>
      ) : null}
      <dl className="facts small">
        <dt>Token</dt>
        <dd>
          <AddressText value={launched.token} />
        </dd>
        <dt>Offering</dt>
        <dd>
          <AddressText value={launched.offering} />
        </dd>
        <dt>Status</dt>
        <dd title={current ? OFFERING_STATE_TEXT[current].sentence : undefined}>
          {current ? OFFERING_STATE_TEXT[current].label : "…"}
        </dd>
        <dt>Sold</dt>
        <dd>{sold.data !== undefined ? formatUnits(sold.data) : "…"}</dd>
        {current === "Finalized" ? (
          <>
            <dt>Releasable proceeds</dt>
            <dd data-testid="releasable-proceeds">
              {releasable.data !== undefined && coin ? formatMoney(releasable.data, coin) : "…"}
            </dd>
          </>
        ) : null}
      </dl>
      {money.data?.kind === "refunds" && coin ? (
        <p className="small" data-testid="offering-refunds-owed">
          No proceeds: the offering did not go ahead, so the treasury receives nothing.{" "}
          {money.data.owed > 0n
            ? `${formatMoney(money.data.owed, coin)} is still held for subscribers' refunds.`
            : "Every subscriber has been refunded."}
        </p>
      ) : null}
      {terms.data && money.data?.kind === "proceeds" && coin ? (
        <div className="stack" data-testid="offering-proceeds">
          <FeeSplit
            split={splitFee(money.data.gross, terms.data.feeBps)}
            bps={terms.data.feeBps}
            coin={coin}
            labels={{ gross: "Gross proceeds", fee: "Platform primary fee", net: "Net proceeds to the treasury" }}
          />
          <p className="small muted" style={{ margin: 0 }}>
            The fee is fixed in this offering's terms since its launch; it is paid as the proceeds are released.
          </p>
        </div>
      ) : null}
      <div className="row">
        {current === "Succeeded" ? (
          <button
            type="button"
            className="btn btn--primary"
            disabled={isInFlight(tx.state)}
            onClick={() => act("finalize")}
          >
            Finalize offering
          </button>
        ) : null}
        {current === "Finalized" && releasable.data !== undefined && releasable.data > 0n ? (
          <button
            type="button"
            className="btn btn--primary"
            data-testid="release-proceeds"
            disabled={isInFlight(tx.state)}
            onClick={() => act("releaseProceeds")}
          >
            Release proceeds
          </button>
        ) : null}
        {current === "Pending" || current === "Active" || current === "Succeeded" ? (
          <button
            type="button"
            className="btn btn--danger"
            disabled={isInFlight(tx.state)}
            onClick={() => act("cancel")}
          >
            Cancel offering
          </button>
        ) : null}
      </div>
      {record ? null : (
        <RentDeposit token={launched.token} offering={launched.offering} currency={currency} propertyId={propertyId} />
      )}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      {current ? (
        <InvitePanel
          propertyId={propertyId}
          offering={launched.offering}
          selling={current === "Pending" || current === "Active"}
        />
      ) : null}
    </div>
  );
}

/**
 * Launch the tokenization of a verified property: token + offering in one factory transaction, sensible defaults.
 * `record`: a sold or archived property's tokenization, shown as it ended and never offered a launch.
 */
export function LaunchPanel({ property, record = false }: { property: PropertyDetail; record?: boolean }) {
  const { chainId, explorerUrl } = useAppConfig();
  const { address } = useConnection();
  const launched = useLaunchedContracts(property);
  const write = useContractWrite();
  const tx = useTransaction();
  // The fee a launch now copies into the offering's terms (a new token has no override of its own).
  const primary = usePlatformFee("Primary");
  const [form, setForm] = useState({
    name: property.name,
    symbol: symbolFrom(property.name),
    start: "",
    treasury: "",
    price: "100",
    hardCap: "1000",
    softCapPercent: "30",
    minTicket: "1",
    maxTicket: "1000",
    days: "30",
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  // The stablecoin the deploy recorded (an existing one on public networks, the TestStablecoin on local ones).
  const payment = platformPaymentToken(chainId);
  const price = parseMoneyInput(form.price, payment?.decimals);
  const hardCap = parseUnitsInput(form.hardCap);
  const minTicket = parseUnitsInput(form.minTicket);
  const maxTicket = parseUnitsInput(form.maxTicket);
  const percent = Number(form.softCapPercent);
  const days = Number(form.days);
  // Empty start: open at once. Empty treasury: the proceeds go to the wallet that launches.
  const startMs = form.start ? new Date(form.start).getTime() : undefined;
  const treasury = (form.treasury.trim() || address) as Address | undefined;
  const startError =
    startMs !== undefined && !Number.isFinite(startMs) ? "Enter a date and time, or leave it empty" : undefined;
  const treasuryError =
    form.treasury.trim() && !isAddress(form.treasury.trim(), { strict: false })
      ? "Enter a wallet address (0x and 40 hexadecimal digits)"
      : undefined;
  const valid =
    !startError &&
    !treasuryError &&
    Boolean(treasury) &&
    form.name.trim().length > 0 &&
    price.ok &&
    hardCap.ok &&
    minTicket.ok &&
    maxTicket.ok &&
    percent > 0 &&
    percent <= 100 &&
    days >= 1 &&
    days <= 365 &&
    /^[A-Z0-9]{2,11}$/.test(form.symbol);

  // 12.14: the property's status follows the chain; VERIFIED or REFUNDING with a launch behind it means that offering
  // failed or was cancelled, so the manager may launch again (the previous one stays below for its refunds).
  const [launchedHere, setLaunchedHere] = useState(false);
  const view = launchView(launched, property.status, launchedHere);
  if (view === "reading") return <Loading label="Reading the property's token and offering on chain" />;
  if (view === "unreadable")
    return (
      <Alert tone="bad" title="The chain could not be read">
        <p>
          Whether this property was launched is not known yet, so no launch is offered (a second one would be refused).{" "}
          {launched.error?.message}
        </p>
        <button type="button" className="btn" onClick={() => void launched.refetch()}>
          Try again
        </button>
      </Alert>
    );
  if (record)
    return launched.data ? (
      <OfferingControls launched={launched.data} currency={property.currency} propertyId={property.id} record />
    ) : (
      <p className="muted">No launch of this property was found on this network.</p>
    );
  if (view === "controls" && launched.data)
    return (
      <OfferingControls
        launched={launched.data}
        currency={property.currency}
        propertyId={property.id}
        note={
          launchedHere
            ? `Launched ${form.symbol}: the token and its offering were created in one transaction.`
            : undefined
        }
      />
    );
  if (!payment)
    return (
      <Alert tone="warn" title="No payment token is configured on this network">
        The deployment record names no stablecoin: run the deploy with --payment-token (see docs/guides/admins.md).
      </Alert>
    );

  async function launch() {
    if (!valid || !treasury || !payment || !price.ok || !hardCap.ok || !minTicket.ok || !maxTicket.ok) return;
    // A start a minute back opens the offering at once (the factory accepts a start in the past, not an end).
    const startTime = BigInt(Math.floor((startMs ?? Date.now() - 60_000) / 1000));
    const softCap = (hardCap.value * BigInt(Math.round(percent * 100))) / 10_000n || 1n;
    const receipt = await tx.run(
      {
        label: `Launch ${form.symbol}: ${formatUnits(hardCap.value)} at ${formatMoney(price.value, { decimals: payment.decimals, symbol: payment.symbol })} each`,
      },
      () =>
        write({
          contractName: "PropertyTokenFactory",
          functionName: "launch",
          args: [
            {
              propertyId: propertyIdToBytes32(property.id),
              name: form.name.trim(),
              symbol: form.symbol,
              partition: `0x${"0".repeat(64)}`,
              paymentToken: payment.address,
              pricePerUnit: price.value,
              softCap,
              hardCap: hardCap.value,
              minTicket: minTicket.value,
              maxTicket: maxTicket.value,
              startTime,
              endTime: startTime + BigInt(days) * 86_400n,
              treasury,
            },
          ],
        }),
    );
    // Only a confirmed launch switches to the offering's controls; a refusal stays on the form with its reason.
    if (!receipt) return;
    setLaunchedHere(true);
    await launched.refetch();
  }

  const input = (k: keyof typeof form, label: string, hint?: string, extra: { type?: string; error?: string } = {}) => (
    <Field label={label} hint={hint} error={extra.error}>
      {(ids) => <input {...ids} className="input" type={extra.type ?? "text"} value={form[k]} onChange={set(k)} />}
    </Field>
  );
  return (
    <div className="stack">
      {launched.data ? (
        <>
          <Alert tone="warn" title="The last offering did not complete">
            Its subscribers take their money back from it (refunds). You can launch a new offering for this property.
          </Alert>
          <OfferingControls launched={launched.data} currency={property.currency} propertyId={property.id} />
        </>
      ) : null}
      <p className="muted">
        One transaction creates the property token and its offering, wired to the identity registry, the rent
        distributor and the settlement contract.
      </p>
      <div className="form-grid">
        {input("name", "Token name")}
        {input("symbol", "Token symbol", "2–11 capitals or digits")}
        {input(
          "price",
          `Price per unit (${payment.symbol})`,
          `in ${payment.symbol}, up to ${payment.decimals} decimals`,
        )}
        {input("hardCap", "Units for sale")}
        {input("softCapPercent", "Minimum to succeed (%)")}
        {input("minTicket", "Minimum per investor (units)")}
        {input("maxTicket", "Maximum per investor (units)")}
        {input("start", "Start", "Empty: opens at once", { type: "datetime-local", error: startError })}
        {input("days", "Offering length (days)", "The offering ends this many days after the start")}
        {input("treasury", "Treasury (receives the proceeds)", "Empty: your connected wallet", {
          error: treasuryError,
        })}
      </div>
      {primary.data ? (
        <div className="stack" data-testid="launch-fee">
          <p className="small" style={{ margin: 0 }}>
            {launchFeeText(primary.data.bps)}
          </p>
          {price.ok && hardCap.ok ? (
            <FeeSplit
              split={splitFee(costOf(hardCap.value, price.value), primary.data.bps)}
              bps={primary.data.bps}
              coin={payment}
              labels={{
                gross: "Proceeds if sold out",
                fee: "Platform primary fee",
                net: "Net proceeds to the treasury",
              }}
            />
          ) : null}
          {primary.data.increase ? (
            <p className="small muted" style={{ margin: 0 }} data-testid="launch-fee-increase">
              {launchIncreaseText(primary.data.bps, primary.data.increase)}
            </p>
          ) : null}
        </div>
      ) : null}
      <CurrencyNote currency={property.currency} tokenSymbol={payment.symbol} />
      <div>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!valid || isInFlight(tx.state)}
          onClick={() => void launch()}
        >
          Launch tokenization
        </button>
      </div>
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </div>
  );
}
