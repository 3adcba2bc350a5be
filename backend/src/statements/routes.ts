/** Statement routes: the investor's list, and each statement's PDF and CSV (owner, compliance officers, admins). */
import { z } from "zod";
import type { Response } from "express";
import { ALREADY_SENT, defineRoute, type RouteSpec } from "../http/route.ts";
import { listStatements, statementFile } from "./service.ts";
import { presentStatement, StatementFileParams, StatementListQuery, StatementPage } from "./schemas.ts";

const tags = ["statements"];

function send(res: Response, bytes: Buffer, sha256: string, contentType: string, filename: string) {
  res.status(200);
  res.attachment(filename);
  res.setHeader("Content-Type", contentType);
  res.setHeader("X-Content-SHA256", sha256);
  res.setHeader("Digest", `sha-256=${Buffer.from(sha256, "hex").toString("base64")}`);
  res.setHeader("Cache-Control", "private, no-store");
  res.end(bytes);
  return ALREADY_SENT;
}

const fileRoute = (format: "pdf" | "csv", contentType: string) =>
  defineRoute({
    method: "get",
    path: `/statements/:id.${format}`,
    summary: `An investor statement as ${format.toUpperCase()}: its owner, compliance officers and admins (others 404)`,
    tags,
    access: "authenticated",
    params: StatementFileParams,
    responses: {
      200: {
        description: `The stored ${format.toUpperCase()} bytes (X-Content-SHA256 is their SHA-256)`,
        contentType,
        schema: z.string().meta({ format: "binary" }),
      },
    },
    handler: async ({ deps, actor, params, res }) => {
      const { statement, bytes, sha256 } = await statementFile(deps.db, deps.storage, actor, params.id, format);
      const name = `freehold-${statement.kind.toLowerCase().replace("_", "-")}-${statement.label}.${format}`;
      return send(res, bytes, sha256, contentType, name);
    },
  });

export const statementRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/me/statements",
    summary: "The signed-in investor's statements, newest first (keyset paging)",
    tags,
    access: "authenticated",
    query: StatementListQuery,
    responses: { 200: { description: "A page of statements", schema: StatementPage } },
    handler: async ({ deps, actor, query }) => {
      const page = await listStatements(deps.db, actor, query);
      return { status: 200, body: { items: page.items.map(presentStatement), nextCursor: page.nextCursor } };
    },
  }),
  fileRoute("pdf", "application/pdf"),
  fileRoute("csv", "text/csv; charset=utf-8"),
];
