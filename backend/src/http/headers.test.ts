/** The once-computed security headers equal what helmet sets on every request, for every kind of response. */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import express from "express";
import helmet from "helmet";
import { HELMET_OPTIONS, onceComputedHeaders } from "./app.ts";

function serve(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
}

function build(security: express.RequestHandler): express.Express {
  const app = express();
  app.use(security);
  app.get("/json", (_req, res) => {
    res.setHeader("X-Powered-By", "leak");
    res.json({ ok: true });
  });
  app.post("/empty", (_req, res) => {
    res.status(204).end();
  });
  app.get("/html", (_req, res) => {
    res.type("html").send("<p>docs</p>");
  });
  return app;
}

const headersOf = (res: Response) => [...res.headers].filter(([name]) => name !== "date" && name !== "etag");

describe("security headers computed once", () => {
  let reference: Server;
  let fast: Server;
  before(async () => {
    reference = await serve(build(helmet(HELMET_OPTIONS)));
    fast = await serve(build(onceComputedHeaders(helmet(HELMET_OPTIONS))));
  });
  after(() => {
    reference.close();
    fast.close();
  });

  for (const [method, path] of [
    ["GET", "/json"],
    ["POST", "/empty"],
    ["GET", "/html"],
    ["GET", "/missing"],
  ] as const) {
    it(`${method} ${path}: the same headers as helmet`, async () => {
      const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}${path}`;
      const [a, b] = await Promise.all([fetch(url(reference), { method }), fetch(url(fast), { method })]);
      assert.equal(b.status, a.status);
      assert.deepEqual(headersOf(b), headersOf(a));
      if (path !== "/missing") assert.match(b.headers.get("content-security-policy") ?? "", /default-src 'self'/); // Express's 404 page sets its own
      assert.ok(b.headers.get("strict-transport-security"));
    });
  }

  it("refuses a middleware that does not complete synchronously", () => {
    assert.throws(() => onceComputedHeaders((_req, _res, next) => void setImmediate(next)), /synchronously/);
  });
});
