// The aggregator's CPU timeline (scripts/ci/cpu-timeline.ts): whether the lanes keep the machine's cores busy.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cpuTimelineLines, parseProcStat, type CpuSample } from "./cpu-timeline.js";

/** Samples every 5 s of a machine whose busy share in each 5 s is `shares[i]` (100 ticks per 5 s). */
function machine(shares: number[], startMs = 1_000_000): CpuSample[] {
  const samples: CpuSample[] = [{ atMs: startMs, busy: 0, total: 0 }];
  for (const share of shares) {
    const last = samples.at(-1)!;
    samples.push({ atMs: last.atMs + 5_000, busy: last.busy + Math.round(share * 100), total: last.total + 100 });
  }
  return samples;
}

describe("CPU timeline", () => {
  it("reads the machine's busy and total ticks from /proc/stat (idle and I/O wait are not busy)", () => {
    const text = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\nintr 1 2 3\n";
    assert.deepEqual(parseProcStat(text), { busy: 160, total: 1000 });
    assert.equal(parseProcStat("intr 1 2 3\n"), undefined);
  });

  it("shows each minute's busy cores with the suites that ran in it, and the run's average", () => {
    // A first minute at half the machine, a second at all of it.
    const samples = machine([...Array<number>(12).fill(0.5), ...Array<number>(12).fill(1)]);
    const t0 = samples[0]!.atMs;
    const lines = cpuTimelineLines(
      samples,
      [
        { name: "compile", startMs: t0, endMs: t0 + 30_000 },
        { name: "web", startMs: t0 + 30_000, endMs: t0 + 120_000 },
        { name: "backend", startMs: t0 + 61_000 },
      ],
      2,
    );
    assert.deepEqual(lines, [
      "CPU busy (cores of 2, the whole machine) per 60 s, with the suites running:",
      "    0s  1.00  compile, web",
      "   60s  2.00  web, backend",
      "CPU busy on average: 1.50 of 2 cores over 120 s",
    ]);
    assert.deepEqual(cpuTimelineLines(samples.slice(0, 1), [], 2), [], "one sample says nothing");
  });

  it("class: any machine: every step lies between 0 and the cores, and the steps' time-weighted mean is the average", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 10 }),
        (shares, cores, stepSamples) => {
          const samples = machine(shares);
          const lines = cpuTimelineLines(samples, [], cores, stepSamples * 5);
          const steps = lines.slice(1, -1).map((l) => Number(l.trim().split(/\s+/)[1]));
          assert.equal(steps.length, Math.ceil(shares.length / stepSamples));
          for (const busy of steps) assert.ok(busy >= 0 && busy <= cores, lines.join("\n"));
          // Each step covers stepSamples samples but the last, which covers the rest.
          const weights = steps.map((_, i) => Math.min(stepSamples, shares.length - i * stepSamples));
          const mean = steps.reduce((sum, busy, i) => sum + busy * weights[i]!, 0) / shares.length;
          const average = Number(lines.at(-1)!.match(/: ([\d.]+) of/)![1]);
          // Each printed figure is rounded to 0.005.
          assert.ok(Math.abs(mean - average) <= 0.011, `${mean} vs ${average}`);
        },
      ),
    );
  });
});
