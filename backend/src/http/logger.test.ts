/**
 * Issue 14 item 1: the request logger is pino-http. What the backend promises of its request log, whatever writes
 * it: one line per request with `req: {id, method, path}` only, the level by outcome, the request id kept when safe,
 * and no personal data or secret from any part of the request or response (threat model: personal data in logs).
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import express from "express";
import fc from "fast-check";
import { pino } from "pino";
import { createLogger, httpLogger } from "./logger.ts";
import { countRequestReads } from "./testing.ts";

type Line = Record<string, unknown> & { level: number; msg?: string; req?: Record<string, unknown> };

function sinkInto(lines: Line[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
}

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A small app behind the request logger: echoes, refuses, fails, and logs from a handler through `req.log`. */
function appWith(logger: pino.Logger): express.Express {
  const app = express();
  app.set("trust proxy", true);
  app.use(httpLogger(logger));
  app.use(express.json());
  app.all("/ok/{*rest}", (req, res) => {
    req.log.info({ step: "handler" }, "handler line");
    res.cookie("session", "fresh-session-secret", { httpOnly: true });
    res.json({ ok: true });
  });
  app.get("/refused", (_req, res) => {
    res.status(404).json({ title: "Not found" });
  });
  app.get("/failed", (_req, res) => {
    res.status(500).json({ title: "Internal" });
  });
  return app;
}

const LEVEL = { debug: 20, info: 30, error: 50 } as const;

describe("14.1 request log (pino-http)", () => {
  const lines: Line[] = [];
  let url: string;
  let server: Server;
  before(async () => {
    ({ url, server } = await listen(appWith(pino({ level: "debug" }, sinkInto(lines)))));
  });
  after(async () => close(server));

  it("14.1 one line per request: debug on success, info on a refusal, error with err on a failure; req is {id, method, path}, res is {statusCode}", async () => {
    lines.length = 0;
    for (const [path, id] of [
      ["/ok/a?x=1", "req-ok"],
      ["/refused?y=2", "req-refused"],
      ["/failed", "req-failed"],
    ] as const) {
      const res = await fetch(url + path, { headers: { "x-request-id": id } });
      await res.arrayBuffer();
      assert.equal(res.headers.get("x-request-id"), id);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const ends = lines.filter((l) => l.msg !== "handler line");
    const byId = (id: string): Line => {
      const found = ends.filter((l) => l.req?.["id"] === id);
      assert.equal(found.length, 1, `exactly one line for ${id}`);
      return found[0]!;
    };
    const ok = byId("req-ok");
    assert.equal(ok.level, LEVEL.debug);
    assert.equal(ok.msg, "request completed");
    assert.deepEqual(ok.req, { id: "req-ok", method: "GET", path: "/ok/a" });
    assert.deepEqual(ok["res"], { statusCode: 200 });
    assert.equal(typeof ok["responseTime"], "number");
    const refused = byId("req-refused");
    assert.equal(refused.level, LEVEL.info);
    assert.deepEqual(refused.req, { id: "req-refused", method: "GET", path: "/refused" });
    const failed = byId("req-failed");
    assert.equal(failed.level, LEVEL.error);
    assert.equal(failed.msg, "request errored");
    assert.match(String((failed["err"] as { message?: string }).message), /500/);
    const handler = lines.find((l) => l.msg === "handler line");
    assert.deepEqual(
      handler?.req,
      { id: "req-ok", method: "GET", path: "/ok/a" },
      "req.log in a handler carries the request",
    );
  });

  it("17 the request line costs no query parse and no socket call: the logger reads neither req.query nor the peer's address", async () => {
    const reads: string[] = [];
    const app = express();
    app.use(countRequestReads(() => reads));
    const own: Line[] = [];
    app.use(httpLogger(pino({ level: "debug" }, sinkInto(own))));
    app.get("/read", (req, res) => {
      req.log.info("handler line");
      res.json({ ok: true });
    });
    const { url: base, server: s } = await listen(app);
    try {
      const res = await fetch(`${base}/read?city=Lisbon`, { headers: { "x-request-id": "req-read" } });
      await res.arrayBuffer();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await close(s);
    }
    assert.deepEqual(reads, []);
    assert.deepEqual(
      own.map((l) => [l.msg, l.req]),
      [
        ["handler line", { id: "req-read", method: "GET", path: "/read" }],
        ["request completed", { id: "req-read", method: "GET", path: "/read" }],
      ],
    );
  });

  it("14.1 an incoming request id is kept only when safe; otherwise a fresh UUID is given and echoed", async () => {
    for (const unsafe of ["bad id\twith spaces", "a".repeat(65), "<script>", "id;drop"]) {
      const res = await fetch(`${url}/ok/x`, { headers: { "x-request-id": unsafe } });
      await res.arrayBuffer();
      assert.match(
        res.headers.get("x-request-id") ?? "",
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        unsafe,
      );
    }
    const fresh = await fetch(`${url}/ok/x`);
    await fresh.arrayBuffer();
    assert.match(fresh.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });

  it("14.1 property: personal data anywhere in the request (query, body, cookie, authorization, forwarding and client headers) and the response's cookie never reach the log", async () => {
    const secret = fc.oneof(
      fc.emailAddress(),
      fc.stringMatching(/^[A-Z][a-z]{2,8} [A-Z][a-z]{2,10}$/),
      fc.stringMatching(/^PT50[0-9]{21}$/),
      fc.stringMatching(/^0x[0-9a-f]{130}$/),
    );
    const place = fc.constantFrom(
      "query",
      "body",
      "cookie",
      "authorization",
      "x-forwarded-for",
      "user-agent",
      "referer",
      "x-custom",
    );
    await fc.assert(
      fc.asyncProperty(secret, place, fc.constantFrom("GET", "POST"), async (value, where, method) => {
        lines.length = 0;
        const headers: Record<string, string> = { "content-type": "application/json" };
        let path = "/ok/item";
        let body: string | undefined;
        const encoded = encodeURIComponent(value);
        if (where === "query") path += `?q=${encoded}&email=${encoded}`;
        else if (where === "body") body = JSON.stringify({ name: value, email: value, signature: value });
        else if (where === "cookie") headers["cookie"] = `freehold_session=${encoded}`;
        else if (where === "authorization") headers["authorization"] = `Bearer ${encoded}`;
        else if (where === "x-forwarded-for") headers["x-forwarded-for"] = "203.0.113.77";
        else headers[where] = encoded;
        const res = await fetch(url + path, { method, headers, ...(method === "POST" ? { body: body ?? "{}" } : {}) });
        await res.arrayBuffer();
        await new Promise((resolve) => setImmediate(resolve));
        const all = JSON.stringify(lines);
        assert.ok(lines.length >= 2, "the request and the handler were logged");
        for (const needle of [value, encoded, "203.0.113.77", "127.0.0.1", "fresh-session-secret"])
          assert.ok(!all.includes(needle), `${where}: ${needle} logged`);
        for (const line of lines) assert.deepEqual(Object.keys(line.req ?? {}).sort(), ["id", "method", "path"]);
      }),
      { numRuns: 60 },
    );
  });

  it("14.1 below the level nothing is written: at info a success writes no line, a refusal and a failure do", async () => {
    const quiet: Line[] = [];
    const { url: quietUrl, server: quietServer } = await listen(appWith(pino({ level: "info" }, sinkInto(quiet))));
    try {
      await (await fetch(`${quietUrl}/refused`)).arrayBuffer();
      await (await fetch(`${quietUrl}/failed`)).arrayBuffer();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        quiet.map((l) => l.msg),
        ["request completed", "request errored"],
      );
      quiet.length = 0;
      await (await fetch(`${quietUrl}/ok/x`)).arrayBuffer();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        quiet.map((l) => l.msg),
        ["handler line"],
        "the success itself writes nothing at info (the handler's own line does)",
      );
    } finally {
      await close(quietServer);
    }
  });

  it("14.1 the application logger redacts cookies, authorization, set-cookie and password/signature/token fields wherever a line carries them", () => {
    const out: Line[] = [];
    const redacting = createLogger("info", sinkInto(out));
    redacting.info(
      {
        req: { headers: { cookie: "c=1", authorization: "Bearer x" } },
        res: { headers: { "set-cookie": "s=2" } },
        body: { password: "p", signature: "0xsig", token: "t" },
      },
      "line",
    );
    const all = JSON.stringify(out);
    for (const needle of ["c=1", "Bearer x", "s=2", '"p"', "0xsig", '"t"']) assert.ok(!all.includes(needle), needle);
    assert.ok(all.includes("[redacted]"));
  });
});
