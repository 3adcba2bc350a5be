/**
 * Issue 12 item 13 (API side): whether the interactive API docs are public is a setting, API_DOCS=public|off,
 * public by default locally and off in production unless set.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ConfigError } from "./index.ts";
import { createTestContext, testConfig, type TestContext } from "../../test/support/harness.ts";

const PRODUCTION = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app@db.internal:5432/freehold",
  AUDIT_CHECKPOINT_DIR: "/tmp/unused",
  AUDIT_CHECKPOINT_KEYS: `cp1:${randomBytes(32).toString("base64")}`,
};

describe("12.13 API_DOCS", () => {
  it("12.13 defaults to public locally and off in production; an explicit value wins; anything else is refused", () => {
    assert.equal(testConfig().apiDocs, "public");
    assert.equal(testConfig({ NODE_ENV: "development" }).apiDocs, "public");
    assert.equal(testConfig(PRODUCTION).apiDocs, "off");
    assert.equal(testConfig({ ...PRODUCTION, API_DOCS: "public" }).apiDocs, "public");
    assert.equal(testConfig({ API_DOCS: "off" }).apiDocs, "off");
    assert.throws(
      () => testConfig({ API_DOCS: "admins" }),
      (e: unknown) => e instanceof ConfigError && /API_DOCS/.test(e.message),
    );
  });

  describe("12.13 API_DOCS=off", () => {
    let off: TestContext;
    let on: TestContext;
    before(async () => {
      [off, on] = await Promise.all([
        createTestContext({ API_DOCS: "off" }),
        createTestContext({ API_DOCS: "public" }),
      ]);
    });
    after(async () => Promise.all([off.close(), on.close()]));

    it("12.13 serves no interactive docs (a 404 problem), while the OpenAPI document stays available", async () => {
      for (const path of ["/api/v1/docs/", "/api/v1/docs/swagger-ui-init.js", "/api/v1/docs"]) {
        const res = await off.anonymous.get(path);
        assert.equal(res.status, 404, path);
        assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
      }
      assert.equal((await off.anonymous.get("/api/v1/openapi.json")).status, 200);
      const shown = await on.anonymous.get("/api/v1/docs/");
      assert.equal(shown.status, 200);
      assert.match(shown.text, /swagger-ui/i);
    });
  });
});
