/**
 * Personal data never reaches the logs: the whole KYC path (submission, refused submission, upload, review,
 * approval, a failing request) runs against the real app with its real logger at the most verbose level, and
 * the captured log must not contain any identity field, the file name or the file content.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { client, freshDatabase, signIn, testConfig } from "../../test/support/harness.ts";
import { createDb, type Db } from "../db/client.ts";
import { createPool } from "../db/pool.ts";
import { createApp } from "../http/app.ts";
import { DiskStorage } from "../storage/disk.ts";
import { identity, ifMatch, inDays, loadList, PDF, sampleFiles, submission, uploadForm } from "./kyc.fixtures.ts";

describe("KYC personal data stays out of the logs", () => {
  const lines: string[] = [];
  let server: Server;
  let db: Db;
  let pool: ReturnType<typeof createPool>;
  let storageDir: string;

  before(async () => {
    storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-log-test-"));
    const admin = privateKeyToAccount(generatePrivateKey());
    const config = testConfig({ FIRST_ADMIN_ADDRESS: admin.address, STORAGE_DIR: storageDir, LOG_LEVEL: "trace" });
    const url = await freshDatabase();
    pool = createPool(url, 3);
    db = createDb(url, 3, pool);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    const app = createApp({ config, db, pool, storage: new DiskStorage(storageDir) }, { logger });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const investorAccount = privateKeyToAccount(generatePrivateKey());
    const investor = client(baseUrl, (await signIn(baseUrl, config, investorAccount)).cookie);
    const officerAccount = privateKeyToAccount(generatePrivateKey());
    const officerSession = await signIn(baseUrl, config, officerAccount);
    await db.user.update({ where: { id: officerSession.user.id }, data: { roles: ["COMPLIANCE_OFFICER"] } });
    const officer = client(baseUrl, officerSession.cookie);

    const listed = await loadList(officer, await sampleFiles());
    assert.equal(listed.status, 201, listed.text + lines.slice(-3).join(""));
    const refused = await investor.post(
      "/api/v1/kyc/applications",
      submission({ document: { ...identity().document, expiresOn: "2001-01-01" } }),
    );
    assert.equal(refused.status, 400);
    const created = await investor.post("/api/v1/kyc/applications", submission());
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal(
      (
        await investor.post(`/api/v1/kyc/applications/${id}/documents`, undefined, {
          raw: uploadForm("PASSPORT", PDF, "application/pdf", "claire-dubois-passport.pdf"),
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await investor.post(`/api/v1/kyc/applications/${id}/documents`, undefined, {
          raw: uploadForm("PASSPORT", Buffer.from("Dubois 19AB12345"), "application/pdf", "claire-dubois-2.pdf"),
        })
      ).status,
      415,
    );
    const detail = await officer.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(
      (await officer.post(`/api/v1/kyc/applications/${id}/review`, undefined, ifMatch(detail.body.version))).status,
      200,
    );
    const reviewed = await officer.get(`/api/v1/kyc/applications/${id}`);
    const approved = await officer.post(
      `/api/v1/kyc/applications/${id}/approve`,
      { country: 250, accredited: false, kycExpiresAt: inDays(300) },
      ifMatch(reviewed.body.version),
    );
    assert.equal(approved.status, 200, approved.text);
    // a server-side failure (corrupted ciphertext) is logged as an error: its log line must not leak either
    await db.$executeRawUnsafe(
      `UPDATE kyc_applications SET "identityCiphertext" = 'fh1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA' WHERE id = '${id}'`,
    );
    assert.equal((await officer.get(`/api/v1/kyc/applications/${id}`)).status, 500);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.$disconnect();
    if (!pool.ended) await pool.end();
    await rm(storageDir, { recursive: true, force: true });
  });

  it("logged the requests (so the check below is not vacuous)", () => {
    const text = lines.join("");
    assert.match(text, /\/api\/v1\/kyc\/applications/);
    assert.match(text, /"statusCode":500/);
  });

  it("logged no identity field, file name or file content", () => {
    const text = lines.join("");
    for (const secret of [
      "Claire",
      "Dubois",
      "19AB1",
      "Lilas",
      "Lyon",
      "69003",
      "1986-04-12",
      "claire-dubois",
      "%PDF-1.7",
      "Catalog",
    ]) {
      assert.ok(!text.includes(secret), `the logs contain "${secret}"`);
    }
  });
});
