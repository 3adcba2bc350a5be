/**
 * Issue 12 item 10: deleting (or rewriting) the last audit entries must not go unnoticed. The head is anchored in
 * signed checkpoint files outside the database; verification reports a truncated or rewritten tail. The attacker
 * here has the table owner's rights: they disable the append-only trigger and recompute hashes.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { ConfigError } from "../config/index.ts";
import { createDb } from "../db/client.ts";
import { createTestContext, freshDatabase, testConfig, type TestContext } from "../../test/support/harness.ts";
import { API, createProperty } from "../../test/support/fixtures.ts";
import { entryHash, type ChainedContent } from "./chain.ts";
import { CheckpointStore, checkpointStore, startAuditCheckpointJob, takeCheckpoint } from "./checkpoint.ts";
import { recordAudit, verifyAuditTrail } from "./service.ts";

const key = () => `cp1:${randomBytes(32).toString("base64")}`;

/** A table owner editing history: the append-only trigger off, then raw SQL. */
async function asOwner(databaseUrl: string, work: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`);
    await work(c);
    await c.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete`);
  } finally {
    await c.end();
  }
}

type Row = Omit<ChainedContent, "at"> & { seq: number; at: Date; hash: string };

/** Rewrites entries from `fromSeq` on with new content and recomputed hashes: the chain stays valid. */
async function rewriteTail(c: pg.Client, fromSeq: number): Promise<void> {
  const { rows } = await c.query<Row>(`SELECT * FROM audit_entries WHERE seq >= $1 ORDER BY seq`, [fromSeq]);
  let prevHash =
    (
      await c.query<{ hash: string }>(`SELECT hash FROM audit_entries WHERE seq < $1 ORDER BY seq DESC LIMIT 1`, [
        fromSeq,
      ])
    ).rows[0]?.hash ?? "0".repeat(64);
  for (const r of rows) {
    const after = { forged: true };
    const hash = entryHash({
      prevHash,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorAddress: r.actorAddress,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before ?? null,
      after,
    });
    await c.query(`UPDATE audit_entries SET after = $2, "prevHash" = $3, hash = $4 WHERE seq = $1`, [
      r.seq,
      JSON.stringify(after),
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
}

describe("12.10 audit trail truncation", () => {
  let t: TestContext;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "freehold-checkpoints-"));
    t = await createTestContext({ AUDIT_CHECKPOINT_DIR: dir, AUDIT_CHECKPOINT_KEYS: key() });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = async () => (await t.as(t.admin).get(`${API}/audit/verify`)).body;

  it("12.10 checkpoints are required in production and come as a pair", () => {
    assert.throws(
      () => testConfig({ NODE_ENV: "production" }),
      (e: unknown) => e instanceof ConfigError && /AUDIT_CHECKPOINT_DIR: required in production/.test(e.message),
    );
    assert.throws(() => testConfig({ AUDIT_CHECKPOINT_DIR: "/tmp/x" }), /go together/);
    assert.throws(
      () => testConfig({ AUDIT_CHECKPOINT_DIR: "/tmp/x", AUDIT_CHECKPOINT_KEYS: "cp1:c2hvcnQ=" }),
      /32-byte Ed25519 seed/,
    );
    assert.ok(
      testConfig({
        NODE_ENV: "production",
        DATABASE_URL: "postgresql://app@db.internal:5432/freehold",
        AUDIT_CHECKPOINT_DIR: "/tmp/x",
        AUDIT_CHECKPOINT_KEYS: key(),
      }).auditCheckpoint,
    );
  });

  it("12.10 anchors the head in a signed file and reports the tail anchored; later entries stay valid", async () => {
    const store = checkpointStore(t.config)!;
    const manager = await t.user("PROPERTY_MANAGER");
    await createProperty(t, manager);
    const cp = await takeCheckpoint(t.db, store);
    assert.ok(cp);
    assert.deepEqual(await readdir(dir), [`audit-${String(cp.seq).padStart(12, "0")}.json`]);
    assert.equal(await takeCheckpoint(t.db, store), undefined, "nothing new: no new file");
    await createProperty(t, manager);
    const res = await verify();
    assert.equal(res.valid, true);
    assert.equal(res.tail, "anchored");
    assert.equal(res.checkpoint.seq, cp.seq);
  });

  it("12.10 the job checkpoints at start, when the head moves, and at stop", async () => {
    const cdir = await mkdtemp(path.join(os.tmpdir(), "freehold-checkpoints-"));
    const store = new CheckpointStore(cdir, [{ id: "cp1", seed: randomBytes(32) }]);
    const logger = { info: () => undefined, error: (o: unknown) => assert.fail(String(o)) };
    const job = startAuditCheckpointJob({ db: t.db, store, logger, intervalMs: 3_600_000 });
    try {
      await job.runOnce();
      const first = await store.latest();
      assert.equal(first.state, "valid");
      await createProperty(t, t.admin);
      await job.stop();
      const last = await store.latest();
      assert.ok(last.state === "valid" && first.state === "valid" && last.checkpoint.seq > first.checkpoint.seq);
      assert.equal((await readdir(cdir)).length, 2);
    } finally {
      await rm(cdir, { recursive: true, force: true });
    }
  });

  it("12.10 reports a truncated tail when the last entries are deleted with SQL", async () => {
    const cp = (await takeCheckpoint(t.db, checkpointStore(t.config)!))!;
    assert.equal((await verify()).valid, true);
    await asOwner(t.databaseUrl, async (c) => {
      await c.query(`DELETE FROM audit_entries WHERE seq >= $1`, [cp.seq - 1]);
    });
    const res = await verify();
    assert.equal(res.valid, false);
    assert.equal(res.tail, "truncated");
    // The chain that is left is intact: only the checkpoint shows what was lost.
    assert.equal(res.brokenAt, undefined);
    // New entries appended after the deletion do not hide it.
    await createProperty(t, t.admin);
    assert.equal((await verify()).tail, "truncated");
  });

  it("12.10 reports a rewritten tail when entries are rewritten with recomputed hashes", async () => {
    const ctx = await createTestContext({
      AUDIT_CHECKPOINT_DIR: await mkdtemp(path.join(os.tmpdir(), "freehold-checkpoints-")),
      AUDIT_CHECKPOINT_KEYS: key(),
    });
    try {
      await createProperty(ctx, ctx.admin);
      const cp = (await takeCheckpoint(ctx.db, checkpointStore(ctx.config)!))!;
      await asOwner(ctx.databaseUrl, (c) => rewriteTail(c, cp.seq));
      const res = (await ctx.as(ctx.admin).get(`${API}/audit/verify`)).body;
      assert.equal(res.brokenAt, undefined, "the forger recomputed the chain");
      assert.equal(res.valid, false);
      assert.equal(res.tail, "rewritten");
    } finally {
      await rm(ctx.config.auditCheckpoint!.dir, { recursive: true, force: true });
      await ctx.close();
    }
  });

  it("12.10 refuses a checkpoint file not signed by a configured key (forged or edited)", async () => {
    const cdir = await mkdtemp(path.join(os.tmpdir(), "freehold-checkpoints-"));
    try {
      const ours = new CheckpointStore(cdir, [{ id: "cp1", seed: randomBytes(32) }]);
      const theirs = new CheckpointStore(cdir, [{ id: "cp1", seed: randomBytes(32) }]);
      const file = await ours.write(ours.sign({ seq: 5, headHash: "a".repeat(64), entries: 5 }));
      assert.equal((await ours.latest()).state, "valid");
      const edited = JSON.parse(await readFile(file, "utf8")) as { headHash: string };
      edited.headHash = "b".repeat(64);
      await writeFile(file, JSON.stringify(edited));
      assert.deepEqual(await ours.latest(), { state: "invalid", file: path.basename(file), reason: "bad signature" });
      await theirs.write(theirs.sign({ seq: 9, headHash: "c".repeat(64), entries: 9 }));
      assert.equal((await ours.latest()).state, "invalid", "a newer file signed by another key");
      assert.equal((await theirs.latest()).state, "valid");
    } finally {
      await rm(cdir, { recursive: true, force: true });
    }
  });

  it("12.10 property: any deletion or rewrite reaching the anchored entry is reported; entries after it are not anchored yet", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            anchoredAt: fc.integer({ min: 1, max: n }),
            op: fc.constantFrom("delete", "rewrite", "delete-then-append"),
            from: fc.integer({ min: 1, max: n }),
          }),
        ),
        async ({ n, anchoredAt, op, from }) => {
          const url = await freshDatabase();
          const db = createDb(url, 2);
          const cdir = await mkdtemp(path.join(os.tmpdir(), "freehold-checkpoints-"));
          try {
            const store = new CheckpointStore(cdir, [{ id: "cp1", seed: randomBytes(32) }]);
            const record = (i: number) =>
              db.$transaction((tx) =>
                recordAudit(tx, {
                  actor: null,
                  action: "property.updated",
                  entityType: "test",
                  entityId: String(i),
                  after: { i },
                }),
              );
            const base = (await db.auditEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
            for (let i = 1; i <= n; i++) {
              await record(i);
              if (i === anchoredAt) await takeCheckpoint(db, store);
            }
            await asOwner(url, async (c) => {
              if (op === "rewrite") await rewriteTail(c, base + from);
              else await c.query(`DELETE FROM audit_entries WHERE seq >= $1`, [base + from]);
            });
            if (op === "delete-then-append") await record(99);
            const res = await verifyAuditTrail(db, store);
            const reachesAnchor = from <= anchoredAt;
            if (reachesAnchor) {
              assert.equal(res.valid, false);
              assert.equal(res.tail, op === "rewrite" ? "rewritten" : "truncated");
            } else {
              // The documented window: after the latest checkpoint, only the next checkpoint protects entries.
              assert.equal(res.tail, "anchored");
            }
          } finally {
            await db.$disconnect();
            await rm(cdir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
