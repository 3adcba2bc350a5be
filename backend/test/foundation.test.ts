import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { allRoutes } from "../src/http/routes.ts";
import { createTestContext, type TestContext } from "./support/harness.ts";

describe("foundation", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t.close());

  it("answers /health and /ready", async () => {
    assert.equal((await t.anonymous.get("/health")).status, 200);
    const ready = await t.anonymous.get("/ready");
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, "ready");
  });

  it("serves an OpenAPI 3.1 document and the interactive docs without a CDN", async () => {
    const doc = await t.anonymous.get("/api/v1/openapi.json");
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, "3.1.0");
    assert.ok(doc.body.paths["/api/v1/users/{id}/roles"].put);
    for (const route of allRoutes) {
      const path = "/api/v1" + route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const op = doc.body.paths[path]?.[route.method];
      assert.ok(op, `${route.method} ${path} is documented`);
      assert.ok(op.responses["400"], `${route.method} ${path} documents its problem responses`);
    }
    const docs = await t.anonymous.get("/api/v1/docs/");
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger-ui/);
    assert.doesNotMatch(docs.text, /https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it("answers unknown routes with problem+json", async () => {
    const res = await t.anonymous.get("/api/v1/nope");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.equal(res.body.code, "not_found");
    assert.ok(res.headers.get("x-request-id"));
  });

  it("refuses malformed JSON with a 400 problem", async () => {
    const res = await t
      .as(t.admin)
      .request("PATCH", "/api/v1/users/me", "{not json", { headers: { "if-match": '"1"' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, "validation_failed");
  });

  it("signs in the configured first admin as ADMIN", async () => {
    const me = await t.as(t.admin).get("/api/v1/auth/me");
    assert.equal(me.status, 200);
    assert.ok(me.body.roles.includes("ADMIN"));
  });

  it("applies CORS only for the configured web origin", async () => {
    const ok = await t.anonymous.get("/health", { headers: { origin: "http://localhost:5173" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "http://localhost:5173");
    const other = await t.anonymous.get("/health", { headers: { origin: "https://evil.example" } });
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });
});
