/**
 * The growth curves of `npm run bench:scale` as files: bench/results/scale.json (per measure and size: rps, p50,
 * p99 and their ratio to 1x), a plain-text table, and bench/results/scale.svg (p99 against data size, one line
 * per measure, log scale of size). Pure functions of the measured runs, so a test can check their shape.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Run } from "./measure.ts";

/** One data size: its factor (1, 10, 100) and the row counts it seeded. */
export interface ScaleSize {
  factor: number;
  rows: Record<string, number>;
}

export interface ScalePoint {
  factor: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  rpsRatioTo1x: number;
  p99RatioTo1x: number;
}

export interface ScaleReport {
  measuredAt: string;
  environment: Record<string, unknown>;
  sizes: ScaleSize[];
  /** Per measure, one point per size in factor order. */
  measures: Record<string, ScalePoint[]>;
  /** Per measure: p99 at the largest size over p99 at 1x, and whether it stays within 2x (issue 17). */
  targets: Record<string, { p99Growth: number | null; atMost2x: boolean }>;
}

const ratio = (a: number, b: number): number => (b > 0 ? Number((a / b).toFixed(2)) : 0);

export function scaleReport(
  sizes: ScaleSize[],
  runs: Record<string, Run>[],
  environment: Record<string, unknown>,
  measuredAt = new Date().toISOString(),
): ScaleReport {
  if (sizes.length !== runs.length || sizes.length === 0) throw new Error("one set of runs per size");
  const names = Object.keys(runs[0]!);
  const measures: Record<string, ScalePoint[]> = {};
  const targets: ScaleReport["targets"] = {};
  for (const name of names) {
    const base = runs[0]![name]!;
    measures[name] = sizes.map((s, i) => {
      const r = runs[i]![name]!;
      return {
        factor: s.factor,
        rps: r.rps,
        p50ms: r.p50ms,
        p99ms: r.p99ms,
        errors: r.errors + r.non2xx,
        rpsRatioTo1x: ratio(r.rps, base.rps),
        p99RatioTo1x: ratio(r.p99ms, base.p99ms),
      };
    });
    // a size at which no request completed (a saturated machine) has no latency: no growth to judge, target failed
    const growth = measures[name].every((p) => p.rps > 0 && p.p99ms > 0) ? measures[name].at(-1)!.p99RatioTo1x : null;
    targets[name] = { p99Growth: growth, atMost2x: growth !== null && growth <= 2 };
  }
  return { measuredAt, environment, sizes, measures, targets };
}

/** The report as a fixed-width table: one line per measure and size. */
export function scaleTable(report: ScaleReport): string {
  const head = ["measure", "size", "rps", "p50 ms", "p99 ms", "rps/1x", "p99/1x"];
  const lines = Object.entries(report.measures).flatMap(([name, points]) =>
    points.map((p) => [name, `${p.factor}x`, p.rps, p.p50ms, p.p99ms, p.rpsRatioTo1x, p.p99RatioTo1x].map(String)),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [row(head), ...lines.map(row)].join("\n");
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const escape = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** p99 (ms) against data size (1x, 10x, 100x on a log axis), one polyline and legend entry per measure. */
export function scaleSvg(report: ScaleReport): string {
  const [width, height, left, right, top, bottom] = [720, 420, 60, 190, 40, 50];
  const factors = report.sizes.map((s) => s.factor);
  const logs = factors.map((f) => Math.log10(f));
  const [minLog, maxLog] = [Math.min(...logs), Math.max(...logs)];
  const maxP99 = Math.max(1, ...Object.values(report.measures).flatMap((ps) => ps.map((p) => p.p99ms)));
  const x = (f: number) => left + ((Math.log10(f) - minLog) / (maxLog - minLog || 1)) * (width - left - right);
  const y = (ms: number) => height - bottom - (ms / maxP99) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14">p99 latency (ms) by data size, ${escape(report.measuredAt)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#000"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#000"/>`,
  ];
  for (const f of factors)
    parts.push(`<text x="${x(f)}" y="${height - bottom + 18}" text-anchor="middle">${f}x</text>`);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const ms = Math.round(maxP99 * t);
    parts.push(`<text x="${left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms}</text>`);
    parts.push(`<line x1="${left}" y1="${y(ms)}" x2="${width - right}" y2="${y(ms)}" stroke="#ddd"/>`);
  }
  Object.entries(report.measures).forEach(([name, points], i) => {
    const color = COLORS[i % COLORS.length]!;
    const coords = points.map((p) => `${x(p.factor).toFixed(1)},${y(p.p99ms).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline data-measure="${escape(name)}" points="${coords}" fill="none" stroke="${color}" stroke-width="2"/>`,
    );
    for (const p of points)
      parts.push(`<circle cx="${x(p.factor).toFixed(1)}" cy="${y(p.p99ms).toFixed(1)}" r="3" fill="${color}"/>`);
    const ly = top + 10 + i * 20;
    parts.push(`<rect x="${width - right + 16}" y="${ly - 9}" width="12" height="12" fill="${color}"/>`);
    parts.push(
      `<text x="${width - right + 34}" y="${ly + 1}">${escape(name)} (${report.targets[name]!.p99Growth ?? "?"}x)</text>`,
    );
  });
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">data size (log scale)</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** Writes scale.json and scale.svg into `dir`; returns their paths. */
export async function writeScale(dir: string, report: ScaleReport): Promise<{ json: string; svg: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, "scale.json");
  const svg = path.join(dir, "scale.svg");
  await writeFile(json, JSON.stringify(report, null, 2) + "\n");
  await writeFile(svg, scaleSvg(report));
  return { json, svg };
}
