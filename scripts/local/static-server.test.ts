/**
 * Issue 12 item 13: the web app is served with its security headers (CSP with frame-ancestors, Referrer-Policy,
 * nosniff, Permissions-Policy), on every kind of response the server gives, and HSTS only over TLS.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { serveBuild, webSecurityHeaders, type StaticServer } from "./static-server.js";

const scratch = mkdtempSync(join(tmpdir(), "freehold-static-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const root = join(scratch, "dist");
mkdirSync(join(root, "assets"), { recursive: true });
writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
writeFileSync(join(root, "assets", "app-1234.js"), "export {};");

const RPC = "http://127.0.0.1:8545/";
const EXPECTED = ["content-security-policy", "referrer-policy", "x-content-type-options", "permissions-policy", "x-frame-options"];

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
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
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "ignore" });
    const tls = await serveBuild(root, () => undefined, { connectSrc: [RPC], tls: { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") } });
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
    const urls = ["http://127.0.0.1:8545", "https://rpc.example/v2/key", "https://rpc.example/other", "http://[::1]:9000/x"];
    for (let mask = 0; mask < 1 << urls.length; mask++) {
      const chosen = urls.filter((_u, i) => mask & (1 << i));
      const csp = directives(webSecurityHeaders({ connectSrc: chosen, tls: false })["content-security-policy"]!);
      const expected = ["'self'", ...new Set(chosen.map((u) => new URL(u).origin))];
      assert.deepEqual(csp.get("connect-src"), expected);
    }
  });
});
