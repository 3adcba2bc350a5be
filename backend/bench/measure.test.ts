/**
 * The benchmarks' load runs refuse to report a queue as a measure (measure.ts assertClosedLoop): a server that
 * answers `Connection: close` makes autocannon send two requests per answer, which is how bench:instances reported
 * seconds of latency through the local proxy.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, describe, it } from "node:test";
import { load } from "./measure.ts";

const servers: Server[] = [];
async function serve(closeEachConnection: boolean): Promise<string> {
  const server = createServer((_req, res) => {
    if (closeEachConnection) res.setHeader("connection", "close");
    res.setHeader("content-type", "application/json");
    res.end("{}");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe("benchmark load runs", () => {
  it("a server that keeps its connections is measured", async () => {
    const run = await load({ urls: [await serve(false)] }, 1);
    assert.ok(run.rps > 0 && run.errors === 0 && run.non2xx === 0, JSON.stringify(run));
  });

  it("answers with Connection: close make the run fail instead of reporting the load generator's queue", async () => {
    const url = await serve(true);
    await assert.rejects(load({ urls: [url] }, 1), /were queued, not measured/);
  });
});
