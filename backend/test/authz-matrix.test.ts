/**
 * The authorization matrix covers the API: every declared route has exactly one row (a route without one fails
 * here), and every row file runs in exactly one of the matrix's test files (`authz-matrix-*.test.ts`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { declaredRoutes, loadRows, MATRIX_GROUPS, rowFiles } from "./support/authz-matrix.ts";

describe("authorization matrix: coverage", () => {
  it("has exactly one row for every declared route", async () => {
    const covered = (await loadRows()).map((r) => r.route);
    assert.deepEqual(
      declaredRoutes.filter((r) => !covered.includes(r)),
      [],
      "routes without a matrix row",
    );
    assert.deepEqual(
      covered.filter((r) => !declaredRoutes.includes(r)),
      [],
      "rows for routes that do not exist",
    );
    assert.equal(new Set(covered).size, covered.length, "duplicate rows");
  });

  it("runs every row file in exactly one group", async () => {
    const grouped: string[] = Object.values(MATRIX_GROUPS).flat();
    assert.deepEqual([...grouped].sort(), await rowFiles(), "row files per group (each once)");
  });
});
