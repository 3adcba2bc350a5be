import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { problemLines } from "./ProblemAlert";

describe("problem lines", () => {
  it("shows the backend's title, detail and field errors", () => {
    const e = new ApiError({
      title: "Rule violated",
      status: 422,
      detail: "the deposit may not exceed 3 months of rent (4500.00 EUR)",
    });
    expect(problemLines(e)).toEqual({
      title: "Rule violated",
      lines: ["the deposit may not exceed 3 months of rent (4500.00 EUR)"],
    });
    const v = new ApiError({
      title: "Invalid request",
      status: 400,
      errors: [{ path: "body.endDate", message: "endDate must be after startDate" }],
    });
    expect(problemLines(v)).toEqual({ title: "Invalid request", lines: ["endDate: endDate must be after startDate"] });
  });

  it("explains a stale version (412) as a change made meanwhile", () => {
    expect(problemLines(new ApiError({ title: "The resource changed since you read it", status: 412 })).title).toBe(
      "This lease changed since the page loaded it",
    );
    expect(problemLines(new ApiError({ title: "Changed", status: 412 }), "property").title).toBe(
      "This property changed since the page loaded it",
    );
  });

  it("falls back to the message of other errors", () => {
    expect(problemLines(new Error("offline"))).toEqual({ title: "offline", lines: [] });
  });
});
