/**
 * Serves the production build (`vite build` output) as a CDN would, with the SPA fallback, and forwards `/api`
 * to the backend so the SIWE cookie stays first-party, exactly like the production reverse proxy.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".map": "application/json",
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/** `apiOrigin` is read per request: the backend starts after the server, once the app's origin is known. */
export function serveBuild(root: string, apiOrigin: () => string | undefined = () => undefined): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const backend = apiOrigin();
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    if (path.startsWith("/api/")) {
      if (!backend) {
        res.writeHead(502, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ title: "Backend not running in this test", status: 502 }));
        return;
      }
      const target = new URL(req.url!, backend);
      const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => {
        res.writeHead(502, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ title: "Backend unreachable", status: 502 }));
      });
      req.pipe(upstream);
      return;
    }
    const file = normalize(join(root, path));
    const inside = file.startsWith(normalize(root));
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : join(root, "index.html");
    const immutable = target.includes(`${join(root, "assets")}`);
    res.writeHead(200, {
      "content-type": TYPES[extname(target)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
