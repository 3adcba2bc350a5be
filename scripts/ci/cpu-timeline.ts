/**
 * How busy the machine's CPU was while the suites ran, minute by minute, with the suites running in each minute: the
 * measurement that says whether more lanes could help. A lane whose suite mostly waits (a browser test waiting for
 * its page, a chain, a poll) leaves a core idle, and the minutes show it as busy well under the core count; minutes
 * at the core count mean the lanes already keep the CPU full and only less work makes the run shorter.
 * Read from Linux's /proc/stat (the whole machine, other processes included); elsewhere nothing is printed.
 */
import { readFileSync } from "node:fs";

/** Cumulative CPU time (in clock ticks) of all cores: busy (not idle, not waiting for I/O) and in all. */
export interface CpuSample {
  atMs: number;
  busy: number;
  total: number;
}

/** The `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is inside user). */
export function parseProcStat(text: string): { busy: number; total: number } | undefined {
  const line = text.split("\n").find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 5 || ticks.some((n) => !Number.isFinite(n))) return undefined;
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - ticks[3]! - ticks[4]!, total };
}

export function readCpu(atMs = Date.now()): CpuSample | undefined {
  try {
    const parsed = parseProcStat(readFileSync("/proc/stat", "utf8"));
    return parsed && { atMs, ...parsed };
  } catch {
    return undefined;
  }
}

export interface SuiteSpan {
  name: string;
  startMs: number;
  /** Still running when absent. */
  endMs?: number;
}

/**
 * One line per `stepS` seconds from the first sample: the busy cores in that step (busy ticks over all ticks between
 * the samples at or just before its ends, times `cores`) and the suites that ran in it; then the average over the
 * whole run. A step with no sample inside it is left out.
 */
export function cpuTimelineLines(samples: CpuSample[], spans: SuiteSpan[], cores: number, stepS = 60): string[] {
  if (samples.length < 2) return [];
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const busyCores = (a: CpuSample, b: CpuSample): number =>
    b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * cores : 0;
  // The sample taken at or just before a moment (the first one for moments before it).
  const at = (ms: number): CpuSample => samples.findLast((s) => s.atMs <= ms) ?? first;
  const lines: string[] = [];
  for (let from = first.atMs; from < last.atMs; from += stepS * 1000) {
    const to = Math.min(from + stepS * 1000, last.atMs);
    const [a, b] = [at(from), at(to)];
    if (b.atMs <= a.atMs) continue;
    const running = spans
      .filter((s) => s.startMs < to && (s.endMs ?? Infinity) > from)
      .map((s) => s.name)
      .join(", ");
    lines.push(
      `${`${Math.round((from - first.atMs) / 1000)}s`.padStart(6)}  ${busyCores(a, b).toFixed(2)}  ${running}`,
    );
  }
  const average = busyCores(first, last);
  return [
    `CPU busy (cores of ${cores}, the whole machine) per ${stepS} s, with the suites running:`,
    ...lines,
    `CPU busy on average: ${average.toFixed(2)} of ${cores} cores over ${Math.round((last.atMs - first.atMs) / 1000)} s`,
  ];
}
