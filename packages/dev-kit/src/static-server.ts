/**
 * Serves the production build (`vite build` output) as a CDN would, with the SPA fallback and the web app's
 * security headers, and forwards `/api` to the backend so the SIWE cookie stays first-party, exactly like the
 * production reverse proxy. Used by the local stack (`npm start`) and by the web app's browser tests
 * (web/e2e/harness/staticServer.ts); tested by scripts/local/static-server.test.ts. docs/PRODUCTION.md lists the
 * same headers for the production host.
 * Files are served by `sirv` and `/api` forwarded by `http-proxy-3` (maintained libraries, issue 14); this module
 * only adds the headers and the choice between the two.
 */
import { createServer, type Agent, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import { createProxyServer } from "http-proxy-3";
import sirv from "sirv";

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
  /**
   * The connections to the backend. Default: a connection of its own per request (see serveBuild). A benchmark passes
   * a keep-alive agent: a production load balancer keeps its connections to the backends open, and a connection
   * opened and closed per request is most of what a small response costs the backend.
   */
  backendAgent?: Agent;
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
    "permissions-policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin-allow-popups",
    ...(options.tls ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** The proxy's own answer when the backend cannot be reached (the backend's answers carry its own headers). */
function badGateway(res: ServerResponse, title: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(502, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ title, status: 502 }));
}

/**
 * Static files come from `sirv` (the file list is read once at start: only files inside `root` exist for it, so no
 * path can reach outside; an unknown path without an extension gets index.html, a missing asset a 404); `/api`
 * goes through `http-proxy-3` (the proxy Vite itself uses). `apiOrigin` is read per request: the backend starts
 * after the server, once the app's origin is known. Every answer that is not the backend's carries the web app's
 * security headers.
 */
export function serveBuild(
  root: string,
  apiOrigin: () => string | undefined,
  options: ServeOptions,
): Promise<StaticServer> {
  const securityHeaders = Object.entries(
    webSecurityHeaders({ connectSrc: options.connectSrc, tls: options.tls !== undefined }),
  );
  const files = sirv(root, {
    single: true,
    dev: false,
    etag: true,
    // Vite fingerprints everything under assets/: cached for good; index.html and the rest are revalidated.
    setHeaders: (res, pathname) =>
      res.setHeader(
        "cache-control",
        pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      ),
  });
  const proxy = createProxyServer({
    changeOrigin: true,
    ...(options.backendAgent ? { agent: options.backendAgent } : {}),
  });
  // Each request goes to the backend on a connection of its own, which the backend answers with `Connection: close`.
  // That header is about the proxy's connection, not the browser's: passed on, it made the browser open a new
  // connection for every API call. Without it, the proxy keeps the browser's connection (keep-alive). The backend
  // connections are not pooled: a pooled connection the backend closes while a request is on its way answers 502
  // (one did in the browser tests).
  proxy.on("proxyRes", (proxyRes) => {
    delete proxyRes.headers.connection;
  });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      res.writeHead(400, { ...Object.fromEntries(securityHeaders), "content-type": "text/plain; charset=utf-8" });
      res.end("Malformed URL");
      return;
    }
    if (path.startsWith("/api/")) {
      const backend = apiOrigin();
      if (!backend) badGateway(res, "Backend not running yet");
      else proxy.web(req, res, { target: backend }, () => badGateway(res, "Backend unreachable"));
      return;
    }
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    files(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" });
      res.end("Not found");
    });
  };
  const server: Server | TlsServer = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handle)
    : createServer(handle);
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
            server.close(() => {
              proxy.close();
              done();
            });
          }),
      });
    });
  });
}
