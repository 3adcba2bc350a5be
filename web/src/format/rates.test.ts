// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBps } from "./amounts";
import { formatRate } from "./rates";

describe("16 rates shown as percentages", () => {
  it("16 shows a ratio with at most two decimals, never rounded up", () => {
    expect(formatRate(0.0725)).toBe("7.25%");
    expect(formatRate(0.07259)).toBe("7.25%");
    expect(formatRate(0.06)).toBe("6%");
    expect(formatRate(1)).toBe("100%");
    expect(formatRate(2 / 3)).toBe("66.66%");
    expect(formatRate(-0.0125)).toBe("-1.25%");
    expect(formatRate(-0.01251)).toBe("-1.26%");
    expect(formatRate(null)).toBe("—");
  });

  it("16 a rate of whole basis points reads exactly as those basis points", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (bps) => {
        expect(formatRate(bps / 10_000)).toBe(formatBps(bps));
      }),
    );
  });

  it("16 refuses what is not a number", () => {
    expect(() => formatRate(Number.NaN)).toThrow(RangeError);
  });
});
