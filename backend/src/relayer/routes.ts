/** The relay API (issue 20): a signed-in investor's forwarder requests, submitted by the backend's relayer. */
import type { Hex } from "viem";
import { IdParams } from "../core/schemas.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { findRelayRequest, notYourWallet, relayDisabled } from "./relayer.ts";
import { RelayInfo, RelayRequestBody, RelaySubmitted, RelayView } from "./schemas.ts";

const problem = (description: string) => ({ description });

export const relayerRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/relay",
    summary: "Whether gasless actions are available, what to sign them for, and your gas budget left today",
    tags: ["relay"],
    access: "authenticated",
    responses: { 200: { description: "The relay's settings and your budget", schema: RelayInfo } },
    handler: async ({ deps, actor }) => {
      const relayer = deps.relayer;
      const budget = relayer
        ? await relayer.budget(actor.id)
        : { dailyGasBudget: "0", gasUsedToday: "0", gasRemainingToday: "0" };
      return {
        status: 200,
        body: {
          enabled: Boolean(relayer),
          chainId: relayer?.chainId ?? deps.config.siwe.chainId,
          forwarder: relayer?.forwarder ?? null,
          relayer: relayer?.address ?? null,
          ...budget,
        },
      };
    },
  }),
  defineRoute({
    method: "post",
    path: "/relay",
    summary: "Submit a signed forwarder request; the platform pays its gas",
    description:
      "Refusals write and send nothing: 403 when `from` is not your wallet; 422 `relay-not-allowed` (not a " +
      "Freehold contract, a function not relayed, or value), `relay-invalid-request` (the forwarder's verify: " +
      "signature, nonce, deadline) or `relay-would-revert` (simulated; `detail` names the contract's error); 429 " +
      "with Retry-After for the rate limit or a spent daily gas budget; 503 `relay-disabled`.",
    tags: ["relay"],
    access: "authenticated",
    body: RelayRequestBody,
    responses: {
      202: { description: "Signed, stored and broadcast", schema: RelaySubmitted },
      403: problem("`from` is not a wallet of the signed-in user"),
      422: problem("relay-not-allowed, relay-invalid-request or relay-would-revert (the problem's `rule`)"),
      429: problem("too many requests, or the daily gas budget is spent (Retry-After)"),
      503: problem("relay-disabled: no relayer key is configured"),
    },
    handler: async ({ deps, actor, body }) => {
      const r = body.request;
      // Authorization before availability: someone else's request is refused whether or not the relay runs.
      if (r.from.toLowerCase() !== actor.address.toLowerCase()) throw notYourWallet();
      if (!deps.relayer) throw relayDisabled();
      const submitted = await deps.relayer.submit(actor, {
        from: r.from as `0x${string}`,
        to: r.to as `0x${string}`,
        value: BigInt(r.value),
        gas: BigInt(r.gas),
        nonce: BigInt(r.nonce),
        deadline: BigInt(r.deadline),
        data: r.data as Hex,
        signature: r.signature as Hex,
      });
      return { status: 202, body: { id: submitted.id, status: submitted.status, txHash: submitted.txHash } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/relay/:id",
    summary: "The state of one of your relay requests",
    tags: ["relay"],
    access: "authenticated",
    params: IdParams,
    responses: {
      200: { description: "The request and its transaction", schema: RelayView },
      404: problem("no such request of yours"),
    },
    handler: async ({ deps, actor, params }) => {
      return { status: 200, body: await findRelayRequest(deps.db, actor.id, params.id) };
    },
  }),
];
