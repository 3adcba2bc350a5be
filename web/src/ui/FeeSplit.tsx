/**
 * A gross amount, the platform fee taken from it and what goes on, shown before a signature (issue 20): the invest,
 * market, rent and launch screens all show a fee this way, with its rate, in the token paid.
 */
import type { FeeIncrease, FeeSplit as Split } from "../contracts/fees";
import { formatBps, formatMoney, type Coin } from "../format/amounts";
import { formatDate } from "../format/dates";

const GRID = { gridTemplateColumns: "minmax(0, max-content) max-content" } as const;
const NOWRAP = { whiteSpace: "nowrap" } as const;

export interface FeeSplitLabels {
  gross: string;
  /** The fee's name ("Platform trade fee"); its rate is added in brackets. */
  fee: string;
  net: string;
}

export function FeeSplit({
  split,
  bps,
  coin,
  labels,
  testId,
}: {
  split: Split;
  /** The rate, shown beside the fee's name; omitted for a past charge whose rate is not on record. */
  bps?: number;
  coin: Coin;
  labels: FeeSplitLabels;
  testId?: string;
}) {
  // Labels wrap before amounts do: an amount and its token stay on one line at phone width.
  return (
    <dl className="facts small" style={GRID} data-testid={testId}>
      <dt>{labels.gross}</dt>
      <dd style={NOWRAP}>{formatMoney(split.gross, coin)}</dd>
      <dt>
        {labels.fee}
        {bps === undefined ? "" : ` (${formatBps(bps)})`}
      </dt>
      <dd style={NOWRAP}>{formatMoney(split.fee, coin)}</dd>
      <dt>{labels.net}</dt>
      <dd style={NOWRAP}>
        <strong>{formatMoney(split.net, coin)}</strong>
      </dd>
    </dl>
  );
}

/** "The platform's trade fee rises to 0.75% on 12 Mar 2027." */
export function increaseSentence(what: string, increase: FeeIncrease): string {
  return `The platform's ${what} rises to ${formatBps(increase.bps)} on ${formatDate(increase.effectiveAt)}.`;
}
