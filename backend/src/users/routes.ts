/** Users: profile of the signed-in user, and role management for admins. */
import { keyRingOf } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams } from "../core/schemas.ts";
import { ListUsersQuery, SetRolesBody, UpdateProfileBody, UserPage, UserView, presentUser } from "./schemas.ts";
import { getUser, listUsers, setRoles, updateProfile } from "./service.ts";

export const userRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/users",
    summary: "List users (admins)",
    tags: ["users"],
    access: ["ADMIN"],
    query: ListUsersQuery,
    responses: { 200: { description: "A page of users", schema: UserPage } },
    handler: async ({ deps, query }) => {
      const page = await listUsers(deps.db, query);
      return {
        status: 200,
        body: { items: page.items.map((u) => presentUser(u, keyRingOf(deps))), nextCursor: page.nextCursor },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/users/:id",
    summary: "Read a user (admins, or the user themself)",
    tags: ["users"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The user", schema: UserView } },
    handler: async ({ deps, actor, params }) => {
      const user = await getUser(deps.db, actor, params.id);
      return { status: 200, body: presentUser(user, keyRingOf(deps)), version: user.version };
    },
  }),
  defineRoute({
    method: "patch",
    path: "/users/me",
    summary: "Update the signed-in user's display name (the email address is set with POST /me/email and verified)",
    tags: ["users"],
    access: "authenticated",
    ifMatch: true,
    body: UpdateProfileBody,
    responses: { 200: { description: "Updated", schema: UserView } },
    handler: async ({ actor, body, expectedVersion, transaction, deps }) =>
      transaction(async (tx) => {
        const user = await updateProfile(tx, keyRingOf(deps), actor, expectedVersion, body);
        return { status: 200, body: presentUser(user, keyRingOf(deps)), version: user.version };
      }),
  }),
  defineRoute({
    method: "put",
    path: "/users/:id/roles",
    summary: "Set a user's roles (admins)",
    tags: ["users"],
    access: ["ADMIN"],
    params: IdParams,
    ifMatch: true,
    body: SetRolesBody,
    responses: { 200: { description: "Roles set", schema: UserView } },
    handler: async ({ actor, params, body, expectedVersion, transaction, deps }) => {
      const reply = await transaction(async (tx) => {
        const user = await setRoles(tx, actor, params.id, expectedVersion, body.roles);
        return { status: 200, body: presentUser(user, keyRingOf(deps)), version: user.version };
      });
      // Committed: this instance serves the new roles from the next request on, not after the notification.
      deps.sessionCache?.forget([params.id]);
      return reply;
    },
  }),
];
