/**
 * Issue 12 item 13: the web app is served with its security headers (CSP with frame-ancestors, Referrer-Policy,
 * nosniff, Permissions-Policy), on every kind of response the server gives, and HSTS only over TLS.
 * Issue 14 item 1: the server is sirv + http-proxy-3; what it promises (SPA fallback, caching, the /api proxy,
 * nothing outside the build or hidden in it is served) is tested here against whatever serves it.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { serveBuild, webSecurityHeaders, type StaticServer } from "@freehold/dev-kit/static-server";

const scratch = mkdtempSync(join(tmpdir(), "freehold-static-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const root = join(scratch, "dist");
mkdirSync(join(root, "assets"), { recursive: true });
writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
writeFileSync(join(root, "assets", "app-1234.js"), "export {};");
/** Next to the build, never inside it: no request path may reach it. */
const SECRET = "SECRET-OUTSIDE-THE-BUILD";
writeFileSync(join(scratch, "secret.txt"), SECRET);
/** Inside the build but hidden: a stray dotfile (an .env copied by mistake) is not published. */
const HIDDEN = "HIDDEN-DOTFILE";
writeFileSync(join(root, ".env"), HIDDEN);
mkdirSync(join(root, ".git"));
writeFileSync(join(root, ".git", "config"), HIDDEN);

const RPC = "http://127.0.0.1:8545/";
const EXPECTED = [
  "content-security-policy",
  "referrer-policy",
  "x-content-type-options",
  "permissions-policy",
  "x-frame-options",
];

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name = "", ...values]) => [name, values]),
  );
}

describe("12.13 web security headers", () => {
  let server: StaticServer;
  before(async () => {
    server = await serveBuild(root, () => undefined, { connectSrc: [RPC, "https://api.example/v1"] });
  });
  after(async () => server.close());

  it("12.13 sends the CSP and the other headers on the page, the assets, the SPA fallback and errors, without HSTS over HTTP", async () => {
    for (const path of ["/", "/assets/app-1234.js", "/properties/some-id", "/%E0%A4%A", "/api/v1/health"]) {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      if (path.startsWith("/api/")) {
        assert.equal(res.status, 502, "no backend here: the proxy's own answer (the backend sets its own headers)");
        continue;
      }
      for (const name of EXPECTED) assert.ok(res.headers.get(name), `${path}: ${name}`);
      assert.equal(res.headers.get("strict-transport-security"), null, `${path}: no HSTS over plain HTTP`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    }
  });

  it("12.13 the CSP allows only the app's own scripts, refuses framing and plugins, and connects to self, the RPC and the API", async () => {
    const csp = directives((await fetch(server.url)).headers.get("content-security-policy") ?? "");
    assert.deepEqual(csp.get("script-src"), ["'self'"], "no inline or eval'd script");
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("base-uri"), ["'self'"]);
    assert.deepEqual(csp.get("default-src"), ["'self'"]);
    assert.deepEqual(csp.get("connect-src"), ["'self'", "http://127.0.0.1:8545", "https://api.example"]);
    for (const [name, values] of csp) {
      for (const v of values) assert.ok(!["'unsafe-inline'", "'unsafe-eval'", "*"].includes(v), `${name} ${v}`);
    }
  });

  it("12.13 a browser is told to stay on HTTPS only when the app is served over TLS", async () => {
    const keyFile = join(scratch, "key.pem");
    const certFile = join(scratch, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const tls = await serveBuild(root, () => undefined, {
      connectSrc: [RPC],
      tls: { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") },
    });
    try {
      assert.match(tls.url, /^https:/);
      const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const req = httpsRequest(`${tls.url}/`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on("error", reject);
        req.end();
      });
      assert.match(String(headers["strict-transport-security"]), /^max-age=\d{8,}; includeSubDomains$/);
      assert.match(String(headers["content-security-policy"]), /upgrade-insecure-requests/);
    } finally {
      await tls.close();
    }
  });

  it("12.13 property: whatever origins are given, connect-src lists exactly self and those origins", () => {
    const urls = [
      "http://127.0.0.1:8545",
      "https://rpc.example/v2/key",
      "https://rpc.example/other",
      "http://[::1]:9000/x",
    ];
    for (let mask = 0; mask < 1 << urls.length; mask++) {
      const chosen = urls.filter((_u, i) => mask & (1 << i));
      const csp = directives(webSecurityHeaders({ connectSrc: chosen, tls: false })["content-security-policy"]!);
      const expected = ["'self'", ...new Set(chosen.map((u) => new URL(u).origin))];
      assert.deepEqual(csp.get("connect-src"), expected);
    }
  });
});

/** A request sent byte for byte (fetch would normalise `..` away before it leaves). */
function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + "/", { path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("14.1 static server (sirv + http-proxy-3)", () => {
  let server: StaticServer;
  let backend: Server;
  let backendUrl: string | undefined;
  before(async () => {
    // A stand-in backend that echoes what reached it, sets a cookie and its own headers.
    backend = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        res.writeHead(req.url?.includes("missing") ? 404 : 201, {
          "content-type": "application/json",
          "set-cookie": "session=abc; HttpOnly; SameSite=Strict",
          "x-backend": "yes",
        });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            host: req.headers.host,
            cookie: req.headers.cookie,
            origin: req.headers.origin,
            body,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    server = await serveBuild(root, () => backendUrl, { connectSrc: [RPC] });
  });
  after(async () => {
    await server.close();
    backend.closeAllConnections();
    await new Promise((resolve) => backend.close(resolve));
  });

  it("14.1 an app route gets index.html (revalidated), a fingerprinted asset is immutable, a missing asset is a 404 with the headers, never the page", async () => {
    const page = await fetch(`${server.url}/properties/some-id?tab=documents`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(await page.text(), "<!doctype html><title>app</title>");
    assert.equal(page.headers.get("cache-control"), "no-cache");
    const asset = await fetch(`${server.url}/assets/app-1234.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get("content-type") ?? "", /javascript/);
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(await asset.text(), "export {};");
    const missing = await fetch(`${server.url}/assets/app-9999.js`);
    assert.equal(missing.status, 404, "a stale chunk must fail loudly, not run the HTML page as JavaScript");
    assert.ok(!(await missing.text()).includes("<title>app</title>"));
    for (const name of EXPECTED) assert.ok(missing.headers.get(name), `404: ${name}`);
  });

  it("14.1 /api goes to the backend named at request time: method, path, query, body and cookie forwarded; its status, cookie and headers come back", async () => {
    const early = await fetch(`${server.url}/api/v1/health`);
    assert.equal(early.status, 502);
    assert.equal(early.headers.get("content-type"), "application/problem+json");
    assert.equal(((await early.json()) as { status: number }).status, 502);
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const res = await fetch(`${server.url}/api/v1/properties?q=x&limit=2`, {
      method: "POST",
      headers: { cookie: "session=old", origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ name: "Casa" }),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("x-backend"), "yes");
    assert.equal(
      res.headers.get("set-cookie"),
      "session=abc; HttpOnly; SameSite=Strict",
      "the SIWE cookie stays first-party",
    );
    assert.equal(
      res.headers.get("content-security-policy"),
      null,
      "the backend's answer keeps the backend's own headers",
    );
    const seen = (await res.json()) as Record<string, string>;
    assert.deepEqual(seen, {
      method: "POST",
      url: "/api/v1/properties?q=x&limit=2",
      host: new URL(backendUrl).host,
      cookie: "session=old",
      origin: server.url,
      body: JSON.stringify({ name: "Casa" }),
    });
    assert.equal((await fetch(`${server.url}/api/v1/missing`)).status, 404, "the backend's refusals pass through");
    const port = new URL(backendUrl).port;
    backendUrl = "http://127.0.0.1:1";
    const down = await fetch(`${server.url}/api/v1/health`);
    assert.equal(down.status, 502, "backend unreachable");
    assert.equal(((await down.json()) as { title: string }).title, "Backend unreachable");
    backendUrl = `http://127.0.0.1:${port}`;
  });

  it("14.1 /api keeps the browser's connection open", async () => {
    // Before: every proxied answer said `Connection: close` (the proxy opens a connection per request, the backend
    // answers that one with close, and the proxy passed it on), so each API call cost the browser a new connection,
    // and autocannon, sending on regardless, queued seconds of requests in bench:instances.
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sent: { connection: string | undefined; reused: boolean }[] = [];
      for (let i = 0; i < 4; i++)
        sent.push(
          await new Promise((resolve, reject) => {
            const req = httpRequest(`${server.url}/api/v1/properties?n=${i}`, { agent }, (res) => {
              res.resume();
              res.on("end", () => resolve({ connection: res.headers.connection, reused: req.reusedSocket }));
            });
            req.on("error", reject);
            req.end();
          }),
        );
      assert.deepEqual(
        sent.map((r) => r.connection),
        ["keep-alive", "keep-alive", "keep-alive", "keep-alive"],
      );
      assert.deepEqual(
        sent.map((r) => r.reused),
        [false, true, true, true],
        "one browser connection for every call",
      );
    } finally {
      agent.destroy();
    }
  });

  it("14.1 the backend gets a connection per request by default, and one kept-alive connection with backendAgent", async () => {
    // bench:instances forwards over kept-alive connections, as a production load balancer does: a connection opened
    // and closed per request was most of what a small answer cost the backend it measured.
    let connections = 0;
    const counted = createServer((_req, res) => res.end("{}"));
    counted.on("connection", () => connections++);
    await new Promise<void>((resolve) => counted.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(counted.address() as AddressInfo).port}`;
    const agent = new Agent({ keepAlive: true });
    const pooled = await serveBuild(root, () => origin, { connectSrc: [RPC], backendAgent: agent });
    const plain = await serveBuild(root, () => origin, { connectSrc: [RPC] });
    try {
      const fourCalls = async (proxy: StaticServer): Promise<number> => {
        const before = connections;
        for (let i = 0; i < 4; i++) assert.equal((await rawGet(proxy.url, `/api/v1/n${i}`)).status, 200);
        return connections - before;
      };
      assert.equal(await fourCalls(plain), 4);
      assert.equal(await fourCalls(pooled), 1);
    } finally {
      await pooled.close();
      await plain.close();
      agent.destroy();
      counted.closeAllConnections();
      await new Promise((resolve) => counted.close(resolve));
    }
  });

  it("14.1 nothing outside the build, and no dotfile inside it, is served", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/.env",
      "/.git/config",
      "/%2eenv",
      "/assets/../.env",
    ]) {
      const res = await rawGet(server.url, path);
      assert.ok(!res.body.includes(SECRET) && !res.body.includes(HIDDEN), `${path}: ${res.status}`);
      assert.ok(res.headers["content-security-policy"], `${path}: headers on every answer`);
    }
  });

  it("14.1 property: no request path built from dot segments, encoded slashes and names reaches a file outside the build or a dotfile", async () => {
    const segment = fc.constantFrom(
      "..",
      ".",
      "%2e%2e",
      "%2E%2E",
      ".%2e",
      "%2e.",
      "..%2f",
      "..%5c",
      "%2f",
      "%5c",
      "%00",
      "assets",
      "secret.txt",
      ".env",
      ".git",
      "config",
      "%2eenv",
      "dist",
      "",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (parts) => {
        const res = await rawGet(server.url, "/" + parts.join("/"));
        assert.ok(!res.body.includes(SECRET) && !res.body.includes(HIDDEN), `/${parts.join("/")}: ${res.status}`);
      }),
      { numRuns: 300 },
    );
  });
});
