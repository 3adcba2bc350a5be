/**
 * The Express application, built from configuration and dependencies (no globals): security headers, CORS
 * limited to the web origin, cookie sessions, structured request logs, the declared routes under /api/v1,
 * liveness/readiness probes and Prometheus metrics (src/observability), the OpenAPI document with interactive docs, and problem+json errors.
 */
import { timingSafeEqual } from "node:crypto";
import path from "node:path";
import cookieParser from "cookie-parser";
import cors from "cors";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import swaggerUi from "swagger-ui-express";
import type { Actor } from "../auth/actor.ts";
import { signInLimiters } from "../auth/rate-limits.ts";
import { SESSION_COOKIE, sessionMiddleware } from "../auth/session.ts";
import { API_PREFIX, buildOpenApiDocument } from "../openapi/document.ts";
import type { Deps } from "./deps.ts";
import {
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from "../core/errors.ts";
import { readiness } from "../observability/health.ts";
import { Metrics, ROUTE_TEMPLATE } from "../observability/metrics.ts";
import { httpLogger } from "./logger.ts";
import { problemHandler, sendProblem } from "./problem.ts";
import type { CachedReply, PublicResponseCache } from "./public-cache.ts";
import { ALREADY_SENT, checkAccess, runRoute, type RouteSpec } from "./route.ts";
import { allRoutes } from "./routes.ts";
import { devMailRoutes } from "../notifications/routes.ts";
import { anonymousLimiter } from "./anonymous-limit.ts";
import { streamUpload } from "./upload.ts";

export interface AppOptions {
  logger: Logger;
  routes?: RouteSpec[];
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
    },
  },
} as const;

/**
 * Helmet's headers depend only on its options, not on the request: they are computed once, by running helmet
 * against a recording response, and each request gets them in one call instead of a chain of eleven
 * middlewares (headers.test.ts checks they equal helmet's own).
 */
export function onceComputedHeaders(middleware: express.RequestHandler): express.RequestHandler {
  const headers = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number) => headers.set(name, String(value)),
    removeHeader: (name: string) => removed.push(name),
  };
  let called = false;
  void middleware({ method: "GET", headers: {} } as Request, recorder as unknown as Response, () => {
    called = true;
  });
  if (!called) throw new Error("the header middleware did not complete synchronously");
  return (_req, res, next) => {
    res.setHeaders(headers);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/** RFC 9211 Cache-Status values of the public response cache. */
const CACHE_STATUS = { hit: "freehold; hit", miss: "freehold; fwd=miss", bypass: "freehold; fwd=bypass" } as const;
const SESSION_COOKIE_PREFIX = `${SESSION_COOKIE}=`;

/** Signed-in callers (a session cookie, valid or not) never share the anonymous cache. */
function mayUseCache(req: Request): boolean {
  return !req.headers.cookie?.includes(SESSION_COOKIE_PREFIX);
}

/**
 * Investors only read the registry (properties, titles, valuations): they never need to read their own write in
 * it, so they may be served an answer shared by everyone; managers, officers and admins always read the database.
 */
function readsOnlyWhatOthersWrite(actor: Actor): boolean {
  return actor.roles.every((role) => role === "INVESTOR");
}

function sendCached(res: Response, hit: CachedReply): void {
  res.setHeader("Cache-Status", CACHE_STATUS.hit);
  if (hit.version !== undefined) res.setHeader("ETag", `"${hit.version}"`);
  res.status(200).type("application/json; charset=utf-8").send(hit.json);
}

/**
 * Serves anonymous repeats of `publicCache` routes from memory, before any parsing, session lookup or
 * validation: only responses this API produced for a valid request were stored, under the exact URL.
 */
function publicCacheLookup(cache: PublicResponseCache): express.RequestHandler {
  return (req, res, next) => {
    const hit = mayUseCache(req) ? cache.get(req.originalUrl) : undefined;
    if (!hit) {
      next();
      return;
    }
    sendCached(res, hit);
  };
}

/** The first path segment (`/properties/:id` -> `properties`): routes are grouped by it, one router each. */
function firstSegment(path: string): string {
  return path.split("/")[1] ?? "";
}

export function createApp(deps: Deps, options: AppOptions): express.Express {
  const { config } = deps;
  const sink = config.email.devMailSinkUrl;
  // development only (the configuration refuses the sink's URL elsewhere): production never mounts /dev/mail
  const routes = [...(options.routes ?? allRoutes), ...(sink ? devMailRoutes(sink) : [])];
  const app = express();
  app.disable("x-powered-by");
  // Which proxies may set X-Forwarded-For (TRUST_PROXY): req.ip, and every limit keyed by it, is the real client.
  app.set("trust proxy", config.trustProxy);
  app.set("etag", false);

  app.use(httpLogger(options.logger));
  const sources = { pool: deps.pool, poolSize: config.databasePoolSize, ...(deps.chain ? { chain: deps.chain } : {}) };
  const metrics = deps.metrics ?? new Metrics(sources);
  app.use(metrics.middleware());
  app.use(onceComputedHeaders(helmet(HELMET_OPTIONS)));
  app.use(
    cors({
      origin: (origin, allow) => allow(null, origin === config.webOrigin),
      credentials: true,
      exposedHeaders: ["ETag", "X-Request-Id", "Idempotency-Replayed"],
    }),
  );

  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/ready", async (req, res) => {
    const { ready, checks } = await readiness(sources, config.readiness.maxChainLagBlocks, (check, error) =>
      options.logger.warn({ check, err: error.message, requestId: String(req.id) }, "readiness check failed"),
    );
    if (ready) {
      res.json({ status: "ready", checks });
      return;
    }
    const failed = Object.entries(checks).filter(([, c]) => !c.ok);
    const detail = failed.map(([name, c]) => `${name}: ${c.detail ?? "failed"}`).join("; ");
    sendProblem(res, new ServiceUnavailableError(detail, { checks }), "/ready", String(req.id));
  });
  // Prometheus metrics (METRICS_TOKEN): open locally, a bearer token in production, or not served at all.
  if (config.metrics.access !== "off") {
    const token = config.metrics.access === "token" ? Buffer.from(`Bearer ${config.metrics.token}`) : undefined;
    app.get("/metrics", async (req, res, next) => {
      const presented = Buffer.from(req.get("authorization") ?? "");
      if (token && (presented.length !== token.length || !timingSafeEqual(presented, token))) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        next(new UnauthenticatedError("GET /metrics needs the scraper's bearer token (METRICS_TOKEN)"));
        return;
      }
      const { contentType, body } = await metrics.exposition();
      res.type(contentType).send(body);
    });
  }

  const document = buildOpenApiDocument(routes);
  app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.json(document);
  });
  // API_DOCS=off (the production default): no interactive surface; /api/v1/docs is then an ordinary 404.
  if (config.apiDocs === "public")
    app.use(`${API_PREFIX}/docs`, swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: "Freehold API" }));

  const api = express.Router();
  api.use(cookieParser());
  api.use(express.json({ limit: "1mb", strict: true }));
  // Cookie sessions + SameSite=Strict already stop cross-site writes; refusing foreign Origins is a second lock.
  api.use((req: Request, _res: Response, next: NextFunction) => {
    const origin = req.get("origin");
    if (MUTATING.has(req.method) && origin !== undefined && origin !== config.webOrigin) {
      next(new ForbiddenError(`requests from origin ${origin} are not accepted`));
      return;
    }
    next();
  });
  api.use(sessionMiddleware(deps.pool, deps.sessionCache));

  const limiters = signInLimiters(config);
  const anonymousBudget = anonymousLimiter(config);
  const uploadLimits = { maxBytes: config.uploadMaxBytes, dir: path.join(config.storageDir, ".incoming") };

  const groups = new Map<string, express.Router>();
  for (const route of routes) {
    if (route.path.startsWith("/:"))
      throw new Error(
        `route ${route.path}: a route may not start with a parameter (routes are grouped by their first segment)`,
      );
    const template = `${API_PREFIX}${route.path}`;
    // Metrics count by template: whatever answers from here on (a limiter, the handler, an error) is this route.
    const handlers: express.RequestHandler[] = [
      (_req, res, next) => {
        res.locals[ROUTE_TEMPLATE] = template;
        next();
      },
    ];
    if (route.rateLimited) handlers.push(limiters.perClient);
    if (route.rateLimited === "sign-in") handlers.push(limiters.perAccount);
    if (route.anonymousRateLimit) handlers.push(anonymousBudget);
    if (route.upload) {
      const upload = streamUpload(route.upload.field, uploadLimits);
      handlers.push((req, res, next) => {
        // Who may call comes before what they sent: an outsider learns 401/403, not the upload format.
        try {
          checkAccess(route.access, req.actor ?? null);
        } catch (error) {
          next(error);
          return;
        }
        if (!req.is("multipart/form-data")) {
          next(new UnsupportedMediaTypeError("send multipart/form-data"));
          return;
        }
        upload(req, res, next);
      });
    }
    const cache = route.publicCache ? deps.publicCache : undefined;
    handlers.push(async (req, res) => {
      // A signed-in investor asking what everyone gets (publicCacheLookup served the anonymous ones already).
      const hit = cache && req.actor && readsOnlyWhatOthersWrite(req.actor) ? cache.get(req.originalUrl) : undefined;
      if (hit?.shared) {
        sendCached(res, hit);
        return;
      }
      // Read before the response is computed: if the registry changes meanwhile, the response is not stored.
      const generation = cache?.generation ?? 0;
      const reply = await runRoute(route, req, res, deps);
      if (reply === ALREADY_SENT || res.headersSent) return;
      if (cache) {
        const storable =
          cache.enabled &&
          reply.status === 200 &&
          reply.json !== undefined &&
          ((!req.actor && mayUseCache(req)) || reply.sameForEveryone === true);
        if (storable)
          cache.set(req.originalUrl, generation, {
            json: reply.json!,
            ...(reply.version !== undefined ? { version: reply.version } : {}),
            ...(reply.sameForEveryone ? { shared: true } : {}),
          });
        res.setHeader("Cache-Status", storable ? CACHE_STATUS.miss : CACHE_STATUS.bypass);
      }
      if (reply.version !== undefined) res.setHeader("ETag", `"${reply.version}"`);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.json !== undefined) res.status(reply.status).type("application/json; charset=utf-8").send(reply.json);
      else if (reply.body === undefined || reply.status === 204) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    });
    // One router per first segment: a request is matched against its group's routes only, not every route.
    // Routes of different first segments never match the same path, so the order within a group is all that counts.
    const segment = firstSegment(route.path);
    let group = groups.get(segment);
    if (!group) {
      group = express.Router();
      groups.set(segment, group);
      api.use(`/${segment}`, group);
    }
    group[route.method](route.path.slice(segment.length + 1) || "/", ...handlers);
  }
  api.use((req: Request, _res: Response, next: NextFunction) =>
    next(new NotFoundError("route", `${req.method} ${req.path}`)),
  );
  if (deps.publicCache) {
    for (const route of routes) {
      if (!route.publicCache) continue;
      if (route.method !== "get" || route.access !== "public")
        throw new Error(`route ${route.path}: only public GET routes can use the public cache`);
      app.get(`${API_PREFIX}${route.path}`, publicCacheLookup(deps.publicCache));
    }
  }
  app.use(API_PREFIX, api);
  app.use((req: Request, _res: Response, next: NextFunction) =>
    next(new NotFoundError("route", `${req.method} ${req.path}`)),
  );
  app.use(problemHandler);
  return app;
}
