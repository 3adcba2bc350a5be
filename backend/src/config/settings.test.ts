/**
 * Issue 18's settings (document storage, metrics, readiness): defaults for `npm start`, production values
 * accepted, and every malformed or incomplete value refused at start with a message naming the variable.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { testConfig } from "../../test/support/harness.ts";
import { CHAIN_SETTING_NAMES } from "../chain/config.ts";
import { ConfigError, SETTING_NAMES } from "./index.ts";

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

describe("18 document storage settings", () => {
  it("18 the disk store is the default", () => {
    assert.deepEqual(testConfig().storage, { backend: "disk" });
  });

  it("18 STORAGE_BACKEND=s3 reads bucket, region, endpoint, path style, prefix, part size and credentials", () => {
    const config = testConfig({
      STORAGE_BACKEND: "s3",
      S3_BUCKET: "freehold-docs",
      S3_REGION: "eu-central-1",
      S3_ENDPOINT: "https://minio.internal:9000",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: "documents/",
      S3_PART_SIZE_MB: "16",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
    });
    assert.deepEqual(config.storage, {
      backend: "s3",
      s3: {
        bucket: "freehold-docs",
        region: "eu-central-1",
        endpoint: "https://minio.internal:9000",
        forcePathStyle: true,
        prefix: "documents/",
        partSizeBytes: 16 * 1024 * 1024,
        credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" },
      },
    });
    const roleBased = testConfig({ STORAGE_BACKEND: "s3", S3_BUCKET: "freehold-docs" });
    assert.ok(roleBased.storage.backend === "s3" && roleBased.storage.s3.credentials === undefined);
  });

  it("18 refuses an incomplete or malformed S3 setting, naming it", () => {
    refused({ STORAGE_BACKEND: "s3" }, /S3_BUCKET: required when STORAGE_BACKEND=s3/);
    refused({ STORAGE_BACKEND: "gcs" }, /STORAGE_BACKEND/);
    refused({ STORAGE_BACKEND: "s3", S3_BUCKET: "Bad_Bucket" }, /S3_BUCKET: must be an S3 bucket name/);
    refused({ STORAGE_BACKEND: "s3", S3_BUCKET: "docs", S3_ENDPOINT: "ftp://x" }, /S3_ENDPOINT/);
    refused({ STORAGE_BACKEND: "s3", S3_BUCKET: "docs", S3_PART_SIZE_MB: "4" }, /S3_PART_SIZE_MB/);
    refused({ STORAGE_BACKEND: "s3", S3_BUCKET: "docs", S3_PREFIX: "../x" }, /S3_PREFIX/);
    refused({ STORAGE_BACKEND: "s3", S3_BUCKET: "docs", S3_FORCE_PATH_STYLE: "yes" }, /S3_FORCE_PATH_STYLE/);
    refused(
      { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE" },
      /AWS_SECRET_ACCESS_KEY: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together/,
    );
  });
});

describe("18 metrics and readiness settings", () => {
  it("18 /metrics is open locally, off in production without a token, token-protected with one", () => {
    assert.deepEqual(testConfig().metrics, { access: "open" });
    assert.deepEqual(testConfig(PRODUCTION).metrics, { access: "off" });
    const token = randomBytes(32).toString("base64");
    assert.deepEqual(testConfig({ ...PRODUCTION, METRICS_TOKEN: token }).metrics, { access: "token", token });
    refused({ METRICS_TOKEN: "short" }, /METRICS_TOKEN: must be at least 32 characters/);
  });

  it("18 READY_MAX_CHAIN_LAG_BLOCKS defaults to 50 and must be a positive integer", () => {
    assert.equal(testConfig().readiness.maxChainLagBlocks, 50);
    assert.equal(testConfig({ READY_MAX_CHAIN_LAG_BLOCKS: "5" }).readiness.maxChainLagBlocks, 5);
    refused({ READY_MAX_CHAIN_LAG_BLOCKS: "0" }, /READY_MAX_CHAIN_LAG_BLOCKS/);
    refused({ READY_MAX_CHAIN_LAG_BLOCKS: "many" }, /READY_MAX_CHAIN_LAG_BLOCKS/);
  });
});

describe("18 every setting is documented", () => {
  // The names come from the schemas that validate the environment, so a new setting fails here until
  // backend/.env.example (the operator's list, referenced by PRODUCTION.md) names it, set or commented out.
  const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it("18 backend/.env.example names every variable the backend and its chain part read", () => {
    const names = [...new Set([...SETTING_NAMES, ...CHAIN_SETTING_NAMES])];
    assert.ok(names.length > 40, `the schemas name ${names.length} settings`);
    assert.deepEqual(
      names.filter((name) => !documented.has(name)),
      [],
    );
  });
});

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
