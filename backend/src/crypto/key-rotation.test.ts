import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { decryptBytes, decryptText, encryptBytes, encryptText, keyIdOf } from "./field-cipher.ts";
import { KeyRing } from "./key-ring.ts";
import {
  memoryCheckpoint,
  rotateKeys,
  type EncryptedRecord,
  type Envelope,
  type RotationChange,
  type RotationSource,
} from "./key-rotation.ts";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ringV1 = new KeyRing("v1", new Map([["v1", k1]]));
const ringV2 = new KeyRing(
  "v2",
  new Map([
    ["v1", k1],
    ["v2", k2],
  ]),
);

const contextOf = (id: string, field: string): string => `record:${id}:${field}`;

/** An in-memory table with the same contract as a database-backed source. */
class MemorySource implements RotationSource {
  readonly rows = new Map<string, Record<string, Envelope | null>>();
  fetches = 0;
  beforeWrite?: () => void;

  async fetchBatch(after: string | null, limit: number, currentKeyId: string): Promise<EncryptedRecord[]> {
    this.fetches += 1;
    return [...this.rows.entries()]
      .filter(([id]) => after === null || id > after)
      .filter(([, fields]) => Object.values(fields).some((e) => e !== null && keyIdOf(e) !== currentKeyId))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([id, fields]) => ({ id, fields: { ...fields } }));
  }

  async writeBatch(changes: RotationChange[]): Promise<number> {
    this.beforeWrite?.();
    let written = 0;
    for (const { record, next } of changes) {
      const current = this.rows.get(record.id)!;
      const unchanged = Object.entries(record.fields).every(([f, e]) => sameEnvelope(current[f] ?? null, e));
      if (!unchanged) continue;
      this.rows.set(record.id, { ...current, ...next });
      written += 1;
    }
    return written;
  }

  context(recordId: string, field: string): string {
    return contextOf(recordId, field);
  }
}

function sameEnvelope(a: Envelope | null, b: Envelope | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.equals(b);
}

function seed(count: number): MemorySource {
  const source = new MemorySource();
  for (let i = 0; i < count; i++) {
    const id = `r${String(i).padStart(4, "0")}`;
    source.rows.set(id, {
      name: encryptText(ringV1, `person ${i}`, contextOf(id, "name")),
      scan: encryptBytes(ringV1, Buffer.from(`scan ${i}`), contextOf(id, "scan")),
      note: i % 3 === 0 ? null : encryptText(ringV1, `note ${i}`, contextOf(id, "note")),
    });
  }
  return source;
}

function assertAllUnder(source: MemorySource, ring: KeyRing, keyId: string): void {
  for (const [id, fields] of source.rows) {
    const i = Number(id.slice(1));
    assert.equal(keyIdOf(fields["name"]!), keyId);
    assert.equal(decryptText(ring, fields["name"] as string, contextOf(id, "name")), `person ${i}`);
    assert.equal(decryptBytes(ring, fields["scan"] as Buffer, contextOf(id, "scan")).toString(), `scan ${i}`);
    if (fields["note"] !== null) assert.equal(keyIdOf(fields["note"]!), keyId);
  }
}

describe("rotateKeys", () => {
  it("re-encrypts every record under the current key, in batches, keeping content", async () => {
    const source = seed(25);
    const report = await rotateKeys({ ring: ringV2, source, batchSize: 10 });
    assert.deepEqual(report, { scanned: 25, rotated: 25, conflicts: 0, batches: 3, done: true });
    assertAllUnder(source, ringV2, "v2");
    // the old key can now be retired: a ring without v1 reads everything
    assertAllUnder(source, new KeyRing("v2", new Map([["v2", k2]])), "v2");
  });

  it("is resumable: an interrupted rotation continues from its checkpoint without redoing work", async () => {
    const source = seed(25);
    const checkpoint = memoryCheckpoint();
    const first = await rotateKeys({ ring: ringV2, source, batchSize: 10, checkpoint, maxBatches: 1 });
    assert.equal(first.rotated, 10);
    assert.equal(first.done, false);
    assert.equal(checkpoint.cursor, "r0009");
    const stillOld = [...source.rows.values()].filter((f) => keyIdOf(f["name"]!) === "v1").length;
    assert.equal(stillOld, 15);

    const second = await rotateKeys({ ring: ringV2, source, batchSize: 10, checkpoint });
    assert.equal(second.scanned, 15, "only the remaining records are read again");
    assert.equal(second.rotated, 15);
    assert.equal(second.done, true);
    assert.equal(checkpoint.cursor, null);
    assertAllUnder(source, ringV2, "v2");
  });

  it("resumes even without a checkpoint, because finished records are no longer selected", async () => {
    const source = seed(12);
    await rotateKeys({ ring: ringV2, source, batchSize: 5, maxBatches: 1 });
    const rest = await rotateKeys({ ring: ringV2, source, batchSize: 5 });
    assert.equal(rest.scanned, 7);
    assertAllUnder(source, ringV2, "v2");
  });

  it("skips records the application rewrote meanwhile (compare-and-swap) and reports them", async () => {
    const source = seed(4);
    source.beforeWrite = () => {
      source.beforeWrite = undefined;
      source.rows.set("r0001", {
        name: encryptText(ringV2, "person 1", contextOf("r0001", "name")),
        scan: encryptBytes(ringV2, Buffer.from("scan 1"), contextOf("r0001", "scan")),
        note: null,
      });
    };
    const report = await rotateKeys({ ring: ringV2, source, batchSize: 10 });
    assert.equal(report.conflicts, 1);
    assert.equal(report.rotated, 3);
    assertAllUnder(source, ringV2, "v2");
  });

  it("does nothing when everything is already current", async () => {
    const source = seed(5);
    await rotateKeys({ ring: ringV2, source });
    const again = await rotateKeys({ ring: ringV2, source });
    assert.deepEqual(again, { scanned: 0, rotated: 0, conflicts: 0, batches: 0, done: true });
  });

  it("refuses a non-positive batch size", async () => {
    await assert.rejects(rotateKeys({ ring: ringV2, source: seed(1), batchSize: 0 }), RangeError);
  });
});
