/**
 * OpenAPI 3.1 document generated from the same route declarations and zod schemas that validate requests.
 * Each operation also lists who may call it (`x-access`) and the problem responses it can give.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { RouteSpec } from "../http/route.ts";
import { Problem } from "../http/schemas.ts";

export const API_PREFIX = "/api/v1";

function toOpenApiPath(path: string): string {
  return API_PREFIX + path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

export function buildOpenApiDocument(routes: RouteSpec[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "fh_session" });
  for (const route of routes) {
    const responses: Record<string, object> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? {
            description: spec.description,
            content: { [spec.contentType ?? "application/json"]: { schema: spec.schema } },
          }
        : { description: spec.description };
    }
    responses["400"] ??= problem("Invalid request (validation_failed)");
    if (route.access !== "public") {
      responses["401"] ??= problem("Not signed in (unauthenticated)");
      responses["403"] ??= problem("Role or ownership does not allow this (forbidden)");
    }
    if (route.ifMatch) {
      responses["412"] ??= problem("The resource changed since it was read (version_mismatch)");
      responses["428"] ??= problem("If-Match is required (if_match_required)");
    }
    if (route.rateLimited || route.anonymousRateLimit) responses["429"] ??= problem("Too many requests (rate_limited)");
    if (route.upload) {
      responses["413"] ??= problem("The file is larger than allowed (payload_too_large)");
      responses["415"] ??= problem(
        "Not multipart/form-data, or the file's content is not of an accepted type (unsupported_media_type)",
      );
    }
    const headers: Record<string, z.ZodType> = {};
    if (route.ifMatch)
      headers["If-Match"] = z.string().meta({ description: "ETag of the version being updated", example: '"3"' });
    if (route.idempotent)
      headers["Idempotency-Key"] = z
        .string()
        .optional()
        .meta({ description: "Replays the first reply for a repeated request" });
    const body = route.upload
      ? {
          content: {
            "multipart/form-data": {
              schema: (route.body instanceof z.ZodObject ? route.body : z.object({})).extend({
                [route.upload.field]: z.string().meta({ format: "binary" }),
              }),
            },
          },
        }
      : route.body
        ? { content: { "application/json": { schema: route.body } } }
        : undefined;
    registry.registerPath({
      method: route.method,
      path: toOpenApiPath(route.path),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      security: route.access === "public" ? [] : [{ session: [] }],
      "x-access": route.access,
      request: {
        ...(route.params ? { params: route.params as z.ZodObject } : {}),
        ...(route.query ? { query: route.query as z.ZodObject } : {}),
        ...(Object.keys(headers).length ? { headers: z.object(headers) } : {}),
        ...(body ? { body } : {}),
      },
      responses,
    } as never);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Freehold registry API",
      version: "1.0.0",
      description:
        "The off-chain registry of Freehold: properties, land titles, leases, KYC/AML and the audit trail. Errors are RFC 9457 problem+json with a stable `code`.",
    },
    servers: [{ url: "/" }],
  });
}
