import { describe, expect, it } from "vitest";
import { inFlight, type RegistryWrite } from "../../api/kyc";
import { describeWrite } from "./RegistryWrites";

const write = (over: Partial<RegistryWrite>): RegistryWrite => ({
  id: "w1",
  seq: 1,
  kind: "REGISTER",
  reason: "kyc.approved",
  status: "PENDING",
  attempts: 0,
  txHash: null,
  lastError: null,
  createdAt: "2026-11-22T00:00:00.000Z",
  processedAt: null,
  ...over,
});

describe("registry write status", () => {
  it("polls only while the agent has not reached an outcome", () => {
    expect([write({}), write({ status: "SENT" })].every(inFlight)).toBe(true);
    expect([write({ status: "CONFIRMED" }), write({ status: "FAILED" })].some(inFlight)).toBe(false);
  });

  it("explains each status, with retries and the reviewer-only error", () => {
    expect(describeWrite(write({}))).toBe("The compliance agent will send it shortly.");
    expect(describeWrite(write({ attempts: 2 }))).toBe("The compliance agent will try again (attempt 3).");
    expect(describeWrite(write({ status: "CONFIRMED" }))).toBe("The identity registry holds this change.");
    expect(describeWrite(write({ status: "FAILED", attempts: 8 }))).toBe(
      "Gave up after 8 attempts; the compliance team can see why.",
    );
    expect(describeWrite(write({ status: "FAILED", attempts: 8, lastError: "execution reverted" }))).toBe(
      "Gave up after 8 attempts: execution reverted",
    );
  });
});
