/**
 * compareAndSwapBatch, the write half every database-backed rotation source shares (the KYC tables, email addresses,
 * display names, tenant contacts, idempotency replies), driven by `rotateKeys` against an in-memory table that
 * behaves as PostgreSQL does for the sources' `updateMany`: a swap writes where the version field still holds the
 * expected envelope, and an expected value that is undefined is no condition at all (as in a Prisma `where`).
 *
 * Property: whatever mix of rows under the old and the new key, whatever batch size, and whatever application writes
 * land between the rotation's steps (before a fetch, between two swaps of a batch, before the batch commits), the
 * rotation ends with every envelope under the new key, every row holding its latest value (the application's write
 * wins over the rotation's stale copy), and `rotated` counting exactly the rows the rotation rewrote.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compareAndSwapBatch } from "./compare-and-swap-batch.ts";
import { decryptText, encryptText, keyIdOf } from "./field-cipher.ts";
import { KeyRing } from "./key-ring.ts";
import { rotateKeys, type EncryptedRecord, type Envelope, type RotationSource } from "./key-rotation.ts";

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const ringOld = new KeyRing("old", new Map([["old", oldKey]]));
const ringNew = new KeyRing(
  "new",
  new Map([
    ["new", newKey],
    ["old", oldKey],
  ]),
);
const onlyNew = new KeyRing("new", new Map([["new", newKey]]));
const contextOf = (id: string, field: string) => `row:${id}:${field}`;

interface Plain {
  name: string;
  note: string | null;
}
type Row = { name: string; note: string | null };

/** A table of rows with a version field (`name`) and an optional one (`note`), and the application writing to it. */
class MemoryTable {
  readonly rows = new Map<string, Row>();
  /** What each row should read as: the latest value written, by the seed or by the application. */
  readonly latest = new Map<string, Plain>();
  readonly rotatedIds: string[] = [];
  private step = 0;

  constructor(private readonly writesAt: Map<number, number[]>) {}

  put(ring: KeyRing, id: string, value: Plain): void {
    this.rows.set(id, {
      name: encryptText(ring, value.name, contextOf(id, "name")),
      note: value.note === null ? null : encryptText(ring, value.note, contextOf(id, "note")),
    });
    this.latest.set(id, value);
  }

  /** A point where another connection may write: the application rewrites the rows scheduled here, under the current key. */
  tick(): void {
    const ids = [...this.rows.keys()].sort();
    for (const index of this.writesAt.get(this.step++) ?? []) {
      const id = ids[index % ids.length]!;
      const previous = this.latest.get(id)!;
      this.put(ringNew, id, { name: `${previous.name}+`, note: previous.note === null ? "added" : null });
    }
  }

  source(): RotationSource {
    return {
      fetchBatch: async (after, limit, currentKeyId): Promise<EncryptedRecord[]> => {
        this.tick();
        return [...this.rows.entries()]
          .filter(([id, row]) => (after === null || id > after) && keyIdOf(row.name) !== currentKeyId)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .slice(0, limit)
          .map(([id, row]) => ({ id, fields: { name: row.name, note: row.note } }));
      },
      writeBatch: compareAndSwapBatch<MemoryTable>({
        transaction: (work) => work(this),
        versionField: "name",
        swap: async (table, { id, expected, next }) => {
          table.tick();
          const row = table.rows.get(id)!;
          // as a Prisma `where`: an undefined value is no condition
          if (expected !== undefined && row.name !== expected) return { count: 0 };
          table.rows.set(id, {
            name: next["name"] as string,
            note: next["note"] === undefined ? row.note : (next["note"] as string),
          });
          table.rotatedIds.push(id);
          return { count: 1 };
        },
        afterBatch: async (table) => table.tick(),
      }),
      context: contextOf,
    };
  }
}

const envelopesOf = (row: Row): Envelope[] => [row.name, ...(row.note === null ? [] : [row.note])];

describe("compareAndSwapBatch", () => {
  it("property: every row ends under the new key with its latest value; no concurrent write is lost; rotated counts the rewrites", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ underOld: fc.boolean(), withNote: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        // application writes: at which of the rotation's steps, to which row
        fc.array(fc.tuple(fc.nat(40), fc.nat(20)), { maxLength: 10 }),
        async (rows, batchSize, writes) => {
          const writesAt = new Map<number, number[]>();
          for (const [step, row] of writes) writesAt.set(step, [...(writesAt.get(step) ?? []), row]);
          const table = new MemoryTable(writesAt);
          rows.forEach(({ underOld, withNote }, i) => {
            const id = `r${String(i).padStart(2, "0")}`;
            table.put(underOld ? ringOld : ringNew, id, { name: `person ${i}`, note: withNote ? `note ${i}` : null });
          });

          const report = await rotateKeys({ ring: ringNew, source: table.source(), batchSize });

          assert.equal(report.done, true);
          for (const [id, row] of table.rows) {
            for (const envelope of envelopesOf(row)) assert.equal(keyIdOf(envelope), "new", `${id} under the new key`);
            // read with the new key alone: the old one can be retired
            const read: Plain = {
              name: decryptText(onlyNew, row.name, contextOf(id, "name")),
              note: row.note === null ? null : decryptText(onlyNew, row.note, contextOf(id, "note")),
            };
            assert.deepEqual(read, table.latest.get(id), `${id} holds its latest write`);
          }
          assert.equal(report.rotated, table.rotatedIds.length, "rotated counts the rows the rotation rewrote");
          assert.equal(new Set(table.rotatedIds).size, table.rotatedIds.length, "no row is rewritten twice");
          assert.ok(report.rotated + report.conflicts <= rows.filter((r) => r.underOld).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a record without the version field's envelope rather than write it unconditionally", async () => {
    const writeBatch = compareAndSwapBatch<null>({
      transaction: (work) => work(null),
      versionField: "name",
      swap: async () => ({ count: 1 }),
    });
    await assert.rejects(writeBatch([{ record: { id: "r1", fields: { other: "x" } }, next: { other: "y" } }]), {
      name: "TypeError",
      message: /r1 has no "name" envelope/,
    });
  });
});
