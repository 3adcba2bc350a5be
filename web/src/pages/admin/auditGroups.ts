/**
 * Repeated identical views in the audit trail read as one line (issue 15): consecutive entries in which the same
 * person viewed the same record ("viewed KYC application X ×5, 10:02–10:40"). Only views are grouped: every change
 * stays its own line.
 */
export interface TrailEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
}

export interface TrailLine<E extends TrailEntry> {
  /** The newest entry of the line (the one shown). */
  entry: E;
  count: number;
  /** The line's earliest and latest times. */
  firstAt: string;
  lastAt: string;
}

export const isView = (action: string): boolean => action.endsWith("_viewed");

const sameView = (a: TrailEntry, b: TrailEntry) =>
  isView(a.action) &&
  a.action === b.action &&
  a.actorId === b.actorId &&
  a.entityType === b.entityType &&
  a.entityId === b.entityId;

/** Entries newest first → lines newest first; consecutive identical views become one line with their count. */
export function groupRepeatedViews<E extends TrailEntry>(entries: readonly E[]): TrailLine<E>[] {
  const lines: TrailLine<E>[] = [];
  for (const e of entries) {
    const line = lines.at(-1);
    if (line && sameView(line.entry, e)) {
      line.count += 1;
      line.firstAt = e.at;
    } else lines.push({ entry: e, count: 1, firstAt: e.at, lastAt: e.at });
  }
  return lines;
}
