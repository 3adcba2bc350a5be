/**
 * Issue 17: work a request pays for and nobody uses. Express 5 parses the query string again on every `req.query`
 * read, and a socket's peer address is a system call; pino-http's default request view did both on every request for
 * fields the log then dropped (8% of the API's CPU per uncached marketplace page, measured in an A/B run). The class guard, over the whole middleware
 * stack and every GET route of the API as an anonymous caller, and over generated marketplace searches: a request
 * parses its query string at most once and never asks the socket for the peer's address (only rate-limited routes,
 * keyed by the client, may).
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import express from "express";
import fc from "fast-check";
import { pino } from "pino";
import { createDb, type Db } from "../src/db/client.ts";
import { createPool } from "../src/db/pool.ts";
import { createApp } from "../src/http/app.ts";
import { countRequestReads } from "../src/http/testing.ts";
import { allRoutes } from "../src/http/routes.ts";
import { DiskStorage } from "../src/storage/disk.ts";
import { freshDatabase, testConfig } from "./support/harness.ts";

/** Reads of `req.query` and of the socket's peer address, per request id (X-Request-Id). */
const reads = new Map<string, string[]>();

/** In front of the app: each request's reads, by its X-Request-Id. */
const counting = countRequestReads((req) => {
  const seen: string[] = [];
  reads.set(String(req.headers["x-request-id"]), seen);
  return seen;
});

describe("17 request overhead", () => {
  let server: Server;
  let baseUrl: string;
  let db: Db;
  let n = 0;
  before(async () => {
    const url = await freshDatabase();
    const pool = createPool(url, 2);
    db = createDb(url, 2, pool);
    const config = testConfig();
    const outer = express();
    outer.use(counting);
    outer.use(
      createApp(
        { config, db, pool, storage: new DiskStorage(config.storageDir) },
        { logger: pino({ level: "silent" }) },
      ),
    );
    server = await new Promise<Server>((resolve) => {
      const s = outer.listen(0, "127.0.0.1", () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await db.$disconnect();
  });

  /** The reads one GET made, with its status. */
  async function get(path: string): Promise<{ status: number; seen: string[] }> {
    const id = `overhead-${++n}`;
    const res = await fetch(baseUrl + path, { headers: { "x-request-id": id } });
    await res.arrayBuffer();
    return { status: res.status, seen: reads.get(id) ?? ["not seen"] };
  }

  const atMostOneParse = (path: string, seen: string[]): void => {
    assert.ok(seen.filter((r) => r === "query").length <= 1, `${path}: ${seen.join(", ")}`);
    assert.deepEqual(
      seen.filter((r) => r !== "query"),
      [],
      `${path} asked the socket for the peer's address`,
    );
  };

  it("17 every GET route of the API, called anonymously: at most one query parse, no peer-address call", async () => {
    const gets = allRoutes.filter((r) => r.method === "get" && !r.rateLimited && !r.anonymousRateLimit);
    assert.ok(gets.length > 20);
    for (const route of gets) {
      const path = `/api/v1${route.path.replace(/:\w+/g, "6f0c2c4e-0d5b-4a8e-9a51-3c1f2f0b7d11")}?limit=5&cursor=x`;
      const { status, seen } = await get(path);
      assert.ok(status < 500, `${path}: ${status}`);
      atMostOneParse(path, seen);
    }
  });

  it("17 property: a generated marketplace search parses its query once and makes no peer-address call", async () => {
    const search = fc.record(
      {
        q: fc.constantFrom("lisbon", "garden house", "prop"),
        type: fc.constantFrom("RESIDENTIAL", "RETAIL"),
        country: fc.constantFrom("PT", "DE"),
        city: fc.constantFrom("Lisbon", "Porto"),
        sort: fc.constantFrom("createdAt", "name", "valuation"),
        order: fc.constantFrom("asc", "desc"),
        limit: fc.integer({ min: 1, max: 100 }).map(String),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(search, async (filters) => {
        const path = `/api/v1/properties?${new URLSearchParams(filters)}`;
        const { status, seen } = await get(path);
        assert.equal(status, 200, path);
        assert.deepEqual(seen, ["query"], path);
      }),
      { numRuns: 40 },
    );
  });
});
