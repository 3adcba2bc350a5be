/** Private placements (issue 20): invitations a property's manager signed, for the manager and for the investor. */
import { IdParams } from "../core/schemas.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { InvitationBody, InvitationList, InvitationView } from "./schemas.ts";
import { myInvitations, postInvitation, propertyInvitations } from "./service.ts";

export const placementRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/properties/:id/invitations",
    summary:
      "Posts an invitation to the property's offering that the manager signed in their wallet (EIP-712), for one verified identity",
    tags: ["placements"],
    access: ["PROPERTY_MANAGER"],
    params: IdParams,
    body: InvitationBody,
    responses: { 201: { description: "The invitation, open", schema: InvitationView } },
    handler: async ({ deps, actor, params, body }) => ({
      status: 201,
      body: await postInvitation(deps.db, deps.config.siwe.chainId, actor, params.id, body, new Date()),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/invitations",
    summary: "The invitations to the property's offering, with their status on chain",
    tags: ["placements"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The property's invitations", schema: InvitationList } },
    handler: async ({ deps, actor, params }) => ({
      status: 200,
      body: await propertyInvitations(deps.db, deps.config.siwe.chainId, actor, params.id, new Date()),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/me/invitations",
    summary: "The signed-in investor's invitations (to any wallet of their identity), with their status on chain",
    tags: ["placements"],
    access: "authenticated",
    responses: { 200: { description: "The investor's invitations", schema: InvitationList } },
    handler: async ({ deps, actor }) => ({
      status: 200,
      body: await myInvitations(deps.db, deps.config.siwe.chainId, actor, new Date()),
    }),
  }),
];
