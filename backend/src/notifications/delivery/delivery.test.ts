/**
 * Issue 16.4 delivery: the outbox worker against the real SMTP sink (packages/dev-kit smtp-sink: smtp-server +
 * mailparser). Delivered once with its Message-ID and unsubscribe header; retried with backoff while the sink
 * refuses; never twice across two concurrent workers; never again after a worker died mid-send (UNKNOWN).
 */
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startSmtpSink, type SmtpSink } from "@freehold/dev-kit/smtp-sink";
import { createTestContext, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API } from "../../../test/support/fixtures.ts";
import { keyRingFromConfig, type KeyRing } from "../../crypto/key-ring.ts";
import { verificationToken } from "../email-address.ts";
import { notify } from "../notify.ts";
import { backoffMs } from "./backoff.ts";
import { smtpTransport } from "./smtp-transport.ts";
import { createEmailWorker, messageIdOf, type DeliverySettings, type EmailWorker } from "./worker.ts";

let t: TestContext;
let ring: KeyRing;
let sink: SmtpSink;
let transport: ReturnType<typeof smtpTransport>;

const settings: DeliverySettings = {
  maxAttempts: 3,
  backoffBaseMs: 1_000,
  backoffCapMs: 4_000,
  leaseMs: 60_000,
  batchSize: 50,
  webOrigin: "http://localhost:5173",
};

before(async () => {
  t = await createTestContext();
  ring = keyRingFromConfig(t.config.kycKeys);
  sink = await startSmtpSink();
  transport = smtpTransport({ url: sink.url, from: "Freehold <notifications@freehold.test>", timeoutMs: 5_000 });
});
after(async () => {
  transport.close();
  await sink.close();
  await t.close();
});
beforeEach(async () => {
  // each test starts from an empty outbox and an empty sink
  await t.db.emailOutbox.deleteMany({});
  sink.clear();
  sink.refuse(0);
});

const worker = (id?: string): EmailWorker =>
  createEmailWorker({ db: t.db, ring, transport, settings, ...(id ? { id } : {}) });

async function investorWithEmail(address: string): Promise<TestUser> {
  const user = await t.user("INVESTOR");
  assert.equal((await t.as(user).post(`${API}/me/email`, { address })).status, 200);
  const row = await t.db.emailOutbox.findFirstOrThrow({ where: { userId: user.id, purpose: "ADDRESS_VERIFICATION" } });
  const token = verificationToken(ring, user.id, row.payload as { nonce: string; expiresAt: string });
  assert.equal((await t.as(user).post(`${API}/me/email/verify`, { token })).status, 200);
  await t.db.emailOutbox.deleteMany({ where: { userId: user.id } });
  return user;
}

async function queue(user: TestUser, count = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    await t.db.$transaction((tx) =>
      notify(tx, {
        userId: user.id,
        event: "STATEMENT_READY",
        data: { statementId: randomUUID(), period: `2026-Q${(i % 4) + 1}`, kind: "QUARTERLY" },
      }),
    );
  }
  const rows = await t.db.emailOutbox.findMany({
    where: { userId: user.id, purpose: "NOTIFICATION" },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) ids.push(row.id);
  return ids;
}

describe("16.4 email delivery through the SMTP sink", () => {
  it("sends the verification email, then a notification once, with its Message-ID and List-Unsubscribe", async () => {
    const user = await t.user("INVESTOR");
    await t.as(user).post(`${API}/me/email`, { address: "dana@example.com" });
    assert.equal((await worker().runOnce()).sent, 1);
    const [verification] = sink.messages();
    assert.deepEqual(verification?.to, ["dana@example.com"]);
    const token = /token=([A-Za-z0-9._-]+)/.exec(verification?.text ?? "")?.[1];
    assert.ok(token, "the email carries the verification link");
    assert.equal((await t.as(user).post(`${API}/me/email/verify`, { token })).status, 200);

    const [id] = await queue(user);
    const report = await worker().runOnce();
    assert.deepEqual(report, { sent: 1, retried: 0, failed: 0, unknown: 0 });
    assert.deepEqual((await worker().runOnce()).sent, 0, "nothing left to send");
    const mail = sink.messages()[1]!;
    assert.equal(mail.messageId, messageIdOf(id!));
    assert.match(mail.subject ?? "", /statement for 2026-Q1/);
    assert.match(
      mail.headers["list-unsubscribe"] ?? "",
      /^<https?:\/\/[^>]+\/api\/v1\/notifications\/unsubscribe\?token=/,
    );
    assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    assert.equal(row.status, "SENT");
    assert.equal(row.attempts, 1);
    // the body's link opens the web page (its button posts the same token); the header's URL takes a one-click POST
    const page = /\/settings\/email\/unsubscribe\?token=([A-Za-z0-9._-]+)/.exec(mail.text ?? "")?.[1];
    const header = /\/api\/v1\/notifications\/unsubscribe\?token=([A-Za-z0-9._-]+)>/.exec(
      mail.headers["list-unsubscribe"] ?? "",
    )?.[1];
    assert.ok(page && page === header, "one token, in the body's page link and in the header");
    const unsubscribed = await t.anonymous.post(`/api/v1/notifications/unsubscribe?token=${header}`, undefined, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      raw: "List-Unsubscribe=One-Click",
    });
    assert.equal(unsubscribed.status, 200, unsubscribed.text);
    assert.equal(
      (await t.db.notificationPreference.findFirstOrThrow({ where: { userId: row.userId } })).email,
      false,
      "that event's email is off",
    );
  });

  it("retries with exponential backoff while the sink refuses (4xx), FAILED after the last attempt or a 5xx", async () => {
    const user = await investorWithEmail("erin@example.com");
    const [id] = await queue(user);
    sink.refuse(10, 451);
    const start = Date.now();
    assert.equal((await worker().runOnce()).retried, 1);
    let row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    assert.equal(row.status, "PENDING");
    assert.match(row.lastError ?? "", /^SMTP 451/);
    assert.ok(!(row.lastError ?? "").includes("erin"), "no address in the error");
    assert.ok(row.nextAttemptAt.getTime() >= start + 1_000, "first wait: the base");
    assert.equal((await worker().runOnce()).retried, 0, "not due yet: not claimed");

    await worker().runOnce(new Date(row.nextAttemptAt.getTime() + 1));
    row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    assert.equal(row.attempts, 2);
    assert.ok(row.nextAttemptAt.getTime() - Date.now() > 1_500, "second wait doubled");
    await worker().runOnce(new Date(row.nextAttemptAt.getTime() + 1));
    row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    assert.equal(row.status, "FAILED", "maxAttempts reached");
    assert.equal(sink.messages().length, 0);

    const [permanent] = (await queue(user, 2)).filter((x) => x !== id);
    sink.refuse(1, 550);
    await worker().runOnce();
    assert.equal((await t.db.emailOutbox.findUniqueOrThrow({ where: { id: permanent! } })).status, "FAILED");
  });

  it("after refusals stop, the retried message is delivered exactly once", async () => {
    const user = await investorWithEmail("fay@example.com");
    const [id] = await queue(user);
    sink.refuse(1, 421);
    await worker().runOnce();
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    await worker().runOnce(new Date(row.nextAttemptAt.getTime() + 1));
    assert.deepEqual(
      sink.messages().map((m) => m.messageId),
      [messageIdOf(id!)],
    );
    assert.equal((await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } })).status, "SENT");
  });

  it("two workers running at once never send one message twice", async () => {
    const user = await investorWithEmail("gil@example.com");
    const ids = await queue(user, 24);
    const a = worker("worker-a");
    const b = worker("worker-b");
    const reports = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    assert.equal(
      reports.reduce((sum, r) => sum + r.sent, 0),
      24,
    );
    const sent = sink.messages().map((m) => m.messageId);
    assert.equal(sent.length, 24);
    assert.deepEqual(new Set(sent), new Set(ids.map(messageIdOf)));
  });

  it("a worker that died mid-send (claimed, maybe sent, never settled) leaves UNKNOWN: never sent again", async () => {
    const user = await investorWithEmail("hal@example.com");
    const [sentBeforeCrash, claimedOnly] = await queue(user, 2);
    // the dead worker had claimed both; it had handed the first to SMTP when it died
    const leaseUntil = new Date(Date.now() + settings.leaseMs);
    await t.db.emailOutbox.updateMany({
      where: { id: { in: [sentBeforeCrash!, claimedOnly!] } },
      data: { status: "SENDING", claimedBy: "dead", leaseUntil, attempts: 1 },
    });
    await transport.send({
      to: "hal@example.com",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      messageId: messageIdOf(sentBeforeCrash!),
      headers: {},
    });
    assert.equal((await worker().runOnce()).sent, 0, "claimed rows are not picked while leased");
    const later = new Date(leaseUntil.getTime() + 1);
    const report = await worker().runOnce(later);
    assert.equal(report.unknown, 2);
    await worker().runOnce(new Date(later.getTime() + 3_600_000));
    const rows = await t.db.emailOutbox.findMany({ where: { id: { in: [sentBeforeCrash!, claimedOnly!] } } });
    assert.deepEqual(
      rows.map((r) => r.status),
      ["UNKNOWN", "UNKNOWN"],
    );
    assert.equal(
      sink.messages().filter((m) => m.messageId === messageIdOf(sentBeforeCrash!)).length,
      1,
      "the message that left is not sent again",
    );
    assert.equal(sink.messages().filter((m) => m.messageId === messageIdOf(claimedOnly!)).length, 0);
  });

  it("a notification email to an address no longer verified is not sent", async () => {
    const user = await investorWithEmail("ida@example.com");
    const [id] = await queue(user);
    await t.as(user).post(`${API}/me/email`, { address: "ida2@example.com" });
    await worker().runOnce();
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
    assert.equal(row.status, "FAILED");
    assert.equal(row.lastError, "no verified address");
    assert.deepEqual(
      sink.messages().map((m) => m.to),
      [["ida2@example.com"]],
      "only the new address's verification",
    );
  });
});

describe("16.4 backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 40].map((n) => backoffMs(n, 1_000, 10_000)),
      [1_000, 2_000, 4_000, 8_000, 10_000, 10_000],
    );
  });
});
