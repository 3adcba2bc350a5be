/**
 * Issue 16.4 settings: SMTP from the environment, validated at start (every malformed or incomplete value refused
 * with its name), and the development-only mail page: never mounted unless the sink's URL is set, which only
 * NODE_ENV=development accepts (so production never mounts it).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startSmtpSink, type SmtpSink } from "@freehold/dev-kit/smtp-sink";
import { createTestContext, testConfig, type TestContext } from "../../test/support/harness.ts";
import { ConfigError } from "../config/index.ts";

const PRODUCTION = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app@db.internal:5432/freehold",
  AUDIT_CHECKPOINT_DIR: "/tmp/unused",
  AUDIT_CHECKPOINT_KEYS: `cp1:${randomBytes(32).toString("base64")}`,
};

function refused(overrides: Record<string, string>, pattern: RegExp): void {
  assert.throws(
    () => testConfig(overrides),
    (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    `expected ${JSON.stringify(overrides)} to be refused with ${pattern}`,
  );
}

describe("16.4 SMTP settings", () => {
  it("no SMTP: emails stay queued; SMTP_URL or host/port/user/password build one URL", () => {
    assert.equal(testConfig().email.smtp, undefined);
    assert.deepEqual(testConfig({ SMTP_URL: "smtps://u:p@mail.example:465", SMTP_FROM: "n@example.com" }).email.smtp, {
      url: "smtps://u:p@mail.example:465",
      from: "n@example.com",
      timeoutMs: 30_000,
    });
    const parts = testConfig({
      ...PRODUCTION,
      SMTP_HOST: "mail.example",
      SMTP_PORT: "587",
      SMTP_USER: "user@example",
      SMTP_PASSWORD: "p:w/d",
      SMTP_FROM: "Freehold <n@example.com>",
    }).email.smtp;
    assert.equal(parts?.url, "smtp://user%40example:p%3Aw%2Fd@mail.example:587");
  });

  it("refuses incomplete or malformed SMTP settings, naming them", () => {
    refused({ SMTP_URL: "http://mail.example" }, /SMTP_URL: must be smtp:\/\//);
    refused({ SMTP_URL: "smtp://mail.example" }, /SMTP_FROM: required when SMTP is configured/);
    refused({ SMTP_HOST: "mail.example", SMTP_FROM: "n@example.com", SMTP_USER: "u" }, /SMTP_PASSWORD: SMTP_USER and/);
    refused(
      { SMTP_URL: "smtp://a", SMTP_HOST: "b", SMTP_FROM: "n@example.com" },
      /SMTP_HOST: give SMTP_URL or SMTP_HOST/,
    );
    refused({ SMTP_URL: "smtp://a", SMTP_FROM: "not an address" }, /SMTP_FROM: must be an address/);
    refused({ SMTP_URL: "smtp://a", SMTP_FROM: "X <a@b>\r\nBcc: c@d" }, /SMTP_FROM/);
    refused({ SMTP_PORT: "70000" }, /SMTP_PORT/);
    refused(
      { SMTP_TIMEOUT_MS: "120000", EMAIL_LEASE_SECONDS: "300" },
      /EMAIL_LEASE_SECONDS: must exceed 3 x SMTP_TIMEOUT_MS/,
    );
    refused({ EMAIL_BACKOFF_BASE_MS: "60000", EMAIL_BACKOFF_CAP_MS: "1000" }, /EMAIL_BACKOFF_CAP_MS/);
    refused({ EMAIL_MAX_ATTEMPTS: "0" }, /EMAIL_MAX_ATTEMPTS/);
  });

  it("refuses the development mail sink outside development (production never mounts /dev/mail)", () => {
    refused({ ...PRODUCTION, DEV_MAIL_SINK_URL: "http://127.0.0.1:1080" }, /DEV_MAIL_SINK_URL: only in development/);
    refused({ DEV_MAIL_SINK_URL: "http://127.0.0.1:1080" }, /DEV_MAIL_SINK_URL: only in development/);
    assert.equal(testConfig(PRODUCTION).email.devMailSinkUrl, undefined);
  });
});

describe("16.4 GET /dev/mail", () => {
  let sink: SmtpSink;
  let dev: TestContext;
  let plain: TestContext;
  before(async () => {
    sink = await startSmtpSink();
    const sinkHttp = await sink.serveHttp();
    dev = await createTestContext({ NODE_ENV: "development", DEV_MAIL_SINK_URL: sinkHttp });
    plain = await createTestContext({}, { databaseUrl: dev.databaseUrl });
  });
  after(async () => {
    await plain.close();
    await dev.close();
    await sink.close();
  });

  it("lists what the sink caught, newest first, in development with the sink only", async () => {
    const { smtpTransport } = await import("./delivery/smtp-transport.ts");
    const transport = smtpTransport({ url: sink.url, from: "f@example.com", timeoutMs: 5_000 });
    for (const subject of ["first", "second"])
      await transport.send({
        to: "x@example.com",
        subject,
        text: subject,
        html: `<p>${subject}</p>`,
        messageId: `<${subject}@t>`,
        headers: {},
      });
    transport.close();
    const listed = await dev.anonymous.get("/api/v1/dev/mail");
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(
      listed.body.map((m: { subject: string }) => m.subject),
      ["second", "first"],
    );
    assert.equal((await plain.anonymous.get("/api/v1/dev/mail")).status, 404, "not mounted without the sink");
  });
});
