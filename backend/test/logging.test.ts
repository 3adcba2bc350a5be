import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createDb } from "../src/db/client.ts";
import { createPool } from "../src/db/pool.ts";
import { createApp } from "../src/http/app.ts";
import { DiskStorage } from "../src/storage/disk.ts";
import { client, freshDatabase, signIn, testConfig } from "./support/harness.ts";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

describe("structured request logs", () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let baseUrl: string;
  let close: () => Promise<void>;
  const admin = privateKeyToAccount(generatePrivateKey());
  const config = testConfig({ FIRST_ADMIN_ADDRESS: admin.address });
  before(async () => {
    const url = await freshDatabase();
    const pool = createPool(url, 2);
    const db = createDb(url, 2, pool);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = createApp(
      { config, db, pool, storage: new DiskStorage(config.storageDir) },
      { logger: pino({ level: "debug" }, sink) },
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await db.$disconnect();
    };
  });
  after(async () => close());

  it("logs every request with its id, and never cookies, tokens, signatures or query strings", async () => {
    const { cookie } = await signIn(baseUrl, config, admin);
    const token = cookie.split("=")[1]!;
    const res = await client(baseUrl, cookie).get("/api/v1/properties?q=ana%40example.com", {
      headers: { "x-request-id": "req-test-123", authorization: "Bearer secret-value" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-request-id"), "req-test-123");
    const entry = lines.find((l) => (l["req"] as { id?: string } | undefined)?.id === "req-test-123");
    assert.ok(entry, "the request was logged with its id");
    assert.equal((entry["req"] as { path: string }).path, "/api/v1/properties");
    const all = JSON.stringify(lines);
    assert.ok(!all.includes(token), "session token not logged");
    assert.ok(!all.includes("secret-value"), "authorization header not logged");
    assert.ok(!all.includes("ana%40example.com") && !all.includes("ana@example.com"), "query strings not logged");
    assert.ok(!all.includes('signature":"0x'), "SIWE signatures not logged");
    for (const line of lines.filter((l) => l["req"])) {
      assert.deepEqual(
        Object.keys(line["req"] as object).sort(),
        ["id", "method", "path"],
        "14.1 no headers, client address or query in request lines",
      );
    }
  });

  it("replaces an unsafe incoming request id", async () => {
    const res = await client(baseUrl).get("/health", { headers: { "x-request-id": "bad id\twith spaces" } });
    assert.notEqual(res.headers.get("x-request-id"), "bad id\twith spaces");
    assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });
});
