import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { useConfig, useConnection, useReadContracts } from "wagmi";
import { readContract } from "wagmi/actions";
import { useAppConfig } from "../../app/AppConfigContext";
import { financialKeys } from "../../api/queryKeys";
import { abis } from "../../contracts/abi";
import { deployments } from "../../contracts/addresses";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { splitFee } from "../../contracts/fees";
import { erc20Abi } from "../../contracts/paymentToken";
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { useApprove, useStablecoin } from "../../contracts/useStablecoin";
import { formatAmountNumber, formatMoney, parseMoneyInput } from "../../format/amounts";
import { formatCents } from "../../format/fiat";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { FeeSplit, increaseSentence } from "../../ui/FeeSplit";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { depositablePeriods } from "./financials/depositable";
import { periodName } from "./financials/periodFigures";
import { usePeriods } from "./financials/periodsApi";
import { centsToTokenUnits } from "./financials/tokenAmount";
import { offeringStateFromIndex } from "../../compliance/offeringLimits";
import { DeliverUnits, heldUnits, useUndelivered } from "./DeliverUnits";
import { rentDepositBlocker, rentDepositWarning } from "./rentDepositBlocker";
import { depositFeeText } from "./feeText";
import { ProblemAlert } from "./ProblemAlert";
import { parseStatementHash } from "./statementHash";

/**
 * The manager deposits a closed period's distributable cash for the token's holders (approve the distributor, then
 * deposit), in the token's stablecoin. The deposit names the period's statement SHA-256, so any holder can check that
 * what was distributed is what the statement says; the manager picks the period, never types a hash. The deposit waits
 * until every unit sold is delivered (`rentDepositBlocker`): the distributor shares it over the units held at that
 * moment only. After finalization the manager can deliver the units still waiting (`DeliverUnits`).
 */
export function RentDeposit({
  token,
  offering,
  currency,
  propertyId,
}: {
  token: Address;
  offering: Address;
  currency: string;
  propertyId: string;
}) {
  const { chainId, explorerUrl } = useAppConfig();
  const { address } = useConnection();
  const wagmiConfig = useConfig();
  const write = useContractWrite();
  const approve = useApprove();
  const tx = useTransaction();
  // Statements deposited from this page: off the picker at once, not when the chain sync records them (until then
  // the paid period stayed on offer, and what the form showed after a deposit depended on that race).
  const [depositedHere, setDepositedHere] = useState<ReadonlySet<string>>(new Set());
  const periods = usePeriods(propertyId, depositedHere);
  // The overview's "next distribution" and "distributed" follow once the sync has recorded a deposit made here.
  const queryClient = useQueryClient();
  const recordedHere =
    periods.data?.filter((p) => p.statementSha256 && depositedHere.has(p.statementSha256) && p.distribution !== null)
      .length ?? 0;
  useEffect(() => {
    if (recordedHere > 0) void queryClient.invalidateQueries({ queryKey: financialKeys.dashboard(propertyId) });
  }, [recordedHere, propertyId, queryClient]);
  const [periodId, setPeriodId] = useState("");
  // null: the chosen period's distributable (filled in once the stablecoin's decimals are known); a string: typed.
  const [typed, setText] = useState<string | null>(null);
  const distributor = deployments.get(chainId)?.contracts["RentDistributor"]?.address;
  // Rent is paid in the stablecoin the distributor registered for this token at launch.
  const payment = useContractRead({
    contractName: "RentDistributor",
    functionName: "paymentTokenOf",
    args: [token],
  }).data;
  const coin = useStablecoin(payment);
  // Who the deposit would reach: the units held now (the supply) against the units sold and not yet settled.
  const counts = useReadContracts({
    allowFailure: false,
    contracts: [
      { abi: abis.PropertyOffering, address: offering, functionName: "state", chainId },
      { abi: abis.PropertyOffering, address: offering, functionName: "unitsSold", chainId },
      { abi: abis.PropertyOffering, address: offering, functionName: "unitsSettled", chainId },
      { abi: abis.PropertyToken, address: token, functionName: "totalSupply", chainId },
    ],
    query: { refetchInterval: 3_000 },
  });
  const state = counts.data ? offeringStateFromIndex(Number(counts.data[0])) : undefined;
  const unsettled = counts.data && counts.data[1] > counts.data[2] ? counts.data[1] - counts.data[2] : 0n;
  // After finalization, which of the undelivered units the token takes now: held ones do not block the deposit.
  const undelivered = useUndelivered(offering, counts.data?.[2], state === "Finalized" && unsettled > 0n);
  const facts =
    counts.data && state
      ? {
          state,
          sold: counts.data[1],
          settled: counts.data[2],
          supply: counts.data[3],
          held: undelivered.data ? heldUnits(undelivered.data) : 0n,
        }
      : undefined;
  const blocker = facts ? rentDepositBlocker(facts) : undefined;
  const warning = facts ? rentDepositWarning(facts) : null;
  const unpaid = periods.data ? depositablePeriods(periods.data, depositedHere) : [];
  const period = unpaid.find((p) => p.id === periodId);
  const statement = period?.statementSha256
    ? parseStatementHash(period.statementSha256)
    : ({ ok: false, error: "Choose the period this rent pays out." } as const);
  // The distributable cash, one unit of the currency per unit of the token (no exchange rate is applied).
  const suggested =
    period && coin
      ? formatAmountNumber(centsToTokenUnits(BigInt(period.totals.distributable), coin.decimals), coin.decimals)
      : "";
  const text = typed ?? suggested;
  const amount = coin
    ? parseMoneyInput(text, coin.decimals)
    : ({ ok: false, error: "Reading the stablecoin…" } as const);
  const money = (value: bigint) => (coin ? formatMoney(value, coin) : "…");
  // The management fee the distributor takes from this deposit: shown with what holders share before signing.
  const rentFee = usePlatformFee("Rent", token);
  const split = amount.ok && rentFee.data ? splitFee(amount.value, rentFee.data.bps) : undefined;
  const choose = (id: string) => {
    setPeriodId(id);
    setText(null);
  };
  async function deposit() {
    if (!amount.ok || !statement.ok || !period?.statementSha256 || !distributor || !address || !payment) return;
    if (blocker !== null) return;
    const paidStatement = period.statementSha256;
    const allowance = await readContract(wagmiConfig, {
      abi: erc20Abi,
      address: payment,
      functionName: "allowance",
      args: [address, distributor],
      chainId,
    });
    const twoSteps = allowance < amount.value;
    if (twoSteps) {
      const ok = await tx.run(
        { label: `Approve ${money(amount.value)} for the rent distributor`, index: 1, total: 2 },
        () => approve(payment, distributor, amount.value),
      );
      if (!ok) return;
    }
    const done = await tx.run(
      {
        label: split
          ? `Deposit ${money(split.gross)} of rent: ${money(split.net)} to holders`
          : `Deposit ${money(amount.value)} of rent`,
        index: twoSteps ? 2 : 1,
        total: twoSteps ? 2 : 1,
      },
      () =>
        write({
          contractName: "RentDistributor",
          functionName: "deposit",
          args: [token, amount.value, statement.value],
        }),
    );
    // Once the deposit is confirmed its period leaves the picker and the form empties: the same rent cannot be
    // distributed twice by a stray click (and the distributor refuses a statement it already paid out).
    if (done) {
      setDepositedHere((paid) => new Set(paid).add(paidStatement));
      setText(null);
      setPeriodId("");
    }
  }
  return (
    <section className="stack" aria-labelledby="rent-deposit">
      <h3 id="rent-deposit">Distribute rent</h3>
      <p className="small muted">
        Choose the closed period you pay out: the amount is its distributable cash, {currency} taken one for one as{" "}
        {coin?.symbol ?? "the payment token"} (no exchange rate is applied; lower it if you distribute less). Holders
        receive it, less the platform's management fee, pro rata to their units at the time of the deposit and claim it
        whenever they like.
      </p>
      {blocker ? (
        <div className="stack" data-testid="deposit-blocked">
          <p className="small" role="status" style={{ margin: 0 }}>
            <strong>Not yet:</strong> {blocker.message}
          </p>
          {blocker.kind === "undelivered" && facts?.state === "Finalized" ? (
            <DeliverUnits offering={offering} pending={undelivered} tx={tx} onDelivered={() => void counts.refetch()} />
          ) : null}
        </div>
      ) : null}
      {warning ? (
        <div className="stack" data-testid="deposit-held-warning">
          <p className="small" role="status" style={{ margin: 0 }}>
            <strong>Before you deposit:</strong> {warning}
          </p>
          <DeliverUnits offering={offering} pending={undelivered} tx={tx} onDelivered={() => void counts.refetch()} />
        </div>
      ) : null}
      {periods.isPending ? (
        <Loading label="Loading the closed periods" />
      ) : periods.isError ? (
        <ProblemAlert error={periods.error} title="The periods could not be loaded" />
      ) : unpaid.length === 0 ? (
        <p className="muted" data-testid="no-period-to-pay">
          No closed period is waiting to be paid out. Close a month in the Financials tab first: a deposit always pays
          out one closed period’s statement.
        </p>
      ) : (
        <div className="form-grid form-grid--end">
          <Field label="Period it pays out">
            {(ids) => (
              <select {...ids} className="input" value={periodId} onChange={(e) => choose(e.target.value)}>
                <option value="">Choose…</option>
                {unpaid.map((p) => (
                  <option key={p.id} value={p.id}>
                    {periodName(p)}: {formatCents(BigInt(p.totals.distributable), currency)} distributable
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={`Rent to deposit${coin ? ` (${coin.symbol})` : ""}`}
            error={period && text && !amount.ok ? amount.error : undefined}
          >
            {(ids) => (
              <input
                {...ids}
                className="input"
                inputMode="decimal"
                value={text}
                disabled={!period}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <div>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={blocker !== null || !amount.ok || !statement.ok || isInFlight(tx.state)}
              onClick={() => void deposit()}
            >
              Deposit rent
            </button>
          </div>
        </div>
      )}
      {period && rentFee.data ? (
        <div className="stack" data-testid="deposit-fees">
          <p className="small" style={{ margin: 0 }}>
            {depositFeeText(rentFee.data.bps)}
          </p>
          {split && coin ? (
            <FeeSplit
              split={split}
              bps={rentFee.data.bps}
              coin={coin}
              labels={{ gross: "You deposit", fee: "Management fee", net: "Shared by holders" }}
            />
          ) : null}
          {rentFee.data.increase ? (
            <p className="small muted" style={{ margin: 0 }}>
              {increaseSentence("management fee", rentFee.data.increase)}
            </p>
          ) : null}
        </div>
      ) : null}
      {period ? (
        <div className="small" data-testid="deposit-statement">
          <p style={{ margin: 0 }}>
            Statement SHA-256 of {periodName(period)}: <code className="hash">{period.statementSha256}</code>
          </p>
          <p className="muted" style={{ margin: 0 }}>
            The deposit records this hash on chain. Anyone holding the period’s statement can hash it and compare (the
            document check does it): what was distributed is tied to the income, expenses and reserve that statement
            lists, and the distributor pays a statement out only once.
          </p>
        </div>
      ) : null}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </section>
  );
}
