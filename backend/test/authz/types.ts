/**
 * The authorization matrix: one row per route, naming which callers are allowed. The test sends a VALID request
 * (built fresh for each caller by `request`) as each of the callers below and checks: allowed -> 2xx; denied ->
 * 401 for anonymous, 403 or 404 otherwise (404 when the resource is invisible to the caller), and nothing written.
 * Every route of the app must have exactly one row (rows are collected from every file in test/authz/).
 */
import type { TestContext, TestUser } from "../support/harness.ts";

export const CALLERS = ["anonymous", "investor", "owner", "otherManager", "officer", "admin"] as const;
export type Caller = (typeof CALLERS)[number];

export interface World {
  t: TestContext;
  /** The property manager who owns every fixture built by `request`. */
  owner: TestUser;
  users: Record<Exclude<Caller, "anonymous">, TestUser>;
}

export interface MatrixRequest {
  path: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Send with a throwaway session of the caller (for sign-out). */
  freshSession?: boolean;
}

export interface MatrixRow {
  /** `METHOD /path` exactly as declared (e.g. `POST /properties/:id/transitions`). */
  route: string;
  allow: readonly Caller[] | "everyone";
  /** Builds a valid request (fixtures owned by `world.owner`), once per caller. */
  request(world: World, caller: Caller): Promise<MatrixRequest>;
}

export const EVERYONE = "everyone" as const;
export const SIGNED_IN: readonly Caller[] = ["investor", "owner", "otherManager", "officer", "admin"];
export const STAKE = ["owner", "admin"] as const satisfies readonly Caller[];
/** Who sees a draft property and its sub-resources. */
export const SEES_DRAFT = ["owner", "officer", "admin"] as const satisfies readonly Caller[];
