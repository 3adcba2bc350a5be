/**
 * Serves the production build (`vite build` output) as a CDN would, with the SPA fallback, and forwards `/api`
 * to the backend so the SIWE cookie stays first-party, exactly like the production reverse proxy.
 * Used by the local stack (`npm start`) and by the web app's browser tests (web/e2e/harness/staticServer.ts).
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
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
}

/** `apiOrigin` is read per request: the backend starts after the server, once the app's origin is known. */
export function serveBuild(root: string, apiOrigin: () => string | undefined = () => undefined, options: ServeOptions = {}): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const backend = apiOrigin();
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end("Malformed URL");
      return;
    }
    if (path.startsWith("/api/")) {
      if (!backend) {
        res.writeHead(502, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ title: "Backend not running yet", status: 502 }));
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
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
