/**
 * Key rotation: re-encrypts, under the ring's current key, every stored envelope that still uses an older
 * key, in batches, so that the older key can eventually be retired.
 *
 * Resumable: the source only returns records that still hold an old-key envelope, and the cursor (last id
 * done) is saved after every batch, so a rotation stopped at any point (crash, deploy, `maxBatches`)
 * continues where it left off and never redoes finished work. Safe under concurrent writes: each batch is
 * written with a compare-and-swap on the old envelopes, so a record changed meanwhile is left alone (it was
 * rewritten by the application, hence already under the current key). The database-backed sources write their
 * batches with `compareAndSwapBatch` (compare-and-swap-batch.ts), which holds that rule in one place.
 */
import { keyIdOf, reencrypt } from "./field-cipher.ts";
import type { KeyRing } from "./key-ring.ts";

export type Envelope = string | Buffer;

export interface EncryptedRecord {
  id: string;
  /** Encrypted fields by name; null for an empty optional field. */
  fields: Record<string, Envelope | null>;
}

export interface RotationChange {
  record: EncryptedRecord;
  /** Only the fields that changed, with their new envelopes. */
  next: Record<string, Envelope>;
}

export interface RotationSource {
  /** Up to `limit` records with id > `after` (null: from the start), ordered by id, holding an envelope not under `currentKeyId`. */
  fetchBatch(after: string | null, limit: number, currentKeyId: string): Promise<EncryptedRecord[]>;
  /** Writes a batch atomically, each record only if its fields still equal `record.fields`; returns how many were written. */
  writeBatch(changes: RotationChange[]): Promise<number>;
  /** The encryption context of a field of a record (must match what the application used). */
  context(recordId: string, field: string): string;
}

export interface RotationCheckpoint {
  load(): Promise<string | null>;
  save(cursor: string | null): Promise<void>;
}

export interface RotationOptions {
  ring: KeyRing;
  source: RotationSource;
  batchSize?: number;
  checkpoint?: RotationCheckpoint;
  /** Stop after this many batches (the rest is done by a later call); unlimited by default. */
  maxBatches?: number;
}

export interface RotationReport {
  scanned: number;
  rotated: number;
  /** Records changed concurrently and therefore skipped. */
  conflicts: number;
  batches: number;
  /** True when no record under an old key remains after the cursor. */
  done: boolean;
}

/** An in-memory checkpoint, useful in tests and one-shot scripts. */
export function memoryCheckpoint(initial: string | null = null): RotationCheckpoint & { cursor: string | null } {
  const state = {
    cursor: initial,
    load: async () => state.cursor,
    save: async (cursor: string | null) => {
      state.cursor = cursor;
    },
  };
  return state;
}

export async function rotateKeys(options: RotationOptions): Promise<RotationReport> {
  const { ring, source, checkpoint } = options;
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  const report: RotationReport = { scanned: 0, rotated: 0, conflicts: 0, batches: 0, done: false };
  let cursor = checkpoint ? await checkpoint.load() : null;

  for (;;) {
    if (options.maxBatches !== undefined && report.batches >= options.maxBatches) return report;
    const records = await source.fetchBatch(cursor, batchSize, ring.currentKeyId);
    if (records.length === 0) {
      report.done = true;
      await checkpoint?.save(null);
      return report;
    }
    const changes: RotationChange[] = [];
    for (const record of records) {
      const next: Record<string, Envelope> = {};
      for (const [field, envelope] of Object.entries(record.fields)) {
        if (envelope === null || keyIdOf(envelope) === ring.currentKeyId) continue;
        next[field] = reencrypt(ring, envelope, source.context(record.id, field));
      }
      if (Object.keys(next).length > 0) changes.push({ record, next });
    }
    const written = changes.length > 0 ? await source.writeBatch(changes) : 0;
    report.scanned += records.length;
    report.rotated += written;
    report.conflicts += changes.length - written;
    report.batches += 1;
    cursor = records[records.length - 1]!.id;
    await checkpoint?.save(cursor);
  }
}
