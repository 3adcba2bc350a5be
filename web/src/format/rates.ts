/**
 * A rate from `@freehold/finance` (a yield, cap rate or occupancy: a plain ratio, `0.0725`) as a percentage, the
 * way basis points are shown everywhere: at most two decimals, never rounded up (`0.07259` -> `7.25%`), so a
 * figure is never flattered; `null` (no base to divide by) is "—".
 */
import { formatBps } from "./amounts";

export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  if (!Number.isFinite(rate)) throw new RangeError(`not a rate: ${rate}`);
  // Rounded to 1e-8 first: 0.0725 * 10_000 is 724.999… in floating point, and must read 7.25%.
  return formatBps(Math.floor(Math.round(rate * 1e8) / 1e4));
}
