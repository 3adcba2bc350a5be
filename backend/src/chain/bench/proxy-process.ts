/**
 * bench:instances' round-robin proxy, in a process of its own so that it does not share a thread with the load
 * generator (in one process the two of them capped the run below what the backends could serve). It forwards to the
 * first `serving` of the origins given as arguments, over kept-alive connections as a production load balancer
 * does; the parent sets `serving` with an IPC message `{ serving }` and waits for the `{ serving }` echo.
 */
import { Agent } from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { serveBuild } from "@freehold/dev-kit/static-server";

const origins = process.argv.slice(2);
let serving = origins.length;
let next = 0;
const proxy = await serveBuild(
  mkdtempSync(path.join(os.tmpdir(), "freehold-proxy-")),
  () => origins[next++ % serving],
  { connectSrc: [], backendAgent: new Agent({ keepAlive: true }) },
);
process.on("message", (message: { serving: number }) => {
  serving = message.serving;
  process.send!({ serving });
});
process.on("disconnect", () => void proxy.close().then(() => process.exit(0)));
process.send!({ url: proxy.url });
