/**
 * A value over time (a valuation history) as a line with a dot per point, x spaced by date: an SVG of our own (the
 * repo's charts are; a charting library would cost more JavaScript than this whole page). The text alternative
 * names every point, and each dot has a tooltip; the page puts the same figures in a table next to it.
 */
export interface ValuePoint {
  /** `YYYY-MM-DD`. */
  date: string;
  /** In minor units. */
  value: bigint;
}

export interface ValueHistoryChartProps {
  points: readonly ValuePoint[];
  /** What the line is, for the text alternative ("Approved valuations"). */
  title: string;
  formatValue: (value: bigint) => string;
  formatDate: (date: string) => string;
}

const WIDTH = 520;
const HEIGHT = 170;
const LEFT = 12;
const RIGHT = 12;
const TOP = 26;

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Where each point goes: x by date across the width (one point sits in the middle), y from 0 up to the largest. */
export function chartPositions(points: readonly ValuePoint[]): { x: number; y: number }[] {
  if (points.length === 0) return [];
  const days = points.map((p) => day(p.date));
  const first = Math.min(...days);
  const span = Math.max(...days) - first;
  const max = points.reduce((m, p) => (p.value > m ? p.value : m), 0n);
  const usable = WIDTH - LEFT - RIGHT;
  return points.map((p, i) => ({
    x: span === 0 ? LEFT + usable / 2 : LEFT + ((days[i]! - first) / span) * usable,
    y: max > 0n ? HEIGHT - (Number((p.value * 10_000n) / max) / 10_000) * (HEIGHT - TOP) : HEIGHT,
  }));
}

export function ValueHistoryChart({ points, title, formatValue, formatDate }: ValueHistoryChartProps) {
  const ordered = [...points].sort((a, b) => a.date.localeCompare(b.date));
  const at = chartPositions(ordered);
  const summary = ordered.map((p) => `${formatDate(p.date)}: ${formatValue(p.value)}`).join("; ");
  const max = ordered.reduce((m, p) => (p.value > m ? p.value : m), 0n);
  return (
    <svg
      className="chart value-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 24}`}
      role="img"
      aria-label={`${title}, oldest first. ${summary || "None yet."}`}
    >
      <line x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} stroke="#dcd8cf" />
      {at.length > 1 ? (
        <polyline
          fill="none"
          stroke="#2f7a70"
          strokeWidth="2.5"
          strokeLinejoin="round"
          points={at.map((p) => `${p.x},${p.y}`).join(" ")}
        />
      ) : null}
      {ordered.map((p, i) => (
        <g key={`${p.date}-${i}`}>
          <circle className="dot" cx={at[i]!.x} cy={at[i]!.y} r="5">
            <title>{`${formatDate(p.date)}: ${formatValue(p.value)}`}</title>
          </circle>
          {i === 0 || i === ordered.length - 1 ? (
            <text x={at[i]!.x} y={HEIGHT + 16} textAnchor={ordered.length === 1 ? "middle" : i === 0 ? "start" : "end"}>
              {formatDate(p.date)}
            </text>
          ) : null}
        </g>
      ))}
      {max > 0n ? (
        <text x="0" y="14">
          {formatValue(max)}
        </text>
      ) : null}
    </svg>
  );
}
