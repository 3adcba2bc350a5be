/**
 * Serves the production build (`vite build` output) as a CDN would, with the SPA fallback and the web app's
 * security headers, and forwards `/api` to the backend so the SIWE cookie stays first-party, exactly like the
 * production reverse proxy. Used by the local stack (`npm start`) and by the web app's browser tests
 * (web/e2e/harness/staticServer.ts). docs/PRODUCTION.md lists the same headers for the production host.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
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
  /**
   * Origins the app may fetch besides its own (CSP connect-src): the JSON-RPC endpoint (VITE_RPC_URL) and the API
   * when VITE_API_URL is absolute. Required: a forgotten RPC origin would silently break the app.
   */
  connectSrc: readonly string[];
  /** Serve over HTTPS with this key pair (PEM); only then is Strict-Transport-Security sent. */
  tls?: { key: string; cert: string };
}

/**
 * The web app's security headers. The bundle is only same-origin scripts and styles (Vite), so script-src is
 * 'self' with no inline code; frames are refused (clickjacking of wallet prompts); HSTS only over TLS.
 */
export function webSecurityHeaders(options: { connectSrc: readonly string[]; tls: boolean }): Record<string, string> {
  const origins = [...new Set(options.connectSrc.map((url) => new URL(url).origin))];
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...origins].join(" ")}`,
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    ...(options.tls ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "content-security-policy": csp,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin-allow-popups",
    ...(options.tls ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** `apiOrigin` is read per request: the backend starts after the server, once the app's origin is known. */
export function serveBuild(root: string, apiOrigin: () => string | undefined, options: ServeOptions): Promise<StaticServer> {
  const securityHeaders = webSecurityHeaders({ connectSrc: options.connectSrc, tls: options.tls !== undefined });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const backend = apiOrigin();
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      res.writeHead(400, { ...securityHeaders, "content-type": "text/plain; charset=utf-8" });
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
      ...securityHeaders,
      "content-type": TYPES[extname(target)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    createReadStream(target).pipe(res);
  };
  const server: Server | TlsServer = options.tls ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handle) : createServer(handle);
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `${options.tls ? "https" : "http"}://${host}:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
