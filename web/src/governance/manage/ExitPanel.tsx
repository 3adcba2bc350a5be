import { useState } from "react";
import type { Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract } from "wagmi/actions";
import { useAppConfig } from "../../app/AppConfigContext";
import { splitFee } from "../../contracts/fees";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { erc20Abi } from "../../contracts/paymentToken";
import { usePlatformFee } from "../../contracts/usePlatformFee";
import { useApprove } from "../../contracts/useStablecoin";
import { formatAmountNumber, formatMoney, formatUnits, parseMoneyInput, type Coin } from "../../format/amounts";
import { formatDateTime } from "../../format/dates";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Address as AddressText } from "../../ui/Address";
import { Alert } from "../../ui/Alert";
import { FeeSplit } from "../../ui/FeeSplit";
import { Field } from "../../ui/Field";
import { Cell, Table } from "../../ui/Table";
import { redemptionProgress } from "../exitMath";
import { useExit } from "../exitFacts";
import { refusedSaleText, saleWindow } from "../saleWindow";
import type { ProposalOnChain } from "../useGovernor";

/**
 * After the holders approved a sale: the manager launches the token's exit (once, through the factory), deposits the
 * buyer's money (approve the exit, then `depositProceeds`; the platform's exit fee and what the holders share are
 * shown before signing), and follows the holders' redemptions. The exit takes a sale only on the supply voted on and
 * until one voting period after the vote (audit 2026-12): past either (decided in `saleWindow`, as the exit checks),
 * the panel says so instead of offering a deposit the contract would refuse, and says to propose the sale again.
 */
export function ExitPanel({
  token,
  sale,
  coin,
  now,
  saleDeadline,
  revote,
}: {
  token: Address;
  sale: ProposalOnChain | undefined;
  coin: Coin;
  /** The chain's time (unix seconds). */
  now: number;
  /** Until when the exit takes `sale` (unix seconds): its vote's end plus one voting period. */
  saleDeadline: number | undefined;
  /** A sale proposal after `sale`, not decided yet: the manager already put the sale to the holders again. */
  revote?: bigint | undefined;
}) {
  const { explorerUrl, chainId } = useAppConfig();
  const { address: me } = useConnection();
  const wagmiConfig = useConfig();
  const write = useContractWrite();
  const approve = useApprove();
  const tx = useTransaction();
  const exit = useExit(token);
  const fee = usePlatformFee("Exit", token);
  const supply = useContractRead({
    contractName: "PropertyToken",
    functionName: "totalSupply",
    address: token,
    refetchInterval: 5_000,
  });
  const [typed, setTyped] = useState<string | null>(null);
  const facts = exit.data;
  const text = typed ?? (sale ? formatAmountNumber(sale.amount, coin.decimals) : "");
  const amount = parseMoneyInput(text, coin.decimals);
  const split = amount.ok && fee.data ? splitFee(amount.value, fee.data.bps) : undefined;
  const standing = sale ? saleWindow(sale, { now, deadline: saleDeadline, supply: supply.data }) : undefined;

  async function launchExit() {
    const done = await tx.run({ label: "Launch the exit" }, () =>
      write({ contractName: "PropertyTokenFactory", functionName: "launchExit", args: [token] }),
    );
    if (done) await exit.refetch();
  }

  async function deposit() {
    if (!facts || !sale || !amount.ok || !me) return;
    const allowance = await readContract(wagmiConfig, {
      abi: erc20Abi,
      address: facts.paymentToken,
      functionName: "allowance",
      args: [me, facts.address],
      chainId,
    });
    const twoSteps = allowance < amount.value;
    const total = twoSteps ? 2 : 1;
    if (twoSteps) {
      const ok = await tx.run(
        { label: `Approve ${formatMoney(amount.value, coin)} for the exit`, index: 1, total },
        () => approve(facts.paymentToken, facts.address, amount.value),
      );
      if (!ok) return;
    }
    const done = await tx.run(
      {
        label: split
          ? `Deposit ${formatMoney(split.gross, coin)} of sale proceeds: ${formatMoney(split.net, coin)} to holders`
          : `Deposit ${formatMoney(amount.value, coin)} of sale proceeds`,
        index: total,
        total,
      },
      () =>
        write({
          contractName: "PropertyExit",
          address: facts.address,
          functionName: "depositProceeds",
          args: [sale.id, amount.value],
        }),
    );
    if (done) await exit.refetch();
  }

  if (exit.isPending) return null;
  if (!facts)
    return (
      <div className="stack" data-testid="launch-exit">
        <p className="small" style={{ margin: 0 }}>
          The exit pays the holders when the property is sold: launch it, then deposit the buyer&apos;s money.
        </p>
        <div>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!sale || isInFlight(tx.state)}
            onClick={() => void launchExit()}
          >
            Launch the exit
          </button>
        </div>
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
    );
  if (!facts.sale)
    return (
      <div className="stack" data-testid="deposit-proceeds">
        {sale && standing && standing.kind !== "open" ? (
          <div data-testid={standing.kind === "expired" ? "sale-expired" : "sale-supply-changed"}>
            <Alert tone="warn">
              <p>{refusedSaleText(standing, { sale: sale.id, revote })}</p>
            </Alert>
          </div>
        ) : sale ? (
          <>
            <p className="small" style={{ margin: 0 }}>
              Deposit at least the minimum price the holders approved, {formatMoney(sale.amount, coin)}
              {saleDeadline !== undefined ? (
                <>
                  , by <span data-testid="sale-deadline">{formatDateTime(new Date(saleDeadline * 1000))}</span>
                </>
              ) : null}
              . The token closes for good: transfers stop and each holder redeems their units for their share.
            </p>
            <div className="form-grid form-grid--end">
              <Field label={`Sale proceeds (${coin.symbol})`} error={text && !amount.ok ? amount.error : undefined}>
                {(ids) => (
                  <input
                    {...ids}
                    className="input"
                    inputMode="decimal"
                    value={text}
                    onChange={(e) => setTyped(e.target.value)}
                  />
                )}
              </Field>
              <div>
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={!split || isInFlight(tx.state)}
                  onClick={() => void deposit()}
                >
                  Deposit the proceeds
                </button>
              </div>
            </div>
            {split && fee.data ? (
              <div data-testid="exit-fees">
                <FeeSplit
                  split={split}
                  bps={fee.data.bps}
                  coin={coin}
                  labels={{ gross: "You deposit", fee: "Exit fee", net: "Shared by holders" }}
                />
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">The exit is ready. It takes the proceeds of a sale the holders approved.</p>
        )}
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </div>
    );
  const s = facts.sale;
  const progress = redemptionProgress({ ...s, paidOut: facts.paidOut }, facts.redemptions);
  return (
    <div className="stack" data-testid="redemptions">
      <p style={{ margin: 0 }}>
        Sold: {formatMoney(s.amount, coin)} deposited {formatDateTime(s.blockTime)}, exit fee {formatMoney(s.fee, coin)}
        , {formatMoney(s.proceeds, coin)} shared over {formatUnits(s.supplyAtClose)}.
      </p>
      <div className="stats">
        <div className="stat">
          <div className="stat__label">Units redeemed</div>
          <div className="stat__value" data-testid="units-redeemed">
            {formatUnits(progress.unitsRedeemed)}
          </div>
        </div>
        <div className="stat">
          <div className="stat__label">Units not yet redeemed</div>
          <div className="stat__value" data-testid="units-left">
            {formatUnits(progress.unitsLeft)}
          </div>
        </div>
        <div className="stat">
          <div className="stat__label">Paid out</div>
          <div className="stat__value" data-testid="paid-out">
            {formatMoney(progress.paidOut, coin)}
          </div>
        </div>
        <div className="stat">
          <div className="stat__label">Still owed to holders</div>
          <div className="stat__value" data-testid="owed">
            {formatMoney(progress.owed, coin)}
          </div>
        </div>
      </div>
      {facts.redemptions.length > 0 ? (
        <Table>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              <th scope="col" className="num">
                Units
              </th>
              <th scope="col" className="num">
                Paid
              </th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {facts.redemptions.map((r) => (
              <tr key={r.txHash} data-testid="redemption-row">
                <Cell label="Holder">
                  <AddressText value={r.holder} />
                </Cell>
                <Cell label="Units" className="num">
                  {formatUnits(r.units)}
                </Cell>
                <Cell label="Paid" className="num">
                  {formatMoney(r.payout, coin)}
                </Cell>
                <Cell label="When">{formatDateTime(r.blockTime)}</Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="muted">No holder has redeemed yet.</p>
      )}
    </div>
  );
}
