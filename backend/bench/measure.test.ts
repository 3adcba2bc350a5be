/**
 * The benchmarks' load runs refuse to report what is not a measure of the path they name (measure.ts):
 * - a queue (assertClosedLoop): a server that answers `Connection: close` makes autocannon send two requests per
 *   answer, which is how bench:instances reported seconds of latency through the local proxy;
 * - failed answers (assertAllAnswered): bench:instances requested `?page=2`, a parameter the list no longer takes,
 *   and half its "list" throughput was 400s, counted as `non2xx` and reported as rps.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, describe, it } from "node:test";
import { load } from "./measure.ts";

const servers: Server[] = [];
async function serve(closeEachConnection: boolean): Promise<string> {
  const server = createServer((req, res) => {
    if (closeEachConnection) res.setHeader("connection", "close");
    if (req.url?.includes("bad")) res.statusCode = 400;
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

  it("a path answered with an error status makes the run fail instead of reporting errors as throughput", async () => {
    const url = await serve(false);
    await assert.rejects(load({ urls: [url, `${url}?bad=1`] }, 1), /answered with a status other than 2xx/);
  });
});
