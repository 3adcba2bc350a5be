import { formatCents } from "./rentFigures";

export interface CollectedPoint {
  label: string;
  cents: bigint;
}

/**
 * Net rent collected per month as bars (the approach of the portfolio's rent chart: an SVG with a text
 * alternative naming every month's amount, and a tooltip per bar).
 */
export function CollectedRentChart({ points, currency }: { points: CollectedPoint[]; currency: string }) {
  const width = 520;
  const height = 160;
  const max = points.reduce((m, p) => (p.cents > m ? p.cents : m), 0n);
  const step = points.length ? (width - 40) / points.length : 0;
  const barWidth = Math.max(4, Math.min(36, step - 6));
  // More than eight months: every other month is labelled (counting back from the latest), so labels never touch.
  const labelled = (i: number) => points.length <= 8 || (points.length - 1 - i) % 2 === 0;
  const summary = points.map((p) => `${p.label}: ${formatCents(p.cents, currency)}`).join("; ");
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height + 24}`}
      role="img"
      aria-label={`Net rent collected by month. ${summary || "No months."}`}
    >
      <line x1="30" y1={height} x2={width} y2={height} stroke="#dcd8cf" />
      {points.map((p, i) => {
        const h = max > 0n ? (Number((p.cents * 1000n) / max) / 1000) * (height - 20) : 0;
        const x = 40 + i * step;
        return (
          <g key={p.label}>
            <rect className="bar" x={x} y={height - h} width={barWidth} height={h} rx="3">
              <title>{`${p.label}: ${formatCents(p.cents, currency)}`}</title>
            </rect>
            {labelled(i) ? (
              <text x={x + barWidth / 2} y={height + 16} textAnchor="middle">
                {p.label}
              </text>
            ) : null}
          </g>
        );
      })}
      {max > 0n ? (
        <text x="0" y="14">
          {formatCents(max, currency)}
        </text>
      ) : null}
    </svg>
  );
}
