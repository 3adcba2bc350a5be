/**
 * The API's server keeps idle keep-alive connections for HTTP_KEEP_ALIVE_SECONDS (src/http/listen.ts): longer than a
 * load balancer keeps its own, or a request it sends as the backend closes the connection fails with a 502. Node's
 * default (5 s) is shorter than AWS ALB's and nginx's 60 s.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { describe, it } from "node:test";
import express from "express";
import { testConfig } from "../../test/support/harness.ts";
import { ConfigError } from "../config/index.ts";
import { listenHttp } from "./listen.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One GET on an open socket; resolves with the status line once the whole (small, fixed-length) answer is read. */
function get(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const [head, body] = text.split("\r\n\r\n");
      const length = Number(/content-length: (\d+)/i.exec(head ?? "")?.[1]);
      if (body !== undefined && body.length >= length) {
        socket.off("data", onData);
        resolve(head!.split("\r\n")[0]!);
      }
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
  });
}

async function serve(keepAliveSeconds: number): Promise<{ server: Server; port: number }> {
  const app = express();
  app.get("/", (_req, res) => res.json({ ok: true }));
  const server = await listenHttp(app, { port: 0, host: "127.0.0.1", keepAliveSeconds });
  return { server, port: (server.address() as AddressInfo).port };
}

describe("17 idle keep-alive connections (HTTP_KEEP_ALIVE_SECONDS)", () => {
  it("the default outlasts a load balancer's 60 s idle timeout; the setting is refused outside 1-3600", () => {
    assert.equal(testConfig().httpKeepAliveSeconds, 65);
    assert.equal(testConfig({ HTTP_KEEP_ALIVE_SECONDS: "120" }).httpKeepAliveSeconds, 120);
    for (const bad of ["0", "3601", "1.5", "soon"])
      assert.throws(
        () => testConfig({ HTTP_KEEP_ALIVE_SECONDS: bad }),
        (e: unknown) => e instanceof ConfigError && /HTTP_KEEP_ALIVE_SECONDS/.test(e.message),
        bad,
      );
  });

  it("an idle connection is kept for the configured time, then closed by the server (before Node's 5 s)", async () => {
    const { server, port } = await serve(2);
    const socket = connect(port, "127.0.0.1");
    const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
    try {
      assert.equal(await get(socket), "HTTP/1.1 200 OK");
      await sleep(1_000);
      assert.equal(await get(socket), "HTTP/1.1 200 OK", "still open after half the time");
      const idleSince = Date.now();
      const closedAt = await Promise.race([closed, sleep(4_000).then(() => null)]);
      assert.ok(closedAt !== null, "closed by the server within 4 s of idling (Node's default would wait 5 s)");
      assert.ok(closedAt - idleSince >= 1_000, `closed after ${closedAt - idleSince} ms, not after the setting`);
    } finally {
      socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the server applies the setting, not Node's default of 5 s", async () => {
    const { server } = await serve(65);
    try {
      assert.equal(server.keepAliveTimeout, 65_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
