/**
 * One API contract (issue 15): the web app's types are generated from backend/openapi.json (`npm run openapi`), so
 * a field the app reads that the backend renamed or dropped is a compile error in web/, not a blank page. What is
 * left to check at run time: the backend this stack started serves exactly that committed document (backend tests
 * check the same against a test server: backend/src/openapi/contract.test.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { e2eEnv } from "../harness/env";

const committed = new URL("../../../backend/openapi.json", import.meta.url);

describe("backend API contract", () => {
  it("15 the running backend serves exactly the committed OpenAPI document the web's types come from", async () => {
    const env = e2eEnv();
    const served = (await (await fetch(`${env.apiUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    // The journeys' backend runs in development mode (for the caught mail): its development-only routes
    // (`/api/v1/dev/...`) are not part of the production contract the committed document describes.
    served.paths = Object.fromEntries(
      Object.entries(served.paths).filter(([path]) => !path.startsWith("/api/v1/dev/")),
    );
    assert.deepEqual(
      served,
      JSON.parse(readFileSync(committed, "utf8")),
      "run `npm run openapi` and commit the result",
    );
  });
});
