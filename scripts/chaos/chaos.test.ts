/**
 * `npm run chaos`, short form (fixed seed): the whole stack under random faults, then every promise checked
 * (run.ts). And the rule that judges each 5xx, on its own.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Answer } from "./client.js";
import type { FaultWindow } from "./faults.js";
import { runChaos, unexpectedServerErrors } from "./run.js";

const SEED = 1234;

test("a 5xx is accepted only as a 503 with Retry-After during a database or chain outage (plus a grace period)", () => {
  const windows: FaultWindow[] = [
    { kind: "database", what: "", from: 10_000, to: 12_000, recoveredAt: 13_000 },
    { kind: "backend", what: "", from: 30_000, to: 31_000, recoveredAt: 32_000 },
  ];
  const answer = (at: number, status: number, retryAfter: string | null = "5", end = at + 50): Answer => ({
    at,
    end,
    method: "GET",
    route: "/x",
    status,
    retryAfter,
  });
  const judged = [
    answer(11_000, 503), // during the outage: fine
    answer(17_000, 503), // within the grace after recovery: fine
    answer(11_000, 500), // a 500 during the outage: a finding
    answer(11_000, 503, null), // no Retry-After: a finding
    answer(19_000, 503), // after the grace: a finding
    answer(30_500, 503), // during a backend kill nobody answers; a 503 then is not the database's
    answer(11_000, 404), // not a 5xx
    answer(9_000, 503, "5", 10_500), // sent before the outage, answered during it: fine
    answer(8_000, 503, "5", 9_000), // answered before the outage began: a finding
  ];
  assert.deepEqual(
    unexpectedServerErrors(judged, windows).map((a) => judged.indexOf(a)),
    [2, 3, 4, 5, 8],
  );
});

test(
  `chaos, short form (seed ${SEED}): faults injected and recovered, mismatches = 0`,
  { timeout: 900_000 },
  async () => {
    const report = await runChaos({ durationMs: 60_000, seed: SEED, log: (line) => console.log(`chaos: ${line}`) });
    console.log(
      `chaos: seed ${SEED}, ${report.operations.total} operations, ${report.requests.total} requests, ${report.faults.total} faults, ${report.faults.recoveries} recoveries, mismatches = ${report.mismatches.length}`,
    );
    assert.deepEqual(report.mismatches, []);
    assert.deepEqual(report.operationErrors, []);
    assert.ok(report.faults.total >= 3, `${report.faults.total} faults`);
    assert.equal(report.faults.recoveries, report.faults.total);
    assert.ok(report.operations.done["kyc-decide"] > 0 && report.checks.kycApprovals > 2);
    assert.equal(report.checks.kycRegisteredOnceOnChain, report.checks.kycApprovals);
    assert.ok(report.operations.total >= 10, `${report.operations.total} operations`);
  },
);
