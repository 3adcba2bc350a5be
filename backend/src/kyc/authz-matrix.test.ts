import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type Client, type TestContext } from "../../test/support/harness.ts";
import { amlRoutes } from "../aml/routes.ts";
import { kycRoutes } from "./routes.ts";
import { kycAmlAuthzRows, type Caller } from "./authz-table.ts";

describe("KYC/AML authorization matrix: every route x every role (real app, real sessions)", () => {
  let t: TestContext;
  const clients = new Map<Caller, Client>();

  before(async () => {
    t = await createTestContext();
    clients.set("anonymous", t.anonymous);
    for (const role of ["INVESTOR", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER", "ADMIN"] as const) {
      clients.set(role, t.as(await t.user(role)));
    }
  });
  after(async () => t.close());

  it("has exactly one row per KYC/AML route", () => {
    const declared = [...kycRoutes, ...amlRoutes].map((r) => `${r.method} ${r.path}`).sort();
    const table = kycAmlAuthzRows.map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(table, declared);
  });

  it("lets exactly the allowed callers through the gate and refuses the others with 401 or 403", async () => {
    const failures: string[] = [];
    const uploads = new Set([...kycRoutes, ...amlRoutes].filter((r) => r.upload).map((r) => `${r.method} ${r.path}`));
    for (const row of kycAmlAuthzRows) {
      const path = "/api/v1" + row.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const [caller, client] of clients) {
        const multipart = uploads.has(`${row.method} ${row.path}`);
        const form = new FormData();
        form.set("file", new Blob(["%PDF-1.7"], { type: "application/pdf" }), "f.pdf");
        const res = await client.request(row.method.toUpperCase(), path, row.method === "get" || multipart ? undefined : {}, {
          headers: { "if-match": '"1"' },
          ...(multipart ? { raw: form } : {}),
        });
        const expected = row.allowed[caller];
        const refused = res.status === 401 || res.status === 403;
        if (expected === refused) failures.push(`${row.method.toUpperCase()} ${row.path} as ${caller}: ${res.status}`);
        if (!expected) assert.equal(res.status, caller === "anonymous" ? 401 : 403, `${row.method} ${row.path} as ${caller}`);
        assert.ok(res.status < 500, `${row.method} ${row.path} as ${caller}: ${res.status} ${res.text}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
