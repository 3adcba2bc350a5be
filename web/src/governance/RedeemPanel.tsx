import { isAddressEqual, type Address } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { useContractRead, useContractWrite } from "../contracts/hooks";
import { useStablecoin } from "../contracts/useStablecoin";
import { formatMoney, formatUnits } from "../format/amounts";
import { GaslessNotice } from "../gasless/GaslessNotice";
import { TYPICAL_GAS } from "../gasless/decision";
import { TransactionTracker } from "../tx/TransactionTracker";
import { isInFlight } from "../tx/tracker";
import { useExit } from "./exitFacts";
import { relayedRedeem, useRelayableAction } from "./useRelayableAction";

/**
 * A sold property's redemption for the connected holder (issue 19): the exact amount, read from the exit before
 * signing (`payoutOf`: units x proceeds / supply at the close, rounded down, what `redeem` pays), then `redeem`,
 * gasless when the wallet has no ETH and the relayer carries it. Nothing shows for a property that is not sold.
 */
export function RedeemPanel({ token, name }: { token: Address; name?: string }) {
  const { explorerUrl } = useAppConfig();
  const { address: me } = useConnection();
  const exit = useExit(token).data;
  const sale = exit?.sale ?? null;
  const coin = useStablecoin(exit?.paymentToken);
  const write = useContractWrite();
  const action = useRelayableAction(me, "redeem");
  const units = useContractRead({
    contractName: "PropertyToken",
    functionName: "balanceOf",
    address: token,
    args: me ? [me] : undefined,
    enabled: Boolean(me && sale),
    refetchInterval: 5_000,
  });
  const payout = useContractRead({
    contractName: "PropertyExit",
    functionName: "payoutOf",
    address: exit?.address,
    args: me ? [me] : undefined,
    enabled: Boolean(me && sale),
    refetchInterval: 5_000,
  });
  if (!exit || !sale || !me || !coin) return null;
  const mine = exit.redemptions.filter((r) => isAddressEqual(r.holder, me));
  const held = units.data ?? 0n;
  const owed = payout.data;
  const relayed = relayedRedeem(exit.address);
  async function redeem() {
    if (!exit || owed === undefined || !coin) return;
    await action.run(`Redeem ${formatUnits(held)} for ${formatMoney(owed, coin)}`, relayed, () =>
      write({ contractName: "PropertyExit", address: exit.address, functionName: "redeem", args: [] }),
    );
    await Promise.all([units.refetch(), payout.refetch()]);
  }
  return (
    <section className="panel stack" aria-label={`Redeem your units${name ? ` of ${name}` : ""}`} data-testid="redeem">
      <h3 style={{ margin: 0 }}>{name ? `${name} was sold` : "This property was sold"}</h3>
      <p className="small" style={{ margin: 0 }}>
        The holders approved the sale; {formatMoney(sale.proceeds, coin)} of proceeds are shared over{" "}
        {formatUnits(sale.supplyAtClose)}. Each unit redeems for its share, whenever you like: claims never expire.
      </p>
      {held > 0n && owed !== undefined ? (
        <>
          <p style={{ margin: 0 }}>
            Your {formatUnits(held)} redeem for <strong data-testid="redeem-amount">{formatMoney(owed, coin)}</strong>.
          </p>
          {action.viaRelayer && action.gasless.relay && relayed ? (
            <GaslessNotice relay={action.gasless.relay} gas={TYPICAL_GAS.redeem} />
          ) : null}
          {action.viaRelayer && !relayed ? (
            <p className="small" style={{ margin: 0 }}>
              Redeeming needs a little ETH for the network fee: Freehold&apos;s relayer does not carry redemptions yet.
            </p>
          ) : null}
          <div>
            <button
              type="button"
              className="btn btn--primary"
              disabled={isInFlight(action.tx.state)}
              onClick={() => void redeem()}
            >
              Redeem for {formatMoney(owed, coin)}
            </button>
          </div>
        </>
      ) : null}
      {mine.map((r) => (
        <p key={r.txHash} className="small" style={{ margin: 0 }} data-testid="redeemed">
          You redeemed {formatUnits(r.units)} for {formatMoney(r.payout, coin)}.
        </p>
      ))}
      <TransactionTracker state={action.tx.state} explorerUrl={explorerUrl} onDismiss={action.tx.reset} />
    </section>
  );
}
