/**
 * Adaptive block ranges for log fetching: a range shrinks (halves) when the node refuses it (too many results,
 * response too large, range too wide, timeout) or when it returned more logs than the target, and grows (doubles)
 * while ranges come back small, up to the configured maximum. Memory stays bounded by about `targetLogs` logs per
 * range whatever the density of events, and a sparse chain is crossed in few requests.
 */
import { BaseError } from "viem";

export class AdaptiveRange {
  private current: number;

  constructor(
    /** The widest range ever asked for (`SYNC_BLOCK_RANGE`). */
    readonly max: number,
    /** Logs per range aimed at (public providers cap a response at about 10,000 logs). */
    readonly targetLogs: number,
    initial = Math.min(max, 100),
  ) {
    this.current = Math.max(1, Math.min(max, initial));
  }

  /** Blocks in the next range. */
  get size(): number {
    return this.current;
  }

  /** A range of `blocks` blocks returned `logs` logs. */
  observe(blocks: number, logs: number): void {
    if (logs > this.targetLogs) this.current = Math.max(1, Math.floor(blocks / 2));
    else if (logs < this.targetLogs / 4 && blocks >= this.current) this.current = Math.min(this.max, blocks * 2);
  }

  /** The node refused a range of `blocks` blocks. False when it cannot shrink (one block). */
  refused(blocks: number): boolean {
    if (blocks <= 1) return false;
    this.current = Math.max(1, Math.floor(blocks / 2));
    return true;
  }
}

const REFUSAL =
  /too many|more than \d+ (results|logs)|limit exceeded|exceeds? (the )?(max|limit)|response (size|body)|too large|limited to|block range|range (is )?too (wide|large|big)|timed? ?out|timeout/i;

/** Whether an error says the range asked too much of the node (the same range smaller would succeed). */
export function isRangeRefusal(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof BaseError) {
      if (["ResponseBodyTooLargeError", "TimeoutError", "LimitExceededRpcError"].includes(e.name)) return true;
      if (REFUSAL.test(e.details) || REFUSAL.test(e.shortMessage)) return true;
    } else if (e instanceof Error && REFUSAL.test(e.message)) return true;
    if ((e as { code?: unknown }).code === -32005) return true; // JSON-RPC "limit exceeded" (EIP-1474)
  }
  return false;
}

/**
 * Reads blocks `from`.. at most `to` with `read`, in one range sized by `range`: shrinks and asks again when the node
 * refuses. Returns the logs and the last block they cover.
 */
export async function readRange<T>(
  range: AdaptiveRange,
  from: number,
  to: number,
  read: (from: number, to: number) => Promise<T[]>,
): Promise<{ items: T[]; to: number }> {
  let end = Math.min(to, from + range.size - 1);
  for (;;) {
    try {
      const items = await read(from, end);
      range.observe(end - from + 1, items.length);
      return { items, to: end };
    } catch (error) {
      if (!isRangeRefusal(error) || !range.refused(end - from + 1)) throw error;
      end = Math.min(to, from + range.size - 1);
    }
  }
}
