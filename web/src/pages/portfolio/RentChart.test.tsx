import { afterEach, describe, expect, it } from "vitest";
import { render, type Rendered } from "../../test/render";
import { RentChart, rentByMonth } from "./RentChart";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

const at = (iso: string) => Date.parse(iso) / 1000;

describe("rent chart", () => {
  it("sums rent per UTC month, oldest first, ignoring other history", () => {
    const points = rentByMonth([
      { kind: "Rent", amount: 1_500_000n, at: at("2027-02-03T10:00:00Z") },
      { kind: "Rent", amount: 2_000_000n, at: at("2027-01-31T23:59:59Z") },
      { kind: "Rent", amount: 500_000n, at: at("2027-02-28T00:00:00Z") },
      { kind: "Claimed", at: at("2027-01-05T00:00:00Z") },
    ]);
    expect(points).toEqual([
      { label: "Jan 27", amount: 2_000_000n },
      { label: "Feb 27", amount: 2_000_000n },
    ]);
  });

  it("draws one bar per month, the largest full height, with a text alternative", () => {
    view = render(
      <RentChart
        coin={{ symbol: "tUSD", decimals: 6 }}
        points={[
          { label: "Jan 27", amount: 1_000_000n },
          { label: "Feb 27", amount: 4_000_000n },
        ]}
      />,
    );
    const svg = view.container.querySelector("svg")!;
    expect(svg.getAttribute("aria-label")).toBe("Rent received by month. Jan 27: 1.00 tUSD; Feb 27: 4.00 tUSD");
    const bars = [...svg.querySelectorAll("rect.bar")].map((r) => Number(r.getAttribute("height")));
    expect(bars).toEqual([40, 160]);
  });

  it("15 an empty chart says there is no rent yet instead of drawing an empty frame", () => {
    view = render(<RentChart coin={{ symbol: "tUSD", decimals: 6 }} points={[]} />);
    expect(view.container.querySelector("svg")).toBeNull();
    expect(view.container.textContent).toMatch(/No rent received yet/);
  });
});
