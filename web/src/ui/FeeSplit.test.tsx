import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { splitFee } from "../contracts/fees";
import { render, type Rendered } from "../test/render";
import { FeeSplit, increaseSentence } from "./FeeSplit";

let view: Rendered | undefined;
afterEach(() => view?.unmount());

const coin = { symbol: "tUSD", decimals: 6 };
const labels = { gross: "Price", fee: "Platform trade fee", net: "You receive" };

describe("fee split", () => {
  it("shows the gross, the fee with its rate and the net, in the token", () => {
    view = render(<FeeSplit split={splitFee(1_100_000_000n, 50)} bps={50} coin={coin} labels={labels} testId="t" />);
    expect(view.container.textContent).toBe(
      "Price1,100.00 tUSDPlatform trade fee (0.5%)5.50 tUSDYou receive1,094.50 tUSD",
    );
  });

  it("any split reads back as gross = fee + net, to the base unit", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 500 }), (gross, bps) => {
        view?.unmount();
        view = render(<FeeSplit split={splitFee(gross, bps)} bps={bps} coin={coin} labels={labels} />);
        // Shown with at least two decimals and every non-zero sub-cent digit: scale each to base units.
        const base = [...view.container.querySelectorAll("dd")].map((dd) => {
          const [whole = "0", fraction = ""] = (dd.textContent ?? "").replace(" tUSD", "").replace(/,/g, "").split(".");
          return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
        });
        expect(base.length).toBe(3);
        expect(base[0]).toBe(gross);
        expect(base[1]! + base[2]!).toBe(gross);
      }),
      { numRuns: 50 },
    );
  });

  it("names an announced increase with its rate and day", () => {
    const sentence = increaseSentence("trade fee", { bps: 75, effectiveAt: Date.UTC(2027, 2, 12, 12) / 1000 });
    expect(sentence).toMatch(/^The platform's trade fee rises to 0\.75% on .*2027\.$/);
  });
});
