/**
 * How a subscription is paid, said before the Pay button (the public offering and an invitation alike): through the
 * relayer when the wallet has no ETH (with the day's allowance), else a choice of permit or approve where the coin has
 * a permit, else approve; and a wallet on another network is told that nothing can be signed until it switches.
 */
import type { RelayStatus } from "../../api/relay";
import { TYPICAL_GAS } from "../../gasless/decision";
import { GaslessNotice } from "../../gasless/GaslessNotice";

export function PaymentMethod({
  relay,
  hasPermit,
  symbol,
  preferApprove,
  onPreferApprove,
  wrongNetwork,
}: {
  /** The relayer's status when it pays this payment (gasless), else null. */
  relay: RelayStatus | null;
  hasPermit: boolean;
  symbol: string;
  preferApprove: boolean;
  onPreferApprove: (approve: boolean) => void;
  wrongNetwork: boolean;
}) {
  return (
    <>
      {relay ? (
        <GaslessNotice relay={relay} gas={TYPICAL_GAS.subscribe} />
      ) : hasPermit ? (
        <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="label">
            <strong>How to pay</strong>
          </legend>
          <label className="row pay-choice">
            <input type="radio" name="method" checked={!preferApprove} onChange={() => onPreferApprove(false)} /> Sign a
            permit, then one transaction (recommended)
          </label>
          <label className="row pay-choice">
            <input type="radio" name="method" checked={preferApprove} onChange={() => onPreferApprove(true)} /> Approve,
            then subscribe (two transactions, for wallets that cannot sign a permit)
          </label>
        </fieldset>
      ) : (
        <p className="small muted" data-testid="pay-method">
          {symbol} has no signed permit: you approve the amount for this offering, then subscribe (two transactions).
        </p>
      )}
      {wrongNetwork ? (
        <p className="small" role="status">
          Your wallet is on another network. Switch with the banner above; nothing can be signed until then.
        </p>
      ) : null}
    </>
  );
}
