export interface CashFlow {
  at: Date;
  /** Negative: money the investor put in; positive: money they got back (or the position's value at the end). */
  amount: bigint;
}

const DAY_MS = 86_400_000;
const TOLERANCE = 1e-10;

/** Years (actual/365) from the earliest flow, and the amounts as numbers (a rate is the answer, not money). */
function terms(flows: readonly CashFlow[]): { years: number; amount: number }[] {
  const start = Math.min(...flows.map((f) => f.at.getTime()));
  return flows.map((f) => ({ years: (f.at.getTime() - start) / DAY_MS / 365, amount: Number(f.amount) }));
}

/** The net present value of the flows at an annual rate (> −1). */
export function npv(rate: number, flows: readonly CashFlow[]): number {
  return terms(flows).reduce((total, t) => total + t.amount / (1 + rate) ** t.years, 0);
}

/** Σ |amount| discounted: the scale against which an NPV counts as zero. */
function scale(rate: number, ts: readonly { years: number; amount: number }[]): number {
  return ts.reduce((total, t) => total + Math.abs(t.amount) / (1 + rate) ** t.years, 0);
}

function value(rate: number, ts: readonly { years: number; amount: number }[]): number {
  return ts.reduce((total, t) => total + t.amount / (1 + rate) ** t.years, 0);
}

/**
 * Zero within rounding: |NPV| is a tiny share of the flows' discounted size, or NPV changes sign across the few
 * doubles around the rate (near −100 % a year the nearest double to the root can leave a visible NPV).
 */
function isRoot(rate: number, ts: readonly { years: number; amount: number }[]): boolean {
  const s = scale(rate, ts);
  if (!Number.isFinite(s)) return false;
  if (Math.abs(value(rate, ts)) <= TOLERANCE * s) return true;
  const step = Math.max(1, Math.abs(rate)) * 4 * Number.EPSILON;
  return Math.sign(value(rate - step, ts)) * Math.sign(value(rate + step, ts)) < 0;
}

function newton(ts: readonly { years: number; amount: number }[]): number | null {
  let rate = 0.1;
  for (let i = 0; i < 100; i++) {
    const f = value(rate, ts);
    const df = ts.reduce((total, t) => total - (t.years * t.amount) / (1 + rate) ** (t.years + 1), 0);
    if (!Number.isFinite(f) || !Number.isFinite(df) || df === 0) return null;
    let next = rate - f / df;
    // A step past −100 % (where discounting is undefined) goes halfway to it instead.
    if (next <= -1) next = (rate - 1) / 2;
    if (Math.abs(next - rate) <= 1e-12 * Math.max(1, Math.abs(rate))) return isRoot(next, ts) ? next : null;
    rate = next;
  }
  return null;
}

function bisection(ts: readonly { years: number; amount: number }[]): number | null {
  let low = -1 + 1e-9;
  let high = 1;
  const sign = (r: number) => Math.sign(value(r, ts));
  const lowSign = sign(low);
  while (sign(high) === lowSign && high < 1e6) high *= 2;
  if (lowSign === 0) return low;
  if (sign(high) === lowSign || Number.isNaN(sign(high))) return null;
  for (let i = 0; i < 300 && high - low > 1e-15 * Math.max(1, Math.abs(low)); i++) {
    const mid = (low + high) / 2;
    if (sign(mid) === lowSign) low = mid;
    else high = mid;
  }
  const rate = (low + high) / 2;
  return isRoot(rate, ts) ? rate : null;
}

/**
 * The annual rate (actual/365, compounded) at which the flows' net present value is zero: Newton's method from 10 %,
 * bisection between −99.9999999 % and 1,000,000 % when Newton does not settle. null when the flows never change sign (no
 * rate exists) or no rate is found.
 */
export function xirr(flows: readonly CashFlow[]): number | null {
  if (flows.some((f) => Number.isNaN(f.at.getTime()))) throw new RangeError("Every cash flow needs a valid date.");
  if (!flows.some((f) => f.amount < 0n) || !flows.some((f) => f.amount > 0n)) return null;
  const ts = terms(flows);
  return newton(ts) ?? bisection(ts);
}
