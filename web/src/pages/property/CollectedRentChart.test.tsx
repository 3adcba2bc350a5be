import { afterEach, describe, expect, it } from "vitest";
import { render, type Rendered } from "../../test/render";
import { CollectedRentChart } from "./CollectedRentChart";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("collected rent chart", () => {
  it("draws one bar per month, the largest full height, zero months flat, with a text alternative", () => {
    view = render(
      <CollectedRentChart
        currency="EUR"
        points={[
          { label: "Oct 26", cents: 0n },
          { label: "Nov 26", cents: 97000n },
          { label: "Dec 26", cents: 48500n },
        ]}
      />,
    );
    const svg = view.container.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe("Net rent collected by month. Oct 26: €0; Nov 26: €970; Dec 26: €485");
    const bars = [...svg.querySelectorAll("rect.bar")].map((r) => Number(r.getAttribute("height")));
    expect(bars).toEqual([0, 140, 70]);
  });

  it("labels every other month of a year, always the latest", () => {
    const year = Array.from({ length: 12 }, (_, i) => ({ label: `M${i + 1}`, cents: BigInt(i) }));
    view = render(<CollectedRentChart currency="EUR" points={year} />);
    const labels = [...view.container.querySelectorAll("svg > g text")].map((t) => t.textContent);
    expect(labels).toEqual(["M2", "M4", "M6", "M8", "M10", "M12"]);
    expect(view.container.querySelectorAll("rect.bar")).toHaveLength(12);
  });
});
