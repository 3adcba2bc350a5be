/**
 * A GET never writes (RFC 9110 safe methods): mail scanners, link previews and prefetchers repeat GETs, so a route
 * that changed something on a GET would change it for people who never asked (an email's unsubscribe link once
 * did). The class guard: a GET's `ctx.transaction` is READ ONLY, so PostgreSQL refuses any write in it; the same
 * work on a POST commits. The route table itself is checked too: no GET route is idempotent or takes a body.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createDb, type Db } from "../src/db/client.ts";
import { createPool } from "../src/db/pool.ts";
import { createApp } from "../src/http/app.ts";
import { allRoutes } from "../src/http/routes.ts";
import { defineRoute, type HttpMethod, type RouteSpec } from "../src/http/route.ts";
import { DiskStorage } from "../src/storage/disk.ts";
import { client, freshDatabase, testConfig } from "./support/harness.ts";

/** The same write (a new user row) behind each method, inside the route's transaction. */
const writer = (method: HttpMethod): RouteSpec =>
  defineRoute({
    method,
    path: "/t/write",
    summary: "writes a row in its transaction",
    tags: ["t"],
    access: "public",
    responses: { 200: { description: "written" } },
    handler: async ({ transaction }) =>
      transaction(async (tx) => {
        await tx.user.create({ data: { address: privateKeyToAccount(generatePrivateKey()).address } });
        return { status: 200, body: { written: true } };
      }),
  });

/** A consistent read in a GET's transaction still works. */
const reader = defineRoute({
  method: "get",
  path: "/t/read",
  summary: "reads in its transaction",
  tags: ["t"],
  access: "public",
  responses: { 200: { description: "read" } },
  handler: async ({ transaction }) =>
    transaction(async (tx) => ({ status: 200, body: { users: await tx.user.count() } })),
});

describe("safe methods", () => {
  let server: Server;
  let baseUrl: string;
  let db: Db;
  before(async () => {
    const url = await freshDatabase();
    const pool = createPool(url, 2);
    db = createDb(url, 2, pool);
    const config = testConfig();
    const app = createApp(
      { config, db, pool, storage: new DiskStorage(config.storageDir) },
      { logger: pino({ level: "silent" }), routes: [writer("get"), writer("post"), reader] },
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await db.$disconnect();
  });

  it("refuses a write in a GET's transaction and writes nothing; the same work on a POST commits", async () => {
    const api = client(baseUrl);
    const before = await db.user.count();
    const refused = await api.get("/api/v1/t/write");
    assert.equal(refused.status, 500, refused.text);
    assert.equal(await db.user.count(), before, "nothing written by the GET");
    const read = await api.get("/api/v1/t/read");
    assert.deepEqual([read.status, read.body], [200, { users: before }]);
    const written = await api.post("/api/v1/t/write");
    assert.equal(written.status, 200, written.text);
    assert.equal(await db.user.count(), before + 1);
  });

  it("declares no GET route of the API idempotent, versioned or with a body (those are for changes)", () => {
    const gets = allRoutes.filter((r) => r.method === "get");
    assert.ok(gets.length > 20);
    const offending = gets.filter((r) => r.idempotent || r.ifMatch || r.body || r.upload).map((r) => r.path);
    assert.deepEqual(offending, []);
  });
});
