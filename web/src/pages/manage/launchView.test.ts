import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PropertyDetail } from "../../api/types";
import { launchView } from "./launchView";

const STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "VERIFIED",
  "REJECTED",
  "TOKENIZED",
  "OFFERING",
  "CLOSED",
  "FUNDED",
  "REFUNDING",
  "ARCHIVED",
] as PropertyDetail["status"][];
const launch = { token: "0x1", offering: "0x2" };

describe("the Tokenization tab's view", () => {
  it("never offers the launch form while the launches are read or when they could not be read", () => {
    expect(launchView({ isPending: true, isError: false, fetchStatus: "fetching" }, "FUNDED", false)).toBe("reading");
    expect(launchView({ isPending: false, isError: true, fetchStatus: "idle" }, "FUNDED", false)).toBe("unreadable");
  });

  it("controls a launched property, and offers a relaunch only after a failed or cancelled offering", () => {
    const done = { data: launch, isPending: false, isError: false, fetchStatus: "idle" as const };
    expect(launchView(done, "FUNDED", false)).toBe("controls");
    expect(launchView(done, "REFUNDING", false)).toBe("form");
    expect(launchView(done, "VERIFIED", true)).toBe("controls");
  });

  it("for any query state and status: the form only when the chain answered (or no chain is configured)", () => {
    fc.assert(
      fc.property(
        fc.record({
          data: fc.option(fc.constant(launch), { nil: undefined }),
          isPending: fc.boolean(),
          isError: fc.boolean(),
          fetchStatus: fc.constantFrom("fetching" as const, "paused" as const, "idle" as const),
        }),
        fc.constantFrom(...STATUSES),
        fc.boolean(),
        (q, status, here) => {
          const view = launchView(q, status, here);
          if (view === "form" && !q.data) expect(q.isError || (q.isPending && q.fetchStatus !== "idle")).toBe(false);
          if (q.isError && !q.data) expect(view).toBe("unreadable");
        },
      ),
    );
  });
});
