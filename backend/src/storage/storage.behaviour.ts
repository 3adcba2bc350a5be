/**
 * What every BlobStorage must do, as one behaviour suite (like OpenZeppelin's `shouldBehaveLikeERC20`):
 * storage.test.ts runs it against the disk store and against S3 on a real S3-compatible server.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import fc from "fast-check";
import { BlobIntegrityError, sha256Hex, type BlobStorage } from "./storage.ts";

export interface StorageUnderTest {
  storage: BlobStorage;
  /** Replaces the stored bytes of `sha256` behind the store's back (bit rot, tampering). */
  corrupt(sha256: string, bytes: Buffer): Promise<void>;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export function shouldBehaveLikeBlobStorage(open: () => Promise<StorageUnderTest>): void {
  let subject: StorageUnderTest;
  let scratch: string;
  before(async () => {
    subject = await open();
    scratch = await mkdtemp(path.join(os.tmpdir(), "freehold-blob-src-"));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  async function sourceFile(bytes: Buffer): Promise<string> {
    const file = path.join(scratch, `${sha256Hex(bytes)}-${randomBytes(4).toString("hex")}`);
    await writeFile(file, bytes);
    return file;
  }

  it("stores bytes under their SHA-256 and gives them back", async () => {
    const bytes = randomBytes(1_000);
    const stored = await subject.storage.put(bytes);
    assert.deepEqual(stored, { sha256: sha256Hex(bytes), size: 1_000 });
    assert.equal(await subject.storage.has(stored.sha256), true);
    assert.deepEqual(await subject.storage.get(stored.sha256), bytes);
  });

  it("stores the same content twice as one blob", async () => {
    const bytes = randomBytes(64);
    const first = await subject.storage.put(bytes);
    const second = await subject.storage.put(Buffer.from(bytes));
    assert.deepEqual(first, second);
    assert.deepEqual(await subject.storage.get(first.sha256), bytes);
  });

  it("stores an empty blob", async () => {
    const stored = await subject.storage.put(Buffer.alloc(0));
    assert.deepEqual(await subject.storage.get(stored.sha256), Buffer.alloc(0));
  });

  it("answers a missing blob with undefined / false", async () => {
    const absent = sha256Hex(randomBytes(16));
    assert.equal(await subject.storage.get(absent), undefined);
    assert.equal(await subject.storage.has(absent), false);
  });

  it("answers a malformed key with undefined / false, never a path outside the store", async () => {
    for (const key of ["../../etc/passwd", "", "ABC", `${"a".repeat(64)}/x`, "A".repeat(64)]) {
      assert.equal(await subject.storage.get(key), undefined, key);
      assert.equal(await subject.storage.has(key), false, key);
    }
  });

  it("keeps an uploaded file (putFile) and the source no longer holds it", async () => {
    const bytes = randomBytes(70_000);
    const source = await sourceFile(bytes);
    const stored = await subject.storage.putFile(source, sha256Hex(bytes), bytes.length);
    assert.deepEqual(stored, { sha256: sha256Hex(bytes), size: bytes.length });
    assert.equal(await exists(source), false);
    assert.deepEqual(await subject.storage.get(stored.sha256), bytes);
  });

  it("keeps an upload of content it already has once, and still consumes the source", async () => {
    const bytes = randomBytes(500);
    await subject.storage.put(bytes);
    const source = await sourceFile(bytes);
    await subject.storage.putFile(source, sha256Hex(bytes), bytes.length);
    assert.equal(await exists(source), false);
    assert.deepEqual(await subject.storage.get(sha256Hex(bytes)), bytes);
  });

  it("keeps a large upload (12 MiB: multipart on S3) intact", async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const source = await sourceFile(bytes);
    const stored = await subject.storage.putFile(source, sha256Hex(bytes), bytes.length);
    const back = await subject.storage.get(stored.sha256);
    assert.ok(back && back.equals(bytes), "the large file comes back byte for byte");
  });

  it("never serves bytes that do not hash to their key: a clear integrity error", async () => {
    const bytes = randomBytes(2_000);
    const { sha256 } = await subject.storage.put(bytes);
    const tampered = Buffer.from(bytes);
    tampered[0] = tampered[0]! ^ 0xff;
    await subject.corrupt(sha256, tampered);
    await assert.rejects(subject.storage.get(sha256), (error: unknown) => {
      assert.ok(error instanceof BlobIntegrityError);
      assert.equal(error.expected, sha256);
      assert.equal(error.actual, sha256Hex(tampered));
      assert.match(error.message, /fails its SHA-256 check/);
      return true;
    });
  });

  it("property: any content round-trips through put and get", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4_096 }), async (raw) => {
        const bytes = Buffer.from(raw);
        const { sha256, size } = await subject.storage.put(bytes);
        assert.equal(size, bytes.length);
        assert.deepEqual(await subject.storage.get(sha256), bytes);
      }),
      { numRuns: 25 },
    );
  });
}
