/**
 * The restore drill: a real stack (anvil, the admins' deploy, the embedded PostgreSQL of `npm start`, the backend
 * with its compliance agent and chain sync) runs the demo scenario (KYC approvals reaching the chain, properties,
 * documents, subscriptions); `npm run backup` runs with the backend's settings and the pg_dump on PATH; more happens on chain; the database and the document store are destroyed; `restore` runs into
 * the empty ones; the backend starts again and catches up from the chain. Compared before and after: the chain
 * transactions the compliance agent sent (none resent), the synced events (nothing missing, nothing twice), the
 * outbox, the cap tables against the chain's balances, and the documents' bytes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Contract, JsonRpcProvider, Wallet } from "ethers";
import { DEMO } from "@freehold/dev-kit/accounts";
import { DemoChain, demoStatementHash, USD } from "@freehold/dev-kit/demo-chain";
import { ChaosClient, Recorder } from "../../chaos/client.js";
import { embeddedPostgresMajor } from "../../local/database-version.js";
import { ROOT } from "../../local/settings.js";
import { BackupIntegrityError, sha256File, verifyBackup } from "./manifest.js";
import { query } from "./postgres.js";
import { restore, RestoreRefusedError, type Locations } from "./run.js";
import {
  capTableMismatches,
  pgTools,
  readLedger,
  syncedTokens,
  waitForQuiet,
  waitForSync,
  type Ledger,
} from "./testing/ledger.js";
import { startStack, type Stack } from "./testing/stack.js";

const MIGRATIONS = join(ROOT, "backend", "prisma", "migrations");
let stack: Stack;
let backupsDir: string;
let checkpointsDir: string;

/** `npm run backup` / `npm run restore` as an operator runs them: the backend's settings, the tools on PATH. */
function command(script: "backup" | "restore", args: string[]): string {
  const env = stack.backendEnv;
  const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/ops/${script}.ts`, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      PATH: process.env["PATH"]!,
      ...Object.fromEntries(
        ["DATABASE_URL", "STORAGE_DIR", "CHAIN_ID", "CHAIN_DEPLOYMENTS_DIR", "AUDIT_CHECKPOINT_DIR"].map((name) => [
          name,
          env[name]!,
        ]),
      ),
    },
  });
  assert.equal(result.status, 0, `npm run ${script} failed: ${result.stderr}`);
  return result.stdout;
}

before(async () => {
  backupsDir = mkdtempSync(join(tmpdir(), "freehold-backups-"));
  checkpointsDir = join(backupsDir, "audit-checkpoints-of-the-backend");
  // The embedded PostgreSQL of npm start (the fault run uses the system's, a stand-in for a managed database), and
  // the backend signing audit checkpoints outside the database, as production must.
  stack = await startStack({
    database: "embedded",
    backendEnv: {
      AUDIT_CHECKPOINT_DIR: checkpointsDir,
      AUDIT_CHECKPOINT_KEYS: `drill:${randomBytes(32).toString("base64")}`,
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: "10",
    },
  });
});

after(async () => {
  await stack?.stop();
  if (backupsDir) rmSync(backupsDir, { recursive: true, force: true });
});

test(
  "restore drill: back up, run more, destroy the database, restore, catch up from the chain",
  { timeout: 600_000 },
  async () => {
    const tools = await pgTools(stack.db.binDir);
    const at: Locations = {
      databaseUrl: stack.db.url,
      storageDir: stack.storageDir,
      deploymentsDir: stack.recordDir,
      chainId: stack.chainId,
      pgBinDir: stack.db.binDir,
      auditCheckpointDir: checkpointsDir,
    };
    const ledger = (): Promise<Ledger> => readLedger(tools, stack.db.url, stack.chain.url, stack.chainId);

    await stack.startBackend();
    const summary = await stack.seed();
    assert.equal(summary.whitelistedBy, "agent", "the KYC approvals reached the chain through the compliance agent");
    const quiet = (): Promise<void> => waitForQuiet(tools, stack.db.url, stack.chain.url, stack.chainId);
    await quiet();
    const atBackup = await ledger();
    assert.ok(atBackup.agentTransactions > 0 && atBackup.syncedEvents > 0, "the scenario sent and synced something");

    // At least one checkpoint signed (every AUDIT_CHECKPOINT_INTERVAL_SECONDS) before the backup.
    for (
      const deadline = Date.now() + 30_000;
      !existsSync(checkpointsDir) || readdirSync(checkpointsDir).length === 0;
    ) {
      assert.ok(Date.now() < deadline, "the backend signed no audit checkpoint in 30 s");
      await new Promise((r) => setTimeout(r, 500));
    }
    const written = /^backup written to (.+?): /m.exec(command("backup", ["--out", backupsDir]));
    assert.ok(written, "npm run backup names its folder");
    const dir = written[1]!;
    const manifest = await verifyBackup(dir);
    assert.equal(manifest.database.serverVersion.split(" ")[1]!.split(".")[0], String(embeddedPostgresMajor()));
    assert.ok(
      manifest.files.some((f) => f.path.startsWith("storage/")),
      "documents are in the backup",
    );
    assert.deepEqual(
      manifest.files.map((f) => f.path).filter((p) => p.startsWith("deployments/")),
      [`deployments/${stack.chainId}.json`],
    );
    assert.equal(manifest.documents, "copied");
    const checkpoints = manifest.files.filter((f) => f.path.startsWith("audit-checkpoints/"));
    assert.ok(checkpoints.length > 0, "the signed audit checkpoints are in the backup");
    assert.ok(manifest.syncCursor !== null && manifest.syncCursor >= atBackup.syncCursor!);
    await verifyBackup(dir);

    // More happens on chain after the backup: a transfer between holders, rent deposited and claimed, a subscription.
    const harbour = summary.properties["harbour"]!;
    const canal = summary.properties["canal"]!;
    const chain = new DemoChain(stack.chain.url, stack.chainId, stack.recordDir);
    const provider = new JsonRpcProvider(stack.chain.url, stack.chainId, { staticNetwork: true });
    try {
      const alice = new Wallet(DEMO.alice.key, provider);
      const token = new Contract(
        harbour.token!,
        ["function transfer(address to, uint256 units) returns (bool)"],
        alice,
      );
      await (await token.getFunction("transfer")(DEMO.bob.address, 25n)).wait();
      await chain.depositRent(DEMO.manager, harbour.token!, 1_000n * USD, demoStatementHash(`drill ${Date.now()}`));
      await chain.claimRent(DEMO.alice, harbour.token!);
      await chain.subscribe(DEMO.alice, canal.offering!, 50n, 100n * USD);
    } finally {
      chain.destroy();
      provider.destroy();
    }
    await quiet();
    const beforeLoss = await ledger();
    assert.ok(beforeLoss.syncedEvents > atBackup.syncedEvents, "the activity after the backup was synced");
    const tokens = await syncedTokens(tools, stack.db.url, stack.chainId);
    assert.deepEqual(await capTableMismatches(beforeLoss, tokens, stack.chain.url), []);

    // Disaster: the backend dies, the database server and the document store are lost, the record is gone.
    await stack.killBackend("SIGKILL");
    await stack.db.destroyAndRecreate();
    rmSync(stack.storageDir, { recursive: true, force: true });
    rmSync(join(stack.recordDir, `${stack.chainId}.json`));
    rmSync(checkpointsDir, { recursive: true, force: true });

    // A tampered backup is refused before anything is written.
    const dump = join(dir, "database.dump");
    const blob = manifest.files.find((f) => f.path.startsWith("storage/"))!;
    const original = await sha256File(join(dir, blob.path));
    writeFileSync(join(dir, "stray.txt"), "not from the backup");
    await assert.rejects(restore(at, dir, MIGRATIONS), BackupIntegrityError);
    rmSync(join(dir, "stray.txt"));
    assert.equal(existsSync(stack.storageDir), false, "nothing was restored from the tampered backup");
    // A backup with checkpoints needs the folder they go back to.
    await assert.rejects(restore({ ...at, auditCheckpointDir: undefined }, dir, MIGRATIONS), /AUDIT_CHECKPOINT_DIR/);
    assert.equal(existsSync(stack.storageDir), false, "nothing was restored without the checkpoints' folder");

    assert.match(command("restore", ["--from", dir]), new RegExp(`restored the backup of ${manifest.createdAt}`));
    assert.equal(await sha256File(join(stack.storageDir, blob.path.slice("storage/".length))), original);
    for (const checkpoint of checkpoints)
      assert.equal(
        await sha256File(join(checkpointsDir, checkpoint.path.slice("audit-checkpoints/".length))),
        checkpoint.sha256,
      );
    // The restored database is the backup's: its events and outbox as they were then.
    const afterRestore = await ledger();
    assert.deepEqual(afterRestore.eventKeys, atBackup.eventKeys);
    assert.deepEqual(afterRestore.outbox, atBackup.outbox);
    // Restoring again into the now non-empty places is refused.
    await assert.rejects(restore(at, dir, MIGRATIONS), RestoreRefusedError);
    assert.ok(existsSync(dump));

    await stack.startBackend();
    await waitForSync(tools, stack.db.url, stack.chain.url, stack.chainId);
    // Quiet for a few seconds: passes in which the agent could (wrongly) resend what the backup recorded as confirmed.
    await waitForQuiet(tools, stack.db.url, stack.chain.url, stack.chainId, { quietMs: 4_000 });
    const caughtUp = await ledger();
    assert.deepEqual(caughtUp.eventKeys, beforeLoss.eventKeys, "every event after the backup is back, none twice");
    assert.equal(caughtUp.syncedEvents, caughtUp.distinctEvents);
    assert.equal(caughtUp.agentTransactions, beforeLoss.agentTransactions, "the outbox resent nothing");
    assert.deepEqual(caughtUp.outbox, atBackup.outbox);
    assert.deepEqual(caughtUp.capTables, beforeLoss.capTables);
    assert.deepEqual(await capTableMismatches(caughtUp, tokens, stack.chain.url), []);

    // The audit trail verifies against its signed checkpoints (none points past the restored trail).
    const admin = new ChaosClient(stack.apiUrl, stack.appOrigin, new Recorder(), new Wallet(DEMO.admin.key));
    await admin.signIn(stack.chainId);
    const { body: audit } = await admin.request<{ valid: boolean; tail: string }>("GET", "/audit/verify");
    assert.deepEqual({ valid: audit.valid, tail: audit.tail }, { valid: true, tail: "anchored" });

    // Every document the restored database names is in the store with its bytes.
    const documents = await query(tools, stack.db.url, `SELECT sha256 FROM property_documents`);
    assert.ok(documents.length > 0);
    for (const [sha] of documents) assert.equal(await sha256File(join(stack.storageDir, sha!.slice(0, 2), sha!)), sha);
  },
);
