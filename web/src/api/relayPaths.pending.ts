/**
 * TEMPORARY, until the relayer branch's OpenAPI document is merged and `npm run openapi` regenerates
 * `generated/openapi.ts`: the `/relay` paths as the lead fixed them (issue 20), so the web side builds against them
 * now. Delete this file after the merge.
 */
import type { components } from "./generated/openapi";

type Json<T> = { content: { "application/json": T } };
type Problem = Json<components["schemas"]["Problem"]>;
type RelayStatus = {
  enabled: boolean;
  chainId: number;
  forwarder: string | null;
  relayer: string | null;
  dailyGasBudget: string;
  gasUsedToday: string;
  gasRemainingToday: string;
};
type Relayed = {
  id: string;
  status: "SUBMITTED" | "CONFIRMED" | "REVERTED" | "DROPPED";
  txHash: string;
  gasUsed: string | null;
};

declare module "./generated/openapi" {
  interface paths {
    "/relay": {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      get: {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        requestBody?: never;
        responses: { 200: { headers: Record<string, unknown> } & Json<RelayStatus>; 401: Problem };
      };
      post: {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        requestBody: Json<{
          request: {
            from: string;
            to: string;
            value: string;
            gas: string;
            nonce: string;
            deadline: string;
            data: string;
            signature: string;
          };
        }>;
        responses: {
          202: { headers: Record<string, unknown> } & Json<{ id: string; status: "SUBMITTED"; txHash: string }>;
          422: Problem;
        };
      };
    };
    "/relay/{id}": {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      get: {
        parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
        requestBody?: never;
        responses: { 200: { headers: Record<string, unknown> } & Json<Relayed>; 404: Problem };
      };
    };
  }
}
