/**
 * The write half of a database-backed key-rotation source (`RotationSource.writeBatch`, key-rotation.ts): one
 * transaction per batch, each record rewritten only where its version envelope is still the one the rotation read
 * (compare-and-swap), so a record the application rewrote meanwhile keeps the application's write (under the current
 * key already); the count is of the records actually rewritten, which `rotateKeys` reports as rotated and the rest as
 * conflicts.
 *
 * The version envelope is one field's: every write of it draws a fresh IV, so an equal envelope means an unchanged
 * record. The swap's condition is built from the field named here, never left to each source: an expected value
 * missing (Prisma reads `undefined` in a `where` as "no condition") would silently overwrite concurrent writes.
 */
import type { Envelope, RotationChange } from "./key-rotation.ts";

export interface SwapWrite {
  id: string;
  /** The version field's envelope as read: write only where the record still holds it. */
  expected: Envelope;
  /** The re-encrypted fields, by name (only those the rotation changed). */
  next: Record<string, Envelope>;
}

export interface CompareAndSwapBatch<Tx> {
  /** Runs the batch in one transaction (the database client's interactive `$transaction`). */
  transaction: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
  /** The field whose envelope identifies the version read (one every write of the record rewrites). */
  versionField: string;
  /** Writes `next` to record `id` where its version field still holds `expected`; resolves to the rows written. */
  swap: (tx: Tx, write: SwapWrite) => Promise<{ count: number }>;
  /** Runs in the same transaction after the swaps (an audit entry for the batch); `ids` are every record tried. */
  afterBatch?: (tx: Tx, outcome: { reencrypted: number; ids: string[] }) => Promise<unknown>;
}

/** A `RotationSource.writeBatch` that writes each change by compare-and-swap and counts the records rewritten. */
export function compareAndSwapBatch<Tx>(
  batch: CompareAndSwapBatch<Tx>,
): (changes: RotationChange[]) => Promise<number> {
  return (changes) =>
    batch.transaction(async (tx) => {
      let reencrypted = 0;
      for (const { record, next } of changes) {
        const expected = record.fields[batch.versionField];
        if (expected === undefined || expected === null) {
          throw new TypeError(`record ${record.id} has no "${batch.versionField}" envelope to compare`);
        }
        reencrypted += (await batch.swap(tx, { id: record.id, expected, next })).count;
      }
      await batch.afterBatch?.(tx, { reencrypted, ids: changes.map((c) => c.record.id) });
      return reencrypted;
    });
}
