/** The manifest check a restore runs first: any changed byte, missing file or added file is refused, by name. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { BackupIntegrityError, hashFiles, MANIFEST_FORMAT, verifyBackup, writeManifest } from "./manifest.js";

function makeBackup(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "freehold-manifest-"));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

async function seal(dir: string): Promise<void> {
  writeManifest(dir, {
    format: MANIFEST_FORMAT,
    createdAt: new Date(0).toISOString(),
    chainId: 31337,
    database: { serverVersion: "test", dumpTool: "test" },
    migrations: [],
    syncCursor: null,
    files: await hashFiles(dir),
  });
}

const contents = fc.uint8Array({ minLength: 1, maxLength: 64 });

test("a sealed backup verifies; any one changed byte is refused and named", async () => {
  await fc.assert(
    fc.asyncProperty(contents, contents, fc.nat(), fc.nat(255), async (dump, blob, at, delta) => {
      const dir = makeBackup({ "database.dump": dump, "storage/ab/abcd": blob });
      try {
        await seal(dir);
        await verifyBackup(dir);
        const victim = at % 2 === 0 ? "database.dump" : "storage/ab/abcd";
        const bytes = readFileSync(join(dir, victim));
        const index = at % bytes.length;
        bytes[index] = (bytes[index]! + 1 + (delta % 255)) % 256;
        writeFileSync(join(dir, victim), bytes);
        await assert.rejects(verifyBackup(dir), (error: Error) => {
          assert.ok(error instanceof BackupIntegrityError);
          assert.match(error.message, new RegExp(`${victim}: SHA-256 differs`));
          return true;
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 40 },
  );
});

test("a missing file, an added file, a missing manifest and a backup without its dump are refused", async () => {
  const dir = makeBackup({ "database.dump": Buffer.from("dump"), "storage/ab/abcd": Buffer.from("blob") });
  try {
    await seal(dir);
    writeFileSync(join(dir, "storage", "extra"), "x");
    await assert.rejects(verifyBackup(dir), /storage\/extra: not in the manifest/);
    unlinkSync(join(dir, "storage", "extra"));
    unlinkSync(join(dir, "storage", "ab", "abcd"));
    await assert.rejects(verifyBackup(dir), /storage\/ab\/abcd: missing/);
    rmSync(join(dir, "storage"), { recursive: true });
    unlinkSync(join(dir, "database.dump"));
    await seal(dir);
    await assert.rejects(verifyBackup(dir), /database\.dump: not in the manifest/);
    unlinkSync(join(dir, "manifest.json"));
    await assert.rejects(verifyBackup(dir), /no manifest\.json: not a Freehold backup/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
