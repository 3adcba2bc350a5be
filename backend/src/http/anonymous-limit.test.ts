/**
 * Found while guarding request overhead (issue 17): a request whose peer address is gone (the client closed its
 * connection before the limiter ran) made the anonymous budget throw, answered 500 and logged as a server failure.
 * The class: every per-client limit keys by `clientKey`, so no limiter fails on a request without an address.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import express, { type RequestHandler } from "express";
import { signInLimiters } from "../auth/rate-limits.ts";
import { testConfig } from "../../test/support/harness.ts";
import { anonymousLimiter } from "./anonymous-limit.ts";

/** The status of one GET through `limiter` when the socket no longer knows the peer's address. */
async function statusWithoutPeer(limiter: RequestHandler): Promise<number> {
  const app = express();
  app.use((req, _res, next) => {
    Object.defineProperty(req.socket, "remoteAddress", { configurable: true, get: () => undefined });
    next();
  });
  app.get("/limited", limiter, (_req, res) => {
    res.json({ ok: true });
  });
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).end();
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/limited`);
    await res.arrayBuffer();
    return res.status;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("17 per-client limits without a peer address", () => {
  it("17 the anonymous budget answers a request whose peer address is gone (it answered 500)", async () => {
    assert.equal(await statusWithoutPeer(anonymousLimiter({ documentCheckRateLimitPerMinute: 5 })), 200);
  });

  it("17 so does the sign-in limit per client", async () => {
    assert.equal(await statusWithoutPeer(signInLimiters(testConfig()).perClient), 200);
  });
});
