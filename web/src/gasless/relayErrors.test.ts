import fc from "fast-check";
import { encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { RelayRefusal } from "../api/relay";
import { propertyOfferingAbi } from "@freehold/deployments";
import { decodeRevertData } from "../contracts/revert";
import { describeRelayError, waitText } from "./relayErrors";

// As the backend sends them: a rule violation's `rule` names the refusal (backend/src/relayer/README.md).
const problem = (status: number, rule: string, detail?: string) =>
  new ApiError({
    type: "https://freehold.example/problems/rule_violated",
    title: "Rule violated",
    status,
    rule,
    ...(detail ? { detail } : {}),
  });

describe("the relayer's refusals in the tracker", () => {
  it("a simulated revert reads like the same revert from a wallet", () => {
    const data = encodeErrorResult({ abi: propertyOfferingAbi, errorName: "OfferingHardCapExceeded", args: [5n, 3n] });
    const fromWallet = decodeRevertData(data)!;
    const fromRelayer = describeRelayError(
      problem(422, "relay-would-revert", "the call would revert: OfferingHardCapExceeded(5, 3)"),
    );
    expect(fromRelayer.kind).toBe("reverted");
    expect(fromRelayer.title).toBe(fromWallet.title);
    expect(fromRelayer.action).toBe(fromWallet.action);
  });

  it("a revert the relayer could not name still says nothing was sent", () => {
    const error = describeRelayError(problem(422, "relay-would-revert", "reverted without a reason"));
    expect(error.kind).toBe("reverted");
    expect(error.action).toMatch(/Nothing was sent/);
  });

  it("a 429 says when to try again, from Retry-After in seconds or as a date", () => {
    const limited = (retryAfter: string | null) =>
      new RelayRefusal({ type: "about:blank", title: "Too Many Requests", status: 429 }, retryAfter);
    expect(describeRelayError(limited("30")).action).toMatch(/Try again in a minute/);
    expect(describeRelayError(limited("600")).action).toMatch(/Try again in 10 minutes/);
    expect(describeRelayError(limited("7200")).action).toMatch(/Try again in 2 hours/);
    const now = Date.parse("2026-12-03T20:00:00Z");
    expect(describeRelayError(limited("Thu, 03 Dec 2026 20:05:00 GMT"), now).action).toMatch(/in 5 minutes/);
    expect(describeRelayError(limited(null)).action).toMatch(/Try again later/);
  });

  it("any wait reads as minutes or hours, never less than a minute", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 6 }), (seconds) => {
        const text = waitText(seconds);
        expect(text).toMatch(/^in (a minute|\d+ minutes?|\d+ hours?)$/);
        const n = Number(/\d+/.exec(text)?.[0] ?? 1);
        if (text.includes("hour")) expect(n * 3600).toBeGreaterThanOrEqual(seconds);
        else expect(n * 60).toBeGreaterThanOrEqual(seconds);
      }),
    );
  });

  it("disabled, invalid, foreign wallet and anything else are sentences, never the raw problem", () => {
    expect(describeRelayError(problem(503, "relay-disabled")).title).toMatch(/not paying network fees/);
    expect(describeRelayError(problem(422, "relay-invalid-request")).title).toMatch(/no longer valid/);
    expect(describeRelayError(problem(403, "forbidden")).title).toMatch(/not linked/);
    expect(describeRelayError(problem(500, "internal")).title).toMatch(/could not send/);
    expect(describeRelayError(Object.assign(new Error("no"), { code: 4001 })).kind).toBe("rejected");
  });
});
