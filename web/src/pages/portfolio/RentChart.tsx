import { formatMoney, formatMoneyCompact, type Coin } from "../../format/amounts";
import { formatMonth, monthKey } from "../../format/dates";

export interface RentPoint {
  label: string;
  amount: bigint;
}

/** Said in place of the chart while no rent was received. */
export function NoRentYet() {
  return (
    <p className="muted" data-testid="rent-chart-empty">
      No rent received yet: the chart fills in as rent is claimed.
    </p>
  );
}

/** Rent received per month in one coin as bars (an SVG with a text alternative: the table next to it has the numbers). */
export function RentChart({ points, coin }: { points: RentPoint[]; coin: Coin }) {
  if (points.length === 0) return <NoRentYet />;
  const width = 520;
  const height = 180;
  const max = points.reduce((m, p) => (p.amount > m ? p.amount : m), 0n);
  const barWidth = points.length ? Math.min(60, (width - 40) / points.length - 8) : 0;
  const summary = points.map((p) => `${p.label}: ${formatMoney(p.amount, coin)}`).join("; ");
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height + 24}`}
      role="img"
      aria-label={`Rent received by month. ${summary || "No rent yet."}`}
    >
      <line x1="30" y1={height} x2={width} y2={height} stroke="#dcd8cf" />
      {points.map((p, i) => {
        const h = max > 0n ? (Number((p.amount * 1000n) / max) / 1000) * (height - 20) : 0;
        const x = 40 + i * (barWidth + 8);
        return (
          <g key={p.label}>
            <rect className="bar" x={x} y={height - h} width={barWidth} height={h} rx="3">
              <title>{`${p.label}: ${formatMoney(p.amount, coin)}`}</title>
            </rect>
            <text x={x + barWidth / 2} y={height + 16} textAnchor="middle">
              {p.label}
            </text>
          </g>
        );
      })}
      {max > 0n ? (
        <text x="0" y="14">
          {formatMoneyCompact(max, coin)}
        </text>
      ) : null}
    </svg>
  );
}

/** Sums rent history entries per calendar month (UTC), oldest first; the caller gives entries of one coin. */
export function rentByMonth(entries: { kind: string; amount?: bigint | undefined; at: number }[]): RentPoint[] {
  const sums = new Map<string, bigint>();
  for (const e of entries) {
    if (e.kind !== "Rent" || !e.amount) continue;
    const key = monthKey(e.at);
    sums.set(key, (sums.get(key) ?? 0n) + e.amount);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, amount]) => ({ label: formatMonth(key), amount }));
}
