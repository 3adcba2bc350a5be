import type { RelayStatus } from "../api/relay";
import { formatUnitsNumber } from "../format/amounts";
import { actionsLeft } from "./decision";
import "./gasless.css";

/**
 * Said before the investor signs anything on the gasless path: the platform pays the network fee, and how much of
 * today's allowance is left (gas units, and what that is in actions like this one). Resets at midnight UTC.
 */
export function GaslessNotice({ relay, gas }: { relay: RelayStatus; gas: bigint }) {
  const left = actionsLeft(relay, gas);
  return (
    <div className="gasless-notice small" role="note" data-testid="gasless-notice">
      <p>
        <strong>No ETH needed: Freehold pays the network fee.</strong> Your wallet cannot pay the fee in ETH, so you
        only sign; Freehold&apos;s relayer sends the transaction for you.
      </p>
      <p className="muted" data-testid="gasless-allowance">
        {left > 0n
          ? `Today's allowance left: ${formatUnitsNumber(BigInt(relay.gasRemainingToday))} of ${formatUnitsNumber(BigInt(relay.dailyGasBudget))} gas, about ${formatUnitsNumber(left)} more ${left === 1n ? "action" : "actions"} like this one.`
          : "Today's allowance of free transactions is used up. It renews at midnight UTC; or add a little ETH to your wallet to pay the fee yourself."}
      </p>
    </div>
  );
}
