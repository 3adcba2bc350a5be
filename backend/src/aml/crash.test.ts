/**
 * Crash safety of the KYC/AML multi-step writes: a real backend process is killed (SIGKILL) while the write is
 * half done inside PostgreSQL (a test-only trigger sleeps after the first rows of a later step), and nothing
 * of it survives; the same request then succeeds on the surviving server.
 * - a list load killed while re-screening: the new version row is already written, the screenings not all;
 * - an approval killed after its on-chain outbox row: the status move and history row are already written.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { editSample, idempotencyKey, ifMatch, inDays, listForm, loadList, sampleFiles, submission, uploadDocument, type SampleFiles } from "../kyc/kyc.fixtures.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "support", "crash-child.ts");

describe("KYC/AML crash safety (SIGKILL mid-transaction, real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let sql: pg.Client;
  let files: SampleFiles;

  async function startChild(): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        FIRST_ADMIN_ADDRESS: t.config.firstAdminAddress,
        KYC_ENCRYPTION_KEYS: t.config.kycKeys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(","),
        WEB_ORIGIN: t.config.webOrigin,
        SIWE_DOMAIN: t.config.siwe.domain,
        SIWE_CHAIN_ID: String(t.config.siwe.chainId),
        STORAGE_DIR: t.storageDir,
        NODE_ENV: "test",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /READY (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    return { child, url: `http://127.0.0.1:${port}` };
  }

  async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Sleeps inside the transaction once `table` receives rows; kills the child then; removes the trigger. */
  async function killDuring(table: string, send: (url: string) => Promise<unknown>): Promise<void> {
    await sql.query(`CREATE OR REPLACE FUNCTION kyc_crash_pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$`);
    await sql.query(`CREATE TRIGGER kyc_crash_pause AFTER INSERT ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION kyc_crash_pause()`);
    const { child, url } = await startChild();
    try {
      void send(url).catch(() => undefined);
      await waitFor(async () => (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND state = 'active'`)).rowCount === 1, "the write to reach the pause");
      child.kill("SIGKILL");
      await waitFor(async () => (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'`)).rowCount === 0, "PostgreSQL to abort the orphaned transaction");
    } finally {
      child.kill("SIGKILL");
      await sql.query(`DROP TRIGGER IF EXISTS kyc_crash_pause ON "${table}"`);
    }
  }

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    files = await sampleFiles();
    sql = new pg.Client({ connectionString: t.databaseUrl });
    await sql.connect();
    await sql.query(`ALTER DATABASE "${new URL(t.databaseUrl).pathname.slice(1)}" SET client_connection_check_interval = '100ms'`);
    assert.equal((await loadList(t.as(officer), editSample(files, { drop: [27844] }))).status, 201);
  });
  after(async () => {
    await sql.end();
    await t.close();
  });

  async function underReview(investor: TestUser): Promise<{ id: string; version: number }> {
    const res = await t.as(investor).post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(t.as(investor), res.body.id)).status, 201);
    const app = await t.db.kycApplication.findUniqueOrThrow({ where: { id: res.body.id } });
    const reviewed = await t.as(officer).post(`/api/v1/kyc/applications/${app.id}/review`, undefined, ifMatch(app.version));
    assert.equal(reviewed.status, 200, reviewed.text);
    return { id: app.id, version: reviewed.body.version };
  }

  it("a list load killed while re-screening leaves the previous list active and no trace of the new one", async () => {
    await underReview(await t.user("INVESTOR"));
    const active = await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } });
    const counts = async () => [await t.db.sanctionsListVersion.count(), await t.db.amlScreening.count(), await t.db.auditEntry.count()];
    const before = await counts();
    await killDuring("aml_screenings", (url) => fetch(`${url}/api/v1/aml/lists`, { method: "POST", headers: { cookie: officer.cookie }, body: listForm(files) }));
    assert.deepEqual(await counts(), before);
    assert.equal((await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } })).id, active.id);
    const retry = await loadList(t.as(officer), files);
    assert.equal(retry.status, 201, retry.text);
    assert.ok(retry.body.rescreened >= 1);
  });

  it("an approval killed after its outbox row leaves the application under review and nothing queued for the chain", async () => {
    const investor = await t.user("INVESTOR");
    const app = await underReview(investor);
    const auditBefore = await t.db.auditEntry.count();
    const terms = { country: 250, accredited: false, kycExpiresAt: inDays(365) };
    await killDuring("onchain_identity_changes", (url) =>
      fetch(`${url}/api/v1/kyc/applications/${app.id}/approve`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: officer.cookie, "if-match": `"${app.version}"` },
        body: JSON.stringify(terms),
      }),
    );
    const after = await t.db.kycApplication.findUniqueOrThrow({ where: { id: app.id } });
    assert.equal(after.status, "UNDER_REVIEW");
    assert.equal(after.version, app.version);
    assert.equal(await t.db.onchainIdentityChange.count({ where: { applicationId: app.id } }), 0);
    assert.equal(await t.db.kycStatusChange.count({ where: { applicationId: app.id, toStatus: "APPROVED" } }), 0);
    assert.equal(await t.db.auditEntry.count(), auditBefore);
    const retry = await t.as(officer).post(`/api/v1/kyc/applications/${app.id}/approve`, terms, ifMatch(app.version));
    assert.equal(retry.status, 200, retry.text);
    assert.equal(await t.db.onchainIdentityChange.count({ where: { applicationId: app.id, kind: "REGISTER" } }), 1);
    assert.equal((await t.as(t.admin).get("/api/v1/audit/verify")).body.valid, true);
  });
});
