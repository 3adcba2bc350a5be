import { afterEach, describe, expect, it } from "vitest";
import { render, type Rendered } from "../test/render";
import { chartPositions, ValueHistoryChart } from "./ValueHistoryChart";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("16 value history chart", () => {
  it("16 places points by date and value: the largest at the top, x proportional to the days between", () => {
    const at = chartPositions([
      { date: "2026-01-01", value: 500n },
      { date: "2026-01-11", value: 1000n },
      { date: "2026-01-31", value: 250n },
    ]);
    // 30 days over a usable width of 496 from x = 12; heights from y = 170 (zero) up to y = 26 (the largest).
    expect(at.map((p) => Math.round(p.x))).toEqual([12, 177, 508]);
    expect(at.map((p) => p.y)).toEqual([98, 26, 134]);
  });

  it("16 names every point oldest first in its text alternative, one dot each", () => {
    view = render(
      <ValueHistoryChart
        title="Approved valuations"
        points={[
          { date: "2026-05-01", value: 650_000_00n },
          { date: "2025-05-01", value: 600_000_00n },
        ]}
        formatValue={(v) => `€${v / 100n}`}
        formatDate={(d) => d}
      />,
    );
    const svg = view.container.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe(
      "Approved valuations, oldest first. 2025-05-01: €600000; 2026-05-01: €650000",
    );
    expect(svg.querySelectorAll("circle.dot")).toHaveLength(2);
    expect(svg.querySelector("polyline")).not.toBeNull();
  });

  it("16 a single valuation is one dot in the middle, no line", () => {
    view = render(
      <ValueHistoryChart
        title="Approved valuations"
        points={[{ date: "2026-05-01", value: 1n }]}
        formatValue={String}
        formatDate={(d) => d}
      />,
    );
    expect(view.container.querySelector("polyline")).toBeNull();
    expect(view.container.querySelector("circle")!.getAttribute("cx")).toBe("260");
  });
});
