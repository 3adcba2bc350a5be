/**
 * Issue 14: the route wrapper types the actor by the route's access rule. A handler of a route that needs a
 * signed-in caller receives an `Actor` (no `actor!`), a public one `Actor | null`; a required upload is a file.
 * The compile-time half is checked by `tsc` (the `@ts-expect-error` lines fail the type-check if the typing
 * loosens); the run-time half is a property: `authorize` lets through exactly the actors the rule names.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Request, Response } from "express";
import fc from "fast-check";
import { z } from "zod";
import { ROLES, type Actor } from "../auth/actor.ts";
import { ForbiddenError, UnauthenticatedError } from "../core/errors.ts";
import type { UploadedFile } from "../core/uploaded-file.ts";
import type { Deps } from "./deps.ts";
import { authorize, defineRoute, runRoute, type Access } from "./route.ts";

const ok = { status: 200 } as const;

describe("14 route wrapper", () => {
  it("14 actor typing: signed-in routes get an Actor, public ones Actor | null, required uploads a file", () => {
    const routes = [
      defineRoute({
        method: "get",
        path: "/t/public",
        summary: "t",
        tags: ["t"],
        access: "public",
        responses: {},
        handler: async ({ actor }) => {
          // @ts-expect-error a public route may be called by nobody
          const id: string = actor.id;
          return { ...ok, body: id };
        },
      }),
      defineRoute({
        method: "get",
        path: "/t/authenticated",
        summary: "t",
        tags: ["t"],
        access: "authenticated",
        responses: {},
        handler: async ({ actor }) => ({ ...ok, body: actor.id satisfies string }),
      }),
      defineRoute({
        method: "post",
        path: "/t/roles",
        summary: "t",
        tags: ["t"],
        access: ["ADMIN", "COMPLIANCE_OFFICER"],
        upload: { field: "file", required: true },
        responses: {},
        handler: async ({ actor, file }) => ({ ...ok, body: [actor.roles, file satisfies UploadedFile] }),
      }),
      defineRoute({
        method: "post",
        path: "/t/optional-file",
        summary: "t",
        tags: ["t"],
        access: ["INVESTOR"],
        upload: { field: "file", required: false },
        responses: {},
        handler: async ({ file }) => {
          // @ts-expect-error an optional upload may be absent
          const name: string = file.originalName;
          return { ...ok, body: name };
        },
      }),
    ];
    assert.equal(routes.length, 4);
  });

  it("14 authorize: any rule lets through exactly the actors it names (401 nobody, 403 wrong role)", () => {
    const role = fc.constantFrom(...ROLES);
    const access: fc.Arbitrary<Access> = fc.oneof(
      fc.constant("public" as const),
      fc.constant("authenticated" as const),
      fc.uniqueArray(role, { minLength: 1 }),
    );
    const actor: fc.Arbitrary<Actor | null> = fc.option(
      fc.record({
        id: fc.uuid(),
        address: fc.constant("0x0000000000000000000000000000000000000001"),
        roles: fc.uniqueArray(role),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(access, actor, (rule, who) => {
        const allowed =
          rule === "public" || (who !== null && (rule === "authenticated" || who.roles.some((r) => rule.includes(r))));
        if (allowed) {
          assert.equal(authorize(rule, who), who);
        } else {
          assert.throws(() => authorize(rule, who), who === null ? UnauthenticatedError : ForbiddenError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("17 the query string is parsed once per request: Express 5 parses it again on every req.query read", async () => {
    let reads = 0;
    const spec = defineRoute({
      method: "get",
      path: "/t/query",
      summary: "t",
      tags: ["t"],
      access: "public",
      query: z.object({ q: z.string() }),
      responses: {},
      handler: async ({ query }) => ({ ...ok, body: query.q }),
    });
    const req = {
      method: "GET",
      params: {},
      body: undefined,
      get: () => undefined,
      get query() {
        reads += 1;
        return { q: "lisbon" };
      },
    } as unknown as Request;
    const reply = await runRoute(spec, req, {} as Response, {} as Deps);
    assert.equal(reply.body, "lisbon");
    assert.equal(reads, 1);
  });
});
