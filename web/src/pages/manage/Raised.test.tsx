/**
 * The overview's Raised card shows money and units sold from one block of the chain: the units came from the
 * platform's record (a few blocks behind), so right after a sale the card read "24.00 tUSD, 0 sold of 3".
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, type Rendered } from "../../test/render";

vi.mock("./useOfferingMoney", () => ({
  useOfferingMoney: () => ({ data: { kind: "proceeds", gross: 24_000_000n, unitsSold: 3n } }),
}));
vi.mock("../../contracts/useStablecoin", () => ({
  useOfferingCoin: () => ({ symbol: "tUSD", decimals: 6 }),
}));

const { Raised } = await import("./PropertyOverview");

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("the overview's Raised card", () => {
  it("takes the units sold from the chain's block, not the platform's lagging record", () => {
    const chain = { offeringAddress: "0x00000000000000000000000000000000000000a1", unitsSold: "0", hardCap: "3" };
    view = render(<Raised chain={chain as never} />);
    expect(view.container.textContent).toContain("24.00 tUSD");
    expect(view.container.textContent).toContain("3 units sold of 3 units");
  });
});
