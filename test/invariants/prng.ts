/**
 * A seeded pseudo-random generator (mulberry32) for the invariant runs: the same seed replays the same actions,
 * so a failure prints its seed and step and can be reproduced with `FREEHOLD_INVARIANT_SEED=<seed>`.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform bigint in [min, max] (for amounts up to 2^53). */
  big(min: bigint, max: bigint): bigint {
    return min + BigInt(Math.floor(this.next() * Number(max - min + 1n)));
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The run's seed: `FREEHOLD_INVARIANT_SEED` when set, otherwise `fallback` (fixed, so CI is deterministic). */
export function seedFrom(fallback: number): number {
  const raw = process.env["FREEHOLD_INVARIANT_SEED"];
  return raw === undefined ? fallback : Number(raw);
}
